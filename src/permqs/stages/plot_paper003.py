"""Render paper 003 Fig. 3 from the Eq. 12 lines and the stationary points."""
from __future__ import annotations

import argparse

from ..io import read_table
from ..plotting.paper003 import fig3
from ..plotting.style import save_figure


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs plot_paper003", description=__doc__)
    p.add_argument("--lines", required=True, help="table of ``paper003 eq12``")
    p.add_argument("--points", required=True, help="table of ``paper003 stationary``")
    p.add_argument("--stem", required=True, help="output path without extension (.pdf and .png are written)")
    a = p.parse_args(argv)
    save_figure(fig3(read_table(a.lines)[0], read_table(a.points)[0]), a.stem)
