"""One entry point for the two finite-N backends: our J-block solver and qutip.piqs."""
from __future__ import annotations

from typing import Optional

from ..model import Model
from .steady import SteadyStateResult, steady_state

BACKENDS = ("permqs", "piqs")


def solve_steady_state(model: Model, N: int, backend: str = "permqs", tol: float = 1e-9,
                       memory_limit: Optional[int] = None):
    """Steady state by ``backend``: "permqs" (:func:`steady_state`, tolerance and memory guard apply) or
    "piqs" (qutip.piqs + qutip.steadystate). Both results have ``state``, ``residual``, ``seconds``, ``method``."""
    if backend == "permqs":
        return steady_state(model, N, tol=tol, memory_limit=memory_limit)
    if backend == "piqs":
        from .piqs_backend import piqs_steady_state  # imports qutip (slow), only when asked for
        return piqs_steady_state(model, N)
    raise ValueError(f"solver backend must be one of {', '.join(BACKENDS)}, got {backend!r}")


__all__ = ["BACKENDS", "SteadyStateResult", "solve_steady_state"]
