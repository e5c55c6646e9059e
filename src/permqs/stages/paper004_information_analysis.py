"""Paper 004 Sec. V: the mean-field limit of I_M/N, and the measurements of Figs. 7 and 8 for the reproduction rows.

``python -m permqs paper004_information_analysis <step> --out FILE ...`` with steps

  meanfield  lim I_M/N (:func:`permqs.analysis.paper004_information.meanfield_mutual_information`) at each
             ``--point γ_I,γ_C`` for one (d, dissipator); columns d, dissipator, gamma_I, gamma_C, phase, I_M_per_N,
             X, max_re_eig, ok, message (a point without a defined limit, e.g. bistable, is kept with NaN)
  numbers    the measurement table (``key`` column) of :func:`~permqs.analysis.paper004_information.measurements`
             from the Fig. 7, Fig. 8 and I_M/N scaling tables (written by stage ``plot_paper004_information``)

Rates in units of |V| (V = 1).
"""
from __future__ import annotations

import argparse
from dataclasses import asdict

import numpy as np
import pandas as pd

from ..analysis.paper004_information import measurements, meanfield_mutual_information
from ..errors import ConvergenceError
from ..io import read_table, write_table

V = 1.0


def _point(text: str) -> tuple[float, float]:
    gI, gC = (float(v) for v in text.split(","))
    return gI, gC


def _meanfield(d: int, dissipator: str, points: list[tuple[float, float]]) -> pd.DataFrame:
    rows = []
    for gI, gC in points:
        try:
            r = asdict(meanfield_mutual_information(d, dissipator, gI, gC, V)) | {"ok": True, "message": ""}
        except ConvergenceError as exc:
            r = dict(d=d, dissipator=dissipator, gamma_I=gI, gamma_C=gC, phase="", I_M_per_N=np.nan, X=np.nan,
                     max_re_eig=np.nan, ok=False, message=str(exc))
        rows.append(r)
    return pd.DataFrame(rows)


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs paper004_information_analysis", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("step", choices=["meanfield", "numbers"])
    p.add_argument("--out", required=True)
    p.add_argument("--d", type=int, help="meanfield: levels")
    p.add_argument("--dissipator", choices=["spin", "uniform"], help="meanfield: dissipator")
    p.add_argument("--point", type=_point, nargs="+", help="meanfield: rate points γ_I,γ_C (units of |V|)")
    p.add_argument("--fig7", help="numbers: the Fig. 7 table")
    p.add_argument("--fig8", help="numbers: the Fig. 8 table")
    p.add_argument("--scaling", help="numbers: the I_M/N scaling table")
    a = p.parse_args(argv)
    if a.step == "meanfield":
        if a.d is None or a.dissipator is None or not a.point:
            p.error("meanfield needs --d, --dissipator and --point")
        table = _meanfield(a.d, a.dissipator, a.point)
        meta = {"stage": "paper004_information_analysis meanfield", "parameters": vars(a) | {"V": V}}
    else:
        if not (a.fig7 and a.fig8 and a.scaling):
            p.error("numbers needs --fig7, --fig8 and --scaling")
        table = measurements(read_table(a.fig7)[0], read_table(a.fig8)[0], read_table(a.scaling)[0])
        meta = {"stage": "paper004_information_analysis numbers", "tables": [a.fig7, a.fig8, a.scaling]}
    write_table(a.out, table, meta)
