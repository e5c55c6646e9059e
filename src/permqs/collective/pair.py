"""Steady state of two coupled collective ensembles (paper 002 Eq. 2 with M = 2; the pair of Fig. 3 and S1).

With N spins per ensemble the pair's Liouville space is the tensor product of the two single-ensemble Liouville
spaces, each of dimension n² = (N+1)², so the generator is a Kronecker sum plus a few Kronecker products:

    𝓛 = 𝓛_1 ⊗ 1 + 1 ⊗ 𝓛_2 + Σ_k c_k A_k ⊗ B_k,                                                         (P1)

where 𝓛_e holds the terms of ensemble e alone (fields, one-ensemble products, its dissipator D_e of Eq. 4) and
each coupling term g X_1 X_2 of Eq. 2 gives -i[g X_1 X_2, ρ] = -ig (l(X_1) ⊗ l(X_2) - r(X_1) ⊗ r(X_2)) with
l(X)ρ = Xρ and r(X)ρ = ρX. A pair state is an n² × n² matrix R[i_1, i_2] (i_e = k_e + n k_e', the column-stacked
index of ensemble e), and 𝓛 acts as 𝓛_1 R + R 𝓛_2ᵀ + Σ c_k A_k R B_kᵀ (assembled once in this order, where one
sparse product is faster than the factors in turn).

Preconditioner (why): at ω_x = 2κ and ω_xx = 3κ (Fig. 3) the Hamiltonian dominates, and the coupling is as
strong as the fields, so neither a grading by coherence orders (~760 GMRES iterations at N = 10) nor the
uncoupled Kronecker sum 𝓛_1 ⊕ 𝓛_2 (~1800 at N = 8) is a good approximation. Instead, write ensemble e in the
eigenbasis of its dominant coupling operator X_e (S^x for Fig. 3): there l(X_e), r(X_e) and everything built
from X_e are diagonal, so 𝓛 restricted to one basis element |a⟩⟨b| of ensemble e is a single-ensemble
Liouvillian of the other ensemble,

    M_e[(a, b)] = 𝓛_other + ⟨ab|𝓛_e|ab⟩ + Σ_k c_k ⟨ab|A_k|ab⟩ B_k,                                         (P2)

exact for the dominant coupling and the fields along X_e; the block-diagonal M_e leaves out only the parts of
𝓛_e and of the other couplings that move |a⟩⟨b| (dissipation, the S^z terms). M_1 misses ensemble 1's
dissipation, M_2 ensemble 2's, so the two are applied one after the other (multiplicative Schwarz:
z = M_1⁻¹v, z += M_2⁻¹(v - 𝓛z)) as the right preconditioner of GMRES. Measured on Fig. 3 (ω_zz = 0.35, first
prototype): 88 iterations with M_1 alone at N = 8, 144 at N = 12; with both, 56 at N = 12, 79 at N = 16. As
implemented (GMRES in the real coordinates of Hermitian operators, unrestarted): 33 at N = 8, 92 at N = 20, 157
at N = 30 (923 521 unknowns).

The NESS is sought as x = x_0 + y with x_0 = ρ_1 ⊗ ρ_2 the product of the uncoupled steady states (Tr = 1) and
y traceless: 𝓛y = -𝓛x_0 is consistent (the trace is a left null vector of 𝓛), and every preconditioned vector is
projected back onto Tr = 0 along x_0.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cached_property
from typing import Optional

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ..errors import ConvergenceError, ModelError
from ..model import Model
from ..solvers.krylov import gmres_cycle
from ..solvers.resources import available_threads, blas_threads
from ..solvers.result import (BREAKDOWN, CONVERGED, MAXITER, UNRELIABLE, SpectrumResult, SteadyStateResult,
                              status_message)
from .generator import check_collective, dissipator_jumps, lindblad_superoperator
from .space import CollectiveSpace

DEFAULT_TOL = 1e-9
DROP_TOL = None  # exact LU of the blocks (BlockPreconditioner)
# Krylov vectors kept: N = 30 (ω_zz = 0.35) converges in 157 iterations unrestarted and needs 200 when restarted
# every 120; 250 real vectors of (N+1)⁴ doubles are 1.8 GB there.
RESTART = 250


def _left(X: sp.spmatrix) -> sp.csr_matrix:
    """l(X): ρ ↦ Xρ on the column-stacked vec (vec(XρY) = (Yᵀ ⊗ X) vec ρ)."""
    return sp.csr_matrix(sp.kron(sp.identity(X.shape[0], dtype=complex), X))


def _right(X: sp.spmatrix) -> sp.csr_matrix:
    """r(X): ρ ↦ ρX."""
    return sp.csr_matrix(sp.kron(sp.csr_matrix(X).T, sp.identity(X.shape[0], dtype=complex)))


@dataclass(frozen=True, eq=False)
class PairGenerator:
    """Eq. (P1) of the module docstring: 𝓛 = 𝓛_1 ⊗ 1 + 1 ⊗ 𝓛_2 + Σ_k c_k A_k ⊗ B_k on R[i_1, i_2].

    ``single``: (𝓛_1, 𝓛_2), sparse n² × n²; ``couplings``: (c_k, A_k, B_k); ``operators``: the Hilbert-space
    coupling terms (g, X_1, X_2) of H = ... + Σ g X_1 X_2 they come from (the preconditioner's basis choice).
    """

    N: int
    single: tuple[sp.csr_matrix, sp.csr_matrix]
    couplings: tuple[tuple[complex, sp.csr_matrix, sp.csr_matrix], ...]
    operators: tuple[tuple[complex, sp.csr_matrix, sp.csr_matrix], ...]
    name: str = "pair"

    @property
    def n2(self) -> int:
        return (self.N + 1) ** 2

    @property
    def size(self) -> int:
        return self.n2 ** 2

    @cached_property
    def matrix(self) -> sp.csr_matrix:
        """Eq. (P1) assembled in pair order (x = R.ravel(), ensemble 1's index slow): one sparse product is ~3x
        faster than the Kronecker factors applied in turn (N = 30: 24 vs 72 ms; 1.7e7 nonzeros, built in 2 s)."""
        L1, L2 = self.single
        one = sp.identity(self.n2, dtype=complex, format="csr")
        K = sp.kron(L1, one, format="csr") + sp.kron(one, L2, format="csr")
        for c, A, B in self.couplings:
            K = K + c * sp.kron(A, B, format="csr")
        K = sp.csr_matrix(K)
        K.sort_indices()
        return K

    def matvec(self, x: np.ndarray) -> np.ndarray:
        """𝓛x in pair order."""
        return self.matrix @ x

    def apply(self, R: np.ndarray) -> np.ndarray:
        """𝓛 on the matrix form R[i_1, i_2]: 𝓛_1 R + R 𝓛_2ᵀ + Σ c_k A_k R B_kᵀ."""
        return self.matvec(np.ascontiguousarray(R).ravel()).reshape(self.n2, self.n2)

    def swapped(self) -> "PairGenerator":
        """The same generator with the ensembles exchanged (acts on Rᵀ)."""
        return PairGenerator(self.N, self.single[::-1], tuple((c, B, A) for c, A, B in self.couplings),
                             tuple((g, X2, X1) for g, X1, X2 in self.operators), self.name)

    # ----- the order of CollectiveSpace(N, 2): x[r + D c], r = k_1 n + k_2, c = k_1' n + k_2' ---------------

    def to_space(self, x: np.ndarray) -> np.ndarray:
        """Pair order → the flat vector of :class:`CollectiveSpace` (N, 2 ensembles)."""
        n = self.N + 1
        return np.ascontiguousarray(np.asarray(x).reshape(n, n, n, n).transpose(0, 2, 1, 3)).ravel()

    def from_space(self, x: np.ndarray) -> np.ndarray:
        n = self.N + 1
        return np.ascontiguousarray(np.asarray(x).reshape(n, n, n, n).transpose(0, 2, 1, 3)).ravel()

    def trace_weights(self) -> np.ndarray:
        one = np.eye(self.N + 1).reshape(-1, order="F")
        return np.kron(one, one)


def pair_generator(model: Model, N: int) -> PairGenerator:
    """Eq. (P1) for a purely collective, static model of two ensembles without a boson mode."""
    check_collective(model)
    if model.n_ensembles != 2 or model.modes:
        raise ModelError(f"model '{model.name}': the pair representation needs exactly two ensembles and no mode")
    one = CollectiveSpace(N, 1)
    n = N + 1
    H = [sp.csr_matrix((n, n), dtype=complex) for _ in range(2)]
    operators = []
    for term in model.hamiltonian:
        if term.modulation is not None:
            raise ModelError(f"model '{model.name}' is time-dependent: it has no steady state")
        ensembles = {f.ensemble for f in term.factors}
        ops = [one.collective(f.matrix, 0) for f in term.factors]
        scale = complex(term.coefficient) * float(N) ** (1 - len(ops))
        if len(ensembles) == 1:
            prod = sp.identity(n, dtype=complex, format="csr")
            for op in ops:
                prod = prod @ op
            H[term.factors[0].ensemble] = H[term.factors[0].ensemble] + scale * prod
        elif len(ops) == 2:
            X = {f.ensemble: op for f, op in zip(term.factors, ops)}
            operators.append((scale, X[0], X[1]))
        else:
            raise ModelError(f"model '{model.name}': a term couples the ensembles through more than one operator "
                             "each; the pair representation takes products X_1 X_2 only")
    jumps: list[list] = [[], []]
    for diss in model.collective:
        jumps[diss.ensemble] += dissipator_jumps(diss, one, N, ensemble=0)
    single = tuple(lindblad_superoperator(H[e], jumps[e]) for e in range(2))
    couplings = []
    for g, X1, X2 in operators:
        # -i[g X1 X2, ρ] = -ig (l(X1) ⊗ l(X2) - r(X1) ⊗ r(X2))
        couplings += [(-1j * g, _left(X1), _left(X2)), (1j * g, _right(X1), _right(X2))]
    return PairGenerator(N, single, tuple(couplings), tuple(operators), name=model.name)


def _basis(U: np.ndarray, R: np.ndarray) -> np.ndarray:
    """V(U)† R for V(U) = Ū ⊗ U, i.e. ρ ↦ U†ρU applied to every column of R (n² × m, rows column-stacked)."""
    n = U.shape[0]
    m = R.shape[1]
    if not np.iscomplexobj(U):  # real U: real products on the (re, im) pairs
        R = np.ascontiguousarray(R).view(float)
        T = R.reshape(n, n, 2 * m)
        T1 = np.matmul(U.T[None, :, :], T)
        return (U.T @ T1.reshape(n, 2 * n * m)).reshape(n * n, 2 * m).view(complex)
    T = R.reshape(n, n, m)  # T[k', k, :] = ρ[k, k']
    T1 = np.matmul(U.conj().T[None, :, :], T)  # [k', a, :] = Σ_k conj(U[k, a]) ρ[k, k']
    return (U.T @ T1.reshape(n, n * m)).reshape(n * n, m)  # [(b, a)] = (U†ρU)[a, b]


def _transposition(n: int) -> np.ndarray:
    """i ↦ i† on one ensemble's column-stacked index i = k + n k' (ρ[k, k'] ↦ ρ[k', k])."""
    i = np.arange(n * n)
    return (i // n) + n * (i % n)


class BlockPreconditioner:
    """M_e⁻¹ of Eq. (P2) for ensemble e = 0 (apply to R) built from a :class:`PairGenerator`; for e = 1 build it
    from ``generator.swapped()`` and apply it to Rᵀ.

    The inputs are Hermitian (R[i_1, i_2] = conj R[i_1†, i_2†]) and M_e maps Hermitian to Hermitian with the block
    of |b⟩⟨a| the conjugate of that of |a⟩⟨b|, so only the blocks a ≤ b are factored and solved: about half.
    ``drop_tol``: None for exact LU (SuperLU), else the drop tolerance of an incomplete LU (spilu) of the blocks:
    a preconditioner need not be exact, and the fill, which the solves are bound by, halves at 5e-2 for two more
    GMRES iterations (N = 16).
    """

    def __init__(self, generator: PairGenerator, drop_tol: Optional[float] = None, threads: int = 1):
        g = generator
        n, n2 = g.N + 1, g.n2
        if g.operators:
            weight = [abs(c) * spla.norm(X1) for c, X1, _ in g.operators]
            X = g.operators[int(np.argmax(weight))][1].toarray()
        else:  # uncoupled: any basis is exact
            X = np.diag(np.arange(n, dtype=float))
        if not np.allclose(X, X.conj().T, atol=1e-12 * max(1.0, np.abs(X).max())):
            raise ModelError("the dominant coupling operator is not Hermitian")
        # S^x, S^z are real: a real basis halves the cost of the basis changes
        _, self.U = np.linalg.eigh(X.real if not np.abs(X.imag).any() else X)
        V = np.kron(self.U.conj(), self.U)
        i1 = np.arange(n2)
        self.rows = i1[i1 % n <= i1 // n]  # |a⟩⟨b| with a ≤ b (i_1 = a + n b)
        strict = self.rows[self.rows % n < self.rows // n]
        self.strict, self.strict_at = _transposition(n)[strict], np.searchsorted(self.rows, strict)
        self.t2 = _transposition(n)
        Vs = V[:, self.rows]

        def diag(A):
            return np.einsum("ij,ij->j", Vs.conj(), A @ Vs)

        L1, L2 = g.single
        m = self.rows.size
        M = sp.kron(sp.identity(m, dtype=complex), L2) + sp.kron(sp.diags(diag(L1)), sp.identity(n2, dtype=complex))
        for c, A, B in g.couplings:
            d = c * diag(A)
            if np.abs(d).max() > 1e-13 * max(1.0, abs(c)):
                M = M + sp.kron(sp.diags(d), B)
        M = sp.csc_matrix(M)
        # M is block diagonal (one block per |a⟩⟨b|): ``threads`` groups of blocks are factored and solved apart,
        # at once (SuperLU releases the GIL; N = 30: the solves are ~60 % of the time)
        parts = max(1, min(int(threads), m))
        self.bounds = np.linspace(0, m, parts + 1).astype(int) * n2
        self.pool = ThreadPoolExecutor(parts) if parts > 1 else None

        def factor(span):
            A = M[span[0]:span[1], span[0]:span[1]]
            return spla.splu(A) if drop_tol is None else spla.spilu(A, drop_tol=drop_tol, fill_factor=20)

        spans = list(zip(self.bounds[:-1], self.bounds[1:]))
        self.lus = list(self.pool.map(factor, spans) if self.pool else map(factor, spans))
        self.fill = int(sum(lu.L.nnz + lu.U.nnz for lu in self.lus))

    def _solve(self, b: np.ndarray) -> np.ndarray:
        pieces = [b[s:e] for s, e in zip(self.bounds[:-1], self.bounds[1:])]
        if self.pool is None:
            return self.lus[0].solve(b)
        return np.concatenate(list(self.pool.map(lambda lu, r: lu.solve(r), self.lus, pieces)))

    def __call__(self, R: np.ndarray) -> np.ndarray:
        n2 = R.shape[0]
        Rt = _basis(self.U, R)
        Y = np.empty((n2, n2), dtype=complex)
        half = self._solve(np.ascontiguousarray(Rt[self.rows]).ravel()).reshape(-1, n2)
        Y[self.rows] = half
        Y[self.strict] = half[self.strict_at][:, self.t2].conj()
        return _basis(self.U.conj().T if np.iscomplexobj(self.U) else self.U.T, Y)


def _factor_single(L: sp.csr_matrix, n: int) -> np.ndarray:
    """Steady state of one single-ensemble Liouvillian (direct LU, trace-anchored), Tr = 1."""
    A = sp.lil_matrix(L)
    A[0, :] = np.eye(n).reshape(1, -1, order="F")
    b = np.zeros(n * n, dtype=complex)
    b[0] = 1.0
    return spla.spsolve(sp.csc_matrix(A), b)


def _hermitian(g: PairGenerator, x: np.ndarray) -> np.ndarray:
    """(ρ + ρ†)/2 with Tr ρ = 1 in pair order (ρ†[i_1, i_2] = conj ρ at the transposed single-ensemble indices)."""
    n = g.N + 1
    T = x.reshape(n, n, n, n)  # [k1', k1, k2', k2]
    x = (T + T.transpose(1, 0, 3, 2).conj()).ravel() / 2
    return x / (g.trace_weights() @ x)


class _HermitianCoordinates:
    """Real coordinates of a Hermitian pair vector (pair order): the real diagonal-partner entries, then √2 Re and
    √2 Im of one of each pair of partners ρ ↔ ρ†, so that the real 2-norm is the complex one. GMRES runs on
    these: half the memory and Gram-Schmidt of complex vectors, and no anti-Hermitian part, which the half-block
    preconditioner does not see, can grow from round-off."""

    def __init__(self, n: int):
        n2 = n * n
        t = _transposition(n)
        j = np.arange(n2 * n2)
        partner = t[j // n2] * n2 + t[j % n2]
        self.real = np.flatnonzero(partner == j)
        self.rep = np.flatnonzero(j < partner)
        self.partner = partner[self.rep]
        self.size = j.size

    def to_real(self, x: np.ndarray) -> np.ndarray:
        s = np.sqrt(2.0)
        y = x[self.rep]
        return np.concatenate([x[self.real].real, s * y.real, s * y.imag])

    def to_complex(self, u: np.ndarray) -> np.ndarray:
        k, m = self.real.size, self.rep.size
        x = np.empty(self.size, dtype=complex)
        x[self.real] = u[:k]
        y = (u[k:k + m] + 1j * u[k + m:]) / np.sqrt(2.0)
        x[self.rep] = y
        x[self.partner] = y.conj()
        return x


class PairSolver:
    """The preconditioned GMRES of the module docstring, built once for a generator: the NESS
    (:meth:`steady_state`) and solutions of 𝓛y = v for traceless Hermitian v (:meth:`solve`, the shift-invert
    Arnoldi of :func:`pair_slowest_eigenvalues`). ``start`` (pair order, Tr = 1): the uncoupled product NESS, or
    the state given; every preconditioned vector is projected onto Tr = 0 along it."""

    def __init__(self, generator: PairGenerator, drop_tol: Optional[float] = DROP_TOL,
                 start: Optional[np.ndarray] = None, restart: int = RESTART, threads: Optional[int] = None):
        t0 = time.perf_counter()
        g = self.generator = generator
        n = g.N + 1
        self.w = g.trace_weights()
        if start is None:
            start = np.kron(_factor_single(g.single[0], n), _factor_single(g.single[1], n))
        self.start = start / (self.w @ start)
        threads = available_threads() if threads is None else threads
        self.P1 = BlockPreconditioner(g, drop_tol, threads)
        self.P2 = BlockPreconditioner(g.swapped(), drop_tol, threads)
        self.coords = _HermitianCoordinates(n)
        self.restart = restart
        self.iterations = 0
        self.build_seconds = time.perf_counter() - t0

    def precondition(self, v: np.ndarray) -> np.ndarray:
        g, n2 = self.generator, self.generator.n2
        R = v.reshape(n2, n2)
        z = self.P1(R)
        r = R - g.apply(z)
        z += self.P2(r.T).T
        z = z.ravel()
        return z - self.start * (self.w @ z)

    def _F(self, u: np.ndarray) -> np.ndarray:
        # (𝓛M⁻¹ - 1) on the real coordinates of Hermitian vectors (the form of permqs.solvers.krylov)
        c = self.coords
        return c.to_real(self.generator.matvec(self.precondition(c.to_complex(u)))) - u

    def _correct(self, x: np.ndarray, rhs: Optional[np.ndarray], target: float, maxiter: int) -> np.ndarray:
        """x + M⁻¹u with u from one GMRES cycle on rhs - 𝓛x."""
        r = -self.generator.matvec(x) if rhs is None else rhs - self.generator.matvec(x)
        count = [self.iterations]
        u = gmres_cycle(self._F, self.coords.to_real(r), target, self.restart, maxiter, count)
        self.iterations = count[0]
        return x + self.precondition(self.coords.to_complex(u))

    def steady_state(self, tol: float = DEFAULT_TOL, maxiter: int = 1000) -> tuple[np.ndarray, float]:
        """(x, ‖𝓛x‖/‖x‖), x Hermitian with Tr = 1 in pair order."""
        g = self.generator
        x, achieved = self.start, np.inf
        while self.iterations < maxiter:
            # ‖rhs‖ = ‖𝓛x‖: aim at half of tol·‖x‖ so that the normalized residual lands below tol
            x = _hermitian(g, self._correct(x, None, 0.5 * tol * np.linalg.norm(x), maxiter))
            achieved = float(np.linalg.norm(g.matvec(x)) / np.linalg.norm(x))
            if not np.isfinite(achieved) or achieved <= tol:
                break
        return x, achieved

    def solve(self, v: np.ndarray, rtol: float = 1e-10, maxiter: int = 1000) -> np.ndarray:
        """y with 𝓛y = v and Tr y = 0, for traceless Hermitian v (pair order); raises ConvergenceError if
        ‖v - 𝓛y‖ > rtol ‖v‖ after maxiter further iterations."""
        y = np.zeros_like(v)
        limit = self.iterations + maxiter
        norm = np.linalg.norm(v)
        while self.iterations < limit:
            y = self._correct(y, v, 0.5 * rtol * norm, limit)
            achieved = np.linalg.norm(v - self.generator.matvec(y)) / norm
            if achieved <= rtol:
                return y
        raise ConvergenceError(f"pair solve: residual {achieved:.2e} above {rtol:.0e} after {maxiter} iterations")


def pair_steady_state(generator: PairGenerator, tol: float = DEFAULT_TOL, maxiter: int = 1000, restart: int = RESTART,
                      x0: Optional[np.ndarray] = None, drop_tol: Optional[float] = DROP_TOL,
                      threads: Optional[int] = None) -> SteadyStateResult:
    """NESS of Eq. (P1) by GMRES right-preconditioned with M_1 then M_2 (module docstring).

    ``x`` of the result is in the order of :class:`CollectiveSpace` (N, 2), Hermitian and of unit trace;
    ``residual`` = ‖𝓛x‖₂/‖x‖₂ with the operator of Eq. (P1) (identical to :func:`collective_generator`'s, tested).
    ``x0`` (space order): a starting state, e.g. a nearby parameter's NESS. Memory: the block factors (~20 M
    nonzeros at N = 30) and ``restart`` + 1 real Krylov vectors of (N+1)⁴ entries. ``threads`` (default
    :func:`permqs.solvers.resources.available_threads`): groups of preconditioner blocks solved at once, BLAS then
    single-threaded (N = 30 on 2 cores: 45 s against 64 s with one thread).
    """
    t0 = time.perf_counter()
    g = generator
    start = None if x0 is None else g.from_space(np.asarray(x0, dtype=complex))
    threads = available_threads() if threads is None else threads
    with blas_threads(1) if threads > 1 else nullcontext():
        solver = PairSolver(g, drop_tol, start, restart, threads)
        x, achieved = solver.steady_state(tol, maxiter)
    x = g.to_space(x)
    if not np.isfinite(achieved):
        status = BREAKDOWN
    else:
        status = CONVERGED if achieved <= tol else MAXITER
    detail = (f"residual {achieved:.3e} (tol {tol:.1e}) after {solver.iterations} iterations (pair block GMRES, "
              f"{g.size} unknowns)")
    return SteadyStateResult(status, status_message(status, f"steady state of '{g.name}'", detail), achieved,
                             solver.iterations, time.perf_counter() - t0, "pair-block-gmres",
                             {"build_seconds": solver.build_seconds, "fill": solver.P1.fill + solver.P2.fill,
                              "restart": restart}, x=x)


def pair_slowest_eigenvalues(generator: PairGenerator, k: int = 4, tol: float = 1e-8, inner_rtol: float = 1e-10,
                             drop_tol: Optional[float] = DROP_TOL, ncv: Optional[int] = None,
                             threads: Optional[int] = None) -> SpectrumResult:
    """The k non-zero eigenvalues of 𝓛 nearest 0 by shift-invert Arnoldi at σ = 0 on the traceless operators
    (where 𝓛 is invertible when the NESS is unique), each 𝓛⁻¹v by :meth:`PairSolver.solve`.

    𝓛 maps Hermitian operators to Hermitian ones, so ARPACK runs on the real matrix of 𝓛⁻¹ in the real
    coordinates of Hermitian operators (conjugate pairs λ, λ̄ both come out); the complex eigenvector is
    h(a) + i h(b) for a real-coordinate eigenvector a + ib. Nearest 0 is not slowest in general: a mode of large
    |Im λ| can have a larger Re λ than the k-th nearest (Fig. 3 pair, N = 5, ω_zz = 1: -0.833 ± 1.847i against
    -0.971). The gap λ_1 of the pair is real and near 0 (N = 8: -0.19768), and it is the first one returned at
    N = 5 for both ω_zz (dense check in the tests). ``residuals``: ‖𝓛v - λv‖/(‖𝓛‖₁‖v‖), space order.
    ``threads``: as in :func:`pair_steady_state`.
    """
    t0 = time.perf_counter()
    g = generator
    threads = available_threads() if threads is None else threads
    solver = PairSolver(g, drop_tol, threads=threads)
    c = solver.coords
    m = g.size
    solves = [0]

    def apply(u):
        solves[0] += 1
        v = c.to_complex(np.asarray(u, dtype=float).ravel())
        v = v - solver.start * (solver.w @ v)  # the traceless part: 𝓛 is invertible there
        return c.to_real(solver.solve(v, inner_rtol))

    op = spla.LinearOperator((m, m), matvec=apply, dtype=float)
    try:
        with blas_threads(1) if threads > 1 else nullcontext():
            nu, vecs = spla.eigs(op, k=k, which="LM", tol=1e-9, ncv=ncv)
    except ConvergenceError as error:
        return SpectrumResult(BREAKDOWN, status_message(BREAKDOWN, f"spectrum of '{g.name}'", str(error)), np.inf,
                              solves[0], time.perf_counter() - t0, "pair-shift-invert-arnoldi")
    vals = 1 / nu
    X = np.column_stack([c.to_complex(v.real) + 1j * c.to_complex(v.imag) for v in vecs.T])
    order = np.argsort(-vals.real, kind="stable")
    vals, X = vals[order], X[:, order]
    norm = float(abs(g.matrix).sum(axis=0).max())
    res = np.linalg.norm(g.matrix @ X - X * vals[None, :], axis=0) / (norm * np.linalg.norm(X, axis=0))
    worst = float(res.max())
    status = CONVERGED if worst <= tol else UNRELIABLE
    X = np.column_stack([g.to_space(x) for x in X.T])
    detail = f"{k} eigenvalues nearest 0, max residual {worst:.2g} ({solves[0]} solves, {solver.iterations} GMRES its)"
    return SpectrumResult(status, status_message(status, f"spectrum of '{g.name}'", detail), worst, solves[0],
                          time.perf_counter() - t0, "pair-shift-invert-arnoldi",
                          {"gmres_iterations": solver.iterations}, eigenvalues=vals, eigenvectors=X, residuals=res)
