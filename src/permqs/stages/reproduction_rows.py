"""Reproduction rows of one paper: its measurements (computed by that paper's stages) against the values and
tolerances of :mod:`permqs.reproduction` (the only place where they live, so that changing a tolerance reruns only
this cheap step)."""
from __future__ import annotations

import argparse

from ..io import read_table
from ..reproduction import paper000, paper002, paper003, paper004, paper004_finite, paper004_information, write_rows

CHECKS = {"000": paper000.checks, "002": paper002.checks, "003": paper003.checks, "004": paper004.checks,
          "004_finite": paper004_finite.checks, "004_information": paper004_information.checks}


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs reproduction_rows", description=__doc__)
    p.add_argument("--paper", choices=sorted(CHECKS), required=True)
    p.add_argument("--out", required=True, help="reproduction rows (parquet)")
    p.add_argument("measurements", help="the paper's measurement table (parquet)")
    a = p.parse_args(argv)
    table, meta = read_table(a.measurements)
    write_rows(a.out, CHECKS[a.paper](table), {"stage": "reproduction_rows", "paper": a.paper,
                                               "measurements": a.measurements})
