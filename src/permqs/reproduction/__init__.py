"""The reproduction table: every number a paper states (value, tolerance, source) and the verdict on ours.

One module per paper (:mod:`.paper000`, ...) turns that paper's *measurements* (the numbers a workflow stage
computed, a table with a ``key`` column) into :class:`Check` rows. Paper values and tolerances live here and nowhere
else, so changing a tolerance reruns only the cheap row jobs (stage ``reproduction_rows``), never the mean-field
branches or solves that produced the measurements. The workflow concatenates the rows into
``results/reproduction.csv`` and ``results/reproduction.md``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..io import write_table


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


def measured(table: pd.DataFrame, key: str, **where) -> pd.DataFrame:
    """The measurement rows of ``key`` (and matching parameter columns ``where``)."""
    sel = table[table["key"] == key]
    for column, value in where.items():
        sel = sel[np.isclose(sel[column].astype(float), value)]
    return sel


def write_rows(path: str | Path, checks: list[Check], meta: dict) -> None:
    """Write the rows of one stage as a parquet table (columns as in :class:`Check`, plus ``agrees``)."""
    write_table(path, rows_frame(checks), meta)
