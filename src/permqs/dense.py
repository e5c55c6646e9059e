"""Full tensor-product representation of any :class:`~permqs.model.Model`: the test oracle and a small-N backend.

Nothing here uses permutation symmetry: every operator of the master equation (paper 000 Eq. 1, paper 002
Eqs. 2-4, paper 003 Eqs. 1-3, paper 004 Eqs. 2-3, written once in :mod:`permqs.model`)

    H  = Σ_terms c·f(t)·N^(1-k) V_e1[A_1]⋯V_ek[A_k] + Σ_μ ω_μ a_μ†a_μ + Σ_couplings g·f(t)/√N (a_μ + a_μ†) V_e[A]
    𝓛ρ = -i[H, ρ] + Σ_coll (1/N) Σ_ab c_ab (V[A_a] ρ V[A_b]† - ½{V[A_b]† V[A_a], ρ})
          + Σ_local γ Σ_i D[L^(i)]ρ + Σ_μ κ_μ D[a_μ]ρ

is built from Kronecker products of the single-site matrices on the whole d^(N·E) × Π_μ n_μ Hilbert space,
so it is an independent check of every reduced engine (J blocks, d-level PI basis, mean field).

Conventions (the same as qutip's ``dims``):

* tensor factors, leftmost first: the N units of ensemble 0 (site i of ensemble e is factor e·N + i), then
  those of ensemble 1, ..., then one Fock space of dimension ``cutoff[μ]`` per boson mode (|0⟩, |1⟩, ...);
* vectorization is **row-major**, vec(ρ)[a·D + b] = ρ[a, b], so vec(X ρ Y) = (X ⊗ Yᵀ) vec(ρ) — the convention of
  :mod:`permqs.dicke.liouvillian`. qutip stacks columns (vec(X ρ Y) = (Yᵀ ⊗ X) vec(ρ)); :func:`to_column_stacking`
  converts a superoperator;
* the generator of a modulated model is split as 𝓛(t) = 𝓛₀ + Σ_k f_k(t) 𝓛_k, one k per distinct modulation
  function (the same callable object on several terms is one k).

Sizes are guarded: a Hilbert space above ``max_dim`` (default 4096) or a Liouvillian above ``max_superdim``
(default 4^8 = 65536, N = 8 spins-1/2) raises :class:`~permqs.errors.MemoryLimitError` naming the size; these are
oracles for small N, not solvers for production sizes.
"""
from __future__ import annotations

import time
from functools import cached_property, reduce
from typing import Callable, Optional, Sequence, Union

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .errors import ConvergenceError, MemoryLimitError, ModelError
from .model import Model
from .solvers.result import BREAKDOWN, CONVERGED, MAXITER, SteadyStateResult, status_message

#: Largest Hilbert-space dimension D a :class:`DenseSystem` accepts by default (d^N = 4096: 12 spins-1/2, 7 qutrits).
MAX_DIM = 4096
#: Largest Liouville-space dimension D² a Liouvillian is built for by default (4^8: 8 spins-1/2).
MAX_SUPERDIM = 4**8
#: Relative size of a negative Kossakowski eigenvalue still read as round-off when jump operators are formed.
_PSD_TOL = 1e-12

Operator = sp.csr_matrix
Modulation = Callable[[float], float]


def to_column_stacking(L: sp.spmatrix, dim: int) -> sp.csr_matrix:
    """A superoperator on row-major vec(ρ) rewritten for column-stacked vec(ρ) (qutip's convention).

    Row-major index a·D + b and column-stacked index a + b·D are exchanged by the same perfect shuffle on
    rows and columns.
    """
    idx = np.arange(dim * dim)
    a, b = np.divmod(idx, dim)
    perm = a + b * dim        # row-major position i holds column-stacked position perm[i]
    P = sp.csr_matrix((np.ones(idx.size), (perm, idx)), shape=(dim * dim, dim * dim))
    return (P @ sp.csr_matrix(L) @ P.T).tocsr()


def _superop_commutator(H: sp.spmatrix, eye: sp.spmatrix) -> sp.csr_matrix:
    """-i[H, ·] on row-major vec: -i(H ⊗ 1 - 1 ⊗ Hᵀ)."""
    return (-1j * (sp.kron(H, eye) - sp.kron(eye, H.T))).tocsr()


def _superop_sandwich(X: sp.spmatrix, Y: sp.spmatrix, eye: sp.spmatrix) -> sp.csr_matrix:
    """ρ ↦ X ρ Y† - ½{Y† X, ρ} on row-major vec: X ⊗ conj(Y) - ½ (Y†X) ⊗ 1 - ½ 1 ⊗ (Y†X)ᵀ."""
    YX = Y.conj().T @ X
    return (sp.kron(X, Y.conj()) - 0.5 * sp.kron(YX, eye) - 0.5 * sp.kron(eye, YX.T)).tocsr()


