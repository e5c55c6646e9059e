"""Finite-N engine for one ensemble of spins-1/2 in the reduced J-block representation
ρ_T = ⊕_J ρ_J ⊗ 1/dim_J (paper 000 App. A)."""
from .basis import DickeBasis, dim_j, j_values, log_dim_j, n_unknowns
from .ground_state import LMGGroundState, lmg_ground_state
from .liouvillian import check_model, liouvillian
from .observables import DickeObservables, magnetization, observables, total_entropy
from .state import DickeState, state_from_frame, state_to_frame
from ..errors import ConvergenceError, MemoryLimitError
from ..solvers.resources import default_memory_limit
from .problem import estimate_memory, jblock_problem
from .steady import SteadyStateResult, SteadyStateSolver, steady_state
from .z2 import jblock_gaps

__all__ = [
    "ConvergenceError", "DickeBasis", "DickeObservables", "DickeState", "LMGGroundState", "MemoryLimitError",
    "SteadyStateResult", "SteadyStateSolver", "check_model", "default_memory_limit", "dim_j",
    "estimate_memory", "j_values", "jblock_gaps", "jblock_problem", "liouvillian", "lmg_ground_state", "log_dim_j", "magnetization", "n_unknowns",
    "observables", "piqs_steady_state", "piqs_system", "state_from_frame", "state_to_frame", "steady_state",
    "total_entropy",
]


def __getattr__(name: str):
    # The piqs backend imports qutip (slow); load it only when asked for.
    if name in ("piqs_steady_state", "piqs_system"):
        from . import piqs_backend
        return getattr(piqs_backend, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
