"""The qudit sectors as :class:`permqs.solvers.GradedProblem` (the shared solver layer).

In the real Hermitian sector basis (:mod:`.sectors`) every unknown is its own partner and 𝓛 is real. The grade is
the coherence order |Q|/2 rounded down (Q moves by ±2 under the Hamiltonian and is conserved by the dissipators; in
a Π1-odd sector Q = ±1 share grade 0), so reach = 1 and the trace sits on grade 0, as the layer requires.

Caveat, measured at (N, d) = (7, 4): a whole |Q| block of a d ≥ 3 sector fills 20-30 % of dense under SuperLU
(12,864 unknowns: 3.3e7 factor entries, 19 s), so the layer's colour sweep, which factors those blocks exactly, is
practical only for small sectors. :func:`permqs.qudit.steady_state` and :func:`permqs.qudit.gaps` use the level-sum
sweep of :mod:`.solve` instead; this adapter exists for cross-checks and small problems.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from ..model import Model
from ..solvers import GradedProblem
from .basis import PIBasis
from .generator import liouvillian
from .sectors import sector
from .solve import level_sum
from .state import PIState


def graded_problem(model: Model, N: int, parity=(1, 1), basis: Optional[PIBasis] = None) -> GradedProblem:
    """The sector ``parity`` of paper 004's generator as a GradedProblem (x: sector coordinates)."""
    basis = basis if basis is not None else PIBasis(N, model.d)
    sec = sector(basis, parity)
    A = sec.project(liouvillian(model, N, basis))
    K = level_sum(sec)
    anchor = int(np.argmax(K)) if tuple(parity) == (1, 1) else 0
    return GradedProblem.from_matrix(
        A, grade=sec.grade // 2, reach=1, partner=np.arange(sec.size), trace=sec.trace, anchor=anchor,
        name=f"qudit N={N} d={model.d} sector {tuple(parity)}",
        make_state=lambda x: PIState(N, model.d, sec.to_pi(np.real(x))))
