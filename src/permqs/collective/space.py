"""Hilbert and Liouville space of purely collective models (paper 002, Eqs. 1-5).

M ensembles of N spins-1/2, each confined to its symmetric sector J = N/2 (dimension N + 1, basis
m = J, J-1, ..., -J as :func:`permqs.operators.spin_matrices`), times one boson mode truncated to the Fock states
n = 0 .. d_b - 1. Every operator of a collective model conserves each S_i² (paper 002, after Eq. 2), so the
symmetric sector is exact for symmetric initial states such as spin coherent states.

Tensor order: ensemble 0 ⊗ ensemble 1 ⊗ ... ⊗ boson (the first factor is the slowest index). Density
matrices are flattened column by column, x[r + D c] = ρ[r, c], so that vec(XρY) = (Yᵀ ⊗ X) vec(ρ).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from ..errors import ModelError
from ..operators import spin_matrices


def kron_all(ops: list[sp.spmatrix]) -> sp.csr_matrix:
    out = ops[0]
    for op in ops[1:]:
        out = sp.kron(out, op, format="csr")
    return sp.csr_matrix(out)


@dataclass(frozen=True)
class CollectiveSpace:
    """⊗_e C^(N+1) ⊗ C^(d_b): ``n_ensembles`` symmetric sectors of N spins each and a Fock space of dimension
    ``boson_dim`` (0: no mode). ``n_ensembles`` may be 0 for a boson-only model (paper 002 Eq. 15)."""

    N: int
    n_ensembles: int = 1
    boson_dim: int = 0

    def __post_init__(self):
        if self.N < 1:
            raise ModelError(f"N must be >= 1, got {self.N}")
        if self.n_ensembles < 0 or self.boson_dim < 0:
            raise ModelError("n_ensembles and boson_dim must be >= 0")
        if self.n_ensembles == 0 and self.boson_dim == 0:
            raise ModelError("a space needs at least one ensemble or a boson mode")
        if self.boson_dim == 1:
            raise ModelError("boson_dim = 1 keeps only the vacuum; use >= 2 (or 0 for no mode)")

    @property
    def dims(self) -> tuple[int, ...]:
        return (self.N + 1,) * self.n_ensembles + ((self.boson_dim,) if self.boson_dim else ())

    @property
    def dim(self) -> int:
        return int(np.prod(self.dims))

    @property
    def S(self) -> float:
        """Spin length S = N/2 of each ensemble (paper 002 notation)."""
        return self.N / 2

    def _embed(self, op: sp.spmatrix, slot: int) -> sp.csr_matrix:
        ops = [sp.identity(d, dtype=complex, format="csr") for d in self.dims]
        ops[slot] = sp.csr_matrix(op, dtype=complex)
        return kron_all(ops)

    def _check_ensemble(self, e: int) -> None:
        if e not in range(self.n_ensembles):
            raise ModelError(f"ensemble {e} does not exist (space has {self.n_ensembles})")

    @cached_property
    def _single_spin(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return spin_matrices(self.N + 1)

    def spin(self, e: int) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
        """(S_e^x, S_e^y, S_e^z) on the full space (paper 002 Eq. 2, S_i^α = Σ_k σ^α_{i,k}/2)."""
        self._check_ensemble(e)
        return tuple(self._embed(sp.csr_matrix(s), e) for s in self._single_spin)

    def collective(self, A: np.ndarray, e: int) -> sp.csr_matrix:
        """V_e[A] = Σ_{k ∈ e} A^(k) = A00 (N/2 + Jz) + A11 (N/2 - Jz) + A01 J+ + A10 J- (as permqs.dicke)."""
        self._check_ensemble(e)
        A = np.asarray(A, dtype=complex)
        if A.shape != (2, 2):
            raise ModelError(f"collective operators need a 2x2 single-site matrix, got {A.shape}")
        jx, jy, jz = self._single_spin
        jp, jm = jx + 1j * jy, jx - 1j * jy
        one = np.eye(self.N + 1)
        v = A[0, 0] * (self.N / 2 * one + jz) + A[1, 1] * (self.N / 2 * one - jz) + A[0, 1] * jp + A[1, 0] * jm
        return self._embed(sp.csr_matrix(v), e)

    def destroy(self) -> sp.csr_matrix:
        """Boson annihilation operator a (truncated: a|n⟩ = √n |n-1⟩, n < d_b)."""
        if not self.boson_dim:
            raise ModelError("this space has no boson mode")
        a = sp.diags(np.sqrt(np.arange(1, self.boson_dim)), 1, dtype=complex)
        return self._embed(a, self.n_ensembles)

    def identity(self) -> sp.csr_matrix:
        return sp.identity(self.dim, dtype=complex, format="csr")

    # ----- Liouville-space structure (flat vector x, column stacking) -----------------------------------

    @property
    def size(self) -> int:
        """Number of unknowns D² of ρ."""
        return self.dim ** 2

    def vec(self, rho: np.ndarray) -> np.ndarray:
        return np.asarray(rho, dtype=complex).reshape(-1, order="F")

    def unvec(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(x).reshape(self.dim, self.dim, order="F")

    def _labels(self) -> np.ndarray:
        """(n_factors, D) integer label of every basis state: k (m = J - k) for spins, n for the boson."""
        return np.array(np.unravel_index(np.arange(self.dim), self.dims))

    @cached_property
    def coherence_orders(self) -> np.ndarray:
        """(n_factors, D²) int: q_e = m_e - m_e' per ensemble and n - n' for the boson, of every unknown ρ[r, c].

        A collective decay D[S_e^-] and the fields along z conserve every q_e; S^x moves q_e by ±1; (a + a†)
        moves the boson's by ±1.
        """
        lab = self._labels()
        r = np.tile(np.arange(self.dim), self.dim)
        c = np.repeat(np.arange(self.dim), self.dim)
        q = np.empty((len(self.dims), self.size), dtype=np.int64)
        for f in range(len(self.dims)):
            if f < self.n_ensembles:
                q[f] = lab[f][c] - lab[f][r]  # m = J - k, so m_r - m_c = k_c - k_r
            else:
                q[f] = lab[f][r] - lab[f][c]
        return q

    @property
    def grade(self) -> np.ndarray:
        """Total coherence order q = Σ_e (m_e - m_e') + (n - n'): the grading of the shared solvers."""
        return self.coherence_orders.sum(axis=0)

    @cached_property
    def partner(self) -> np.ndarray:
        """x[partner[i]] = conj(x[i]) for Hermitian ρ: ρ[c, r] = conj(ρ[r, c])."""
        i = np.arange(self.size)
        r, c = i % self.dim, i // self.dim
        return c + self.dim * r

    @cached_property
    def trace_weights(self) -> np.ndarray:
        """w with Tr ρ = w @ x."""
        w = np.zeros(self.size)
        w[np.arange(self.dim) * (self.dim + 1)] = 1.0
        return w

    def expectation_row(self, op: sp.spmatrix) -> sp.csr_matrix:
        """Row vector w (1 × D²) with Tr(op ρ) = w @ x: w[r + D c] = op[c, r]."""
        return sp.csr_matrix(sp.csr_matrix(op).T.reshape((1, self.size), order="F"))
