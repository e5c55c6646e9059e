"""The slowest eigenvalues of a graded generator (Liouvillian gaps), by shift-invert Arnoldi.

ARPACK (scipy's ``eigs``) runs on the real form of 𝓛: the n real coordinates of Hermitian operators (populations,
and Re/Im of one of each pair of partner coherences), on which 𝓛 is a real matrix with the same spectrum (𝓛 maps
Hermitian operators to Hermitian ones, and the complex operator space is the complexification of the Hermitian
one). Eigenvalues then come in exact conjugate pairs and every product is real.

Shift-invert with a real shift σ > 0 (right of the whole spectrum, Re λ ≤ 0) makes the eigenvalues nearest σ
dominant: those of smallest |λ|, which for a Liouvillian are the slow modes. Each application of (𝓛 − σ)⁻¹ is
an inner GMRES solve preconditioned by the same colour Gauss-Seidel sweep as the steady state, on P − σ: no LU of
the whole sector is ever formed (for the qudit sectors of paper 004 it would fill ~50 % of a dense matrix).

What is returned is checked, never silently wrong: every eigenpair's residual ‖𝓛v − λv‖/(‖𝓛‖‖v‖) is computed
with the generator itself and compared with ``check_tol``, and the zero eigenvalues are counted (a sector that
holds the steady state must have exactly one; any other zero mode is reported as degenerate or spurious, the
qutip.piqs failure mode of qutip#993). Below ``dense_below`` unknowns the real form is diagonalized densely.

Limitation (stated in every result's message): shift-invert finds the eigenvalues nearest σ in the complex plane;
a mode with small |Re λ| but large |Im λ| is found only if it is nearer than the k others (raise k, or pass a
shift near it).
"""
from __future__ import annotations

import time
from typing import Optional

import numpy as np
import scipy.linalg as la
import scipy.sparse.linalg as spla

from ..errors import ModelError, SolverError, SpectrumError
from .graded import GradedSystem
from .problem import GradedProblem
from .resources import available_threads, one_blas_thread
from .result import BREAKDOWN, CONVERGED, UNRELIABLE, SpectrumResult, status_message
from .steady import RESTART


def _real_form(system: GradedSystem):
    layout = system.layout

    def matvec(r: np.ndarray) -> np.ndarray:
        r = np.asarray(r).ravel()
        if np.iscomplexobj(r):
            return matvec(r.real) + 1j * matvec(r.imag)
        return layout.to_real(layout.drop_spectators(system.apply_L(layout.from_real(r))))

    return matvec


def _to_flat(layout, r: np.ndarray) -> np.ndarray:
    """Flat coefficient vector of the (complex) combination r of real coordinates."""
    return layout.from_w(layout.from_real(r.real)) + 1j * layout.from_w(layout.from_real(r.imag))


def _scale(system: GradedSystem) -> float:
    """‖𝓛‖∞ of the representative rows: the scale for residuals and for what counts as a zero eigenvalue."""
    return float(max(system.row_abs_sums().max(initial=0.0), 1e-300))


