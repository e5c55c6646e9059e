"""A permutation-invariant state of N d-level units, ρ = Σ_n c_n E_n (paper 004 Sec. IV; basis in :mod:`.basis`).

The attribute names ``occupations`` (int (M, d, d)), ``coefficients`` (complex (M,)), ``N`` and ``d`` are the
interface the information functions (purity, negativity; issue 13) read.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .basis import PIBasis
from .generator import collective_operator


@dataclass(frozen=True, eq=False)
class PIState:
    """ρ = Σ_n coefficients[n] E_{occupations[n]} (E_n: sum of all words with occupation matrix n)."""

    N: int
    d: int
    coefficients: np.ndarray

    @cached_property
    def basis(self) -> PIBasis:
        return PIBasis(self.N, self.d)

    @cached_property
    def occupations(self) -> np.ndarray:
        """int64 (M, d, d): occupations[n, a, b] = number of sites in |a⟩⟨b| (a, b: index of m = j - a)."""
        return self.basis.occupations.reshape(-1, self.d, self.d).astype(np.int64)

    def __post_init__(self):
        c = np.asarray(self.coefficients, dtype=complex)
        if c.shape != (PIBasis(self.N, self.d).size,):
            raise ValueError(f"expected {PIBasis(self.N, self.d).size} coefficients for (N, d) = ({self.N}, {self.d})")
        object.__setattr__(self, "coefficients", c)

    @property
    def trace(self) -> complex:
        return complex(self.basis.trace_weights @ self.coefficients)

    @property
    def hermiticity_error(self) -> float:
        """max |c_{nᵀ} - conj(c_n)| (E_n† = E_{nᵀ}, so ρ = ρ† iff c_{nᵀ} = conj c_n)."""
        c = self.coefficients
        return float(np.abs(c[self.basis.transpose_index] - c.conj()).max())

    def expectation(self, A: np.ndarray) -> complex:
        """Tr(V[A] ρ) for the collective operator V[A] = Σ_i A^(i) of a single-site d×d matrix A."""
        return complex(self.basis.trace_weights @ (collective_operator(self.basis, A) @ self.coefficients))

    def expectation2(self, A: np.ndarray, B: np.ndarray) -> complex:
        """Tr(V[A] V[B] ρ)."""
        b = self.basis
        return complex(b.trace_weights @ (collective_operator(b, A) @ (collective_operator(b, B) @ self.coefficients)))

    def dense(self) -> np.ndarray:
        """The d^N × d^N matrix (small N only: d^(2N) entries), sites ordered first = most significant."""
        N, d = self.N, self.d
        if d ** (2 * N) > 2 ** 26:
            raise MemoryError(f"dense ρ of {d ** N}² entries refused")
        words = np.indices((d * d,) * N).reshape(N, -1).T
        occ = np.zeros((words.shape[0], d * d), dtype=np.int64)
        for i in range(N):
            np.add.at(occ, (np.arange(words.shape[0]), words[:, i]), 1)
        vals = self.coefficients[self.basis.rank(occ)]
        a, b = np.divmod(words, d)
        place = d ** np.arange(N - 1, -1, -1)
        rho = np.zeros((d ** N, d ** N), dtype=complex)
        rho[(a * place).sum(1), (b * place).sum(1)] = vals
        return rho
