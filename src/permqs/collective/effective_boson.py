"""Boson-only effective Floquet model of paper 002, Eqs. 15-16 (Fig. 4):

    H(t) = ω_b a†a - (Ω₂(t)/4)(a† + a)² + (Ω₄(t)/(32N))(a† + a)⁴,        κ_b D[a]                     (15)
    Ω₂(t) = Ω₄(t) = 1.5 ω_b on [0, π/ω_b],  0 on [π/ω_b, (2 - ε)π/ω_b],  period T = (2 - ε)π/ω_b        (16)

with κ_b = 0.1 ω_b, ε = 0.1. N enters only through the quartic term (and the scaling of x̂, p̂ of Eq. 5). The
on-window π/ω_b is not half the period, so this is not the square wave of Eq. 13. (a + a†)^k is formed in a
Fock space four levels larger and then truncated, so that every kept matrix element is exact.
Not expressible as a :class:`permqs.model.Model` (no spins, quartic boson terms): built here directly as a
:class:`CollectiveGenerator` on a spin-free :class:`CollectiveSpace`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..errors import ModelError
from .dynamics import PiecewiseConstant
from .generator import CollectiveGenerator, hamiltonian_superoperator, lindblad_superoperator
from .space import CollectiveSpace


@dataclass(frozen=True)
class EffectiveBosonParameters:
    """Eq. 16 values by default (ω_b = 1 is the unit)."""

    omega_b: float = 1.0
    kappa_b: float = 0.1
    Omega: float = 1.5       # Ω₂ = Ω₄ = Omega·ω_b during the on-window
    epsilon: float = 0.1

    def __post_init__(self):
        if self.omega_b <= 0 or self.kappa_b < 0 or not 0 <= self.epsilon < 1:
            raise ModelError("need ω_b > 0, κ_b ≥ 0 and 0 ≤ ε < 1")

    @property
    def on_time(self) -> float:
        return np.pi / self.omega_b

    @property
    def period(self) -> float:
        return (2 - self.epsilon) * np.pi / self.omega_b

    def drive(self) -> PiecewiseConstant:
        """Ω₂(t)/(Ω ω_b): 1 on the on-window, 0 after (Eq. 16)."""
        return PiecewiseConstant((0.0, self.on_time, self.period), (1.0, 0.0))


def _x_powers(dim: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    big = dim + 4
    a = sp.diags(np.sqrt(np.arange(1, big)), 1, dtype=complex, format="csr")
    X = sp.csr_matrix(a + a.T)
    X2 = X @ X
    X4 = X2 @ X2
    return sp.csr_matrix(X2[:dim, :dim]), sp.csr_matrix(X4[:dim, :dim])


def effective_boson_generator(N: int, boson_dim: int = 65,
                              p: EffectiveBosonParameters = EffectiveBosonParameters()) -> CollectiveGenerator:
    """𝓛(t) = 𝓛₀ + f(t) 𝓛₁ of Eqs. 15-16: 𝓛₀ = -i[ω_b a†a, ·] + κ_b D[a], 𝓛₁ = -i[H₁, ·],
    H₁ = Ω ω_b (-(a + a†)²/4 + (a + a†)⁴/(32N)), f the Eq. 16 window."""
    space = CollectiveSpace(N, 0, boson_dim)
    a = space.destroy()
    X2, X4 = _x_powers(boson_dim)
    H0 = sp.csr_matrix(p.omega_b * (a.conj().T @ a))
    H1 = sp.csr_matrix(p.Omega * p.omega_b * (-X2 / 4 + X4 / (32 * N)))
    static = lindblad_superoperator(H0, [(p.kappa_b, a)] if p.kappa_b > 0 else [])
    part = (p.drive(), hamiltonian_superoperator(H1))
    return CollectiveGenerator(space, static, (part,), (H0, H1), name="effective_boson_eq15")


def parity_sectors(space: CollectiveSpace) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the unknowns ρ_{nn'} with n - n' even and odd: the weak Z2 symmetry e^{iπa†a} of Eq. 15 keeps
    them apart; the Floquet NESS is even, ⟨x̂⟩ and the period-doubling multiplier are odd."""
    q = space.coherence_orders[-1]
    return np.flatnonzero(q % 2 == 0), np.flatnonzero(q % 2 != 0)
