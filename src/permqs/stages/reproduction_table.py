"""The reproduction table: every paper number the workflow computes, the paper's value, ours, and the
verdict, gathered from each paper's rows into CSV and Markdown."""
from __future__ import annotations

import argparse

import pandas as pd

from ..io import read_table


def to_markdown(table: pd.DataFrame) -> str:
    lines = ["| paper | quantity | paper value | ours | tolerance | agrees | source |",
             "|---|---|---|---|---|---|---|"]
    for r in table.itertuples():
        lines.append(f"| {r.paper} | {r.quantity} | {r.paper_value:g} | {r.ours:.6g} | {r.tolerance:g} | "
                     f"{'yes' if r.agrees else '**no**'} | {r.source} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs reproduction_table", description=__doc__)
    p.add_argument("--csv", required=True)
    p.add_argument("--markdown", required=True)
    p.add_argument("rows", nargs="+", help="reproduction row tables (parquet)")
    a = p.parse_args(argv)
    table = pd.concat([read_table(f)[0] for f in a.rows], ignore_index=True).sort_values("paper", kind="stable")
    table.to_csv(a.csv, index=False)
    with open(a.markdown, "w") as fh:
        fh.write(to_markdown(table))
