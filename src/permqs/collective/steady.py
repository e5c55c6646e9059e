"""Steady state of a static collective generator: 𝓛x = 0 with Tr ρ = 1 (paper 002, the NESS of Eq. 8).

Direct method: the equation of one diagonal unknown (the anchor) is replaced by the trace condition and the
system is factored by SuperLU. Feasible up to ~10⁵ unknowns for one ensemble and (N+1)⁴ ≲ 3·10⁴ (N ≲ 12) for the
pair (fill grows like n^1.5 on the 4-index lattice); larger pairs go through the shared graded solvers.
"""
from __future__ import annotations

import time
from typing import Optional

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ..errors import ConvergenceError
from .results import BREAKDOWN, CONVERGED, UNRELIABLE, SteadyStateResult
from .space import CollectiveSpace

# Relative residual ‖𝓛x‖₂/‖x‖₂ accepted for a steady state: a direct solve reaches ~1e-14 ‖𝓛‖; 1e-9 leaves room
# for the condition number of slow (nearly gapless) generators.
DEFAULT_TOL = 1e-9


def hermitian_normalized(space: CollectiveSpace, x: np.ndarray) -> np.ndarray:
    """(ρ + ρ†)/2 with Tr ρ = 1: removes the anti-Hermitian round-off of a solver."""
    x = (x + np.conj(x[space.partner])) / 2
    return x / (space.trace_weights @ x)


def steady_state_direct(L: sp.spmatrix, space: CollectiveSpace, tol: float = DEFAULT_TOL,
                        anchor: Optional[int] = None) -> SteadyStateResult:
    """NESS by sparse LU with the anchor's row replaced by Tr ρ = 1."""
    t0 = time.perf_counter()
    L = sp.csr_matrix(L)
    n = L.shape[0]
    anchor = 0 if anchor is None else anchor
    A = sp.lil_matrix(L)
    A[anchor, :] = space.trace_weights[None, :]
    A = sp.csc_matrix(A)
    b = np.zeros(n, dtype=complex)
    b[anchor] = 1.0
    try:
        lu = spla.splu(A)
        x = lu.solve(b)
    except RuntimeError as exc:  # exactly singular: degenerate steady states
        msg = f"steady state: breakdown: LU of the trace-anchored generator failed ({exc}); degenerate NESS?"
        return SteadyStateResult(BREAKDOWN, msg, np.inf, 1, time.perf_counter() - t0, "direct-lu", x=None)
    x = hermitian_normalized(space, x)
    residual = float(np.linalg.norm(L @ x) / np.linalg.norm(x))
    ok = np.isfinite(residual) and residual <= tol
    status = CONVERGED if ok else UNRELIABLE
    msg = (f"steady state: {'converged' if ok else 'unreliable'}: ‖𝓛x‖/‖x‖ = {residual:.2g} (tol {tol:.0e}), "
           f"LU fill {lu.L.nnz + lu.U.nnz}")
    return SteadyStateResult(status, msg, residual, 1, time.perf_counter() - t0, "direct-lu",
                             {"fill": int(lu.L.nnz + lu.U.nnz)}, x=x)


def steady_state(L: sp.spmatrix, space: CollectiveSpace, tol: float = DEFAULT_TOL) -> SteadyStateResult:
    """The NESS, raising :class:`ConvergenceError` if its residual is above ``tol``."""
    return steady_state_direct(L, space, tol).raise_for_status(ConvergenceError)
