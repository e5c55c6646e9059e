"""Dissipative d-level LMG model of paper 004 (Pausch, Damanet, Bastin, Martin), Eqs. 2-6.

    H = (V/Nj)(J_x² - J_y²),                                                        (Eq. 2)
    dρ/dt = -i[H, ρ] + (γ_I/j) Σ_i D[L^(i)](ρ) + (γ_C/Nj) D[L_C](ρ),  L_C = Σ_i L^(i)  (Eq. 3)

for N spins j = (d-1)/2 with the lowering jump L^(i) = Σ_m ℓ_m |m⟩⟨m+1| (Eq. 4), normalised to
ℓ_{-j} = √(2j). Two choices are implemented (Eqs. 5-6):

* ``"spin"``:    L_spin = j_-,                            ℓ_m = √((j-m)(j+m+1));
* ``"uniform"``: L_≡ = √(2j) Σ_m |m⟩⟨m+1|  (m-independent), ℓ_m = √(2j).

They coincide for d = 2, 3 and differ from d = 4 on. Single-site matrices use the basis order of
:func:`permqs.operators.spin_matrices`, m = j, j-1, ..., -j (index 0 is the top level).
Scaled spin expectation values are X = ⟨J_x⟩/Nj, Y = ⟨J_y⟩/Nj, Z = ⟨J_z⟩/Nj.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import LocalJump, Model, collective_jump, term
from ..operators import spin_matrices

DISSIPATORS: tuple[str, ...] = ("spin", "uniform")


@dataclass(frozen=True)
class QuditLMGParameters:
    """d levels per unit, coupling V, local rate γ_I (``gamma_I``), collective rate γ_C (``gamma_C``)."""

    d: int = 2
    V: float = 1.0
    gamma_I: float = 0.0
    gamma_C: float = 0.0
    dissipator: str = "spin"

    def __post_init__(self):
        if self.d < 2:
            raise ValueError(f"d must be >= 2, got {self.d}")
        for name in ("gamma_I", "gamma_C"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        if self.dissipator not in DISSIPATORS:
            raise ValueError(f"dissipator must be one of {DISSIPATORS}, got {self.dissipator!r}")

    @property
    def j(self) -> float:
        return (self.d - 1) / 2


def jump_operator(d: int, dissipator: str) -> np.ndarray:
    """Single-site L (Eq. 5 or Eq. 6) as a d×d matrix, normalised to ℓ_{-j} = √(2j)."""
    j = (d - 1) / 2
    if dissipator == "spin":
        sx, sy, _ = spin_matrices(d)
        return sx - 1j * sy
    if dissipator == "uniform":
        # |m⟩⟨m+1| maps index k-1 (level m+1) to index k (level m): the first subdiagonal.
        return np.sqrt(2 * j) * np.eye(d, k=-1, dtype=complex)
    raise ValueError(f"dissipator must be one of {DISSIPATORS}, got {dissipator!r}")


def ladder_coefficients(d: int, dissipator: str) -> np.ndarray:
    """ℓ_m for m = -j, ..., j-1 (Eq. 4), read off :func:`jump_operator`."""
    L = jump_operator(d, dissipator)
    # ℓ_m = ⟨m|L|m+1⟩; level m sits at index j - m, so ℓ_{-j} is the last subdiagonal element.
    return np.diag(L, k=-1)[::-1].copy()


def qudit_lmg_model(p: QuditLMGParameters) -> Model:
    """The model description of Eqs. 2-4 for :mod:`permqs.model` (used by mean field and finite N)."""
    j = p.j
    sx, sy, _ = spin_matrices(p.d)
    L = jump_operator(p.d, p.dissipator)
    # term(c, A, B) = c N^{-1} V[A] V[B]: H = (V/j) N^{-1} (J_x J_x - J_y J_y).
    return Model(
        d=p.d,
        hamiltonian=(term(p.V / j, sx, sx), term(-p.V / j, sy, sy)),
        collective=(collective_jump(p.gamma_C / j, L),),
        local=(LocalJump(p.gamma_I / j, L),),
        name=f"qudit_lmg_d{p.d}_{p.dissipator}",
    )


def scaled_spin(rho: np.ndarray) -> np.ndarray:
    """(X, Y, Z) = ⟨j_α⟩/j of single-site density matrices ρ (shape (..., d, d)) -> shape (..., 3)."""
    d = rho.shape[-1]
    j = (d - 1) / 2
    ops = np.array(spin_matrices(d))
    return np.real(np.einsum("aij,...ji->...a", ops, rho)) / j

