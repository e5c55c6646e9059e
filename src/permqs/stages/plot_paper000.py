"""Render a figure of paper 000 from its aggregated tables."""
from __future__ import annotations

import argparse

from ..io import read_table
from ..plotting.paper000 import mmi_panel
from ..plotting.style import save_figure


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs plot_paper000", description=__doc__)
    p.add_argument("--figure", required=True, choices=["fig1a", "fig1b"])
    p.add_argument("--finite", required=True, help="aggregated finite-N table")
    p.add_argument("--limit", required=True, help="mean-field (N → ∞) table")
    p.add_argument("--stem", required=True, help="output path without extension (.pdf and .png are written)")
    a = p.parse_args(argv)
    finite, limit = read_table(a.finite)[0], read_table(a.limit)[0]
    h, J = limit["h"].iloc[0], limit["J"].iloc[0]
    fig = mmi_panel(finite, limit, f"({a.figure[-1]})  $h={h:g}\\gamma$, $\\mathcal{{J}}={J:g}\\gamma$")
    save_figure(fig, a.stem)
