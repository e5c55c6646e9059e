"""Reproduction rows of paper 002 at finite N from the ``paper002_finite`` tables (values and tolerances live in
:mod:`permqs.reproduction.paper002_finite`, so changing one reruns only this step).

    python -m permqs paper002_finite_numbers --out T --fig2 T --fig3c T1 T2 --fig4 T --figS2 T
"""
from __future__ import annotations

import argparse

from ..io import read_table
from ..reproduction import write_rows
from ..reproduction.paper002_finite import checks


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs paper002_finite_numbers", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--fig2", required=True)
    p.add_argument("--fig3c", nargs="+", required=True)
    p.add_argument("--fig4", required=True)
    p.add_argument("--figS2", required=True)
    a = p.parse_args(argv)
    rows = checks(read_table(a.fig2)[0], [read_table(t)[0] for t in a.fig3c], read_table(a.fig4)[0],
                  read_table(a.figS2)[0])
    write_rows(a.out, rows, {"stage": "paper002_finite_numbers", "tables": [a.fig2, *a.fig3c, a.fig4, a.figS2]})
