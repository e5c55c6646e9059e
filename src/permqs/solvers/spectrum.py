"""The slowest eigenvalues of a graded generator (Liouvillian gaps), by shift-invert Arnoldi.

ARPACK (scipy's ``eigs``) runs on the real form of 𝓛: the n real coordinates of Hermitian operators (populations,
and Re/Im of one of each pair of partner coherences), on which 𝓛 is a real matrix with the same spectrum (𝓛 maps
Hermitian operators to Hermitian ones, and the complex operator space is the complexification of the Hermitian
one). Eigenvalues then come in exact conjugate pairs and every product is real.

Shift-invert with a real shift σ > 0 (right of the whole spectrum, Re λ ≤ 0) makes the eigenvalues nearest σ
dominant: those of smallest |λ|, which for a Liouvillian are the slow modes. Each application of (𝓛 − σ)⁻¹ is
(``inner="gmres"``, the default) an inner GMRES solve preconditioned by the same colour Gauss-Seidel sweep as the
steady state, on P − σ, or (``inner="splu"`` or a :class:`ShiftInvertLU`) a triangular solve with one sparse LU of
the whole real form (𝓛 − σ). The LU is for low-dimensional grids only: for the qudit sectors of paper 004 it would
fill ~50 % of a dense matrix, while the spin-1/2 J-block sectors (a 3-D grid (J, m, m')) fill 600-800 entries per
unknown at N = 100 (88k unknowns, 4-7 s to factor), and the sweep fails where the Hamiltonian dominates the rates
(its GMRES needs 2,000-3,000 iterations per solve there; :func:`permqs.dicke.jblock_gaps`).

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
from typing import Optional, Union

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ..errors import ModelError, SolverError, SpectrumError
from .graded import GradedSystem
from .ordering import nested_dissection
from .problem import GradedProblem
from .resources import available_threads, check_memory, one_blas_thread
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


def default_shift(system: GradedSystem) -> float:
    """σ = 1 % of the mean diagonal rate |𝓛_ii| (1 % of ‖𝓛‖∞ when the diagonal is empty)."""
    diag = np.abs(system.diagonal())
    return 0.01 * float(diag.sum() / system.layout.nh) if diag.any() else 0.01 * _scale(system)


#: bytes per stored entry of a SuperLU factor (``SuperLU.nnz``: value and row index) with a margin for the
#: factorization's workspace; on the J-block sectors at N = 150 (292k unknowns, 373M entries) the whole
#: process peaked at 4.99 GB, 13.4 bytes per entry (benchmarks/bench_jblock_gaps.py --corner)
LU_BYTES_PER_ENTRY = 16


class ShiftInvertLU:
    """(𝓛 − σ)⁻¹ on the real form of a problem (:meth:`GradedSystem.real_matrix`) by one SuperLU factorization,
    for :func:`spectrum` (``inner``); built once, it serves several calls at the same σ (e.g. growing k).

    Ordering: nested dissection (:func:`permqs.solvers.ordering.nested_dissection`), kept by SuperLU (NATURAL
    column order, the diagonal preferred as pivot: SymmetricMode); on the J-block sectors at N = 100 it fills
    1.5-1.8× less than SuperLU's minimum degree on Aᵀ + A and factors 2-6× faster (which itself fills 1.8-2.6×
    less than COLAMD). ``fill_estimate`` (entries of the factors, from the representation) is checked against
    ``memory_limit`` (:func:`check_memory`, LU_BYTES_PER_ENTRY per entry) before factoring; without it, nothing
    is checked. A triangular solve is backward stable; each eigenpair's residual is checked by :func:`spectrum`.
    """

    def __init__(self, problem: GradedProblem, sigma: Optional[float] = None, *, fill_estimate: Optional[int] = None,
                 memory_limit: Optional[int] = None, threads: Optional[int] = None):
        t0 = time.perf_counter()
        if fill_estimate is not None:
            check_memory(LU_BYTES_PER_ENTRY * int(fill_estimate), memory_limit,
                         f"the sparse LU of '{problem.name}' ({problem.n} unknowns)")
        self.problem = problem
        threads = available_threads() if threads is None else threads
        with one_blas_thread(problem.n):
            self.system = GradedSystem(problem, threads)
            self.sigma = default_shift(self.system) if sigma is None else float(sigma)
            if self.sigma <= 0:
                raise ValueError(f"the shift sigma must be > 0 (right of the spectrum), got {self.sigma}")
            A = self.system.real_matrix()
            A = (A - self.sigma * sp.identity(A.shape[0], format="csr")).tocsr()
            self.perm = nested_dissection(A)
            self.lu = spla.splu(A[self.perm][:, self.perm].tocsc(), permc_spec="NATURAL", diag_pivot_thresh=0.01,
                                options=dict(SymmetricMode=True))
        self.nnz = int(self.lu.nnz)
        self.seconds = time.perf_counter() - t0

    def solve(self, r: np.ndarray) -> np.ndarray:
        x = np.empty(r.shape[0])
        x[self.perm] = self.lu.solve(np.asarray(r, dtype=float)[self.perm])
        return x


def spectrum(problem: GradedProblem, k: int = 6, sigma: Optional[float] = None, *, tol: float = 1e-10,
             check_tol: float = 1e-7, zero_tol: float = 1e-9, expect_steady_state: Optional[bool] = None,
             inner_tol: float = 1e-12, maxiter: int = 300, ncv: Optional[int] = None, dense_below: int = 1500,
             threads: Optional[int] = None, inner: Union[str, ShiftInvertLU] = "gmres") -> SpectrumResult:
    """The k eigenvalues of 𝓛 nearest the real shift σ > 0, sorted by |Re λ| (then |Im λ|), with right
    eigenvectors (flat coefficient vectors, columns) and a residual per eigenpair.

    sigma: default 1 % of the mean diagonal rate |𝓛_ii|; tol: ARPACK's relative accuracy of the Ritz values;
    inner_tol: relative accuracy of each inner solve; check_tol: largest accepted eigenpair residual;
    zero_tol: |λ| ≤ zero_tol·‖𝓛‖ counts as a zero eigenvalue; expect_steady_state: whether the problem should
    have exactly one (default: whether its trace functional is nonzero). A result that fails a check has
    status UNRELIABLE and says why; ``raise_for_status(SpectrumError)`` turns that into an exception.
    inner: how (𝓛 − σ)⁻¹ is applied (module docstring): "gmres" (inner_tol, maxiter), "splu" (a
    :class:`ShiftInvertLU` built here, without a memory check), or a ShiftInvertLU of this problem (its σ; reused).
    ``stats``: σ, n, the number of inner solves ("solves"), the inner method and, for the LU, its entries
    ("lu_nnz") and factorization time ("lu_seconds", 0 when reused).
    """
    t0 = time.perf_counter()
    if problem.modulations:
        raise ModelError(f"'{problem.name}' is time-periodic: its static spectrum means nothing; use "
                         f"permqs.solvers.floquet_multipliers")
    threads = available_threads() if threads is None else threads
    n = problem.n
    if expect_steady_state is None:
        expect_steady_state = bool(np.any(problem.trace != 0))
    if isinstance(inner, str) and inner not in ("gmres", "splu"):
        raise ValueError(f"inner must be 'gmres', 'splu' or a ShiftInvertLU, got {inner!r}")
    if isinstance(inner, ShiftInvertLU):
        if inner.problem is not problem:
            raise ValueError("the ShiftInvertLU was built for another problem")
        if sigma is not None and sigma != inner.sigma:
            raise ValueError(f"sigma {sigma} differs from the LU's shift {inner.sigma}")
    with one_blas_thread(n):
        lu = inner if isinstance(inner, ShiftInvertLU) else None
        system = lu.system if lu is not None else GradedSystem(problem, threads)
        layout = system.layout
        matvec = _real_form(system)
        scale = _scale(system)
        iterations, count = 0, {"iterations": 0, "solves": 0}
        stats = {"n": n, "inner": "gmres" if inner == "gmres" else "splu"}
        if n <= dense_below:
            A = np.column_stack([matvec(e) for e in np.eye(n)])
            values, vectors = la.eig(A)
            method = "dense-eig"
            sigma = None
            stats["inner"] = None
        else:
            if lu is None and inner == "splu":
                lu = ShiftInvertLU(problem, sigma, threads=threads)
                stats["lu_seconds"] = lu.seconds
            elif lu is not None:
                stats["lu_seconds"] = 0.0
            if lu is not None:
                sigma = lu.sigma
                stats["lu_nnz"] = lu.nnz
            elif sigma is None:
                sigma = default_shift(system)
            if sigma <= 0:
                raise ValueError(f"the shift sigma must be > 0 (right of the spectrum), got {sigma}")
            restart = min(maxiter, RESTART)

            def solve(r: np.ndarray) -> np.ndarray:
                r = np.asarray(r).ravel()
                if np.iscomplexobj(r):
                    return solve(r.real) + 1j * solve(r.imag)
                count["solves"] += 1
                if lu is not None:
                    return lu.solve(r)
                b = layout.from_real(r)
                norm = float(np.linalg.norm(r))
                if norm == 0:
                    return np.zeros_like(r)
                w, its, achieved = system.solve(b, shift=sigma, rtol=inner_tol * norm, restart=restart,
                                                maxiter=maxiter)
                count["iterations"] += its
                if not achieved <= inner_tol * norm * 10:
                    raise SolverError(f"inner solve (𝓛 − σ)x = b reached only {achieved / norm:.2e} "
                                            f"relative to ‖b‖ in {its} iterations (σ = {sigma:.3g})")
                return layout.to_real(w)

            op = spla.LinearOperator((n, n), matvec=matvec, dtype=float)
            opinv = spla.LinearOperator((n, n), matvec=solve, dtype=float)
            stats["sigma"] = sigma
            try:
                values, vectors = spla.eigs(op, k=min(k, n - 2), sigma=sigma, OPinv=opinv, which="LM", tol=tol,
                                            ncv=ncv)
            except (spla.ArpackNoConvergence, SolverError) as error:
                seconds = time.perf_counter() - t0
                message = status_message(BREAKDOWN, f"spectrum of '{problem.name}'", str(error))
                return SpectrumResult(BREAKDOWN, message, float("inf"), count["iterations"], seconds,
                                      "shift-invert-arnoldi", stats | {"solves": count["solves"]})
            iterations = count["iterations"]
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
    stats |= {"sigma": sigma, "zero_eigenvalues": zeros, "scale": scale, "radius": radius,
              "solves": count["solves"]}
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
