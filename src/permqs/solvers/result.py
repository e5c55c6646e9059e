"""Typed results of the finite-N solvers, in the shape of scipy's ``OdeResult``.

Every solver returns a :class:`Result` (or one of its payload-carrying subclasses) and never fails silently:
``success`` says whether the method reached what was asked (a residual below its tolerance, every eigenpair
checked, the integration finished), ``status`` says how it ended, ``message`` says it in words, and
``residual`` is the measure the method was judged by. The API edge calls :meth:`Result.raise_for_status`,
so a caller who needs a value gets it or an exception from :mod:`permqs.errors` with that message.

Status codes (as in scipy, 0 is success):

====== ===================================================================================
 0      converged: the residual is below the tolerance
 1      not converged: the residual is above the tolerance (the iteration limit was reached first, or a
        direct solve fell short)
 2      breakdown: a non-finite number, a stagnating Krylov space or an inconsistent system
 3      unreliable: a result that fails its reliability check (an eigenpair residual above
        tolerance, a spurious or degenerate zero eigenvalue)
====== ===================================================================================
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from ..errors import ConvergenceError, SolverError

CONVERGED, MAXITER, BREAKDOWN, UNRELIABLE = 0, 1, 2, 3
STATUS_NAMES = {CONVERGED: "converged", MAXITER: "not converged", BREAKDOWN: "breakdown",
                UNRELIABLE: "unreliable"}


@dataclass(frozen=True)
class Result:
    """How a solver ended. ``method`` is a short key (e.g. "graded-gmres", "q-block-lu", "shift-invert-arnoldi",
    "expm-multiply"), never a sentence; ``stats`` holds method-specific numbers (build time, memory estimate,
    Krylov size, ...)."""

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
        """``self`` when successful, else raise ``error`` with the message (and this result attached)."""
        if not self.success:
            raise error(self.message, self)
        return self


@dataclass(frozen=True)
class SteadyStateResult(Result):
    """𝓛x = 0 with Tr ρ = 1. ``x``: the flat coefficient vector of the representation; ``state``: the
    representation's own state object built from it (``x`` itself where it has none). ``residual`` is
    ‖𝓛x‖₂/‖x‖₂ with the unmodified generator."""

    x: Optional[np.ndarray] = None
    state: Any = None


@dataclass(frozen=True)
class SpectrumResult(Result):
    """Eigenvalues of 𝓛 (or of a propagator, for Floquet multipliers) and their right eigenvectors (columns,
    flat coefficient vectors), sorted as the method states; ``residuals[i]`` = ‖𝓛v_i - λ_i v_i‖₂/(‖𝓛‖ ‖v_i‖₂)
    with ‖𝓛‖ estimated; ``residual`` is their maximum."""

    eigenvalues: Optional[np.ndarray] = None
    eigenvectors: Optional[np.ndarray] = None
    residuals: Optional[np.ndarray] = None


@dataclass(frozen=True)
class EvolutionResult(Result):
    """ρ(t) at ``times``: ``states[i]`` is the flat coefficient vector at ``times[i]``. ``residual`` is the
    largest deviation of the trace from its initial value (a conserved quantity the integrator does not
    impose)."""

    times: Optional[np.ndarray] = None
    states: Optional[np.ndarray] = None


def status_message(status: int, what: str, detail: str) -> str:
    """"<what>: <status name>: <detail>", the one shape of every message."""
    return f"{what}: {STATUS_NAMES[status]}: {detail}"
