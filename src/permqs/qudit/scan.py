"""Sector gaps and steady states of paper 004's model over many rates at fixed (N, d, dissipator), the generator
built once.

𝓛 of Eq. 3 is linear in (V, γ_I, γ_C): 𝓛 = V 𝓛_V + γ_I 𝓛_I + γ_C 𝓛_C, and so is each sector projection. The three
parts are assembled and projected once per (N, d, dissipator); each rate point then only adds three sparse
matrices before its gap solves (Figs. 5 and 6 of paper 004) or its steady-state solve (Figs. 7 and 8).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import SolverError
from ..models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
from ..solvers.result import BREAKDOWN
from .basis import PIBasis
from .generator import liouvillian
from .sectors import SECTORS, sector
from .solve import SectorSpectrumResult, SteadyStateResult, sector_spectrum, steady_state


@dataclass
class GapScan:
    """Sector matrices of the three parts of paper 004's 𝓛 for one (N, d, dissipator)."""

    N: int
    d: int
    dissipator: str
    sectors: tuple = SECTORS
    parts: dict = field(init=False, repr=False)

    def __post_init__(self):
        basis = PIBasis(self.N, self.d)
        self.parts = {}
        unit = {"V": (1.0, 0.0, 0.0), "I": (0.0, 1.0, 0.0), "C": (0.0, 0.0, 1.0)}
        mats = {}
        for name, (V, gI, gC) in unit.items():
            mats[name] = liouvillian(qudit_lmg_model(QuditLMGParameters(self.d, V, gI, gC, self.dissipator)), self.N,
                                     basis)
        for s in self.sectors:
            sec = sector(basis, s)
            self.parts[tuple(s)] = (sec, {name: sec.project(L) for name, L in mats.items()})

    def matrix(self, parity, gamma_I: float, gamma_C: float, V: float = 1.0):
        """(sector, its matrix of 𝓛 at these rates)."""
        sec, P = self.parts[tuple(parity)]
        return sec, (V * P["V"] + gamma_I * P["I"] + gamma_C * P["C"]).tocsr()

    def gaps(self, gamma_I: float, gamma_C: float, V: float = 1.0, **kw) -> dict[tuple[int, int], SectorSpectrumResult]:
        """Δ^(p1,p2) at one rate point; a sector that fails gives its failed result (gap NaN), never an exception."""
        model = qudit_lmg_model(QuditLMGParameters(self.d, V, gamma_I, gamma_C, self.dissipator))
        out = {}
        for s, (sec, P) in self.parts.items():
            try:
                out[s] = sector_spectrum(model, self.N, s, matrix=self.matrix(s, gamma_I, gamma_C, V),
                                         raise_on_failure=False, **kw)
            except SolverError as exc:  # a failed inner solve inside ARPACK surfaces here
                out[s] = exc.result
            except (RuntimeError, ValueError, ArithmeticError) as exc:
                out[s] = SectorSpectrumResult(BREAKDOWN, f"{type(exc).__name__}: {exc}", np.nan, 0, 0.0,
                                              "shift-invert-arnoldi", {}, eigenvalues=np.array([]),
                                              residuals=np.array([]), parity=s, accepted=np.array([], bool),
                                              size=sec.size)
        return out

    def steady_state(self, gamma_I: float, gamma_C: float, V: float = 1.0, **kw) -> SteadyStateResult:
        """ρ_ss at one rate point (needs the (+1, +1) sector among ``sectors``); a solve that misses its tolerance
        returns its result (status and residual say why) instead of raising. Keyword arguments go to
        :func:`~permqs.qudit.solve.steady_state`."""
        if (1, 1) not in self.parts:
            raise ValueError("the steady state lives in (+1, +1), which this scan did not build")
        model = qudit_lmg_model(QuditLMGParameters(self.d, V, gamma_I, gamma_C, self.dissipator))
        return steady_state(model, self.N, matrix=self.matrix((1, 1), gamma_I, gamma_C, V), raise_on_failure=False,
                            **kw)
