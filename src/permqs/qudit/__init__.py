"""Finite-N engine for N identical d-level units in the permutation-invariant occupation basis (paper 004, Sec. IV)."""
from .basis import PIBasis, pi_dimension
from .generator import check_model, collective_operator, liouvillian

__all__ = ["PIBasis", "check_model", "collective_operator", "liouvillian", "pi_dimension"]
from .sectors import SECTORS, Sector, sector, sector_dimensions

__all__ += ["SECTORS", "Sector", "sector", "sector_dimensions"]
from .state import PIState
from .solve import (LevelGaussSeidel, SectorSpectrumResult, SteadyStateResult, default_memory_limit, estimate_memory,
                    gaps, level_sum, sector_spectrum, steady_state)

__all__ += ["LevelGaussSeidel", "PIState", "SectorSpectrumResult", "SteadyStateResult", "default_memory_limit",
            "estimate_memory", "gaps", "level_sum", "sector_spectrum", "steady_state"]
from .problem import graded_problem

__all__ += ["graded_problem"]
from .scan import GapScan

__all__ += ["GapScan"]
