"""One-point API for the driven-dissipative LMG model of paper 000 (Eqs. 14-15), for notebooks.

    >>> from permqs import lmg
    >>> p = lmg.finite_n(N=40, h=0.5, Gamma=2.0)          # exact finite-N steady state
    >>> p.I_M / p.N, p.residual
    >>> lmg.limit_mmi(h=0.5, Gamma=2.0)                   # lim_{N→∞} I_M/N (Eq. 13)

The workflow computes the same numbers with the same functions, stage by stage.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .analysis.paper000 import lmg_limit
from .dicke.backends import solve_steady_state
from .dicke.observables import observables
from .dicke.rate_equations import solve_rate_equations
from .information import qubit_mmi
from .meanfield import LimitObservables
from .models.lmg import LMGParameters, lmg_model


@dataclass(frozen=True)
class FinitePoint:
    """Steady-state observables at finite N: ⟨m_α⟩ (Eq. A10), S(ρ_T) (Eq. A8), S(ρ_i) (Eq. A9), I_M (Eq. 7)."""

    N: int
    m_x: float
    m_y: float
    m_z: float
    S_T: float
    S_i: float
    I_M: float
    residual: float   # ||Lρ|| / ||ρ|| of the solver
    solver: str


def finite_n(N: int, h: float, Gamma: float, J: float = 3.0, gamma: float = 1.0, solver: str = "auto",
             tol: float = 1e-9) -> FinitePoint:
    """Finite-N steady state. ``solver``: "rates" (h = 0 only, Eqs. A11-A13), "permqs" (J-block solver),
    "piqs" (qutip.piqs), or "auto" (rates at h = 0, permqs otherwise)."""
    if solver == "auto":
        solver = "rates" if h == 0 else "permqs"
    if solver == "rates":
        if h != 0:
            raise ValueError(f"the rate equations hold only at h = 0, got h = {h}")
        s = solve_rate_equations(N, Gamma, gamma, tol=min(tol, 1e-10))
        m = np.array([0.0, 0.0, s.magnetization_z()])
        S_T, residual = s.total_entropy(), s.residual
    else:
        model = lmg_model(LMGParameters(J=J, h=h, Gamma=Gamma, gamma=gamma))
        result = solve_steady_state(model, N, solver, tol=tol)
        obs = observables(result.state)
        m = np.array([obs.m_x, obs.m_y, obs.m_z])
        S_T, residual = obs.S_T, result.residual
    S_i, I_M = qubit_mmi(N, m, S_T)
    return FinitePoint(N, *map(float, m), S_T, S_i, I_M, residual, solver)


def limit(h: float, Gamma: float, J: float = 3.0, gamma: float = 1.0) -> LimitObservables:
    """The N → ∞ attractor of Eq. 16 and its time averages (Eq. 13)."""
    return lmg_limit(LMGParameters(J=J, h=h, Gamma=Gamma, gamma=gamma))


def limit_mmi(h: float, Gamma: float, J: float = 3.0, gamma: float = 1.0) -> float:
    """lim_{N→∞} I_M/N = S(mean ρ_t) − mean S(ρ_t) (Eq. 13)."""
    return float(limit(h, Gamma, J, gamma).mutual_information)
