"""Sparse Lindblad generator of a purely collective :class:`permqs.model.Model` (paper 002, Eqs. 1-4).

From the model (see :mod:`permqs.model`):

    H(t) = Σ_terms c f(t) N^(1-k) V_e1[A_1]⋯V_ek[A_k] + ω a†a + Σ_couplings g f(t)/√N (a + a†) V_e[A]
    𝓓ρ  = Σ_collective (1/N) Σ_ab c_ab (V[A_a] ρ V[A_b]† - ½{V[A_b]† V[A_a], ρ}) + κ D[a]ρ

restricted to J = N/2 in every ensemble (:class:`CollectiveSpace`). The Kossakowski matrix is diagonalized,
c = Σ_k γ_k u_k u_k†, so each dissipator is Σ_k γ_k D[V[L_k]] with L_k = Σ_a u_ak A_a (V is linear): one
Kronecker product per jump instead of one per pair (a, b). With K = -iH - ½ Σ γ L†L,

    𝓛 = 1 ⊗ K + K̄ ⊗ 1 + Σ_k γ_k L̄_k ⊗ L_k          (vec(XρY) = (Yᵀ ⊗ X) vec ρ).

Terms with a modulation f(t) are collected per function object into 𝓛(t) = 𝓛₀ + Σ_k f_k(t) 𝓛_k.
Local (single-site) jumps break the J = N/2 restriction: such models raise :class:`ModelError` and belong to the
J-block representation (:mod:`permqs.dicke`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import scipy.sparse as sp

from ..errors import MemoryLimitError, ModelError
from ..model import Model
from .space import CollectiveSpace

# Hermiticity of H is checked to this relative accuracy (terms are sums of a few exact products).
_HERMITIAN_RTOL = 1e-12
# Kossakowski eigenvalues below this fraction of the largest are dropped (round-off of the diagonalization).
_KOSSAKOWSKI_RTOL = 1e-14
# Refuse generators with more nonzeros than this (≈ 16 bytes + 4 bytes index per entry: ~6 GB).
MAX_NNZ = 300_000_000


def hamiltonian_superoperator(H: sp.spmatrix) -> sp.csr_matrix:
    """-i[H, ·] on vec(ρ): -i (1 ⊗ H - Hᵀ ⊗ 1)."""
    H = sp.csr_matrix(H, dtype=complex)
    one = sp.identity(H.shape[0], dtype=complex, format="csr")
    return sp.csr_matrix(-1j * (sp.kron(one, H) - sp.kron(H.T, one)))


def lindblad_superoperator(H: sp.spmatrix, jumps: list[tuple[float, sp.spmatrix]]) -> sp.csr_matrix:
    """-i[H, ρ] + Σ γ (LρL† - ½{L†L, ρ}) on vec(ρ) (column stacking)."""
    H = sp.csr_matrix(H, dtype=complex)
    D = H.shape[0]
    K = -1j * H
    for gamma, L in jumps:
        L = sp.csr_matrix(L, dtype=complex)
        K = K - 0.5 * gamma * (L.conj().T @ L)
    one = sp.identity(D, dtype=complex, format="csr")
    out = sp.kron(one, K, format="csr") + sp.kron(K.conj(), one, format="csr")
    for gamma, L in jumps:
        L = sp.csr_matrix(L, dtype=complex)
        out = out + gamma * sp.kron(L.conj(), L, format="csr")
    out = sp.csr_matrix(out)
    out.eliminate_zeros()
    return out


def _check_hermitian(H: sp.csr_matrix, what: str) -> None:
    scale = max(abs(H).max() if H.nnz else 0.0, 1.0)
    dev = abs(H - H.conj().T).max() if H.nnz else 0.0
    if dev > _HERMITIAN_RTOL * scale:
        raise ModelError(f"{what} is not Hermitian (max |H - H†| = {dev:.3g}); write both a term and its conjugate")


@dataclass(frozen=True, eq=False)
class CollectiveGenerator:
    """𝓛(t) = 𝓛₀ + Σ_k f_k(t) 𝓛_k on vec(ρ) of :attr:`space` (column stacking).

    ``hamiltonians`` keeps H₀ and the modulated H_k (Hilbert-space operators), for observables and checks.
    """

    space: CollectiveSpace
    static: sp.csr_matrix
    parts: tuple[tuple[Callable[[float], float], sp.csr_matrix], ...] = ()
    hamiltonians: tuple[sp.csr_matrix, ...] = ()
    name: str = "collective"

    @property
    def is_time_dependent(self) -> bool:
        return bool(self.parts)

    @property
    def size(self) -> int:
        return self.static.shape[0]

    def at(self, t: float) -> sp.csr_matrix:
        """𝓛(t)."""
        out = self.static
        for f, Lk in self.parts:
            c = f(t)
            if c != 0:
                out = out + c * Lk
        return sp.csr_matrix(out)

    def restrict(self, indices: np.ndarray) -> "RestrictedGenerator":
        """𝓛 on an invariant subset of the unknowns (e.g. a parity sector); checked to be invariant."""
        idx = np.asarray(indices)
        rest = np.setdiff1d(np.arange(self.size), idx)
        mats = [self.static] + [Lk for _, Lk in self.parts]
        for L in mats:
            if len(rest) and sp.csr_matrix(L[rest][:, idx]).count_nonzero():
                raise ModelError("the index set is not invariant under the generator")
        sub = [sp.csr_matrix(L[idx][:, idx]) for L in mats]
        return RestrictedGenerator(self, idx, sub[0], tuple((f, M) for (f, _), M in zip(self.parts, sub[1:])))

    def problem(self, name: Optional[str] = None):
        """The :class:`permqs.solvers.GradedProblem` of this generator: grade = total coherence order
        Σ_e (m_e - m_e') + (n - n'), Hermitian partners ρ[r, c] ↔ ρ[c, r], trace on the diagonal, anchor ρ[0, 0],
        and the modulated parts."""
        from ..solvers import GradedProblem

        s = self.space
        return GradedProblem.from_matrix(self.static, grade=s.grade, reach=self.reach(), partner=s.partner,
                                         trace=s.trace_weights, anchor=0, name=name or self.name,
                                         modulations=self.parts)

    def reach(self) -> int:
        """Largest change |q - q'| of the total coherence order (:attr:`CollectiveSpace.grade`) over all parts."""
        q = self.space.grade
        r = 0
        for L in (self.static,) + tuple(Lk for _, Lk in self.parts):
            coo = L.tocoo()
            if coo.nnz:
                r = max(r, int(np.max(np.abs(q[coo.row] - q[coo.col]))))
        return r


