"""Permutation-invariant operators of N qudits in the occupation-number basis (paper 004 Sec. IV; spec §2.4, §5.3).

    ρ = Σ_n c_n E_n,   E_n = Σ over all words ⊗_i |a_i⟩⟨b_i| with n_ab = #{i: (a_i, b_i) = (a, b)},

where every occupation n is a d×d matrix of non-negative integers summing to N. ``c_n`` is the common
matrix element ⟨x|ρ|y⟩ of every word pair (x, y) of type n; E_n holds N!/Π_ab n_ab! such pairs (the
multinomial of n). Types absent from the list have c_n = 0.

The quantities here need no basis change: Tr ρ, Tr ρ†ρ (the purity of a Hermitian ρ, spec §5.3 (i)) and
the single-site state ρ_1. Entropies and negativities use the Schur-Weyl blocks of :mod:`.bipartite`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from scipy.special import gammaln

# Fixed odd 64-bit weights: hash(n) = Σ_k w_k n_k mod 2^64 is additive, hash(n_A + n_B) = hash(n_A) + hash(n_B),
# which finds the coefficient of every split n_A + n_B without forming the sums. Every lookup is verified
# against the stored occupation (a collision raises instead of returning a wrong coefficient).
_WEIGHTS = np.random.default_rng(20261130).integers(0, 2**64, size=(2, 4096), dtype=np.uint64) | np.uint64(1)


def occupation_hash(occ: np.ndarray, which: int = 0) -> np.ndarray:
    """Additive 64-bit key of occupations flattened along the last axis (length d²). ``which`` = 1 gives a second,
    independent key, used to confirm matches of the first (a wrong match then needs two collisions, ~2^-128)."""
    occ = np.asarray(occ)
    k = occ.shape[-1]
    with np.errstate(over="ignore"):
        return (occ.astype(np.uint64) * _WEIGHTS[which, :k]).sum(axis=-1, dtype=np.uint64)


def log_multinomial(occ: np.ndarray) -> np.ndarray:
    """ln(N!/Π n_k!) along the last axis: the number of word pairs of each type."""
    occ = np.asarray(occ, dtype=float)
    return gammaln(occ.sum(axis=-1) + 1) - gammaln(occ + 1).sum(axis=-1)


@dataclass(frozen=True, eq=False)
class OccupationOperator:
    """ρ = Σ_n c_n E_n with ``occupations`` (M, d, d) and ``coefficients`` (M,), validated and indexed."""

    occupations: np.ndarray
    coefficients: np.ndarray

    def __post_init__(self):
        occ = np.asarray(self.occupations)
        c = np.asarray(self.coefficients, dtype=complex)
        if occ.ndim != 3 or occ.shape[1] != occ.shape[2] or occ.shape[1] < 2:
            raise ValueError(f"occupations must have shape (M, d, d) with d >= 2, got {occ.shape}")
        if c.shape != (occ.shape[0],):
            raise ValueError(f"coefficients must have shape ({occ.shape[0]},), got {c.shape}")
        if occ.shape[0] == 0:
            raise ValueError("an operator needs at least one occupation")
        if not np.issubdtype(occ.dtype, np.integer):
            if not np.array_equal(occ, np.rint(occ)):
                raise ValueError("occupations must be integers")
        occ = np.rint(occ).astype(np.int64)
        if occ.min() < 0:
            raise ValueError("occupations must be non-negative")
        sums = occ.sum(axis=(1, 2))
        if not np.all(sums == sums[0]) or sums[0] < 1:
            raise ValueError(f"every occupation must sum to the same N >= 1, got sums {np.unique(sums)}")
        keys = occupation_hash(occ.reshape(len(occ), -1))
        keys2 = occupation_hash(occ.reshape(len(occ), -1), 1)
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        if np.any(sk[1:] == sk[:-1]):
            dup = order[1:][sk[1:] == sk[:-1]]
            # Equal keys are either a repeated occupation or a hash collision; both are refused.
            raise ValueError(f"occupation listed twice (or a 64-bit key collision) at rows {dup[:5].tolist()}")
        for name, value in (("occupations", occ), ("coefficients", c), ("_keys", sk), ("_order", order),
                            ("_keys2", keys2)):
            value.setflags(write=False)
            object.__setattr__(self, name, value)

    @classmethod
    def from_any(cls, state: Any, coefficients: np.ndarray | None = None) -> "OccupationOperator":
        """Accept an :class:`OccupationOperator`, any object with ``occupations`` and ``coefficients``
        (the qudit engine's state), or the two arrays."""
        if isinstance(state, cls) and coefficients is None:
            return state
        if coefficients is None:
            return cls(np.asarray(state.occupations), np.asarray(state.coefficients))
        return cls(np.asarray(state), np.asarray(coefficients))

    @property
    def N(self) -> int:
        return int(self.occupations[0].sum())

    @property
    def d(self) -> int:
        return int(self.occupations.shape[1])

    @cached_property
    def log_multiplicity(self) -> np.ndarray:
        """ln(N!/Π n_ab!) per listed type."""
        return log_multinomial(self.occupations.reshape(len(self.occupations), -1))

    @cached_property
    def _diagonal(self) -> np.ndarray:
        off = self.occupations.copy()
        idx = np.arange(self.d)
        off[:, idx, idx] = 0
        return off.reshape(len(off), -1).sum(axis=1) == 0

    def lookup(self, keys: np.ndarray, keys2: np.ndarray) -> np.ndarray:
        """c_n for occupations with first and second hashes ``keys``, ``keys2`` (:func:`occupation_hash`, any
        shape); 0 for types not listed. A match of the first key whose second key differs is a collision and
        raises instead of returning a wrong coefficient."""
        keys = np.asarray(keys, dtype=np.uint64)
        pos = np.searchsorted(self._keys, keys.ravel())
        pos = np.minimum(pos, len(self._keys) - 1)
        hit = self._keys[pos] == keys.ravel()
        rows = self._order[pos[hit]]
        if not np.array_equal(np.asarray(keys2, dtype=np.uint64).ravel()[hit], self._keys2[rows]):
            raise RuntimeError("64-bit occupation key collision: a lookup matched a different occupation")
        out = np.zeros(keys.size, dtype=complex)
        out[hit] = self.coefficients[rows]
        return out.reshape(keys.shape)

    def trace(self) -> complex:
        """Tr ρ = Σ_{n diagonal} c_n N!/Π_a n_aa! (spec §5.3 (i))."""
        m = self._diagonal
        return complex(np.sum(self.coefficients[m] * np.exp(self.log_multiplicity[m])))

    def frobenius_norm_squared(self) -> float:
        """Tr ρ†ρ = Σ_n |c_n|² N!/Π n_ab! (each word pair of type n contributes |c_n|²): the purity Tr ρ²
        when ρ is Hermitian (spec §5.3 (i), paper 004 Sec. V). Summed in logs so large N cannot overflow."""
        c = np.abs(self.coefficients)
        nz = c > 0
        return float(np.sum(np.exp(2 * np.log(c[nz]) + self.log_multiplicity[nz])))

    def single_site(self) -> np.ndarray:
        """ρ_1 = Tr_{2..N} ρ as a d×d matrix (the same for every site).

        (ρ_1)_ab collects the types n with n - e_ab diagonal (the traced sites must carry equal ket and bra
        levels); each holds (N-1)!/Π(n - e_ab)! = multinomial(n) n_ab / N word pairs with site 1 in (a, b)."""
        d, N = self.d, self.N
        occ = self.occupations
        out = np.zeros((d, d), dtype=complex)
        off = occ.copy()
        idx = np.arange(d)
        off[:, idx, idx] = 0
        n_off = off.reshape(len(off), -1).sum(axis=1)
        weight = self.coefficients * np.exp(self.log_multiplicity) / N
        # Diagonal types feed the diagonal of ρ_1.
        diag = n_off == 0
        out[idx, idx] = (weight[diag, None] * occ[diag][:, idx, idx]).sum(axis=0)
        # Types with a single off-diagonal unit at (a, b) feed (ρ_1)_ab (with n_ab = 1).
        one = n_off == 1
        if np.any(one):
            flat = off[one].reshape(one.sum(), -1).argmax(axis=1)
            np.add.at(out, (flat // d, flat % d), weight[one])
        return out


def all_occupations(N: int, d: int) -> np.ndarray:
    """Every occupation of N sites, shape (C(N + d² - 1, N), d, d) (stars and bars over the d² cells)."""
    from itertools import combinations
    K = d * d
    bars = np.array(list(combinations(range(N + K - 1), K - 1)), dtype=np.int64).reshape(-1, K - 1)
    edges = np.concatenate([np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), N + K - 1)], axis=1)
    return (np.diff(edges, axis=1) - 1).reshape(-1, d, d)
