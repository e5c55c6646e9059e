"""One-period Floquet-Lindblad map of a periodically driven generator and its leading multipliers
(paper 002, text before Eq. 14: 𝒰_F = 𝒯 exp ∫_0^T 𝓛(t) dt; Eq. 14: Δ_N = 1 - max_{λ_i ≠ 1} |λ_i|).

Generic in the representation: it takes 𝓛₀, the modulated parts [(f_k, 𝓛_k)] with piecewise-constant f_k
(:class:`permqs.collective.dynamics.PiecewiseConstant`) and the period, and applies the segments in time order
(e^{𝓛_last τ_last} ⋯ e^{𝓛_first τ_first}). Meant to move into the shared solver layer unchanged.
"""
from __future__ import annotations

import time
from typing import Callable, Optional, Sequence

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ..errors import SpectrumError
from .dynamics import ExpmAction, segment_generators
from .results import CONVERGED, UNRELIABLE, FloquetResult

# Eigenpair residual ‖𝒰v - μv‖/‖v‖ accepted (𝒰 is a contraction of norm ~1; ARPACK converges to ~1e-12).
DEFAULT_TOL = 1e-8


# A segment whose generator conserves the given grade, in blocks of at most this many unknowns, is exponentiated
# exactly block by block (dense expm): the undriven part of Eq. 15, ω_b a†a with κ_b D[a], conserves n - n' (blocks
# ≤ d_b), and its action becomes one sparse product instead of ~1300 Taylor products (N = 60, d_b = 65).
BLOCK_EXPM_MAX = 400


class BlockExpm:
    """v ↦ e^{𝓛h} v for an 𝓛 that conserves ``grade``: e^{𝓛h} = ⊕_q e^{𝓛_q h}, each block by scipy.linalg.expm
    (Padé with scaling and squaring), assembled once as a sparse matrix."""

    def __init__(self, L: sp.spmatrix, h: float, grade: np.ndarray):
        L = sp.csr_matrix(L)
        rows, cols, data = [], [], []
        for q in np.unique(grade):
            idx = np.flatnonzero(grade == q)
            E = sla.expm(L[idx][:, idx].toarray() * h)
            rows.append(np.repeat(idx, idx.size))
            cols.append(np.tile(idx, idx.size))
            data.append(E.ravel())
        n = L.shape[0]
        self.matrix = sp.csr_matrix((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
        self.matrix.eliminate_zeros()
        self.matvecs = 0

    def __call__(self, v: np.ndarray) -> np.ndarray:
        self.matvecs += 1
        return self.matrix @ v


def segment_action(L: sp.spmatrix, h: float, grade: Optional[np.ndarray] = None):
    """:class:`BlockExpm` when ``L`` conserves ``grade`` in small blocks, else the Taylor :class:`ExpmAction`."""
    if grade is not None:
        coo = sp.coo_matrix(L)
        if np.array_equal(grade[coo.row], grade[coo.col]) and np.unique(grade, return_counts=True)[1].max() <= \
                BLOCK_EXPM_MAX:
            return BlockExpm(L, h, grade)
    return ExpmAction(L, h)


class OnePeriodMap:
    """v ↦ 𝒰_F v with one exponential action per constant segment, built once (``grade``: see
    :func:`segment_action`)."""

    def __init__(self, static: sp.spmatrix, parts: Sequence[tuple[Callable, sp.spmatrix]], period: float,
                 grade: Optional[np.ndarray] = None):
        self.segments = [(segment_action(L, b - a, grade), a, b)
                         for L, a, b in segment_generators(static, parts, period)]
        self.period = period
        self.shape = (static.shape[0],) * 2
        self.applications = 0

    def __call__(self, v: np.ndarray) -> np.ndarray:
        v = np.asarray(v, dtype=complex).ravel()
        for E, _, _ in self.segments:
            v = E(v)
        self.applications += 1
        return v

    @property
    def matvecs(self) -> int:
        return sum(E.matvecs for E, _, _ in self.segments)

    def operator(self) -> spla.LinearOperator:
        return spla.LinearOperator(self.shape, matvec=self, dtype=complex)


def floquet_spectrum(static: sp.spmatrix, parts: Sequence[tuple[Callable, sp.spmatrix]], period: float,
                     k: int = 4, trace: Optional[np.ndarray] = None, tol: float = DEFAULT_TOL,
                     v0: Optional[np.ndarray] = None, ncv: Optional[int] = None, steady: bool = True,
                     grade: Optional[np.ndarray] = None) -> FloquetResult:
    """The k multipliers of largest modulus, the stationary one (μ ≈ 1; with ``trace``, the one whose eigenvector
    has the largest trace), and the Floquet gap of Eq. 14. ``steady=False`` for a sector without the steady state
    (e.g. the odd parity sector of Eq. 15): then ``gap`` is 1 - max |μ| over all computed multipliers. ``grade``
    (e.g. the coherence order n - n' of the unknowns): segments that conserve it are exponentiated exactly by
    blocks (:func:`segment_action`)."""
    t0 = time.perf_counter()
    U = OnePeriodMap(static, parts, period, grade)
    n = U.shape[0]
    if n <= k + 1:
        raise SpectrumError(f"{n} unknowns are too few for k = {k} multipliers")
    mu, vecs = spla.eigs(U.operator(), k=k, which="LM", tol=1e-13, v0=v0, ncv=ncv)
    order = np.argsort(-np.abs(mu), kind="stable")
    mu, vecs = mu[order], vecs[:, order]
    res = np.array([np.linalg.norm(U(v) - m * v) / np.linalg.norm(v) for m, v in zip(mu, vecs.T)])
    if not steady:
        ss = -1
        others = np.abs(mu)
    else:
        if trace is not None:
            weight = np.abs(vecs.T @ trace) / np.linalg.norm(vecs, axis=0)
            ss = int(np.argmax(weight))
        else:
            ss = int(np.argmin(np.abs(mu - 1)))
        others = np.delete(np.abs(mu), ss)
    gap = float(1 - others.max())
    worst = float(res.max())
    # the stationary multiplier is 1 up to the map's round-off (~1e-14 per period)
    ok = worst <= tol and (not steady or abs(mu[ss] - 1) <= 1e-8)
    stationary = f"stationary μ = {mu[ss]:.12g}" if steady else "no stationary multiplier (sector)"
    msg = (f"floquet: {'converged' if ok else 'unreliable'}: {k} multipliers, {stationary}, "
           f"gap {gap:.6g}, max residual {worst:.2g}")
    return FloquetResult(CONVERGED if ok else UNRELIABLE, msg, worst, U.applications, time.perf_counter() - t0,
                         "arnoldi-one-period-map", {"matvecs": U.matvecs}, eigenvalues=mu, eigenvectors=vecs,
                         residuals=res, steady_index=ss, gap=gap)
