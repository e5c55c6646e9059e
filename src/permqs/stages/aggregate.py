"""Gather one-row point tables into the table of a figure, checked against its parameter grid."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..io import read_table, write_table
from ._args import parser


def main(argv: list[str]) -> None:
    p = parser(__doc__)
    p.add_argument("--grid", required=True, help="grid parquet from the grid stage")
    p.add_argument("points", nargs="+", help="point parquet files")
    a = p.parse_args(argv)
    grid, grid_meta = read_table(a.grid)
    table = pd.concat([read_table(f)[0] for f in a.points], ignore_index=True)
    keys = list(grid.columns)
    have = {tuple(np.round(r, 12)) for r in table[keys].to_numpy(float)}
    want = {tuple(np.round(r, 12)) for r in grid[keys].to_numpy(float)}
    if have != want:
        raise SystemExit(f"aggregate: points {sorted(want - have)} missing, {sorted(have - want)} not in the grid")
    table = table.sort_values(keys, ignore_index=True)
    write_table(a.out, table, {"stage": "aggregate", "grid": grid_meta.get("parameters"),
                               "max_residual": float(table["residual"].max()) if "residual" in table else None})
