"""Render the finite-N figures of paper 002 from the ``paper002_finite`` tables.

    python -m permqs plot_paper002_finite fig1 --table T --stem figures/paper002_fig1
    python -m permqs plot_paper002_finite fig3c --table T1 T2 --dynamics D1 D2 --stem figures/paper002_fig3c
"""
from __future__ import annotations

import argparse

import pandas as pd

from ..io import read_table
from ..plotting import paper002_finite as plots
from ..plotting.style import save_figure


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs plot_paper002_finite", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("figure", choices=["fig1", "fig2", "fig3c", "fig4", "figS2"])
    p.add_argument("--table", nargs="+", required=True)
    p.add_argument("--dynamics", nargs="*", default=[])
    p.add_argument("--stem", required=True, help="output path without extension (.pdf and .png are written)")
    a = p.parse_args(argv)
    table = pd.concat([read_table(t)[0] for t in a.table], ignore_index=True)
    if a.figure == "fig3c":
        fig = plots.fig3c(table, pd.concat([read_table(t)[0] for t in a.dynamics], ignore_index=True))
    else:
        fig = getattr(plots, a.figure)(table)
    save_figure(fig, a.stem)