@dataclass(frozen=True, eq=False)
class RestrictedGenerator:
    """𝓛₀, [(f_k, 𝓛_k)] of a :class:`CollectiveGenerator` on the invariant unknowns ``indices``."""

    parent: CollectiveGenerator
    indices: np.ndarray
    static: sp.csr_matrix
    parts: tuple[tuple[Callable[[float], float], sp.csr_matrix], ...]

    def embed(self, y: np.ndarray) -> np.ndarray:
        """The full flat vector that is ``y`` on ``indices`` and 0 elsewhere."""
        x = np.zeros(self.parent.size, dtype=complex)
        x[self.indices] = y
        return x


def _product(space: CollectiveSpace, factors, N: int) -> sp.csr_matrix:
    out = space.identity()
    for f in factors:
        out = out @ space.collective(f.matrix, f.ensemble)
    return sp.csr_matrix(out * float(N) ** (1 - len(factors)))


def dissipator_jumps(diss, space: CollectiveSpace, N: int, ensemble: Optional[int] = None
                     ) -> list[tuple[float, sp.csr_matrix]]:
    """[(γ_k/N, V[L_k])] of one collective dissipator (Eq. 4) from its diagonalized Kossakowski matrix, on
    ``ensemble`` of ``space`` (default: the dissipator's own)."""
    c = np.asarray(diss.kossakowski, dtype=complex)
    if not np.allclose(c, c.conj().T, atol=1e-14 * max(1.0, np.abs(c).max())):
        raise ModelError("Kossakowski matrix is not Hermitian")
    gam, U = np.linalg.eigh(c)
    top = max(np.abs(gam).max(), 1e-300)
    out = []
    for k in range(len(gam)):
        if abs(gam[k]) <= _KOSSAKOWSKI_RTOL * top:
            continue
        single = sum(U[a, k] * np.asarray(diss.operators[a], dtype=complex) for a in range(len(diss.operators)))
        out.append((gam[k] / N, space.collective(single, diss.ensemble if ensemble is None else ensemble)))
    return out


