"""Reduced J-block basis of N spins-1/2 (paper 000 App. A, Eqs. A1-A2).

A permutation-invariant state is ρ_T = ⊕_J ρ_J ⊗ 1/dim_J (Eq. A1), J = N/2 mod 1, ..., N/2.
The unknowns are the entries ρ_{J,m,m'} of the (2J+1)×(2J+1) blocks ρ_J, stored in the order of
Eq. A1: J ascending, then m ascending, then m' ascending, i.e. (0-based)

    index(J, m, m') = J(2J+1)(2J-1)/3 + (2J+1)(J+m) + (J+m').

The offset J(2J+1)(2J-1)/3 = Σ_{J'<J} (2J'+1)² holds for integer and half-integer J alike, and the
total number of unknowns is Σ_J (2J+1)² = C(N+3, 3).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from math import comb

import numpy as np
from scipy.special import gammaln


def j_values(N: int) -> np.ndarray:
    """The total angular momenta J = N/2 mod 1, ..., N/2, ascending."""
    if N < 1:
        raise ValueError(f"N must be >= 1, got {N}")
    return (N % 2) / 2 + np.arange(N // 2 + 1, dtype=float)


def dim_j(N: int, J: float) -> int:
    """Exact multiplicity dim_J = (2J+1) N! / ((N/2+J+1)! (N/2-J)!) (Eq. A2), as a Python int."""
    j2 = round(2 * J)
    if j2 % 2 != N % 2 or not 0 <= j2 <= N:
        raise ValueError(f"J={J} is not an allowed total spin for N={N}")
    # (2J+1)/(N/2+J+1) · C(N, N/2-J) is an integer (a hook-length count); divide last to stay exact.
    return (j2 + 1) * comb(N, (N - j2) // 2) // ((N + j2) // 2 + 1)


def log_dim_j(N: int, J: np.ndarray) -> np.ndarray:
    """ln dim_J (Eq. A2) through log-gamma, finite for any N."""
    J = np.asarray(J, dtype=float)
    return np.log(2 * J + 1) + gammaln(N + 1) - gammaln(N / 2 + J + 2) - gammaln(N / 2 - J + 1)


def n_unknowns(N: int) -> int:
    """Σ_J (2J+1)² = C(N+3, 3): length of the reduced state vector."""
    return comb(N + 3, 3)


def _offset(j2: np.ndarray) -> np.ndarray:
    # J(2J+1)(2J-1)/3 with j2 = 2J, in exact integer arithmetic.
    return j2 * (j2 + 1) * (j2 - 1) // 6


@dataclass(frozen=True)
class DickeBasis:
    """Flat indexing of ρ_{J,m,m'} for N spins-1/2 in the order of Eq. A1."""

    N: int

    def __post_init__(self):
        if self.N < 1:
            raise ValueError(f"N must be >= 1, got {self.N}")

    @property
    def J_values(self) -> np.ndarray:
        return j_values(self.N)

    @property
    def size(self) -> int:
        return n_unknowns(self.N)

    def block_offset(self, J: float) -> int:
        """First flat index of block J."""
        j2 = np.asarray(round(2 * J))
        return int(_offset(j2) - _offset(np.asarray(self.N % 2)))

    def index(self, J, m, mp) -> np.ndarray:
        """Flat index of ρ_{J,m,m'} (vectorized; half-integers are exact in binary floating point)."""
        j2 = np.rint(2 * np.asarray(J, dtype=float)).astype(np.int64)
        jm = np.rint(np.asarray(J, dtype=float) + np.asarray(m, dtype=float)).astype(np.int64)
        jmp = np.rint(np.asarray(J, dtype=float) + np.asarray(mp, dtype=float)).astype(np.int64)
        return _offset(j2) - _offset(np.int64(self.N % 2)) + (j2 + 1) * jm + jmp

    @cached_property
    def block_local(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(2J+1, J+m, J+m') of every unknown, integer arrays of length :attr:`size` in flat order."""
        d = np.rint(2 * self.J_values).astype(np.int64) + 1
        dim = np.repeat(d, d * d)
        a, b = np.divmod(np.arange(dim.size) - np.repeat(np.cumsum(d * d) - d * d, d * d), dim)
        for x in (dim, a, b):
            x.setflags(write=False)
        return dim, a, b

    @cached_property
    def labels(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(J, m, m') of every unknown, arrays of length :attr:`size` in flat order."""
        dim, a, b = self.block_local
        J = (dim - 1) / 2
        m, mp = a - J, b - J
        for x in (J, m, mp):
            x.setflags(write=False)
        return J, m, mp

    @cached_property
    def diagonal(self) -> np.ndarray:
        """Flat indices of the populations ρ_{J,m,m}: the trace functional is their sum."""
        _, a, b = self.block_local
        return np.flatnonzero(a == b)

    @cached_property
    def coherence_order(self) -> np.ndarray:
        """m - m' of every unknown (an integer); field-free terms conserve it."""
        _, a, b = self.block_local
        q = a - b
        q.setflags(write=False)
        return q