class DenseSystem:
    """The full-space objects of ``model`` for N units per ensemble and Fock cutoffs ``cutoff`` (one per mode).

    Operators are scipy CSR matrices on the D-dimensional space in the factor order of the module docstring.
    """

    def __init__(self, model: Model, N: int, cutoff: Union[int, Sequence[int], None] = None, *,
                 max_dim: int = MAX_DIM, max_superdim: int = MAX_SUPERDIM):
        if N < 1:
            raise ModelError(f"N must be >= 1, got {N}")
        n_modes = len(model.modes)
        if n_modes and cutoff is None:
            raise ModelError(f"model '{model.name}' has {n_modes} boson mode(s): give a Fock cutoff")
        cutoffs = () if not n_modes else ((int(cutoff),) * n_modes if np.isscalar(cutoff) else tuple(int(c) for c in cutoff))
        if len(cutoffs) != n_modes or any(c < 1 for c in cutoffs):
            raise ModelError(f"need one Fock cutoff >= 1 per boson mode ({n_modes}), got {cutoff}")
        self.model, self.N, self.cutoffs = model, N, cutoffs
        self.n_sites = N * model.n_ensembles
        self.dims: list[int] = [model.d] * self.n_sites + list(cutoffs)
        # Python ints: d^N overflows no fixed width before the guard sees it.
        self.dim = reduce(lambda x, y: x * y, self.dims, 1)
        self.max_superdim = max_superdim
        if self.dim > max_dim:
            raise MemoryLimitError(f"dense space of '{model.name}' at N={N}: Hilbert dimension {self.dim} "
                                   f"(dims {self.dims}) exceeds the limit {max_dim}")

    # -- single operators ------------------------------------------------------------------------
    def _embed(self, op: np.ndarray, factor: int) -> sp.csr_matrix:
        left = reduce(lambda x, y: x * y, self.dims[:factor], 1)
        right = self.dim // (left * self.dims[factor])
        return sp.kron(sp.kron(sp.identity(left, format="csr"), sp.csr_matrix(op)),
                       sp.identity(right, format="csr"), format="csr")

    @cached_property
    def identity(self) -> sp.csr_matrix:
        return sp.identity(self.dim, dtype=complex, format="csr")

    def site_operator(self, A: np.ndarray, site: int, ensemble: int = 0) -> sp.csr_matrix:
        """A^(i) acting on unit ``site`` of ``ensemble``."""
        A = np.asarray(A, dtype=complex)
        if A.shape != (self.model.d,) * 2:
            raise ModelError(f"single-site matrix of shape {A.shape}, model has d={self.model.d}")
        if not (0 <= site < self.N and 0 <= ensemble < self.model.n_ensembles):
            raise ModelError(f"site {site} of ensemble {ensemble} does not exist (N={self.N}, "
                             f"{self.model.n_ensembles} ensemble(s))")
        return self._embed(A, ensemble * self.N + site)

    def collective(self, A: np.ndarray, ensemble: int = 0) -> sp.csr_matrix:
        """V_e[A] = Σ_{i ∈ e} A^(i)."""
        return sum((self.site_operator(A, i, ensemble) for i in range(self.N)),
                   sp.csr_matrix((self.dim, self.dim), dtype=complex)).tocsr()

    def annihilation(self, mode: int = 0) -> sp.csr_matrix:
        """a_μ on the Fock space truncated at ``cutoff[μ]`` levels (a†a ≤ cutoff - 1)."""
        if not 0 <= mode < len(self.cutoffs):
            raise ModelError(f"mode {mode} does not exist ({len(self.cutoffs)} mode(s))")
        n = self.cutoffs[mode]
        a = np.diag(np.sqrt(np.arange(1, n, dtype=float)), k=1).astype(complex)
        return self._embed(a, self.n_sites + mode)

    # -- Hamiltonian and jumps -------------------------------------------------------------------
    def _product(self, term) -> sp.csr_matrix:
        out = self.identity
        for f in term.factors:
            out = out @ self.collective(f.matrix, f.ensemble)
        return out.tocsr()

    @cached_property
    def hamiltonian_parts(self) -> tuple[sp.csr_matrix, tuple[tuple[sp.csr_matrix, Modulation], ...]]:
        """(H₀, ((H_k, f_k), ...)) with H(t) = H₀ + Σ_k f_k(t) H_k; one k per distinct modulation callable."""
        N = self.N
        H0 = sp.csr_matrix((self.dim, self.dim), dtype=complex)
        parts: dict[int, list] = {}

        def add(op, f):
            nonlocal H0
            if f is None:
                H0 = H0 + op
            else:
                parts.setdefault(id(f), [sp.csr_matrix((self.dim, self.dim), dtype=complex), f])[0] += op

        for t in self.model.hamiltonian:
            add(t.coefficient * float(N) ** (1 - len(t.factors)) * self._product(t), t.modulation)
        for mu, mode in enumerate(self.model.modes):
            a = self.annihilation(mu)
            add(mode.frequency * (a.conj().T @ a), None)
        for c in self.model.couplings:
            a = self.annihilation(c.mode)
            add(c.strength / np.sqrt(N) * ((a + a.conj().T) @ self.collective(c.factor.matrix, c.factor.ensemble)),
                c.modulation)
        return H0.tocsr(), tuple((op.tocsr(), f) for op, f in parts.values())

    def hamiltonian(self, t: Optional[float] = None) -> sp.csr_matrix:
        """H(t); ``t=None`` is allowed only for a static model."""
        H0, parts = self.hamiltonian_parts
        if parts and t is None:
            raise ModelError(f"model '{self.model.name}' is modulated: give the time t")
        return (H0 + sum((f(t) * Hk for Hk, f in parts), sp.csr_matrix(H0.shape, dtype=complex))).tocsr()

    @cached_property
    def jump_operators(self) -> tuple[sp.csr_matrix, ...]:
        """Lindblad operators with 𝓓ρ = Σ_j (L_j ρ L_j† - ½{L_j†L_j, ρ}).

        A collective dissipator with Kossakowski matrix c = Σ_k λ_k u_k u_k† (Hermitian, λ ≥ 0) gives the jumps
        √(λ_k/N) Σ_a u_k[a] V[A_a]; a non-Hermitian or indefinite c has no such form (ModelError), though
        :attr:`liouvillian` still handles it.
        """
        N = self.N
        out = []
        for diss in self.model.collective:
            c = np.asarray(diss.kossakowski, dtype=complex)
            scale = max(np.abs(c).max(), 1e-300)
            if not np.allclose(c, c.conj().T, atol=_PSD_TOL * scale, rtol=0):
                raise ModelError(f"collective dissipator with a non-Hermitian Kossakowski matrix has no jump operators")
            lam, U = np.linalg.eigh(c)
            if lam.min() < -_PSD_TOL * scale:
                raise ModelError(f"Kossakowski matrix with eigenvalue {lam.min():.3e} < 0 has no jump operators")
            V = [self.collective(A, diss.ensemble) for A in diss.operators]
            for k in np.flatnonzero(lam > _PSD_TOL * scale):
                L = sum(U[a, k] * V[a] for a in range(len(V)))
                out.append((np.sqrt(lam[k] / N) * L).tocsr())
        for jump in self.model.local:
            if jump.rate == 0:
                continue
            ensembles = range(self.model.n_ensembles) if jump.ensemble is None else (jump.ensemble,)
            out += [np.sqrt(jump.rate) * self.site_operator(jump.operator, i, e) for e in ensembles for i in range(self.N)]
        for mu, mode in enumerate(self.model.modes):
            if mode.loss > 0:
                out.append(np.sqrt(mode.loss) * self.annihilation(mu))
        return tuple(out)

    # -- Liouvillian -----------------------------------------------------------------------------
    def _check_superdim(self) -> None:
        if self.dim**2 > self.max_superdim:
            raise MemoryLimitError(f"dense Liouvillian of '{self.model.name}' at N={self.N}: dimension "
                                   f"{self.dim}² = {self.dim**2} exceeds the limit {self.max_superdim}")

    @cached_property
    def liouvillian_parts(self) -> tuple[sp.csr_matrix, tuple[tuple[sp.csr_matrix, Modulation], ...]]:
        """(𝓛₀, ((𝓛_k, f_k), ...)) with 𝓛(t) = 𝓛₀ + Σ_k f_k(t) 𝓛_k on row-major vec(ρ).

        The dissipators are written straight from the Kossakowski form (not through :attr:`jump_operators`), so
        comparing with qutip's Liouvillian of (H, c_ops) checks the diagonalization too.
        """
        self._check_superdim()
        N, eye = self.N, self.identity
        H0, parts = self.hamiltonian_parts
        L0 = _superop_commutator(H0, eye)
        for diss in self.model.collective:
            V = [self.collective(A, diss.ensemble) for A in diss.operators]
            for a, Va in enumerate(V):
                for b, Vb in enumerate(V):
                    if diss.kossakowski[a, b] != 0:
                        L0 = L0 + (diss.kossakowski[a, b] / N) * _superop_sandwich(Va, Vb, eye)
        for jump in self.model.local:
            ensembles = range(self.model.n_ensembles) if jump.ensemble is None else (jump.ensemble,)
            for e in ensembles:
                for i in range(self.N):
                    Li = self.site_operator(jump.operator, i, e)
                    L0 = L0 + jump.rate * _superop_sandwich(Li, Li, eye)
        for mu, mode in enumerate(self.model.modes):
            a = self.annihilation(mu)
            L0 = L0 + mode.loss * _superop_sandwich(a, a, eye)
        return L0.tocsr(), tuple((_superop_commutator(Hk, eye), f) for Hk, f in parts)

    def liouvillian(self, t: Optional[float] = None) -> sp.csr_matrix:
        """𝓛(t) on row-major vec(ρ); ``t=None`` is allowed only for a static model."""
        L0, parts = self.liouvillian_parts
        if parts and t is None:
            raise ModelError(f"model '{self.model.name}' is modulated: give the time t")
        return (L0 + sum((f(t) * Lk for Lk, f in parts), sp.csr_matrix(L0.shape, dtype=complex))).tocsr()

    # -- qutip form ------------------------------------------------------------------------------
    def qobj(self, op) -> "qutip.Qobj":  # noqa: F821
        """An operator (D × D) as a qutip.Qobj with this system's dims; a sparse one stays sparse (CSR data), so
        qutip's Liouvillian and steadystate stay sparse too (a dense 4^7 Liouvillian takes 4 GB)."""
        import qutip

        op = sp.csr_matrix(op) if sp.issparse(op) else np.asarray(op)
        return qutip.Qobj(op, dims=[self.dims, self.dims])

    def qutip_hamiltonian(self):
        """H as a qutip.Qobj, or for a modulated model the list [H₀, [H_k, f_k], ...] for mesolve.

        f_k is passed as a function of t alone (qutip ≥ 5 accepts that signature).
        """
        H0, parts = self.hamiltonian_parts
        if not parts:
            return self.qobj(H0)
        return [self.qobj(H0)] + [[self.qobj(Hk), _qutip_coefficient(f)] for Hk, f in parts]

    def qutip_c_ops(self) -> list:
        """The jump operators as qutip.Qobj (see :attr:`jump_operators`)."""
        return [self.qobj(L) for L in self.jump_operators]

    # -- states and expectations -----------------------------------------------------------------
    def product_state(self, site_states: Sequence[np.ndarray], mode_states: Optional[Sequence] = None) -> np.ndarray:
        """ρ = ⊗_sites ρ_i ⊗ ⊗_modes ρ_μ as a dense D × D matrix.

        ``site_states``: one d × d density matrix or length-d ket per unit (N·E of them, ensemble 0 first), or a
        single one for every unit. ``mode_states``: one per mode, a density matrix, a ket or an integer Fock
        number (default: vacuum).
        """
        def dm(s, n):
            if np.isscalar(s):
                k = np.zeros(n, dtype=complex)
                k[int(s)] = 1
                s = k
            s = np.asarray(s, dtype=complex)
            s = np.outer(s, s.conj()) if s.ndim == 1 else s
            if s.shape != (n, n):
                raise ModelError(f"state of shape {s.shape} for a factor of dimension {n}")
            return s

        d = self.model.d
        if isinstance(site_states, np.ndarray) and site_states.ndim <= 2 and site_states.shape[-1] == d \
                and (site_states.ndim == 1 or site_states.shape[0] == d):
            site_states = [site_states] * self.n_sites
        if len(site_states) != self.n_sites:
            raise ModelError(f"need {self.n_sites} site states, got {len(site_states)}")
        mode_states = [0] * len(self.cutoffs) if mode_states is None else list(mode_states)
        if len(mode_states) != len(self.cutoffs):
            raise ModelError(f"need {len(self.cutoffs)} mode states, got {len(mode_states)}")
        factors = [dm(s, d) for s in site_states] + [dm(s, n) for s, n in zip(mode_states, self.cutoffs)]
        return reduce(np.kron, factors, np.ones((1, 1), dtype=complex))

    def expect(self, op, rho: np.ndarray) -> complex:
        """Tr(op ρ)."""
        rho = np.asarray(rho)
        return complex((op.T.multiply(rho)).sum()) if sp.issparse(op) else complex(np.einsum("ij,ji->", op, rho))

    def collective_expectation(self, A: np.ndarray, rho: np.ndarray, ensemble: int = 0) -> complex:
        """⟨V_e[A]⟩/N = Tr(V_e[A] ρ)/N (e.g. the magnetization m_z for A = σ_z)."""
        return self.expect(self.collective(A, ensemble), rho) / self.N

    def symmetrize(self, X: np.ndarray) -> np.ndarray:
        """Projection onto permutation-invariant operators: (Π_e 1/N!) Σ_π U_π X U_π†, π permuting the units of
        each ensemble separately (the bosons are untouched).

        Uses the coset factorization Σ_{S_n} π = (1 + Σ_{i<n} (i n)) Σ_{S_{n-1}} π: n - 1 transpositions per step,
        N(N-1)/2 axis swaps per ensemble instead of N! permutations.
        """
        X = np.asarray(X)
        D, k = self.dim, len(self.dims)
        if X.shape != (D, D):
            raise ModelError(f"operator of shape {X.shape}, space has dimension {D}")
        T = X.reshape(self.dims + self.dims)
        for e in range(self.model.n_ensembles):
            first = e * self.N
            for n in range(1, self.N):
                acc = T.copy()
                for i in range(n):
                    axes = list(range(2 * k))
                    for off in (0, k):
                        axes[off + first + i], axes[off + first + n] = axes[off + first + n], axes[off + first + i]
                    acc = acc + T.transpose(axes)
                T = acc / (n + 1)
        return T.reshape(D, D)

    # -- small-N steady state --------------------------------------------------------------------
    def steady_state(self, charge: Optional[np.ndarray] = None, tol: float = 1e-10) -> SteadyStateResult:
        """Stationary ρ of the static Liouvillian with Tr ρ = 1, by one sparse LU: a typed result whose ``state``
        is the D × D density matrix and ``x`` its row-major vec.

        ``charge``: optional real diagonal (length D) of a weakly conserved quantity Q (𝓛 commutes with
        ρ ↦ e^{iφQ} ρ e^{-iφQ}, e.g. V[σ_z] for the LMG model at h = 0): the solve keeps only the elements
        |a⟩⟨b| with Q_a = Q_b, where a unique steady state must lie. The residual ||𝓛 vec(ρ)||/||vec(ρ)|| is
        always that of the full Liouvillian, so a wrong ``charge`` fails the ``tol`` check (ConvergenceError,
        the result attached).
        """
        t0 = time.perf_counter()
        L = self.liouvillian()
        D = self.dim
        a, b = np.divmod(np.arange(D * D), D)
        keep = np.arange(D * D) if charge is None else np.flatnonzero(np.isclose(charge[a], charge[b], rtol=0, atol=1e-9))
        A = L[keep][:, keep].tolil()
        diagonal = np.flatnonzero(a[keep] == b[keep])
        # Replace one balance equation (they sum to zero) by Tr ρ = 1.
        A[diagonal[0], :] = 0
        A[diagonal[0], diagonal] = 1.0
        rhs = np.zeros(keep.size, complex)
        rhs[diagonal[0]] = 1.0
        x = spla.spsolve(A.tocsc(), rhs, permc_spec="MMD_AT_PLUS_A")
        vec = np.zeros(D * D, complex)
        vec[keep] = x
        residual = float(np.linalg.norm(L @ vec) / np.linalg.norm(vec))
        if not np.isfinite(residual):
            status, detail = BREAKDOWN, "non-finite solution (singular Liouvillian: steady state not unique?)"
        elif residual > tol:
            status, detail = MAXITER, f"residual {residual:.3e} above tol {tol:.1e}"
        else:
            status, detail = CONVERGED, f"residual {residual:.3e}"
        where = f"dense steady state of '{self.model.name}' at N={self.N}"
        result = SteadyStateResult(status, status_message(status, where, detail), residual, 1,
                                   time.perf_counter() - t0, "dense-splu" if charge is None else "dense-splu-sector",
                                   {"unknowns": int(keep.size)}, x=vec, state=vec.reshape(D, D))
        return result.raise_for_status(ConvergenceError)


def _qutip_coefficient(f: Modulation):
    """f(t) for qutip ≥ 5, which calls a coefficient function as f(t, **args); args is empty here."""
    def coefficient(t, **_):
        return f(t)
    return coefficient


def dense_system(model: Model, N: int, cutoff: Union[int, Sequence[int], None] = None, **limits) -> DenseSystem:
    """:class:`DenseSystem` of ``model`` (keyword ``max_dim`` / ``max_superdim`` raise the size guards)."""
    return DenseSystem(model, N, cutoff, **limits)
