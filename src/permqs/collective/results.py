"""Typed results of the collective solvers (same fields as the shared layer's ``permqs.solvers.result``).

Status codes (0 is success, as scipy): 0 converged, 1 iteration limit, 2 breakdown, 3 unreliable (an eigenpair
or a propagator that fails its residual check).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from ..errors import ConvergenceError, SolverError

CONVERGED, MAXITER, BREAKDOWN, UNRELIABLE = 0, 1, 2, 3


@dataclass(frozen=True)
class Result:
    status: int
    message: str
    residual: float
    iterations: int
    seconds: float
    method: str
    stats: dict = field(default_factory=dict)

    @property
    def success(self) -> bool:
        return self.status == CONVERGED

    def raise_for_status(self, error: type[SolverError] = ConvergenceError):
        if not self.success:
            raise error(self.message, self)
        return self


@dataclass(frozen=True)
class SteadyStateResult(Result):
    """𝓛x = 0, Tr ρ = 1; ``residual`` = ‖𝓛x‖₂/‖x‖₂ with the unmodified generator."""

    x: Optional[np.ndarray] = None
    state: Any = None


@dataclass(frozen=True)
class SpectrumResult(Result):
    """Eigenvalues (sorted by decreasing real part), right eigenvectors (columns) and
    ``residuals[i]`` = ‖𝓛v - λv‖₂/(‖𝓛‖₁‖v‖₂); ``residual`` is their maximum."""

    eigenvalues: Optional[np.ndarray] = None
    eigenvectors: Optional[np.ndarray] = None
    residuals: Optional[np.ndarray] = None


@dataclass(frozen=True)
class EvolutionResult(Result):
    """``states[i]`` = x(times[i]); ``residual`` = max |Tr ρ(t) - Tr ρ(0)| (not imposed by the integrator)."""

    times: Optional[np.ndarray] = None
    states: Optional[np.ndarray] = None


@dataclass(frozen=True)
class FloquetResult(Result):
    """Leading eigenvalues μ of the one-period map 𝒰_F (sorted by decreasing |μ|), eigenvectors, residuals
    ‖𝒰v - μv‖₂/‖v‖₂, the stationary multiplier's index and the Floquet gap Δ = 1 - max_{i≠ss}|μ_i| (paper 002
    Eq. 14)."""

    multipliers: Optional[np.ndarray] = None
    eigenvectors: Optional[np.ndarray] = None
    residuals: Optional[np.ndarray] = None
    steady_index: int = 0
    gap: float = float("nan")
