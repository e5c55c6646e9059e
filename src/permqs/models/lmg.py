"""Driven-dissipative LMG model (paper 000 Eqs. 14-15).

    dρ/dt = -i[H, ρ] + (Γ/N) D[V_-](ρ) + γ Σ_i D[σ_+^(i)](ρ),
    H = (𝒥/4N)(V_x V_x + V_y V_y) + (h/2) V_x.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import LocalJump, Model, collective_jump, term
from ..operators import SIGMA_MINUS, SIGMA_PLUS, SIGMA_X, SIGMA_Y


@dataclass(frozen=True)
class LMGParameters:
    """Couplings of Eqs. 14-15: exchange 𝒥 (``J``), field h, collective decay Γ, local pumping γ."""

    J: float = 3.0
    h: float = 0.0
    Gamma: float = 1.0
    gamma: float = 1.0

    def __post_init__(self):
        for name in ("Gamma", "gamma"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")


def lmg_model(p: LMGParameters) -> Model:
    """The model description of Eqs. 14-15."""
    return Model(
        d=2,
        hamiltonian=(
            term(p.J / 4, SIGMA_X, SIGMA_X),
            term(p.J / 4, SIGMA_Y, SIGMA_Y),
            term(p.h / 2, SIGMA_X),
        ),
        collective=(collective_jump(p.Gamma, SIGMA_MINUS),),
        local=(LocalJump(p.gamma, SIGMA_PLUS),),
        name="lmg",
    )
