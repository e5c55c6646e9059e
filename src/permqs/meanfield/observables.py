"""Thermodynamic-limit observables from the attractor (paper 000 Eqs. 6, 11-13).

With P_ss(ξ) the invariant density of the drift on its attractor (Eq. 6), for N → ∞

    lim S(ρ_i)    = S(ρ̄),           ρ̄ = time average of ρ_t              (local entropy)
    lim S(ρ_T)/N  = mean_t S(ρ_t)                                          (total entropy per unit)
    lim I_M / N   = S(ρ̄) - mean_t S(ρ_t)                                   (Eq. 13)

with time averages over whole periods of a cycle (periodic trapezoidal rule: exponentially accurate) or over a
long window for an aperiodic attractor, and I_M/N = 0 at a fixed point.

Several ensembles: every quantity is returned per ensemble e (arrays with a leading ensemble axis). The
product state ⊗_e ρ_e,t^{⊗N} gives, for the multipartite mutual information of all n_ensembles·N units
divided by N (the size of one ensemble), the sum over ensembles: ``mutual_information`` = Σ_e I_e. Boson modes
carry no extensive entropy (coherent states); their averaged amplitude is reported.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..information import entropy_of_eigenvalues
from ..model import Model
from .attractor import APERIODIC, FIXED_POINT, Attractor, find_attractor
from .drift import MeanField
from .integrate import TIGHT, Tolerances, sample_window


@dataclass(frozen=True)
class LimitObservables:
    """Time-averaged single-site quantities on the attractor, per ensemble (leading axis n_ensembles)."""

    attractor: Attractor
    rho_mean: np.ndarray          # ρ̄_e, (n_ens, d, d)
    bloch_mean: np.ndarray        # ξ̄_e, (n_ens, d²-1); for d = 2 the time-averaged magnetization
    alpha_mean: np.ndarray        # time-averaged α_μ, (n_modes,)
    entropy_mean: np.ndarray      # mean_t S(ρ_e,t) = lim S_T/N per ensemble, (n_ens,)
    entropy_of_mean: np.ndarray   # S(ρ̄_e) = lim S(ρ_i), (n_ens,)

    @property
    def kind(self) -> str:
        return self.attractor.kind

    @property
    def period(self) -> float:
        return self.attractor.period

    @property
    def mutual_information_per_ensemble(self) -> np.ndarray:
        """S(ρ̄_e) - mean_t S(ρ_e,t) (Eq. 13), clipped at 0 against round-off at fixed points."""
        return np.maximum(self.entropy_of_mean - self.entropy_mean, 0.0)

    @property
    def mutual_information(self) -> float:
        """lim I_M/N (Eq. 13), summed over ensembles (see module docstring)."""
        return float(np.sum(self.mutual_information_per_ensemble))


def _entropies(rhos: np.ndarray) -> np.ndarray:
    """S(ρ) over the last two axes, for any leading shape."""
    ev = np.linalg.eigvalsh(rhos)
    return np.apply_along_axis(entropy_of_eigenvalues, -1, ev)


def observables_on(mf: MeanField, attractor: Attractor, samples_per_period: int = 512,
                   samples_aperiodic: int = 20_000, tol: Tolerances = TIGHT) -> LimitObservables:
    """Eq. 13 averages on a found attractor: over one whole period of a cycle, or its window if aperiodic."""
    if attractor.kind == FIXED_POINT:
        ys = attractor.y[None, :]
    else:
        n = samples_aperiodic if attractor.kind == APERIODIC else samples_per_period
        ys = sample_window(mf, attractor.y, attractor.t, attractor.period, n, tol)
    rhos, alphas = mf.unpack(ys)
    rho_mean = rhos.mean(axis=0)
    s_mean = _entropies(rhos).mean(axis=0)
    s_of_mean = _entropies(rho_mean)
    if attractor.kind == FIXED_POINT:
        s_mean = s_of_mean  # exactly: a delta distribution carries no mutual information
    return LimitObservables(attractor, rho_mean, mf.bloch(ys).mean(axis=0), alphas.mean(axis=0), s_mean, s_of_mean)


def limit_observables(model: Model, y0: Optional[np.ndarray] = None, *, samples_per_period: int = 512,
                      **attractor_options) -> LimitObservables:
    """Attractor of ``model`` from y0 and its Eq. 13 quantities; options go to :func:`find_attractor`."""
    mf = MeanField(model)
    attractor = find_attractor(mf, y0, **attractor_options)
    return observables_on(mf, attractor, samples_per_period, tol=attractor_options.get("tol", TIGHT))
