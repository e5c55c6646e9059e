"""Render a figure of paper 000 from its aggregated tables."""
from __future__ import annotations

import argparse

import pandas as pd

from ..io import read_table
from ..plotting.paper000 import entropy_figure, ground_state_figure, magnetization_figure, mmi_panel
from ..plotting.style import save_figure


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs plot_paper000", description=__doc__)
    p.add_argument("--figure", required=True, choices=["fig1a", "fig1b", "figS1", "figS2", "fig2"])
    p.add_argument("--finite", nargs="+", required=True, help="finite-N table(s)")
    p.add_argument("--limit", help="mean-field (N → ∞) table")
    p.add_argument("--inset", type=float, nargs="+", help="inset range: (lo, hi) for figS1, h_max for fig2")
    p.add_argument("--stem", required=True, help="output path without extension (.pdf and .png are written)")
    a = p.parse_args(argv)
    finite = pd.concat([read_table(f)[0] for f in a.finite], ignore_index=True)
    if a.figure == "fig2":
        fig = ground_state_figure(finite, a.inset[0])
    else:
        limit = read_table(a.limit)[0]
        if a.figure == "figS1":
            fig = entropy_figure(finite, limit, tuple(a.inset))
        elif a.figure == "figS2":
            fig = magnetization_figure(finite, limit)
        else:
            h, J = limit["h"].iloc[0], limit["J"].iloc[0]
            fig = mmi_panel(finite, limit, f"({a.figure[-1]})  $h={h:g}\\gamma$, $\\mathcal{{J}}={J:g}\\gamma$")
    save_figure(fig, a.stem)
