"""Every exception permqs raises on purpose, in one place.

Solvers return a typed result (:mod:`permqs.solvers.result`) whose ``status`` and ``message`` say what
happened; the API edge turns a failed result into one of these exceptions, carrying that message (and the
result itself, for inspection). Workflow stages let them propagate, so a failed job exits non-zero and
writes no file.
"""
from __future__ import annotations

from typing import Any, Optional


class PermqsError(Exception):
    """Base class of every error permqs raises on purpose."""


class SolverError(PermqsError, RuntimeError):
    """A numerical method did not reach what was asked of it. ``result`` is the method's typed result
    (with its residual, iterations and message) where one exists."""

    def __init__(self, message: str, result: Optional[Any] = None):
        super().__init__(message)
        self.result = result

    @property
    def residual(self) -> Optional[float]:
        return getattr(self.result, "residual", None)

    @property
    def iterations(self) -> Optional[int]:
        return getattr(self.result, "iterations", None)


class ConvergenceError(SolverError):
    """An iterative solve (steady state, eigenvalues, fixed point) whose residual stayed above its tolerance."""


class IntegrationError(SolverError):
    """A time integration (scipy's solve_ivp, a propagator) that failed or stopped early."""


class ContinuationError(SolverError):
    """A branch continuation that stopped before the end of its parameter range."""


class SpectrumError(SolverError):
    """Eigenvalues that could not be computed reliably (not converged, or failing their residual check)."""


class MemoryLimitError(PermqsError, MemoryError):
    """A computation refused before it started, because its estimated memory exceeds the limit."""


class ModelError(PermqsError, ValueError):
    """A model that a representation or method cannot handle (wrong d, bosons, modulation, ...)."""


class ConfigError(PermqsError, ValueError):
    """A workflow configuration that does not satisfy its schema (raised before any job runs)."""
