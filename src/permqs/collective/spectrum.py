"""Slowest eigenvalues of a static Lindblad generator (paper 002, Eqs. 8-9: Δ_N = max_{λ≠0} Re λ).

Three methods, each returning eigenpairs with residuals ‖𝓛v - λv‖₂/(‖𝓛‖₁‖v‖₂):
- "dense": numpy eig of the full matrix (≤ ~5000 unknowns), the reference.
- "shift_invert": ARPACK on (𝓛 - σ)^(-1) with a SuperLU factor: the eigenvalues nearest σ. Good when the slow
  modes are near a known σ (e.g. -κ/2N + iω_x for the Hermitian-jump model); nearest-to-σ is not slowest.
- "exp_arnoldi": ARPACK 'LM' on v ↦ e^{𝓛τ} v restricted to traceless vectors, so the eigenvalues of largest
  Re λ come first whatever their imaginary part; λ is then the Rayleigh quotient v†𝓛v/v†v of the eigenvector,
  which avoids the branch ambiguity of log(μ)/τ.
"""
from __future__ import annotations

import time
from typing import Optional

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ..errors import SpectrumError
from .dynamics import ExpmAction
from .results import CONVERGED, UNRELIABLE, SpectrumResult
from .space import CollectiveSpace

# Accepted relative eigenpair residual: ARPACK's tolerance is the machine precision times ‖op‖; 1e-8 relative to
# ‖𝓛‖₁ is far above it and far below any spacing the figures resolve.
DEFAULT_TOL = 1e-8
DENSE_LIMIT = 6000


def _norm1(L: sp.spmatrix) -> float:
    return float(abs(L).sum(axis=0).max())


def _finish(L, vals, vecs, method, t0, tol, stats, iterations=1) -> SpectrumResult:
    order = np.argsort(-vals.real, kind="stable")
    vals, vecs = vals[order], vecs[:, order]
    norm = _norm1(L)
    res = np.linalg.norm(L @ vecs - vecs * vals[None, :], axis=0) / (norm * np.linalg.norm(vecs, axis=0))
    worst = float(res.max()) if len(res) else 0.0
    ok = worst <= tol
    msg = f"spectrum: {'converged' if ok else 'unreliable'}: {len(vals)} eigenpairs, max residual {worst:.2g}"
    return SpectrumResult(CONVERGED if ok else UNRELIABLE, msg, worst, iterations, time.perf_counter() - t0, method,
                          stats, eigenvalues=vals, eigenvectors=vecs, residuals=res)


def spectrum_dense(L: sp.spmatrix, k: Optional[int] = None, tol: float = DEFAULT_TOL) -> SpectrumResult:
    t0 = time.perf_counter()
    if L.shape[0] > DENSE_LIMIT:
        raise SpectrumError(f"dense eig refused for {L.shape[0]} unknowns (limit {DENSE_LIMIT})")
    vals, vecs = np.linalg.eig(L.toarray())
    order = np.argsort(-vals.real, kind="stable")[: (k or len(vals))]
    return _finish(sp.csr_matrix(L), vals[order], vecs[:, order], "dense", t0, tol, {})


def spectrum_shift_invert(L: sp.spmatrix, sigma: complex, k: int = 6, tol: float = DEFAULT_TOL) -> SpectrumResult:
    t0 = time.perf_counter()
    L = sp.csc_matrix(L, dtype=complex)
    n = L.shape[0]
    lu = spla.splu(sp.csc_matrix(L - sigma * sp.identity(n, dtype=complex, format="csc")))
    op = spla.LinearOperator((n, n), matvec=lu.solve, dtype=complex)
    nu, vecs = spla.eigs(op, k=k, which="LM", tol=1e-13)
    vals = sigma + 1 / nu
    return _finish(sp.csr_matrix(L), vals, vecs, "shift-invert-arnoldi", t0, tol,
                   {"fill": int(lu.L.nnz + lu.U.nnz), "sigma": sigma})


def spectrum_exp_arnoldi(L: sp.spmatrix, space: CollectiveSpace, k: int = 6, tau: float = 2.0,
                         tol: float = DEFAULT_TOL, ncv: Optional[int] = None) -> SpectrumResult:
    """The k eigenvalues of largest Re λ ≠ 0 (the steady state is projected out: Tr is conserved by e^{𝓛τ}, so
    the traceless subspace is invariant and P = 1 - e_a wᵀ maps onto it)."""
    t0 = time.perf_counter()
    L = sp.csr_matrix(L, dtype=complex)
    n = L.shape[0]
    E = ExpmAction(L, tau)
    w = space.trace_weights
    anchor = 0

    def apply(v):
        v = np.asarray(v, dtype=complex).ravel()
        v = v.copy()
        v[anchor] -= w @ v
        y = E(v)
        y[anchor] -= w @ y
        return y

    op = spla.LinearOperator((n, n), matvec=apply, dtype=complex)
    mu, vecs = spla.eigs(op, k=k, which="LM", tol=1e-12, ncv=ncv)
    vals = np.array([np.vdot(v, L @ v) / np.vdot(v, v) for v in vecs.T])
    return _finish(L, vals, vecs, "exp-arnoldi", t0, tol, {"tau": tau, "multipliers": mu, "matvecs": E.matvecs},
                   iterations=E.matvecs)


def gap(result: SpectrumResult, zero_tol: float = 1e-9) -> complex:
    """λ_1: the eigenvalue of largest real part among those not ≈ 0 (the steady state), Eq. 9."""
    vals = result.eigenvalues
    keep = vals[np.abs(vals) > zero_tol]
    if not len(keep):
        raise SpectrumError("no non-zero eigenvalue among those computed")
    return complex(keep[np.argmax(keep.real)])
