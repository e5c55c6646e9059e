"""Representation-agnostic finite-N numerics: steady state, spectrum and evolution of a graded generator.

A representation (``permqs.dicke``, ``permqs.qudit``, ``permqs.collective``) builds a
:class:`GradedProblem`; these functions return typed results (:mod:`permqs.solvers.result`) and never fail
silently.
"""
from .problem import GradedProblem
from .result import (BREAKDOWN, CONVERGED, MAXITER, UNRELIABLE, EvolutionResult, Result,
                     SpectrumResult, SteadyStateResult)
from .evolve import evolve, floquet_multipliers, propagate_period
from .spectrum import gap, spectrum
from .steady import SteadyStateSolver, memory_need, memory_need_of, steady_state

__all__ = [
    "BREAKDOWN", "CONVERGED", "EvolutionResult", "GradedProblem", "MAXITER", "Result",
    "SpectrumResult", "SteadyStateResult", "SteadyStateSolver", "UNRELIABLE", "evolve", "floquet_multipliers", "gap",
    "memory_need", "memory_need_of", "propagate_period", "spectrum", "steady_state",
]
