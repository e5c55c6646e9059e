"""Paper 003 (pattern retrieval, open multimode Dicke model): stationary states, Eq. 12 curves and reproduction
rows (Fig. 3 is drawn by ``plot_paper003``).

    python -m permqs paper003 stationary --out T --M 4 --Omega 0.5 --kappa 1 --g0 0.4 0.6 … [--relax-time 100]
    python -m permqs paper003 eq12       --out T --M 4 --Omega 0.5 --kappa 1 --g0-start 0.3 --g0-stop 2 --num 400
    python -m permqs paper003 numbers    --out T --points T_stationary
"""
from __future__ import annotations

import argparse
import logging

import numpy as np
import pandas as pd

from ..analysis.paper003 import (
    critical_g0, eq12_occupation, eq12_overlap, numerical_critical_g0, stationary_point,
)
from ..io import read_table, write_table
from ..models.pattern_retrieval import fig3_parameters
from ._progress import progress

log = logging.getLogger(__name__)


def _model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="output parquet file")
    p.add_argument("--M", type=int, required=True, help="number of patterns (modes)")
    p.add_argument("--Omega", type=float, required=True, help="spin field Ω (units of κ); Ω_μ = Ω(μ + 2)")
    p.add_argument("--kappa", type=float, required=True, help="boson loss κ_μ = κ")


def stationary(a: argparse.Namespace) -> None:
    rows = []
    for g0 in progress(a.g0, "g0 points", log):
        p = fig3_parameters(g0, a.M, a.Omega, a.kappa)
        for nu in range(a.M):
            sp = stationary_point(p, nu, a.relax_time)
            rows.append({"g0": g0, "nu": nu + 1, "overlap": abs(sp.overlaps[nu]), "occupation": sp.occupations[nu],
                         "overlap_other_max": float(np.delete(np.abs(sp.overlaps), nu).max(initial=0.0)),
                         "residual": sp.residual, "max_re": sp.max_re, "max_re_manifold": sp.max_re_manifold,
                         "stable": sp.is_stable()})
    meta = {"stage": "paper003 stationary", "parameters": {"M": a.M, "Omega": a.Omega, "kappa": a.kappa,
                                                           "g0": a.g0, "relax_time": a.relax_time},
            "residual": max(r["residual"] for r in rows)}
    write_table(a.out, pd.DataFrame(rows), meta)


def eq12(a: argparse.Namespace) -> None:
    g0s = np.linspace(a.g0_start, a.g0_stop, a.num)
    ps = [fig3_parameters(g0, a.M, a.Omega, a.kappa) for g0 in g0s]
    rows = [{"g0": p.g0, "nu": nu + 1, "overlap": eq12_overlap(p, nu), "occupation": eq12_occupation(p, nu)}
            for p in ps for nu in range(a.M)]
    write_table(a.out, pd.DataFrame(rows), {"stage": "paper003 eq12", "parameters": {
        "M": a.M, "Omega": a.Omega, "kappa": a.kappa, "g0_start": a.g0_start, "g0_stop": a.g0_stop, "num": a.num}})


def numbers(a: argparse.Namespace) -> None:
    points, meta = read_table(a.points)
    par = meta["parameters"]
    rows = []
    for nu in range(par["M"]):
        p = fig3_parameters(1.0, par["M"], par["Omega"], par["kappa"])
        rows.append({"key": "g_crit", "nu": nu + 1, "formula": critical_g0(p, nu),
                     "ours": numerical_critical_g0(p, nu)})
    dev = [abs(r.overlap - eq12_overlap(fig3_parameters(r.g0, par["M"], par["Omega"], par["kappa"]), r.nu - 1))
           for r in points.itertuples()]
    rows.append({"key": "eq12_deviation", "nu": np.nan, "formula": np.nan, "ours": float(max(dev))})
    table = pd.DataFrame(rows).assign(paper="003", Omega=par["Omega"], kappa=par["kappa"])
    write_table(a.out, table, {"stage": "paper003 numbers", "parameters": par})


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs paper003", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="task", required=True)
    s = sub.add_parser("stationary", help="stationary states from ξ_ν = 1 (integration + root finding)")
    _model_args(s)
    s.add_argument("--g0", type=float, nargs="+", required=True)
    s.add_argument("--relax-time", type=float, default=100.0, help="integration before root finding (1/κ)")
    s.set_defaults(run=stationary)
    s = sub.add_parser("eq12", help="Eq. 12 overlap and occupation on a g0 grid")
    _model_args(s)
    s.add_argument("--g0-start", type=float, required=True)
    s.add_argument("--g0-stop", type=float, required=True)
    s.add_argument("--num", type=int, required=True)
    s.set_defaults(run=eq12)
    s = sub.add_parser("numbers", help="reproduction rows (g_crit, circles vs Eq. 12)")
    s.add_argument("--out", required=True)
    s.add_argument("--points", required=True, help="table of the stationary task")
    s.set_defaults(run=numbers)
    a = p.parse_args(argv)
    a.run(a)
