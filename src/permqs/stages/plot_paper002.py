"""Render paper 002 Fig. 3(a, b) from the trajectory tables of ``paper002 trajectory``."""
from __future__ import annotations

import argparse

import pandas as pd

from ..io import read_table
from ..plotting.paper002 import fig3
from ..plotting.style import save_figure


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs plot_paper002", description=__doc__)
    p.add_argument("--trajectories", nargs="+", required=True)
    p.add_argument("--stem", required=True, help="output path without extension (.pdf and .png are written)")
    a = p.parse_args(argv)
    save_figure(fig3(pd.concat([read_table(t)[0] for t in a.trajectories], ignore_index=True)), a.stem)
