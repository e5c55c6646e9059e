"""Time evolution ρ(t) = 𝒯 exp(∫𝓛) ρ(0) on a time grid, exact for static and piecewise-constant generators.

The action e^{𝓛h} v is a truncated Taylor series on s substeps after a trace shift μ = tr𝓛/n (Al-Mohy & Higham,
SIAM J. Sci. Comput. 33, 488 (2011), Alg. 3.2, with a fixed step norm θ instead of their optimized (m, s)):
the substep count is chosen once per (𝓛, h) and reused for every vector, which is what the Floquet map applies
hundreds of times (scipy's expm_multiply re-estimates norms of powers of 𝓛 at every call). A static 𝓛 on a
uniform grid is the one case scipy's expm_multiply serves better (one estimate for the whole grid): :func:`evolve`
hands it over.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ..errors import IntegrationError
from .results import BREAKDOWN, CONVERGED, EvolutionResult

# ‖(𝓛 - μ)h/s‖₁ ≤ θ per substep: Taylor terms are bounded by θ^k/k!, so ≤ 35 terms reach 1e-16 and the largest
# (θ^4/4! ≈ 11) costs about one digit to cancellation; θ = 2 would cost ~1.5x more matrix-vector products.
THETA = 4.0
# Stop the series when the last two terms are below this fraction of the partial sum (unit round-off, AMH).
TAYLOR_TOL = 2.0 ** -53
MAX_TERMS = 80
MIN_TERMS = 8


class ExpmAction:
    """v ↦ e^{𝓛h} v for one sparse 𝓛 and one step h."""

    def __init__(self, L: sp.spmatrix, h: float, tol: float = TAYLOR_TOL):
        L = sp.csr_matrix(L)
        n = L.shape[0]
        self.mu = complex(L.diagonal().sum() / n)
        A = sp.csr_matrix(L - self.mu * sp.identity(n, dtype=L.dtype, format="csr")) * h
        norm = float(abs(A).sum(axis=0).max()) if A.nnz else 0.0
        self.s = max(1, math.ceil(norm / THETA))
        self.A = sp.csr_matrix(A / self.s)
        self.eta = np.exp(self.mu * h / self.s)
        self.tol = tol
        self.h = h
        self.matvecs = 0

    def __call__(self, v: np.ndarray) -> np.ndarray:
        v = np.asarray(v, dtype=complex)
        for _ in range(self.s):
            F = v.copy()
            term = v
            c_prev = np.inf
            for k in range(1, MAX_TERMS + 1):
                term = self.A @ term
                term *= 1.0 / k
                self.matvecs += 1
                F += term
                if k < MIN_TERMS:  # θ^k/k! > 1e-3 for k < 8 at θ = 4: no need to test convergence yet
                    continue
                c = np.abs(term).max()
                if c_prev + c <= self.tol * np.abs(F).max():
                    break
                c_prev = c
            else:
                raise IntegrationError(f"Taylor series of e^(Lh) did not converge in {MAX_TERMS} terms")
            v = self.eta * F
        return v


@dataclass(frozen=True)
class PiecewiseConstant:
    """Periodic f(t) = values[i] for edges[i] ≤ t mod period < edges[i+1]; edges[0] = 0, edges[-1] = period.

    The drives of paper 002: Eq. 13 (edges 0, T/2, T; values 1, 0) and Eq. 16 (edges 0, π/ω_b, (2-ε)π/ω_b;
    values 1, 0). Being callable, it is also a :class:`permqs.model.Model` modulation.
    """

    edges: tuple[float, ...]
    values: tuple[float, ...]

    def __post_init__(self):
        if len(self.edges) != len(self.values) + 1 or self.edges[0] != 0 or np.any(np.diff(self.edges) <= 0):
            raise ValueError("edges must rise from 0 to the period, one more than values")

    @property
    def period(self) -> float:
        return self.edges[-1]

    def breakpoints(self, t0: float, t1: float) -> np.ndarray:
        """Every edge in [t0, t1] (the protocol of :mod:`permqs.solvers.evolve` for exact piecewise stepping)."""
        first, last = int(np.floor(t0 / self.period)), int(np.ceil(t1 / self.period))
        e = np.array([n * self.period + x for n in range(first, last + 1) for x in self.edges])
        return np.unique(e[(e >= t0) & (e <= t1)])

    def __call__(self, t: float) -> float:
        tau = t % self.period
        i = int(np.searchsorted(self.edges, tau, side="right")) - 1
        return self.values[min(i, len(self.values) - 1)]


def _is_piecewise(f) -> bool:
    """A periodic, piecewise-constant modulation: :class:`PiecewiseConstant`, or any callable with ``period`` and
    ``breakpoints(t0, t1)`` (e.g. :func:`permqs.models.time_crystal.square_wave`, Eq. 13)."""
    return hasattr(f, "period") and hasattr(f, "breakpoints")


def _period_segments(parts: Sequence[tuple[Callable, sp.spmatrix]], period: float) -> list[tuple[float, float]]:
    edges = {0.0, float(period)}
    for f, _ in parts:
        if not _is_piecewise(f):
            raise IntegrationError("time-dependent parts must be periodic piecewise-constant modulations (with "
                                   "period and breakpoints) for exact stepping")
        ratio = period / f.period
        if abs(ratio - round(ratio)) > 1e-12:
            raise IntegrationError(f"modulation period {f.period} does not divide the period {period}")
        edges.update(float(b) for b in f.breakpoints(0.0, period) if 0 < b < period)
    e = np.array(sorted(edges))
    e = e[np.concatenate([[True], np.diff(e) > 1e-12 * period])]
    return list(zip(e[:-1], e[1:]))


def segment_generators(static: sp.spmatrix, parts: Sequence[tuple[Callable, sp.spmatrix]],
                       period: float) -> list[tuple[sp.csr_matrix, float, float]]:
    """[(𝓛 on the segment, t_start, t_end)] of one period, in time order (first segment acts first)."""
    out = []
    for a, b in _period_segments(parts, period):
        mid = (a + b) / 2
        L = static
        for f, Lk in parts:
            c = f(mid)
            if c != 0:
                L = L + c * Lk
        out.append((sp.csr_matrix(L), a, b))
    return out


def common_period(parts: Sequence[tuple[Callable, sp.spmatrix]]) -> float:
    if not all(_is_piecewise(f) for f, _ in parts):
        raise IntegrationError("time-dependent parts must be periodic piecewise-constant modulations (with period "
                               "and breakpoints)")
    periods = [f.period for f, _ in parts]
    T = max(periods)
    for p in periods:
        if abs(T / p - round(T / p)) > 1e-12:
            raise IntegrationError(f"modulation periods {periods} have no common period")
    return T


def evolve(static: sp.spmatrix, x0: np.ndarray, times: Sequence[float],
           parts: Sequence[tuple[Callable, sp.spmatrix]] = (), trace: np.ndarray | None = None,
           trace_tol: float = 1e-8) -> EvolutionResult:
    """x(t) at ``times`` (rising, starting at or after t = 0) from x(0) = ``x0`` under 𝓛(t) = 𝓛₀ + Σ f_k(t) 𝓛_k.

    Piecewise-constant parts are stepped exactly across their edges. ``trace`` (the representation's trace
    functional) gives the residual, max |Tr ρ(t) - Tr ρ(0)|; above ``trace_tol`` the result is marked failed.
    """
    t0 = time.perf_counter()
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or np.any(np.diff(times) < 0) or times[0] < 0:
        raise IntegrationError("times must be a rising 1-D grid starting at t >= 0")
    cache: dict[tuple, ExpmAction] = {}

    def step(L_key, L, h, v):
        key = (L_key, round(h, 14))
        if key not in cache:
            cache[key] = ExpmAction(L, h)
        return cache[key](v)

    if parts:
        T = common_period(parts)
        segs = segment_generators(static, parts, T)
    x = np.asarray(x0, dtype=complex).copy()
    t = 0.0
    out = np.empty((len(times), len(x)), dtype=complex)
    steps = np.diff(times)
    if not parts and len(times) > 2 and np.allclose(steps, steps[0], rtol=1e-12, atol=0) and steps[0] > 0:
        # Static 𝓛 on a uniform grid: scipy's expm_multiply (Al-Mohy & Higham, the (m, s) chosen from norms of
        # powers of 𝓛 once for the whole grid) needs ~1.5x less work than the fixed-θ Taylor steps below (BTC,
        # N = 256: 11.3 vs 17.3 s to t = 10).
        # expm_multiply returns e^{t𝓛} x for t on the grid: x is the state at t = 0
        out[:] = spla.expm_multiply(sp.csr_matrix(static), x, start=float(times[0]), stop=float(times[-1]),
                                    num=len(times), endpoint=True)
        return _finish_evolution(out, times, x0, trace, trace_tol, t0, "expm-multiply",
                                 sum(a.matvecs for a in cache.values()), {"steps": len(cache)})
    for i, target in enumerate(times):
        while t < target - 1e-14 * max(1.0, target):
            if not parts:
                x = step(0, static, target - t, x)
                t = target
                continue
            # period index and phase; a t a hair below a multiple of T (rounding) counts as the next period's start
            n = np.floor(t / T + 1e-12)
            tau = max(t - n * T, 0.0)
            # the segment containing tau (rounding may put tau a hair before an edge)
            j = next((k for k, (_, a, b) in enumerate(segs) if tau < b - 1e-12 * T), len(segs) - 1)
            L, a, b = segs[j]
            end = min(n * T + b, target)
            x = step(j, L, end - t, x)
            t = end if end < target else target
        out[i] = x
    return _finish_evolution(out, times, x0, trace, trace_tol, t0, "taylor-expm-action",
                             sum(a.matvecs for a in cache.values()), {"steps": len(cache)})


def _finish_evolution(out, times, x0, trace, trace_tol, t0, method, matvecs, stats) -> EvolutionResult:
    seconds = time.perf_counter() - t0
    residual = 0.0
    if trace is not None:
        tr = out @ trace
        residual = float(np.max(np.abs(tr - (np.asarray(x0) @ trace))))
    ok = np.all(np.isfinite(out)) and residual <= trace_tol
    status = CONVERGED if ok else BREAKDOWN
    work = f"{matvecs} matrix-vector products" if method == "taylor-expm-action" else method
    msg = f"evolution: {'finished' if ok else 'failed'}: {len(times)} times, {work}, trace drift {residual:.2g}"
    return EvolutionResult(status, msg, residual, matvecs, seconds, method, stats, times=times, states=out)