def spectrum(problem: GradedProblem, k: int = 6, sigma: Optional[float] = None, *, tol: float = 1e-10,
             check_tol: float = 1e-7, zero_tol: float = 1e-9, expect_steady_state: Optional[bool] = None,
             inner_tol: float = 1e-12, maxiter: int = 300, ncv: Optional[int] = None, dense_below: int = 1500,
             threads: Optional[int] = None) -> SpectrumResult:
    """The k eigenvalues of 𝓛 nearest the real shift σ > 0, sorted by |Re λ| (then |Im λ|), with right
    eigenvectors (flat coefficient vectors, columns) and a residual per eigenpair.

    sigma: default 1 % of the mean diagonal rate |𝓛_ii|; tol: ARPACK's relative accuracy of the Ritz values;
    inner_tol: relative accuracy of each inner solve; check_tol: largest accepted eigenpair residual;
    zero_tol: |λ| ≤ zero_tol·‖𝓛‖ counts as a zero eigenvalue; expect_steady_state: whether the problem should
    have exactly one (default: whether its trace functional is nonzero). A result that fails a check has
    status UNRELIABLE and says why; ``raise_for_status(SpectrumError)`` turns that into an exception.
    """
    t0 = time.perf_counter()
    if problem.modulations:
        raise ModelError(f"'{problem.name}' is time-periodic: its static spectrum means nothing; use "
                         f"permqs.solvers.floquet_multipliers")
    threads = available_threads() if threads is None else threads
    n = problem.n
    if expect_steady_state is None:
        expect_steady_state = bool(np.any(problem.trace != 0))
    with one_blas_thread(n):
        system = GradedSystem(problem, threads)
        layout = system.layout
        matvec = _real_form(system)
        scale = _scale(system)
        iterations, inner = 0, [0]
        if n <= dense_below:
            A = np.column_stack([matvec(e) for e in np.eye(n)])
            values, vectors = la.eig(A)
            method = "dense-eig"
            sigma = None
        else:
            if sigma is None:
                diag = np.abs(system.diagonal())
                sigma = 0.01 * float(diag.sum() / layout.nh) if diag.any() else 0.01 * scale
            if sigma <= 0:
                raise ValueError(f"the shift sigma must be > 0 (right of the spectrum), got {sigma}")
            restart = min(maxiter, RESTART)

            def solve(r: np.ndarray) -> np.ndarray:
                r = np.asarray(r).ravel()
                if np.iscomplexobj(r):
                    return solve(r.real) + 1j * solve(r.imag)
                b = layout.from_real(r)
                norm = float(np.linalg.norm(r))
                if norm == 0:
                    return np.zeros_like(r)
                w, its, achieved = system.solve(b, shift=sigma, rtol=inner_tol * norm, restart=restart,
                                                maxiter=maxiter)
                inner[0] += its
                if not achieved <= inner_tol * norm * 10:
                    raise SolverError(f"inner solve (𝓛 − σ)x = b reached only {achieved / norm:.2e} "
                                            f"relative to ‖b‖ in {its} iterations (σ = {sigma:.3g})")
                return layout.to_real(w)

            op = spla.LinearOperator((n, n), matvec=matvec, dtype=float)
            opinv = spla.LinearOperator((n, n), matvec=solve, dtype=float)
            try:
                values, vectors = spla.eigs(op, k=min(k, n - 2), sigma=sigma, OPinv=opinv, which="LM", tol=tol,
                                            ncv=ncv)
            except (spla.ArpackNoConvergence, SolverError) as error:
                seconds = time.perf_counter() - t0
                message = status_message(BREAKDOWN, f"spectrum of '{problem.name}'", str(error))
                return SpectrumResult(BREAKDOWN, message, float("inf"), inner[0], seconds,
                                      "shift-invert-arnoldi", {"sigma": sigma, "n": n})
            iterations = inner[0]
            method = "shift-invert-arnoldi"
    order = np.lexsort((np.abs(values.imag), np.abs(values.real)))
    values, vectors = values[order], vectors[:, order]
    # Every eigenvalue within this distance of σ is among those found (ARPACK's guarantee for the dominant
    # eigenvalues of (𝓛 − σ)⁻¹); further ones of small |Re λ| but large |Im λ| may lie outside it.
    radius = float(np.abs(values - sigma).max(initial=0.0)) if method != "dense-eig" else float("inf")
    keep = min(k, values.size)
    if 0 < keep < values.size and values[keep - 1].imag != 0 and np.isclose(values[keep], values[keep - 1].conj()):
        keep += 1  # never split a conjugate pair
    values, vectors = values[:keep], vectors[:, :keep]
    residuals = np.array([np.linalg.norm(matvec(v) - lam * v) / (scale * np.linalg.norm(v))
                          for lam, v in zip(values, vectors.T)])
    flat = np.column_stack([_to_flat(layout, v) for v in vectors.T]) if vectors.size else vectors
    zeros = int(np.count_nonzero(np.abs(values) <= zero_tol * scale))
    problems = []
    if residuals.size and residuals.max() > check_tol:
        problems.append(f"eigenpair residual {residuals.max():.2e} > {check_tol:.0e}")
    if expect_steady_state and zeros != 1:
        problems.append(f"{zeros} zero eigenvalues where the steady state should be the only one"
                        + (" (the steady state is degenerate)" if zeros > 1 else ""))
    if not expect_steady_state and zeros:
        problems.append(f"{zeros} zero eigenvalue(s) in a sector without the steady state")
    status = UNRELIABLE if problems else CONVERGED
    found = ("the slowest of all eigenvalues (dense)" if method == "dense-eig" else
             f"eigenvalues nearest σ = {sigma:.3g} (all within {radius:.3g} of it)")
    detail = "; ".join(problems) if problems else (
        f"{values.size} {found}, sorted by |Re λ|; max residual {residuals.max(initial=0):.1e}")
    seconds = time.perf_counter() - t0
    stats = {"sigma": sigma, "n": n, "zero_eigenvalues": zeros, "scale": scale, "radius": radius}
    return SpectrumResult(status, status_message(status, f"spectrum of '{problem.name}'", detail),
                          float(residuals.max(initial=0.0)), iterations, seconds, method, stats,
                          eigenvalues=values, eigenvectors=flat, residuals=residuals)


def gap(result: SpectrumResult, zero_tol: Optional[float] = None) -> float:
    """−Re λ of the slowest mode that is not a zero eigenvalue (paper 004 Eqs. 15-16: λ_1 in the sector of the
    steady state, λ_0 elsewhere), from a successful :func:`spectrum` result."""
    result.raise_for_status(SpectrumError)
    tol = 1e-9 * result.stats["scale"] if zero_tol is None else zero_tol
    nonzero = result.eigenvalues[np.abs(result.eigenvalues) > tol]
    if nonzero.size == 0:
        raise SpectrumError("no nonzero eigenvalue among those computed: ask for more (k)", result)
    return float(-nonzero.real.max())
