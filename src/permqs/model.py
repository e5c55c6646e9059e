"""Model description shared by every limit (DESIGN.md, "One model, every limit").

A model is data: ``n_ensembles`` ensembles of N identical d-level units each, bosonic modes, and

    H  = Σ_terms  c·f(t) · N^(1-k) · V_e1[A_1] ⋯ V_ek[A_k]                      (collective Hamiltonian)
       + Σ_μ ω_μ a_μ† a_μ + Σ_couplings g·f(t)/√N · (a_μ + a_μ†) V_e[A]         (bosons, paper 002 Eq. 2,
                                                                                  paper 003 Eq. 3)
    dρ/dt = -i[H, ρ] + Σ_collective (1/N) Σ_ab c_ab (V_e[A_a] ρ V_e[A_b]† - ½{V_e[A_b]† V_e[A_a], ρ})
            + Σ_local γ Σ_i D[L^(i)](ρ) + Σ_μ κ_μ D[a_μ](ρ)                      (paper 000 Eq. 1)

where V_e[A] = Σ_{i ∈ ensemble e} A^(i) is the collective operator of the single-site d×d matrix A.
A collective dissipator is given in Kossakowski form (paper 002 Eq. 4); a single collective jump
(Γ/N) D[V[L]] is the 1×1 case, built by :func:`collective_jump`.

The finite-N engines and the mean-field drift both read this description, so a model is written once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

Modulation = Optional[Callable[[float], float]]


def _matrix(a, d: int, what: str) -> np.ndarray:
    a = np.asarray(a, dtype=complex)
    if a.shape != (d, d):
        raise ValueError(f"{what}: expected a {d}x{d} single-site matrix, got shape {a.shape}")
    return a


@dataclass(frozen=True, eq=False)
class Factor:
    """One collective operator V_e[A] = Σ_{i ∈ e} A^(i)."""

    matrix: np.ndarray
    ensemble: int = 0


@dataclass(frozen=True, eq=False)
class HamiltonianTerm:
    """c·f(t)·N^(1-k) V[A_1]⋯V[A_k]: extensive for any number k of collective factors."""

    coefficient: complex
    factors: tuple[Factor, ...]
    modulation: Modulation = None


@dataclass(frozen=True, eq=False)
class CollectiveDissipator:
    """(1/N) Σ_ab c_ab (V[A_a] ρ V[A_b]† - ½{V[A_b]† V[A_a], ρ}) on one ensemble (paper 002 Eq. 4)."""

    operators: tuple[np.ndarray, ...]
    kossakowski: np.ndarray
    ensemble: int = 0


@dataclass(frozen=True, eq=False)
class LocalJump:
    """γ Σ_i D[L^(i)] on every unit of one ensemble (or of all ensembles when ensemble is None)."""

    rate: float
    operator: np.ndarray
    ensemble: Optional[int] = None


@dataclass(frozen=True, eq=False)
class BosonMode:
    """ω a†a with loss κ D[a]."""

    frequency: float
    loss: float


@dataclass(frozen=True, eq=False)
class BosonCoupling:
    """g·f(t)/√N (a_μ + a_μ†) V_e[A]."""

    mode: int
    strength: float
    factor: Factor
    modulation: Modulation = None


@dataclass(frozen=True, eq=False)
class Model:
    """A permutation-invariant open model of ``n_ensembles`` ensembles of d-level units."""

    d: int
    hamiltonian: tuple[HamiltonianTerm, ...] = ()
    collective: tuple[CollectiveDissipator, ...] = ()
    local: tuple[LocalJump, ...] = ()
    modes: tuple[BosonMode, ...] = ()
    couplings: tuple[BosonCoupling, ...] = ()
    n_ensembles: int = 1
    name: str = field(default="model")

    def __post_init__(self):
        if self.d < 2:
            raise ValueError(f"single-site dimension d must be >= 2, got {self.d}")
        ensembles = range(self.n_ensembles)
        for term in self.hamiltonian:
            for f in term.factors:
                _matrix(f.matrix, self.d, "Hamiltonian factor")
                if f.ensemble not in ensembles:
                    raise ValueError(f"Hamiltonian factor on ensemble {f.ensemble}, model has {self.n_ensembles}")
        for diss in self.collective:
            for a in diss.operators:
                _matrix(a, self.d, "collective jump operator")
            c = np.asarray(diss.kossakowski)
            if c.shape != (len(diss.operators),) * 2:
                raise ValueError(f"Kossakowski matrix of shape {c.shape} for {len(diss.operators)} operators")
        for jump in self.local:
            _matrix(jump.operator, self.d, "local jump operator")
            if jump.rate < 0:
                raise ValueError(f"local jump rate must be >= 0, got {jump.rate}")
        for mode in self.modes:
            if mode.loss < 0:
                raise ValueError(f"boson loss rate must be >= 0, got {mode.loss}")
        for c in self.couplings:
            if c.mode not in range(len(self.modes)):
                raise ValueError(f"boson coupling to mode {c.mode}, model has {len(self.modes)} modes")

    @property
    def is_time_dependent(self) -> bool:
        return any(t.modulation is not None for t in self.hamiltonian) or any(
            c.modulation is not None for c in self.couplings
        )


def term(coefficient: complex, *matrices, ensemble: int = 0, modulation: Modulation = None) -> HamiltonianTerm:
    """Hamiltonian term c·N^(1-k) V[A_1]⋯V[A_k] with every factor on the same ensemble."""
    return HamiltonianTerm(coefficient, tuple(Factor(np.asarray(m, dtype=complex), ensemble) for m in matrices), modulation)


def collective_jump(rate: float, operator, ensemble: int = 0) -> CollectiveDissipator:
    """(Γ/N) D[V[L]] (paper 000 Eq. 1, second term)."""
    if rate < 0:
        raise ValueError(f"collective jump rate must be >= 0, got {rate}")
    return CollectiveDissipator((np.asarray(operator, dtype=complex),), np.array([[rate]], dtype=complex), ensemble)
