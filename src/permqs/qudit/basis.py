"""Permutation-invariant operator basis of (C^d)^⊗N by occupation matrices (paper 004 Sec. IV; Refs. [93-95]).

A PI operator is ρ = Σ_n c_n E_n with

    E_n = Σ over all distinct words ⊗_{i=1}^N |a_i⟩⟨b_i| whose occupation is n_ab = #{i : (a_i, b_i) = (a, b)},

n a d×d matrix of non-negative integers summing to N. There are C(N + d² - 1, d² - 1) of them; c_n is the common
matrix element of every word of type n. Single-site index a follows :func:`permqs.operators.spin_matrices`:
level m_a = j - a (index 0 is the top level m = j).

Occupations are stored flat, cell k = a·d + b, in lexicographic order of (n_0, ..., n_{K-1}) (K = d²), and the
index of an occupation is computed by the combinatorial number system (:meth:`PIBasis.rank`), vectorized.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from math import comb

import numpy as np
from scipy.special import gammaln

from ..errors import ModelError


def pi_dimension(N: int, d: int) -> int:
    """C(N + d² - 1, d² - 1): number of occupation matrices, the dimension of the PI operator space (paper 004 Sec. IV)."""
    return comb(N + d * d - 1, d * d - 1)


def _compositions(N: int, K: int) -> np.ndarray:
    """All (n_0, ..., n_{K-1}) >= 0 with Σ = N, lexicographically ascending, as int16 (M, K)."""
    rem = np.array([N], dtype=np.int64)
    cols: list[np.ndarray] = []
    for _ in range(K - 1):
        # Each partial row branches into rem + 1 children n_k = 0..rem, in ascending order (lexicographic).
        counts = rem + 1
        parent = np.repeat(np.arange(rem.size), counts)
        start = np.cumsum(counts) - counts
        value = np.arange(parent.size) - np.repeat(start, counts)
        cols = [c[parent] for c in cols]
        cols.append(value)
        rem = rem[parent] - value
    cols.append(rem)
    return np.stack(cols, axis=1).astype(np.int16)


@dataclass(frozen=True, eq=False)
class PIBasis:
    """The occupation basis {E_n} for N units of d levels."""

    N: int
    d: int

    def __post_init__(self):
        if self.d < 2 or self.N < 1:
            raise ModelError(f"PI basis needs d >= 2 and N >= 1, got d = {self.d}, N = {self.N}")

    @property
    def K(self) -> int:
        return self.d * self.d

    @property
    def size(self) -> int:
        return pi_dimension(self.N, self.d)

    @cached_property
    def occupations(self) -> np.ndarray:
        """int16 (M, d²): row i is the flat occupation of E_i (cell a·d + b)."""
        return _compositions(self.N, self.K)

    @cached_property
    def _rank_table(self) -> np.ndarray:
        """T[k, R, x] = number of compositions whose part k is < x, given remaining sum R before part k.

        Compositions of r into p parts: C(r + p - 1, p - 1); after fixing part k = v, r = R - v into K - k - 1 parts.
        """
        N, K = self.N, self.K
        T = np.zeros((K, N + 1, N + 2), dtype=np.int64)
        for k in range(K - 1):
            p = K - k - 1
            for R in range(N + 1):
                counts = [comb(R - v + p - 1, p - 1) for v in range(R + 1)]
                T[k, R, 1:R + 2] = np.cumsum(counts)
        return T

    def rank(self, occ: np.ndarray) -> np.ndarray:
        """Index in :attr:`occupations` of each row of ``occ`` (shape (..., d²), rows summing to N)."""
        occ = np.asarray(occ)
        T = self._rank_table
        R = self.N - np.cumsum(occ, axis=-1, dtype=np.int64) + occ  # remaining sum before each part
        r = np.zeros(occ.shape[:-1], dtype=np.int64)
        for k in range(self.K - 1):
            r += T[k, R[..., k], occ[..., k]]
        return r

    @cached_property
    def m(self) -> np.ndarray:
        """m_a = j - a of the single-site levels."""
        return (self.d - 1) / 2 - np.arange(self.d)

    @cached_property
    def charge(self) -> np.ndarray:
        """Coherence charge Q(n) = Σ_ab (m_a - m_b) n_ab = M_ket - M_bra (an integer), int32 (M,)."""
        a, b = np.divmod(np.arange(self.K), self.d)
        dq = (b - a).astype(np.int32)  # m_a - m_b = b - a
        return self.occupations.astype(np.int32) @ dq

    @cached_property
    def transpose_index(self) -> np.ndarray:
        """Index of n^T ((n^T)_ab = n_ba): E_n^† = E_{n^T} (Hermitian partner), int64 (M,)."""
        d = self.d
        occ = self.occupations.reshape(-1, d, d).transpose(0, 2, 1).reshape(-1, self.K)
        return self.rank(occ)

    @cached_property
    def diagonal(self) -> np.ndarray:
        """Mask of the diagonal occupations (n_ab = 0 for a ≠ b): the only E_n with nonzero trace."""
        off = np.ones((self.d, self.d), bool)
        np.fill_diagonal(off, False)
        return ~np.any(self.occupations[:, off.ravel()] != 0, axis=1)

    @cached_property
    def log_word_count(self) -> np.ndarray:
        """log(N! / Π_ab n_ab!): log of the number of words in E_n (weights of Tr ρ² = Σ_n (N!/Π n_ab!) |c_n|²)."""
        occ = self.occupations.astype(np.float64)
        return gammaln(self.N + 1.0) - gammaln(occ + 1.0).sum(axis=1)

    @cached_property
    def trace_weights(self) -> np.ndarray:
        """Tr E_n = N!/Π_a n_aa! for diagonal n, 0 otherwise, float64 (M,): Tr ρ = trace_weights @ c."""
        return np.where(self.diagonal, np.exp(self.log_word_count), 0.0)

    def index_of(self, n) -> int:
        """Index of one occupation given as a d×d (or flat) integer array."""
        n = np.asarray(n).reshape(self.K)
        if n.min() < 0 or n.sum() != self.N:
            raise ValueError(f"not an occupation of N = {self.N}: {n}")
        return int(self.rank(n[None, :])[0])
