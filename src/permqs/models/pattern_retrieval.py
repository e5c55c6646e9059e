"""Open multimode Dicke model of paper 003 (Carollo, Lesanovsky), Eqs. 1-3, in the large-spin representation.

After the gauge transformation and relabelling of Fig. 2, 2^(M-1) subsets Γ_k of N spins each couple to M modes:

    H = Ω Σ_k S_x,k + Σ_μ Ω_μ a_μ†a_μ + (g/√N) Σ_μ Σ_k f^M_{μ,k} (a_μ + a_μ†) S_z,k,   g = g0/√(2^(M-1))   (Eq. 3)
    L = i[H, ·] + Σ_μ κ_μ D[a_μ]                                                                        (Eq. 1)

with S_a,k = Σ_{h∈Γ_k} σ_a^(h) (Pauli matrices, no factor ½), so one subset is one ensemble of
:mod:`permqs.model` with V_k[σ_a] = S_a,k, and the mean-field m_{a,k} = S_a,k/N and α_μ = a_μ/√N (Eq. 5) are
exactly the Bloch vectors and scaled amplitudes of :mod:`permqs.meanfield`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import BosonCoupling, BosonMode, Factor, Model, term
from ..operators import SIGMA_X, SIGMA_Z


def pattern_matrix(M: int) -> np.ndarray:
    """f^M_{μ,k} of Fig. 2, shape (M, 2^(M-1)): row 1 all +1 (gauge), row μ ≥ 2 halves the blocks of row μ-1
    into +1 then -1. The rows are orthogonal: Σ_k f_μk f_νk = 2^(M-1) δ_μν (Eq. S26)."""
    if M < 1:
        raise ValueError(f"M must be >= 1, got {M}")
    k = np.arange(2 ** (M - 1))
    rows = [np.ones_like(k)] + [1 - 2 * ((k >> (M - 1 - mu)) & 1) for mu in range(1, M)]
    return np.array(rows, dtype=float)


@dataclass(frozen=True)
class PatternRetrievalParameters:
    """Couplings of Eqs. 1-3: Ω, g0, and per mode Ω_μ and κ_μ (M = len(Omega_mu)).

    :func:`fig3_parameters` gives the values of Fig. 3 (Ω = 0.5, Ω_μ = Ω(μ + 2), κ_μ = κ = 1).
    """

    g0: float
    Omega: float = 0.5
    Omega_mu: tuple[float, ...] = (1.5, 2.0, 2.5, 3.0)
    kappa_mu: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0)

    def __post_init__(self):
        if len(self.Omega_mu) != len(self.kappa_mu) or not self.Omega_mu:
            raise ValueError("Omega_mu and kappa_mu need one entry per mode")
        if min(self.kappa_mu) < 0:
            raise ValueError(f"kappa_mu must be >= 0, got {self.kappa_mu}")

    @property
    def M(self) -> int:
        return len(self.Omega_mu)

    @property
    def g(self) -> float:
        """g = g0/√(2^(M-1)) of Eq. 3."""
        return self.g0 / np.sqrt(2 ** (self.M - 1))


def fig3_parameters(g0: float, M: int = 4, Omega: float = 0.5, kappa: float = 1.0) -> PatternRetrievalParameters:
    """Fig. 3: Ω_μ = Ω(μ + 2), μ = 1..M, all κ_μ = κ (rates in units of κ)."""
    return PatternRetrievalParameters(g0, Omega, tuple(Omega * (mu + 2) for mu in range(1, M + 1)), (kappa,) * M)


def pattern_retrieval_model(p: PatternRetrievalParameters) -> Model:
    """The model description of Eqs. 1-3 with one ensemble per subset Γ_k."""
    f = pattern_matrix(p.M)
    K = f.shape[1]
    return Model(
        d=2,
        hamiltonian=tuple(term(p.Omega, SIGMA_X, ensemble=k) for k in range(K)),
        modes=tuple(BosonMode(w, kap) for w, kap in zip(p.Omega_mu, p.kappa_mu)),
        couplings=tuple(BosonCoupling(mu, p.g * f[mu, k], Factor(SIGMA_Z, k)) for mu in range(p.M) for k in range(K)),
        n_ensembles=K,
        name="pattern_retrieval",
    )


def overlaps(m_z: np.ndarray, M: int) -> np.ndarray:
    """ξ_μ = 2^-(M-1) Σ_k f_μk m_z,k (main text after Eq. 11); m_z has shape (..., 2^(M-1))."""
    f = pattern_matrix(M)
    return np.asarray(m_z) @ f.T / f.shape[1]
