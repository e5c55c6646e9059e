"""Macroscopic observables and their cumulants (paper 002, Eqs. 5-6).

    m̂_i^α = S_i^α / S,   x̂ = (a† + a)/√(2Nω_b),   p̂ = i(a† - a)/√(2N/ω_b)                        (Eq. 5)
    K(A, B) = ⟨AB⟩ - ⟨A⟩⟨B⟩                                                                    (Eq. 6)

K is not symmetric (K(m̂^x, m̂^y) - K(m̂^y, m̂^x) = i⟨m̂^z⟩/S); :class:`Cumulants` stores the symmetrized
covariance Re(K + Kᵀ)/2, which is real for Hermitian observables, and the sums the paper plots are derived
from it: for one ensemble the antisymmetric parts cancel in Σ_αβ, and operators of different ensembles commute.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
import scipy.sparse as sp

from ..errors import ModelError
from .space import CollectiveSpace

AXES = "xyz"


@dataclass(frozen=True, eq=False)
class Observables:
    """A list of Hermitian operators with precomputed expectation rows for ⟨O_i⟩ and ⟨O_i O_j⟩."""

    space: CollectiveSpace
    names: tuple[str, ...]
    first: sp.csr_matrix    # (n, D²)
    second: sp.csr_matrix   # (n², D²), row i n + j is ⟨O_i O_j⟩

    @classmethod
    def of(cls, space: CollectiveSpace, names: Sequence[str], ops: Sequence[sp.spmatrix]) -> "Observables":
        ops = [sp.csr_matrix(o) for o in ops]
        first = sp.vstack([space.expectation_row(o) for o in ops], format="csr")
        second = sp.vstack([space.expectation_row(a @ b) for a in ops for b in ops], format="csr")
        return cls(space, tuple(names), first, second)

    def __len__(self) -> int:
        return len(self.names)

    def means(self, states: np.ndarray) -> np.ndarray:
        """⟨O_i⟩ for one flat state (D²,) -> (n,), or for rows of states (T, D²) -> (T, n); real parts."""
        x = np.atleast_2d(states)
        out = np.real(self.first @ x.T).T
        return out[0] if np.ndim(states) == 1 else out

    def cumulants(self, states: np.ndarray) -> "Cumulants":
        x = np.atleast_2d(states)
        n = len(self)
        tr = x @ self.space.trace_weights
        mean = (self.first @ x.T).T / tr[:, None]
        sec = ((self.second @ x.T).T / tr[:, None]).reshape(-1, n, n)
        K = sec - mean[:, :, None] * mean[:, None, :]
        cov = np.real(K + np.swapaxes(K, 1, 2)) / 2
        return Cumulants(self.names, np.real(mean), cov, K)


@dataclass(frozen=True, eq=False)
class Cumulants:
    """First and second cumulants at one or several times: ``mean`` (T, n), ``covariance`` (T, n, n) the
    symmetrized Re(K + Kᵀ)/2, ``K`` (T, n, n) the unsymmetrized complex K(O_i, O_j) of Eq. 6."""

    names: tuple[str, ...]
    mean: np.ndarray
    covariance: np.ndarray
    K: np.ndarray

    def index(self, name: str) -> int:
        return self.names.index(name)

    def block(self, ensemble: int) -> list[int]:
        return [self.index(f"m{ensemble + 1}{a}") for a in AXES]

    def same_axis_sum(self, ensembles: Optional[Sequence[int]] = None) -> np.ndarray:
        """Σ_i Σ_α K(m̂_i^α, m̂_i^α): C of paper 002 Fig. 2 (one ensemble) and the α = β reading of Fig. 3(c)."""
        ens = ensembles if ensembles is not None else self._ensembles()
        idx = [i for e in ens for i in self.block(e)]
        return self.covariance[:, idx, idx].sum(axis=1)

    def pair_sum(self, ensembles: Optional[Sequence[int]] = None) -> np.ndarray:
        """Σ_{j≤ℓ} Σ_{α,β} K(m̂_j^α, m̂_ℓ^β): C of paper 002 Fig. 3(c) and Fig. S1, read literally (all α, β).

        Real: within an ensemble Σ_αβ K = Σ_αβ of the symmetrized matrix; across ensembles the operators commute.
        """
        ens = list(ensembles if ensembles is not None else self._ensembles())
        total = np.zeros(self.covariance.shape[0])
        for a, j in enumerate(ens):
            for l in ens[a:]:
                total += self.covariance[:, self.block(j)][:, :, self.block(l)].sum(axis=(1, 2))
        return total

    def same_axis_pair_sum(self, ensembles: Optional[Sequence[int]] = None) -> np.ndarray:
        """Σ_{j≤ℓ} Σ_α K(m̂_j^α, m̂_ℓ^α): the "α = β only" reading of the Fig. 3(c) sum (cross-ensemble terms kept)."""
        ens = list(ensembles if ensembles is not None else self._ensembles())
        total = np.zeros(self.covariance.shape[0])
        for a, j in enumerate(ens):
            for l in ens[a:]:
                for bj, bl in zip(self.block(j), self.block(l)):
                    total += self.covariance[:, bj, bl]
        return total

    def _ensembles(self) -> list[int]:
        return sorted({int(n[1]) - 1 for n in self.names if n.startswith("m") and len(n) == 3})


def macroscopic_observables(space: CollectiveSpace, omega_b: Optional[float] = None) -> Observables:
    """m̂_i^α for every ensemble (names "m1x", "m1y", ...), and x̂, p̂ of Eq. 5 when the space has a mode
    (``omega_b`` required then)."""
    names, ops = [], []
    for e in range(space.n_ensembles):
        for a, s in zip(AXES, space.spin(e)):
            names.append(f"m{e + 1}{a}")
            ops.append(s / space.S)
    if space.boson_dim:
        if omega_b is None or omega_b <= 0:
            raise ModelError("x̂ and p̂ of Eq. 5 need the boson frequency omega_b > 0")
        names += ["x", "p"]
        ops += list(quadratures(space, omega_b))
    return Observables.of(space, names, ops)


def quadratures(space: CollectiveSpace, omega_b: float) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """x̂ = (a† + a)/√(2Nω_b), p̂ = i(a† - a)/√(2N/ω_b) (paper 002 Eq. 5; [x̂, p̂] = i/N)."""
    a = space.destroy()
    ad = sp.csr_matrix(a.conj().T)
    N = space.N
    return sp.csr_matrix((ad + a) / np.sqrt(2 * N * omega_b)), sp.csr_matrix(1j * (ad - a) / np.sqrt(2 * N / omega_b))


def magnetization_norm_identity(N: int, m: np.ndarray) -> np.ndarray:
    """C = 1 + 2/N - |⟨m̂⟩|² for one ensemble in J = N/2, since Σ_α (m̂^α)² = S(S+1)/S² = 1 + 2/N exactly."""
    return 1 + 2 / N - np.sum(np.asarray(m) ** 2, axis=-1)
