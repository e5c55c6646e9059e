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
from .dicke.rate_equations import PopulationSteadyState
from .information import qubit_mmi
from .meanfield import LimitObservables
from .models.lmg import LMGParameters, lmg_model
from .dicke.observables import population_entropy, population_magnetization_z


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
    solver: str       # "<solver>:<method key>", e.g. "permqs:graded-gmres", "permqs:q-block-lu"


def finite_n(N: int, h: float, Gamma: float, J: float = 3.0, gamma: float = 1.0, solver: str = "permqs",
             tol: float = 1e-9) -> FinitePoint:
    """Finite-N steady state. ``solver``: "permqs" (our engine; it solves the populations alone, Eqs. A11-A13,
    when the field vanishes and the generator conserves m − m', else the full J-block vector) or "piqs"
    (qutip.piqs)."""
    model = lmg_model(LMGParameters(J=J, h=h, Gamma=Gamma, gamma=gamma))
    result = solve_steady_state(model, N, solver, tol=tol)
    if isinstance(result, PopulationSteadyState):  # exact at any N, without the C(N+3, 3) vector
        m = np.array([0.0, 0.0, population_magnetization_z(result)])
        S_T = population_entropy(result)
    else:
        obs = observables(result.state)
        m = np.array([obs.m_x, obs.m_y, obs.m_z])
        S_T = obs.S_T
    S_i, I_M = qubit_mmi(N, m, S_T)
    return FinitePoint(N, *map(float, m), S_T, S_i, I_M, result.residual, f"{solver}:{result.method}")


def limit(h: float, Gamma: float, J: float = 3.0, gamma: float = 1.0) -> LimitObservables:
    """The N → ∞ attractor of Eq. 16 and its time averages (Eq. 13)."""
    return lmg_limit(LMGParameters(J=J, h=h, Gamma=Gamma, gamma=gamma))


def limit_mmi(h: float, Gamma: float, J: float = 3.0, gamma: float = 1.0) -> float:
    """lim_{N→∞} I_M/N = S(mean ρ_t) − mean S(ρ_t) (Eq. 13)."""
    return float(limit(h, Gamma, J, gamma).mutual_information)
