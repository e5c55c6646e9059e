"""Paper 004 at finite N (Sec. IV): the four Z2-sector gaps Δ^(p1,p2) (Eqs. 15-16) on rate grids.

``python -m permqs paper004_finite <step> --out FILE ...`` with steps

  fig5   gaps over a (γ_C, γ_I) grid at one (N, d, dissipator) (Fig. 5 heat maps)
  fig6   gaps over γ_I at fixed γ_C for a list of N at one (d, dissipator) (Fig. 6: the workflow runs one job per
         N for the cut of panel (a), and one per N at the transition point γ_I = 2|V| − γ_C of panel (b))
  measurements  transition-point tables + sector dimensions -> the numbers Sec. IV states, computed (keys
         ``sector_dim`` and ``intercept``, with the fitted N in ``fit_N`` and the point in ``gamma_I``,
         ``gamma_C``); the paper's values, tolerances and verdicts are applied by stage ``reproduction_rows``
         (permqs.reproduction.paper004_finite)

d = 2 (fig5, fig6) runs on the spin-1/2 J-block vector (permqs.dicke.jblock_gaps, the same PI operator space and
sectors; tested equal to the qudit engine to 1e-8), d >= 3 on the qudit occupation basis (permqs.qudit.GapScan).

fig5/fig6 columns: N, d, dissipator, gamma_I, gamma_C, sector ("(+1,+1)" ...), p1, p2, size, gap, residual,
imag_certified, status, message, seconds. A point whose eigenvalues could not be computed has gap NaN and its reason
in ``message`` (the paper's white areas). Rates in units of |V| (V = 1).
"""
from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from ..analysis.paper004_finite import critical_gamma_I, fig6_intercepts
from ..io import read_table, write_table
from ..dicke.z2 import jblock_gaps
from ..dicke.z2 import sector_dimensions as jblock_sector_dimensions
from ..errors import MemoryLimitError, SolverError
from ..models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
from ..qudit import SECTORS, GapScan, SectorSpectrumResult, sector_dimensions
from ..solvers.result import BREAKDOWN

V = 1.0


def _rows(N: int, d: int, dissipator: str, gamma_I: float, gamma_C: float, results: dict) -> list[dict]:
    rows = []
    for (p1, p2), r in results.items():
        rows.append(dict(N=N, d=d, dissipator=dissipator, gamma_I=gamma_I, gamma_C=gamma_C,
                         sector=f"({p1:+d},{p2:+d})", p1=p1, p2=p2, size=r.size, gap=r.gap, residual=r.residual,
                         imag_certified=r.imag_certified, status=r.status, message=r.message, seconds=r.seconds))
    return rows


def _jblock_gaps(N: int, dissipator: str, gamma_I: float, gamma_C: float, imag_range: float) -> dict:
    """d = 2: the four gaps on the J-block vector (permqs.dicke.jblock_gaps; the qudit engine's GMRES needs
    thousands of iterations per solve there at large N); a failed point gives failed results (gap NaN), as
    GapScan.gaps does."""
    model = qudit_lmg_model(QuditLMGParameters(2, V, gamma_I, gamma_C, dissipator))
    try:
        return jblock_gaps(model, N, imag_range=imag_range, raise_on_failure=False)
    except MemoryLimitError:
        raise
    except (SolverError, RuntimeError, ValueError, ArithmeticError) as exc:
        dims = jblock_sector_dimensions(N)
        return {s: SectorSpectrumResult(BREAKDOWN, f"{type(exc).__name__}: {exc}", np.nan, 0, 0.0,
                                        "jblock-shift-invert-arnoldi", {}, parity=s, size=dims[s]) for s in SECTORS}


def _measurements(a: argparse.Namespace) -> None:
    rows = []
    for case in a.dimensions:
        N, d = (int(v) for v in case.split(","))
        for (p1, p2), dim in sector_dimensions(N, d).items():
            rows.append(dict(key="sector_dim", N=N, d=d, sector=f"({p1:+d},{p2:+d})", value=float(dim)))
    table = pd.concat([read_table(f)[0] for f in a.fig6], ignore_index=True)
    for gamma_C in np.unique(table["gamma_C"].to_numpy(float)):
        gamma_I = critical_gamma_I(gamma_C, V)
        for r in fig6_intercepts(table[table["gamma_C"] == gamma_C], gamma_I).itertuples():
            rows.append(dict(key="intercept", d=r.d, sector=r.sector, dissipator=r.dissipator, fit_N=r.N,
                             gamma_I=gamma_I, gamma_C=float(gamma_C), value=r.intercept))
    out = pd.DataFrame(rows, columns=["key", "N", "d", "sector", "dissipator", "fit_N", "gamma_I", "gamma_C",
                                      "value"])
    write_table(a.out, out, {"stage": "paper004_finite measurements", "tables": a.fig6})


def main(argv: list[str]) -> None:
    if argv[:1] == ["measurements"]:
        p = argparse.ArgumentParser(prog="python -m permqs paper004_finite measurements", description=__doc__,
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--out", required=True)
        p.add_argument("--dimensions", nargs="*", default=[], help="N,d cases whose sector dimensions to count")
        p.add_argument("fig6", nargs="+", help="tables of step fig6 at the transition point γ_I = 2|V| − γ_C")
        _measurements(p.parse_args(argv[1:]))
        return
    p = argparse.ArgumentParser(prog="python -m permqs paper004_finite", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("step", choices=["fig5", "fig6"])
    p.add_argument("--out", required=True)
    p.add_argument("--d", type=int, required=True)
    p.add_argument("--dissipator", choices=["spin", "uniform"], required=True)
    p.add_argument("--N", type=int, nargs="+", required=True, help="one N for fig5, a list for fig6")
    p.add_argument("--gamma-I", type=float, nargs="+", required=True, help="γ_I/|V| grid")
    p.add_argument("--gamma-C", type=float, nargs="+", required=True, help="γ_C/|V| grid (fig6: one value)")
    p.add_argument("--imag-range", type=float, default=0.0,
                   help="certify each gap against slower modes up to this |Im λ| (extra complex shifts)")
    a = p.parse_args(argv)
    rows = []
    for N in a.N:
        scan = GapScan(N, a.d, a.dissipator) if a.d != 2 else None
        for gC in a.gamma_C:
            for gI in a.gamma_I:
                results = (scan.gaps(gI, gC, V, imag_range=a.imag_range) if scan is not None else
                           _jblock_gaps(N, a.dissipator, gI, gC, a.imag_range))
                rows.extend(_rows(N, a.d, a.dissipator, gI, gC, results))
    table = pd.DataFrame(rows)
    write_table(a.out, table, {"stage": f"paper004_finite {a.step}", "parameters": vars(a) | {"V": V}})
