"""Time evolution dx/dt = 𝓛(t) x of a graded problem, the one-period propagator and its Floquet multipliers.

* Static 𝓛: x(t) = exp(𝓛 (t − t0)) x0 by the Krylov-free truncated Taylor method of Al-Mohy & Higham (scipy's
  ``expm_multiply``), exact to double precision, on a uniform grid in one call.
* Periodic 𝓛(t) = 𝓛₀ + Σ_k f_k(t) 𝓛_k (``problem.modulations``). When every f_k is piecewise constant and says
  where it may jump (a method ``breakpoints(t0, t1)``, as :func:`permqs.models.time_crystal.square_wave` has),
  the evolution is exact: one ``expm_multiply`` per constant piece (paper 002 Eqs. 13 and 16 are square waves).
  Otherwise scipy's DOP853 integrates the ODE at rtol = ``tol``; a failed integration is reported, not returned.
* Floquet: the leading eigenvalues μ of the one-period propagator U(t0 + T, t0) (largest |μ| first, μ = 1 the
  steady state) by ARPACK on U applied to vectors; ``residual`` is the largest ‖Uv − μv‖/‖v‖.

Every result is typed (:class:`EvolutionResult`, :class:`SpectrumResult`); ``residual`` of an evolution is the
largest drift of the trace, which no method here imposes.
"""
from __future__ import annotations

import time
from typing import Optional

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.integrate import solve_ivp

from ..errors import IntegrationError
from .problem import GradedProblem
from .result import BREAKDOWN, CONVERGED, UNRELIABLE, EvolutionResult, SpectrumResult, status_message


class _Generator:
    """𝓛(t) of a problem: the static part and the modulated parts as CSR, and the pieces on which 𝓛 is constant."""

    def __init__(self, problem: GradedProblem):
        self.problem = problem
        self.L0 = problem.matrix().tocsr()
        self.parts = [(f, sp.csr_matrix(Lk)) for f, Lk in problem.modulations]
        self.piecewise = all(hasattr(f, "breakpoints") for f, _ in self.parts)
        self._cache: dict[tuple, sp.csr_matrix] = {}

    def at(self, t: float) -> sp.csr_matrix:
        values = tuple(float(f(t)) for f, _ in self.parts)
        L = self._cache.get(values)
        if L is None:
            L = self.L0
            for v, (_, Lk) in zip(values, self.parts):
                if v != 0:
                    L = L + v * Lk
            self._cache[values] = L = sp.csr_matrix(L)
        return L

    def breakpoints(self, t0: float, t1: float) -> np.ndarray:
        cuts = {t0, t1}
        for f, _ in self.parts:
            cuts.update(float(b) for b in f.breakpoints(t0, t1) if t0 < b < t1)
        return np.array(sorted(cuts))

    def propagate(self, x: np.ndarray, t0: float, t1: float, tol: float):
        """x(t1) from x(t0), with (iterations, status, message) of the method."""
        if t1 == t0:
            return x, 0, CONVERGED, ""
        if not self.parts or self.piecewise:
            cuts = self.breakpoints(t0, t1) if self.parts else np.array([t0, t1])
            for a, b in zip(cuts[:-1], cuts[1:]):
                x = spla.expm_multiply(self.at(0.5 * (a + b)) * (b - a), x)
            return x, len(cuts) - 1, CONVERGED, ""
        sol = solve_ivp(lambda t, y: self.at(t) @ y, (t0, t1), x, method="DOP853", rtol=tol,
                        atol=tol * max(np.abs(x).max(), 1e-300) * 1e-2)
        status = CONVERGED if sol.success else BREAKDOWN
        return sol.y[:, -1], int(sol.nfev), status, "" if sol.success else f"DOP853: {sol.message}"


