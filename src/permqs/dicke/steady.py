"""Steady state of a spin-1/2 model on the reduced J-block vector (paper 000 Eq. A3), Tr ρ = 1 imposed exactly.

The one place where the method is chosen: a generator that conserves the coherence order q = m − m' (no
transverse field, e.g. the LMG model at h = 0) has its steady state in q = 0, and the populations are solved
alone (:mod:`permqs.dicke.rate_equations`: nested dissection, large-N domain cut); otherwise the J-block problem
(:mod:`permqs.dicke.problem`) goes to the shared graded solver (:mod:`permqs.solvers.steady`).

This is the API edge: it returns the solver's typed result with a :class:`DickeState`, or raises
ConvergenceError (non-convergence, with the residual and the remedy in the message) or MemoryLimitError (refused
before any work). BLAS runs single-threaded inside the solve unless the environment already pins one thread.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from ..errors import ConvergenceError, ModelError
from ..model import Model
from ..solvers.result import SteadyStateResult
from ..solvers.steady import SteadyStateSolver as _GradedSolver
from .basis import n_unknowns
from .liouvillian import check_model
from .problem import estimate_memory, jblock_problem
from .rate_equations import conserves_coherence_order, population_steady_state

_STATE_LIMIT = 2**23  # unknowns up to which a population solve also returns the J-block state (134 MB, N <= 370)
from .state import DickeState


def couples_blocks(model: Model) -> bool:
    """Whether some local jump moves weight between J blocks: one with a rate and a traceless part (a multiple
    of the identity does nothing; collective terms act inside each block)."""
    return any(j.rate > 0 and np.abs(j.operator - np.trace(j.operator) / 2 * np.eye(2)).max() > 0
               for j in model.local)


class SteadyStateSolver:
    """Reusable J-block steady-state solver: keeps the colour-block factorizations between calls (a sweep of a
    q-changing parameter such as the field h reuses them). Options as :class:`permqs.solvers.SteadyStateSolver`."""

    def __init__(self, tol: float = 1e-9, maxiter: int = 300, restart: Optional[int] = None,
                 memory_limit: Optional[int] = None, threads: Optional[int] = None):
        self._solver = _GradedSolver(tol, maxiter, restart, memory_limit, threads)

    def solve(self, model: Model, N: int, x0: Optional[DickeState | np.ndarray] = None) -> SteadyStateResult:
        """Steady state of ``model`` for N spins; ``x0`` (a state or flat vector) warm-starts GMRES."""
        x = None if x0 is None else np.asarray(x0.vector if isinstance(x0, DickeState) else x0, dtype=complex)
        check_model(model)
        if N > 1 and not couples_blocks(model):
            raise ModelError(f"'{model.name}' has only collective terms: its generator conserves the weight of "
                             f"every J block, so the J-block steady state is not unique (one per J = N/2, "
                             f"N/2 - 1, ...); use the fixed-J collective representation, or add local terms")
        if conserves_coherence_order(model, N):
            # The steady state lies in q = 0: the populations alone, O(N²) unknowns instead of C(N+3, 3) (the
            # label arrays of the whole J-block vector would not even fit at N = 1600). The J-block state is
            # filled in where it fits.
            return population_steady_state(model, N, tol=self._solver.tol, with_state=n_unknowns(N) <= _STATE_LIMIT)
        problem = jblock_problem(model, N)
        if x is not None and x.shape != (problem.n,):
            raise ValueError(f"x0 has shape {x.shape}, expected ({problem.n},)")
        result = self._solver.solve(problem, x)
        return result.raise_for_status(ConvergenceError)


def steady_state(model: Model, N: int, x0: Optional[DickeState | np.ndarray] = None, tol: float = 1e-9,
                 maxiter: int = 300, memory_limit: Optional[int] = None,
                 threads: Optional[int] = None) -> SteadyStateResult:
    """One-off steady state; use :class:`SteadyStateSolver` to reuse factorizations along a sweep."""
    return SteadyStateSolver(tol=tol, maxiter=maxiter, memory_limit=memory_limit, threads=threads).solve(model, N, x0)


__all__ = ["SteadyStateResult", "SteadyStateSolver", "estimate_memory", "steady_state"]
