"""Rows of the reproduction table: a number a paper states, the value permqs computes, and a verdict.

Each paper's stage writes its rows with :func:`write_rows`; the workflow concatenates them into
``results/reproduction.csv`` and ``docs/reproduction.md``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from .io import write_table


@dataclass(frozen=True)
class Check:
    """``paper_value`` as printed (a float), ``ours`` computed, agreement within ``tolerance`` (absolute)."""

    paper: str          # e.g. "000"
    quantity: str       # what, with its parameters, e.g. "argmax_Γ I_M/N (h=0, 𝒥=3γ)"
    paper_value: float
    ours: float
    tolerance: float
    source: str         # where the paper states it, e.g. "Fig. 1 text"

    @property
    def agrees(self) -> bool:
        return abs(self.ours - self.paper_value) <= self.tolerance


def rows_frame(checks: list[Check]) -> pd.DataFrame:
    return pd.DataFrame([{**asdict(c), "agrees": c.agrees} for c in checks])


def write_rows(path: str | Path, checks: list[Check], meta: dict) -> None:
    """Write the rows of one stage as a parquet table (columns as in :class:`Check`, plus ``agrees``)."""
    write_table(path, rows_frame(checks), meta)
