"""Finite-N engine for N identical d-level units in the permutation-invariant occupation basis (paper 004, Sec. IV)."""
from ..solvers.resources import default_memory_limit
from .basis import PIBasis, pi_dimension
from .generator import check_model, collective_operator, liouvillian
from .problem import graded_problem
from .scan import GapScan
from .sectors import SECTORS, Sector, sector, sector_dimensions
from .solve import (LevelGaussSeidel, SectorSpectrumResult, SteadyStateResult, estimate_memory, gaps, level_sum,
                    sector_spectrum, steady_state)
from .state import PIState

__all__ = ["GapScan", "LevelGaussSeidel", "PIBasis", "PIState", "SECTORS", "Sector", "SectorSpectrumResult",
           "SteadyStateResult", "check_model", "collective_operator", "default_memory_limit", "estimate_memory", "gaps",
           "graded_problem", "level_sum", "liouvillian", "pi_dimension", "sector", "sector_dimensions",
           "sector_spectrum", "steady_state"]
