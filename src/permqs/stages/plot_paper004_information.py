"""Render paper 004 Figs. 7 and 8 and the I_M/N scaling figure from the tables of stage ``paper004_information``
(and, for the scaling, ``paper004_information_analysis meanfield``); each figure writes the table it draws."""
from __future__ import annotations

import argparse

import pandas as pd

from ..io import read_table, write_table
from ..plotting import paper004_information as P
from ..plotting.style import save_figure

KEYS = ["N", "d", "dissipator", "gamma_I", "gamma_C", "ok", "status", "residual", "message"]
COLUMNS = {"fig7": ["purity", "purity_scaled", "trace", "min_eigenvalue"],
           "fig8": ["negativity", "N_A", "min_eigenvalue"],
           "scaling": ["I_M", "I_M_per_N", "S", "S_1", "purity"]}
TITLES = {"fig7": "Steady-state purity; (a) spin-ladder, (b) m-independent dissipation",
          "fig8": r"Steady-state negativity $N_A=\lceil N/2\rceil$; (a) spin-ladder, (b) m-independent dissipation"}


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs plot_paper004_information", description=__doc__)
    p.add_argument("--figure", choices=["fig7", "fig8", "scaling"], required=True)
    p.add_argument("--stem", required=True, help="output path without extension (.pdf and .png are written)")
    p.add_argument("--table", required=True, help="the figure's table (parquet)")
    p.add_argument("--meanfield", nargs="+", default=[], help="scaling: tables of the mean-field limit")
    p.add_argument("tables", nargs="+", help="paper004_information tables")
    a = p.parse_args(argv)
    info = pd.concat([read_table(f)[0] for f in a.tables], ignore_index=True)
    table = info[KEYS + COLUMNS[a.figure]].sort_values(["N", "d", "dissipator", "gamma_C", "gamma_I"])
    if a.figure == "scaling":
        mf = pd.concat([read_table(f)[0] for f in a.meanfield], ignore_index=True)
        table = pd.concat([table.assign(kind="finite_N", phase=""), mf.assign(kind="meanfield")], ignore_index=True)
        fig = P.scaling(table)
    else:
        fig = P.heatmaps(table, "purity" if a.figure == "fig7" else "negativity", TITLES[a.figure])
    write_table(a.table, table.reset_index(drop=True), {"stage": f"plot_paper004_information {a.figure}",
                                                        "tables": a.tables, "meanfield": a.meanfield})
    save_figure(fig, a.stem)
