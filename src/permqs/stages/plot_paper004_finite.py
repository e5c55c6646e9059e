"""Render paper 004 Figs. 5 and 6 from the tables of the ``paper004_finite`` stage (fig6: the γ_I cuts and the
transition-point tables together; it also writes the 1/N fits)."""
from __future__ import annotations

import argparse

import pandas as pd

from ..io import read_table, write_table
from ..plotting import paper004_finite as P
from ..plotting.style import save_figure


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs plot_paper004_finite", description=__doc__)
    p.add_argument("--figure", choices=["fig5", "fig6"], required=True)
    p.add_argument("--stem", required=True, help="output path without extension (.pdf and .png are written)")
    p.add_argument("--fits", help="fig6: parquet of the 1/N fits (intercepts = N → ∞ extrapolations)")
    p.add_argument("tables", nargs="+")
    a = p.parse_args(argv)
    table = pd.concat([read_table(f)[0] for f in a.tables], ignore_index=True)
    if a.figure == "fig5":
        fig = P.fig5_heatmaps(table)
    else:
        fig, fits = P.fig6_cuts(table)
        if a.fits:
            write_table(a.fits, fits, {"stage": "plot_paper004_finite fig6", "tables": a.tables})
    save_figure(fig, a.stem)
