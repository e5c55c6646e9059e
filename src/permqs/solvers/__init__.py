"""Representation-agnostic finite-N numerics: steady state, spectrum and evolution of a graded generator.

A representation (``permqs.dicke``, ``permqs.qudit``, ``permqs.collective``) builds a
:class:`GradedProblem`; these functions return typed results (:mod:`permqs.solvers.result`) and never fail
silently.
"""
from .problem import GradedProblem
from .result import (BREAKDOWN, CONVERGED, MAXITER, UNRELIABLE, EvolutionResult, Result,
                     SpectrumResult, SteadyStateResult)
from .evolve import evolve, floquet_multipliers, propagate_period
from .levels import LevelGaussSeidel, level_gmres
from .spectrum import ShiftInvertLU, gap, spectrum
from .steady import SteadyStateSolver, memory_need, memory_need_of, steady_state

__all__ = [
    "BREAKDOWN", "CONVERGED", "EvolutionResult", "GradedProblem", "LevelGaussSeidel", "MAXITER", "Result",
    "ShiftInvertLU", "SpectrumResult", "SteadyStateResult", "SteadyStateSolver", "UNRELIABLE", "evolve",
    "floquet_multipliers", "gap", "level_gmres", "memory_need", "memory_need_of", "propagate_period", "spectrum",
    "steady_state",
]
