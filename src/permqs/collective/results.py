"""Typed results of the collective solvers: the shared layer's (:mod:`permqs.solvers.result`), plus the Floquet
result that also carries the stationary multiplier and the gap of paper 002 Eq. 14."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..solvers.result import (BREAKDOWN, CONVERGED, MAXITER, UNRELIABLE, EvolutionResult, Result, SpectrumResult,
                              SteadyStateResult)

__all__ = ["BREAKDOWN", "CONVERGED", "MAXITER", "UNRELIABLE", "EvolutionResult", "FloquetResult", "Result",
           "SpectrumResult", "SteadyStateResult"]


@dataclass(frozen=True)
class FloquetResult(SpectrumResult):
    """Leading eigenvalues μ of the one-period map 𝒰_F (``eigenvalues``, sorted by decreasing |μ|), eigenvectors,
    residuals ‖𝒰v - μv‖₂/‖v‖₂, the index of the stationary multiplier (μ = 1) and the Floquet gap
    Δ = 1 - max_{i ≠ stationary} |μ_i| (paper 002 Eq. 14)."""

    steady_index: int = 0
    gap: float = float("nan")

    @property
    def multipliers(self) -> Optional[np.ndarray]:
        return self.eigenvalues