def evolve(problem: GradedProblem, x0: np.ndarray, times: np.ndarray, *, t0: Optional[float] = None,
           tol: float = 1e-10) -> EvolutionResult:
    """x(t) at ``times`` (ascending, >= t0) from x(t0) = x0 (t0 defaults to times[0]). ``states[i]`` is the flat
    coefficient vector at times[i]."""
    start = time.perf_counter()
    times = np.asarray(times, dtype=float)
    t0 = float(times[0]) if t0 is None else float(t0)
    if times.ndim != 1 or np.any(np.diff(times) < 0) or times[0] < t0:
        raise ValueError("times must be a 1-D ascending grid starting at or after t0")
    x = np.asarray(x0, dtype=complex)
    if x.shape != (problem.n,):
        raise ValueError(f"x0 has shape {x.shape}, expected ({problem.n},)")
    gen = _Generator(problem)
    states = np.empty((times.size, problem.n), dtype=complex)
    steps = np.diff(np.concatenate([[t0], times]))
    uniform = not problem.modulations and times.size > 2 and np.allclose(steps[1:], steps[1], rtol=1e-12, atol=0)
    count, status, message = 0, CONVERGED, ""
    if uniform:
        x, *_ = gen.propagate(x, t0, float(times[0]), tol)
        # expm_multiply gives e^{s𝓛} x on s in [start, stop]: s is the time since times[0], where x now is
        states[:] = spla.expm_multiply(gen.L0, x, start=0.0, stop=float(times[-1] - times[0]), num=times.size,
                                       endpoint=True)
        count = times.size
        method = "expm-multiply"
    else:
        method = "expm-multiply" if not problem.modulations or gen.piecewise else "dop853"
        t = t0
        for i, ti in enumerate(times):
            x, its, status, message = gen.propagate(x, t, float(ti), tol)
            count += its
            if status != CONVERGED:
                states = states[:i]
                times = times[:i]
                break
            states[i] = x
            t = float(ti)
    trace0 = problem.trace @ np.asarray(x0, dtype=complex)
    drift = float(np.abs(states @ problem.trace - trace0).max(initial=0.0))
    if status == CONVERGED and not np.isfinite(drift):
        status, message = BREAKDOWN, "non-finite state"
    if status == CONVERGED and drift > 1e3 * tol * max(abs(trace0), 1.0):
        status, message = UNRELIABLE, f"the trace drifted by {drift:.2e}"
    detail = message or f"{times.size} times from t0 = {t0:g} to {times[-1] if times.size else t0:g}"
    return EvolutionResult(status, status_message(status, f"evolution of '{problem.name}'", detail), drift, count,
                           time.perf_counter() - start, method, {"t0": t0}, times=times, states=states)


def propagate_period(problem: GradedProblem, x: np.ndarray, period: float, t0: float = 0.0,
                     tol: float = 1e-10) -> np.ndarray:
    """U(t0 + T, t0) x, the one-period propagator applied to a vector (raises IntegrationError on failure)."""
    result = evolve(problem, x, np.array([t0 + period]), t0=t0, tol=tol)
    result.raise_for_status(IntegrationError)
    return result.states[-1]


def floquet_multipliers(problem: GradedProblem, period: float, k: int = 6, t0: float = 0.0, tol: float = 1e-10,
                        check_tol: float = 1e-7) -> SpectrumResult:
    """The k eigenvalues of largest modulus of U(t0 + T, t0) (Floquet multipliers of the finite-N generator),
    sorted by |μ| descending, with eigenvectors (flat, columns) and residuals ‖Uv − μv‖/‖v‖. Small problems
    (n <= 400) build U densely."""
    start = time.perf_counter()
    n = problem.n
    gen = _Generator(problem)
    applications = [0]

    def U(v: np.ndarray) -> np.ndarray:
        applications[0] += 1
        y, _, status, message = gen.propagate(np.asarray(v, dtype=complex).ravel(), t0, t0 + period, tol)
        if status != CONVERGED:
            raise IntegrationError(message)
        return y

    try:
        if n <= 400:
            M = np.column_stack([U(e) for e in np.eye(n, dtype=complex)])
            values, vectors = np.linalg.eig(M)
            method = "dense-propagator"
        else:
            op = spla.LinearOperator((n, n), matvec=U, dtype=complex)
            values, vectors = spla.eigs(op, k=min(k, n - 2), which="LM", tol=tol)
            method = "arnoldi-propagator"
    except (IntegrationError, spla.ArpackNoConvergence) as error:
        message = status_message(BREAKDOWN, f"Floquet multipliers of '{problem.name}'", str(error))
        return SpectrumResult(BREAKDOWN, message, float("inf"), applications[0], time.perf_counter() - start,
                              "arnoldi-propagator", {"period": period})
    order = np.argsort(-np.abs(values), kind="stable")[:k]
    values, vectors = values[order], vectors[:, order]
    residuals = np.array([np.linalg.norm(U(v) - mu * v) / np.linalg.norm(v) for mu, v in zip(values, vectors.T)])
    status = CONVERGED if residuals.max(initial=0.0) <= check_tol else UNRELIABLE
    detail = f"{values.size} multipliers of largest modulus; max residual {residuals.max(initial=0.0):.1e}"
    return SpectrumResult(status, status_message(status, f"Floquet multipliers of '{problem.name}'", detail),
                          float(residuals.max(initial=0.0)), applications[0], time.perf_counter() - start, method,
                          {"period": period, "t0": t0}, eigenvalues=values, eigenvectors=vectors, residuals=residuals)


__all__ = ["evolve", "floquet_multipliers", "propagate_period"]
