"""Render paper 004 Figs. 2, 3, 4 from the tables of the ``paper004`` stage."""
from __future__ import annotations

import argparse

import pandas as pd

from ..io import read_table
from ..plotting import paper004 as P
from ..plotting.style import save_figure


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs plot_paper004", description=__doc__)
    p.add_argument("--figure", choices=["fig2", "fig3", "fig4"], required=True)
    p.add_argument("--stem", required=True, help="output path without extension (.pdf and .png are written)")
    p.add_argument("--summaries", nargs="*", default=[], help="summary tables (fig4)")
    p.add_argument("tables", nargs="+")
    a = p.parse_args(argv)
    tables = [read_table(f)[0] for f in a.tables]
    if a.figure == "fig2":
        fig = P.fig2_streams(tables[0])
    elif a.figure == "fig3":
        fig = P.fig3_trajectories(pd.concat(tables, ignore_index=True))
    else:
        summaries = [read_table(f)[0] for f in a.summaries]
        fig = P.fig4_branches(pd.concat(tables, ignore_index=True), pd.concat(summaries, ignore_index=True))
    save_figure(fig, a.stem)