def check_collective(model: Model) -> None:
    """Raise :class:`ModelError` unless every process of ``model`` is collective, spins-1/2, with at most one mode."""
    problems = []
    if model.d != 2:
        problems.append(f"d = {model.d} (the collective representation is for spins-1/2)")
    if model.local:
        problems.append(f"{len(model.local)} local jump(s): local dissipation couples J = N/2 to smaller J and is "
                        "not collective; use the J-block representation (permqs.dicke)")
    if len(model.modes) > 1:
        problems.append(f"{len(model.modes)} boson modes (one is supported)")
    if problems:
        raise ModelError(f"model '{model.name}' is not a purely collective model: " + "; ".join(problems))


def collective_generator(model: Model, N: int, boson_dim: Optional[int] = None) -> CollectiveGenerator:
    """The generator of ``model`` with N spins per ensemble in J = N/2 and a Fock cutoff ``boson_dim``.

    ``boson_dim`` is required (≥ 2) when the model has a mode and must be omitted otherwise.
    """
    check_collective(model)
    if model.modes and not boson_dim:
        raise ModelError(f"model '{model.name}' has a boson mode: give its Fock cutoff boson_dim")
    if not model.modes and boson_dim:
        raise ModelError(f"model '{model.name}' has no boson mode, but boson_dim = {boson_dim} was given")
    space = CollectiveSpace(N, model.n_ensembles, boson_dim or 0)
    if space.n_ensembles == 0:
        raise ModelError("a Model always has spins; boson-only models are built by permqs.collective.effective_boson")
    D = space.dim
    # Estimated nonzeros: ≲ (2 + #jumps) Kronecker products of operators with a few diagonals each.
    estimate = 9 * D * D * (2 + 3 * len(model.collective) + (1 if model.modes else 0))
    if estimate > MAX_NNZ:
        raise MemoryLimitError(f"collective generator of '{model.name}' at N = {N}: ~{estimate:.3g} nonzeros "
                               f"exceed the limit {MAX_NNZ:.3g}")

    # Hamiltonian pieces, grouped by modulation function (None = static).
    groups: dict[int, list] = {}
    funcs: dict[int, Callable] = {}

    def add(f, op):
        key = 0 if f is None else id(f)
        funcs.setdefault(key, f)
        groups.setdefault(key, []).append(op)

    for term in model.hamiltonian:
        add(term.modulation, complex(term.coefficient) * _product(space, term.factors, N))
    if model.modes:
        a = space.destroy()
        mode = model.modes[0]
        add(None, mode.frequency * (a.conj().T @ a))
        for c in model.couplings:
            add(c.modulation, (c.strength / np.sqrt(N)) * ((a + a.conj().T) @ space.collective(c.factor.matrix,
                                                                                              c.factor.ensemble)))
    H0 = sp.csr_matrix((D, D), dtype=complex)
    for op in groups.get(0, []):
        H0 = H0 + op
    H0 = sp.csr_matrix(H0)
    _check_hermitian(H0, "the static Hamiltonian")

    jumps: list[tuple[float, sp.csr_matrix]] = []
    for diss in model.collective:
        jumps += dissipator_jumps(diss, space, N)
    if model.modes and model.modes[0].loss > 0:
        jumps.append((model.modes[0].loss, space.destroy()))

    static = lindblad_superoperator(H0, jumps)
    parts = []
    hams = [H0]
    for key, ops in groups.items():
        if key == 0:
            continue
        Hk = sp.csr_matrix(sum(ops[1:], ops[0]))
        _check_hermitian(Hk, "a modulated Hamiltonian part")
        parts.append((funcs[key], hamiltonian_superoperator(Hk)))
        hams.append(Hk)
    return CollectiveGenerator(space, static, tuple(parts), tuple(hams), name=model.name)
