"""Ground-state multipartite information of the LMG model (paper 000 App. B, Fig. 2).

The ground state of Ĥ_J = 𝒥(Ĵ_x² + Ĵ_y²)/N + h Ĵ_x lies at J = N/2 (Eq. B1). There
Ĵ_x² + Ĵ_y² = J(J+1) - Ĵ_z², so Ĥ_J is a real symmetric tridiagonal matrix in the m basis and
its lowest eigenpairs come from LAPACK's tridiagonal solver in O(N) memory.

Degeneracy: an exactly degenerate ground level (odd N at h = 0: m = ±1/2 for 𝒥 < 0) has no unique
ground state; we return the zero-temperature limit of the thermal state, the equal mixture of the
degenerate manifold, so S(ρ_T) = ln g and I_M = N S(ρ_i) - ln g. For a non-degenerate level the state
is pure, S(ρ_T) = 0 and I_M/N = S(ρ_i).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import eigh_tridiagonal

from ..information import qubit_entropy


@dataclass(frozen=True)
class LMGGroundState:
    """Magnetization (Eq. B1), local entropy (Eq. A9) and I_M/N of the ground level."""

    N: int
    energy: float
    degeneracy: int
    m_x: float
    m_y: float
    m_z: float
    S_i: float
    S_T: float           # 0 for a pure ground state, ln(degeneracy) for the mixture
    I_M_per_N: float     # S(ρ_i) - S(ρ_T)/N (Eq. 7 divided by N)


def lmg_ground_state(N: int, J: float, h: float, degeneracy_tol: float = 1e-10) -> LMGGroundState:
    """Ground level of Ĥ_J = 𝒥(Ĵ_x²+Ĵ_y²)/N + hĴ_x at J = N/2 (``J`` is the exchange 𝒥)."""
    if N < 1:
        raise ValueError(f"N must be >= 1, got {N}")
    S = N / 2
    m = np.arange(-S, S + 0.5)
    diag = J * (S * (S + 1) - m**2) / N
    lift = np.sqrt(S * (S + 1) - m[:-1] * (m[:-1] + 1))   # <m+1|Ĵ_+|m>
    off = h * lift / 2                                    # <m+1|Ĵ_x|m>
    k = min(m.size, 4)
    if m.size == 1:
        energies, vectors = diag.copy(), np.ones((1, 1))
    else:
        energies, vectors = eigh_tridiagonal(diag, off, select="i", select_range=(0, k - 1))
    scale = max(1.0, abs(energies[0]))
    g = int(np.sum(energies - energies[0] <= degeneracy_tol * scale))
    psi = vectors[:, :g]
    # Average over the degenerate manifold (equal mixture); the states are real, so ⟨Ĵ_y⟩ = 0.
    jz = float(np.mean(np.sum(m[:, None] * psi**2, axis=0)))
    jx = float(np.mean(np.sum(lift[:, None] * psi[:-1] * psi[1:], axis=0))) if m.size > 1 else 0.0
    mag = np.array([2 * jx / N, 0.0, 2 * jz / N])
    S_i = float(qubit_entropy(mag))
    S_T = float(np.log(g))
    return LMGGroundState(N, float(energies[0]), g, float(mag[0]), 0.0, float(mag[2]), S_i, S_T, S_i - S_T / N)
