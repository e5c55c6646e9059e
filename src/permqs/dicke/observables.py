"""Observables of a J-block state (paper 000 Eqs. 7, A8-A10) and its lossless table form."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from ..information import entropy_of_eigenvalues, qubit_entropy
from .basis import DickeBasis, log_dim_j
from .state import DickeState


def magnetization(state: DickeState) -> np.ndarray:
    """(⟨m_x⟩, ⟨m_y⟩, ⟨m_z⟩) = (2/N) Σ_J Tr(ρ_J Ĵ_{x,y,z}) (Eq. A10)."""
    J, m, mp = state.basis.labels
    rho = state.vector
    tz = np.sum(m[m == mp] * rho[m == mp])
    # Tr(ρ J_+) = Σ_m ρ_{m,m+1} <m+1|J_+|m>; Tr(ρ J_-) = Σ_m ρ_{m+1,m} <m+1|J_+|m>.
    up = mp == m + 1
    tp = np.sum(rho[up] * np.sqrt(J[up] * (J[up] + 1) - m[up] * (m[up] + 1)))
    dn = m == mp + 1
    tm = np.sum(rho[dn] * np.sqrt(J[dn] * (J[dn] + 1) - mp[dn] * (mp[dn] + 1)))
    return 2 / state.N * np.real(np.array([(tp + tm) / 2, (tp - tm) / 2j, tz]))


def block_eigenvalues(state: DickeState) -> list[np.ndarray]:
    """Eigenvalues of the Hermitian part of every ρ_J (ascending J)."""
    return [np.linalg.eigvalsh((b + b.conj().T) / 2) for _, b in state.blocks()]


def total_entropy(state: DickeState, eigenvalues: list[np.ndarray] | None = None) -> float:
    """S(ρ_T) = Σ_J p_J [-ln p_J + S(ρ̄_J) + ln dim_J] (Eq. A8).

    Σ_J p_J (-ln p_J + S(ρ̄_J)) = -Σ λ ln λ over the eigenvalues λ of the unnormalized ρ_J.
    """
    eig = block_eigenvalues(state) if eigenvalues is None else eigenvalues
    p = np.array([e.sum() for e in eig])
    return entropy_of_eigenvalues(np.concatenate(eig)) + float(np.sum(p * log_dim_j(state.N, state.basis.J_values)))


@dataclass(frozen=True)
class DickeObservables:
    """Magnetization, entropies, I_M = N S(ρ_i) - S(ρ_T) (Eq. 7), and state diagnostics."""

    m_x: float
    m_y: float
    m_z: float
    S_T: float               # S(ρ_T), Eq. A8
    S_i: float               # S(ρ_i), Eq. A9
    I_M: float               # Eq. 7
    trace: float             # Re Σ_J Tr ρ_J
    hermiticity_error: float  # max |ρ_J - ρ_J†|
    min_eigenvalue: float    # smallest eigenvalue over all blocks (positivity)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def observables(state: DickeState) -> DickeObservables:
    """Everything the figures need from one state, eigenvalues computed once."""
    eig = block_eigenvalues(state)
    m = magnetization(state)
    S_T = total_entropy(state, eig)
    S_i = float(qubit_entropy(m))
    herm = max(float(np.max(np.abs(b - b.conj().T))) for _, b in state.blocks())
    d = state.basis.diagonal
    return DickeObservables(float(m[0]), float(m[1]), float(m[2]), S_T, S_i, state.N * S_i - S_T,
                            float(np.real(state.vector[d].sum())), herm, float(min(e.min() for e in eig)))


def diagonal_magnetization_z(N: int, Jz: np.ndarray, p: np.ndarray) -> float:
    """⟨m_z⟩ = (2/N) Σ J_z p_{J,J_z} of a Dicke-diagonal state (below Eq. A13)."""
    return float(2 / N * np.sum(Jz * p))


def diagonal_entropy(N: int, J: np.ndarray, p: np.ndarray) -> float:
    """S(ρ_T) = Σ p (-ln p + ln dim_J) of a Dicke-diagonal state (Eq. A13)."""
    return entropy_of_eigenvalues(p) + float(np.sum(p * log_dim_j(N, J)))


def population_magnetization_z(populations) -> float:
    """⟨m_z⟩ of a population steady state (:class:`~permqs.dicke.rate_equations.PopulationSteadyState`)."""
    return diagonal_magnetization_z(populations.N, populations.Jz, populations.populations)


def population_entropy(populations) -> float:
    """S(ρ_T) (Eq. A13) of a population steady state."""
    return diagonal_entropy(populations.N, populations.J, populations.populations)
