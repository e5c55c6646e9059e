"""Initial states of collective models: spin coherent states and coherent boson states (paper 002, Eq. S10).

Product states of coherent states have second cumulants of order 1/N (Eq. S10), the uncorrelated initial
condition under which the mean field of paper 002 is exact.
"""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from scipy.stats import binom, poisson

from ..errors import ModelError
from .space import CollectiveSpace


def spin_coherent(N: int, theta: float, phi: float = 0.0) -> np.ndarray:
    """|θ, φ⟩ in the basis m = N/2, ..., -N/2: every spin along n = (sin θ cos φ, sin θ sin φ, cos θ).

    Amplitude of m = N/2 - k: √(Binom(k; N, sin²(θ/2))) e^{ikφ} (the binomial weights keep large N finite).
    """
    k = np.arange(N + 1)
    amp = np.sqrt(binom.pmf(k, N, np.sin(theta / 2) ** 2)) * np.exp(1j * k * phi)
    return amp / np.linalg.norm(amp)


def coherent_boson(dim: int, alpha: complex, max_tail: float = 1e-10) -> np.ndarray:
    """Truncated coherent state |α⟩ on n = 0..dim-1, renormalized; refuses a truncation that drops more than
    ``max_tail`` of the norm (the cutoff would change the physics, not only the round-off)."""
    n = np.arange(dim)
    mean = abs(alpha) ** 2
    amp = np.sqrt(poisson.pmf(n, mean)) * np.exp(1j * n * np.angle(alpha))
    kept = float(np.sum(np.abs(amp) ** 2))
    if 1 - kept > max_tail:
        raise ModelError(f"coherent state |α|² = {mean:.3g} loses {1 - kept:.2g} of its norm at Fock cutoff {dim}")
    return amp / np.sqrt(kept)


def product_state(space: CollectiveSpace, directions: Sequence[tuple[float, float]] = (),
                  alpha: Optional[complex] = None) -> np.ndarray:
    """vec(|ψ⟩⟨ψ|) of ⊗_e |θ_e, φ_e⟩ ⊗ |α⟩ (one (θ, φ) per ensemble; α only if the space has a mode)."""
    if len(directions) != space.n_ensembles:
        raise ModelError(f"{len(directions)} spin directions for {space.n_ensembles} ensembles")
    if (alpha is not None) != bool(space.boson_dim):
        raise ModelError("give alpha exactly when the space has a boson mode")
    psi = np.ones(1, dtype=complex)
    for theta, phi in directions:
        psi = np.kron(psi, spin_coherent(space.N, theta, phi))
    if space.boson_dim:
        psi = np.kron(psi, coherent_boson(space.boson_dim, alpha))
    return space.vec(np.outer(psi, psi.conj()))


def direction_angles(n: Sequence[float]) -> tuple[float, float]:
    """(θ, φ) of a (not necessarily normalized) direction vector."""
    n = np.asarray(n, dtype=float)
    n = n / np.linalg.norm(n)
    return float(np.arccos(np.clip(n[2], -1, 1))), float(np.arctan2(n[1], n[0]))
