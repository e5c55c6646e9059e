"""Steady state 𝓛x = 0 with Tr ρ = 1 of any graded problem (one dispatch for every representation).

* 𝓛 conserves the grade (reach 0, e.g. the LMG model at h = 0): the steady state lies in grade 0, solved by one
  sparse LU of the real grade-0 block (a representation may solve that block itself before building the whole
  problem: the J-block populations at large N, :mod:`permqs.dicke.steady`).
* Otherwise right-preconditioned GMRES on the Hermitian real system with the multicolour block Gauss-Seidel
  preconditioner of :mod:`permqs.solvers.graded`; the trace condition replaces the anchor's equation.

The factorizations depend only on the grade-conserving part, so :class:`SteadyStateSolver` reuses them along a
sweep of any grade-changing parameter (a field), and accepts a warm start x0.
"""
from __future__ import annotations

import math
import time
from typing import Optional

import numpy as np

from ..errors import ModelError
from .graded import GradedSystem, relative_residual
from .problem import GradedProblem
from .resources import available_threads, check_memory, one_blas_thread
from .result import BREAKDOWN, CONVERGED, MAXITER, SteadyStateResult, status_message

_BYTES_PER_NONZERO = 16 + 4  # complex128 value, int32 index
RESTART = 50  # Krylov vectors the estimate counts (33 iterations suffice at N = 320, h = 0.5γ)
_BASELINE = 256 * 2**20  # interpreter, numpy/scipy and the basis labels: ~0.13 GB peak RSS at N = 20


def memory_need_of(n: int, nonzeros: int, fill_per_unknown: float, restart: int = RESTART) -> int:
    """Bytes to assemble and solve n unknowns: the representative rows of 𝓛 (half of ``nonzeros``) with P, E
    and masks, the LU fill of the grade-conserving blocks (the representation's calibrated fill per factored
    unknown), and the real Krylov basis (which lives on the colours before the last)."""
    matrix = 2 * nonzeros * _BYTES_PER_NONZERO
    factors = 0.5 * fill_per_unknown * n * _BYTES_PER_NONZERO
    krylov = (restart + 6) * n * 8
    return int(_BASELINE + matrix + factors + krylov)


def memory_need(problem: GradedProblem, restart: int = RESTART) -> int:
    """:func:`memory_need_of` for a problem (20 nonzeros per unknown where the representation gives no bound)."""
    nonzeros = problem.nonzeros if problem.nonzeros is not None else 20 * problem.n
    return memory_need_of(problem.n, nonzeros, problem.fill_per_unknown, restart)


class SteadyStateSolver:
    """Reusable steady-state solver: keeps the colour-block factorizations between calls.

    tol: bound on ‖𝓛x‖/‖x‖; maxiter: total GMRES iterations; restart: Krylov vectors kept (default: as many as
    fit in the memory left over, up to maxiter, at least 50: strong fields need long cycles, e.g. LMG h = 3γ at
    N = 60 converges in 231 iterations unrestarted and stalls at 1e-6 with restarts every 50); memory_limit: bytes
    (default 80 % of the available memory), checked against :func:`memory_need` before anything is assembled;
    threads: for the concurrent factorizations (default: :func:`available_threads`).
    """

    def __init__(self, tol: float = 1e-9, maxiter: int = 300, restart: Optional[int] = None,
                 memory_limit: Optional[int] = None, threads: Optional[int] = None):
        self.tol = tol
        self.maxiter = maxiter
        self.restart = restart
        self.memory_limit = memory_limit
        self.threads = available_threads() if threads is None else threads
        self._preconditioner = None  # kept for the next solve: reused when the grade-conserving part is the same

    def solve(self, problem: GradedProblem, x0: Optional[np.ndarray] = None) -> SteadyStateResult:
        """Steady state of ``problem`` (a typed result; it never raises for non-convergence: check ``success``
        or call ``raise_for_status()``). Raises MemoryLimitError before any work when the estimate exceeds the
        limit."""
        t0 = time.perf_counter()
        if problem.modulations:
            raise ModelError(f"'{problem.name}' is time-periodic: it has no steady state; use "
                             f"permqs.solvers.floquet_multipliers or evolve")
        need = memory_need(problem, self.restart or RESTART)
        limit = check_memory(need, self.memory_limit, f"the steady state of '{problem.name}' ({problem.n} unknowns)")
        # Krylov vectors are only touched as GMRES reaches them: a long cycle costs memory only when needed.
        restart = self.restart or min(self.maxiter, RESTART + int((limit - need) // (8 * problem.n)))
        with one_blas_thread(problem.n):
            system = GradedSystem(problem, self.threads, reuse=self._preconditioner)
            build_seconds = time.perf_counter() - t0
            layout = system.layout
            w = system.solve_direct_grade0() if problem.reach == 0 else None
            if w is not None:
                iterations, method = 0, "grade0-lu"
                achieved = relative_residual(layout, w, system.apply_L(w))
            else:
                b = np.zeros(layout.nh, dtype=complex)
                b[system.anchor_row()] = 1.0
                w0 = None if x0 is None else layout.to_w(np.asarray(x0, dtype=complex))
                # ‖x‖₂ >= 1/‖trace‖₂ when Tr ρ = 1, so this rtol on ‖A x − b‖ reaches tol on ‖𝓛x‖/‖x‖ up to the
                # trace row; the loop tightens it if it falls short.
                rtol = self.tol / float(np.linalg.norm(problem.trace))
                w, iterations, achieved = system.solve(
                    b, anchor=True, x0=w0, rtol=rtol, restart=restart, maxiter=self.maxiter,
                    measure=lambda w, Lw: relative_residual(layout, w, Lw), target=self.tol)
                method = "graded-gmres"
            x = layout.from_w(w)
        self._preconditioner = system.last_preconditioner
        seconds = time.perf_counter() - t0
        if not np.isfinite(achieved):
            status = BREAKDOWN
        else:
            status = CONVERGED if achieved <= self.tol else MAXITER
        detail = (f"residual {achieved:.3e} (tol {self.tol:.1e}) after {iterations} iterations ({method}, "
                  f"{problem.n} unknowns)")
        if status != CONVERGED:
            detail += "; strong fields need more iterations (maxiter=...)"
        stats = {"build_seconds": build_seconds, "memory_estimate": need, "restart": restart,
                 "colours": max(problem.reach, 1) + 1, "groups": int(layout.gb.size - 1)}
        state = problem.make_state(x) if problem.make_state is not None and status == CONVERGED else x
        return SteadyStateResult(status, status_message(status, f"steady state of '{problem.name}'", detail),
                                 float(achieved), iterations, seconds, method, stats, x=x, state=state)


def steady_state(problem: GradedProblem, x0: Optional[np.ndarray] = None, tol: float = 1e-9, maxiter: int = 300,
                 restart: Optional[int] = None, memory_limit: Optional[int] = None,
                 threads: Optional[int] = None) -> SteadyStateResult:
    """One-off steady state (a typed result); use :class:`SteadyStateSolver` to reuse factorizations."""
    return SteadyStateSolver(tol, maxiter, restart, memory_limit, threads).solve(problem, x0)
