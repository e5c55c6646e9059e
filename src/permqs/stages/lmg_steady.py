"""Finite-N steady state of the LMG model at any field h in the reduced J-block representation
(paper 000 App. A): our own solver (``--solver permqs``) or qutip.piqs (``--solver piqs``).

Writes ρ_{J,m,m'} (columns J, m, mp, re, im) with the residual; an unconverged or oversized solve exits
with an error and writes nothing.
"""
from __future__ import annotations

import logging

from ..dicke.backends import BACKENDS, solve_steady_state
from ..dicke.state import state_to_frame
from ..io import write_table
from ..models.lmg import LMGParameters, lmg_model
from ._args import lmg_arguments, parser

log = logging.getLogger(__name__)


def main(argv: list[str]) -> None:
    p = parser(__doc__)
    lmg_arguments(p)
    p.add_argument("--solver", choices=BACKENDS, default="permqs")
    p.add_argument("--tol", type=float, default=1e-9, help="relative residual tolerance (permqs solver)")
    p.add_argument("--memory-limit-gb", type=float, default=None, help="refuse solves estimated above this")
    a = p.parse_args(argv)
    model = lmg_model(LMGParameters(J=a.J, h=a.h, Gamma=a.Gamma, gamma=a.gamma))
    limit = None if a.memory_limit_gb is None else int(a.memory_limit_gb * 2**30)
    result = solve_steady_state(model, a.N, a.solver, tol=a.tol, memory_limit=limit)
    info = {"method": result.method, "iterations": getattr(result, "iterations", None)}
    log.info("steady state by %s: iterations %s, residual %.3g, %.2f s", result.method, info["iterations"],
             result.residual, result.seconds)
    meta = {"stage": "lmg_steady", "representation": "dicke_blocks", "solver": a.solver,
            "parameters": {"N": a.N, "h": a.h, "Gamma": a.Gamma, "J": a.J, "gamma": a.gamma},
            "residual": result.residual, "seconds": result.seconds, **info}
    write_table(a.out, state_to_frame(result.state), meta)
