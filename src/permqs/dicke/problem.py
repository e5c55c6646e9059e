"""The spin-1/2 J-block representation as a graded problem for :mod:`permqs.solvers` (paper 000 App. A).

Unknowns ρ_{J,m,m'} in :class:`~permqs.dicke.basis.DickeBasis` order; the grade is the coherence order
q = m − m' (field-free terms conserve it, a transverse field moves it by 1, J_x²-type terms by 2); the Hermitian
partner of ρ_{J,m,m'} is ρ_{J,m',m}, q(2J) places away; the trace is the sum of the populations ρ_{J,m,m}; the
trace condition replaces the equation of the fully polarized population (J = m = m' = N/2, the last unknown).
"""
from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

import numpy as np

from ..model import Model
from ..solvers.problem import GradedProblem
from ..solvers.steady import RESTART, memory_need_of
from .basis import DickeBasis, n_unknowns
from .liouvillian import assembly, check_model
from .state import DickeState


def fill_per_unknown(N: int) -> float:
    """LU fill of the q-blocks per factored unknown, measured for the LMG model (benchmarks/bench_dicke.py): the
    fill per unknown of the whole vector grows like log N (2D ladders, minimum-degree ordering), 12 at N = 80,
    18 at N = 160, 25 at N = 320; this is twice that (the fill per unknown actually factored). Peak RSS
    (including ~0.1 GB of interpreter): 0.63 GB at N = 160 and 5.0 GB at N = 320, against estimates of 1.0 and
    6.9 GB."""
    return max(10.0, 12.0 * math.log2(max(N, 2)) - 52.0)


@lru_cache(maxsize=8)
def _labels(N: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(grade q, partner, trace weights) of every unknown, read-only and shared by every problem at this N."""
    basis = DickeBasis(N)
    dim, _, _ = basis.block_local
    q = basis.coherence_order.astype(np.int64)
    partner = np.arange(basis.size, dtype=np.int64) - q * (dim - 1)
    trace = np.zeros(basis.size)
    trace[basis.diagonal] = 1.0
    for a in (q, partner, trace):
        a.setflags(write=False)
    return q, partner, trace


def _modulated_parts(model: Model) -> tuple[Model, list[tuple[object, Model]]]:
    """The static part of a model and, per modulation f, the model of the Hamiltonian terms it multiplies."""
    static = replace(model, hamiltonian=tuple(t for t in model.hamiltonian if t.modulation is None))
    parts: dict[int, tuple[object, list]] = {}
    for t in model.hamiltonian:
        if t.modulation is not None:
            parts.setdefault(id(t.modulation), (t.modulation, []))[1].append(replace(t, modulation=None))
    return static, [(f, Model(d=model.d, hamiltonian=tuple(terms), name=f"{model.name} (modulated part)"))
                    for f, terms in parts.values()]


def jblock_problem(model: Model, N: int) -> GradedProblem:
    """𝓛 of ``model`` for N spins-1/2 on the reduced J-block vector (Eqs. A3-A7), as a graded problem; a
    modulated model gives 𝓛(t) = 𝓛₀ + Σ_k f_k(t) 𝓛_k (for evolution and Floquet multipliers)."""
    check_model(model, static=False)
    static, parts = _modulated_parts(model)
    plan = assembly(static, N)
    part_plans = [(f, assembly(part, N)) for f, part in parts]
    modulations = tuple((f, part_plan.matrix()) for f, part_plan in part_plans)
    reach = max([plan.coherence_reach] + [part_plan.coherence_reach for _, part_plan in part_plans])
    q, partner, trace = _labels(N)
    return GradedProblem(
        n=n_unknowns(N), rows=plan.matrix, grade=q, reach=reach, partner=partner, trace=trace,
        anchor=n_unknowns(N) - 1, name=model.name, modulations=modulations, nonzeros=plan.triplets,
        fill_per_unknown=fill_per_unknown(N), make_state=lambda x: DickeState(N, x))


def estimate_memory(model: Model, N: int, restart: int = RESTART) -> int:
    """Bytes needed to assemble and solve at size N (assembly peak, LU fill, Krylov basis). The nonzeros of 𝓛 are
    bounded by the triplet count of its terms: no matrix and no label array is built."""
    return memory_need_of(n_unknowns(N), assembly(model, N).triplets, fill_per_unknown(N), restart)
