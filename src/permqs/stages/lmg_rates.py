"""Finite-N steady state of the LMG model at h = 0 from the rate equations (paper 000 Eqs. A11-A12).

Writes the populations p_{J,J_z} (columns J, Jz, p); observables are computed by ``lmg_observables``.
"""
from __future__ import annotations

import logging

import pandas as pd

from ..dicke.rate_equations import solve_rate_equations
from ..io import write_table
from ._args import lmg_arguments, parser

log = logging.getLogger(__name__)


def main(argv: list[str]) -> None:
    p = parser(__doc__)
    lmg_arguments(p)
    p.add_argument("--tol", type=float, default=1e-10, help="relative residual tolerance")
    a = p.parse_args(argv)
    if a.h != 0:
        raise SystemExit(f"lmg_rates: the rate equations hold only at h = 0, got h = {a.h}")
    # The exchange 𝒥 commutes with the Dicke populations, so it does not enter Eqs. A11-A12.
    state = solve_rate_equations(a.N, a.Gamma, a.gamma, tol=a.tol)
    log.info("rate equations: residual %.3g, %.2f s", state.residual, state.seconds)
    table = pd.DataFrame({"J": state.J, "Jz": state.Jz, "p": state.p})
    meta = {"stage": "lmg_rates", "representation": "dicke_diagonal",
            "parameters": {"N": a.N, "h": a.h, "Gamma": a.Gamma, "J": a.J, "gamma": a.gamma},
            "residual": state.residual, "seconds": state.seconds, "solver": "rate_equations"}
    write_table(a.out, table, meta)
