"""Numbers paper 000 states about the N → ∞ LMG model, computed from the mean-field engine:
the maximum of I_M/N (Fig. 1 text: Γ ≈ 1.68γ at h = 0), the onset of the limit cycle (Γ/γ ≳ 1.02 at
h = 0.5γ, Supplement; a Hopf point), the dip of I_M/N (Γ ≈ 2.5γ at h = 0.5γ) and the Floquet multipliers (App. C)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from ..meanfield import LimitObservables, MeanField, limit_observables
from ..errors import ConvergenceError
from ..meanfield.attractor import FIXED_POINT, LIMIT_CYCLE, find_attractor
from ..meanfield.continuation import BIFURCATIONS, HOPF, continue_branch
from ..meanfield.floquet import refine_cycle
from ..models.lmg import LMGParameters, lmg_model
from ..models.lmg_exact import closed_form_mmi_h0

#: a generic start of the mean-field dynamics (Eq. 16): off the invariant axis m_x = m_y = 0 of the h = 0 model
MEANFIELD_START = np.array([0.3, 0.1, 0.9])


def lmg_limit(p: LMGParameters) -> LimitObservables:
    """The N → ∞ attractor of Eq. 16 from :data:`MEANFIELD_START` and its time averages (Eq. 13)."""
    model = lmg_model(p)
    return limit_observables(model, MeanField(model).from_bloch(MEANFIELD_START))


def closed_form_maximum(gamma: float = 1.0) -> float:
    """argmax_Γ of Eq. 18 (independent of 𝒥)."""
    res = minimize_scalar(lambda G: -closed_form_mmi_h0(G, gamma), bounds=(gamma * 1.0001, 5 * gamma),
                          method="bounded", options={"xatol": 1e-10})
    return float(res.x)


def extremum(x: np.ndarray, y: np.ndarray, lo: float, hi: float, kind: str = "max") -> float:
    """Position of the extremum of sampled y(x) within [lo, hi], refined by the parabola through three points."""
    sel = np.flatnonzero((x >= lo) & (x <= hi))
    ys = y[sel] if kind == "max" else -y[sel]
    i = sel[np.argmax(ys)]
    if i in (sel[0], sel[-1]):
        return float(x[i])
    x3, y3 = x[i - 1:i + 2], (y if kind == "max" else -y)[i - 1:i + 2]
    a, b, _ = np.polyfit(x3, y3, 2)
    return float(-b / (2 * a))


def hopf_point(h: float, J: float, gamma: float, below: float = 0.5, above: float = 2.0) -> float:
    """Γ where the fixed point of Eq. 16 loses stability in a Hopf bifurcation (the onset of the limit cycle),
    between a stable Γ = ``below`` and ``above``.

    The attractor at ``below`` must be a fixed point; its branch is continued in Γ (the model is affine in Γ: exact
    derivatives) by :func:`permqs.meanfield.continue_branch`, which locates the first bifurcation by Brent's method
    on the Hopf test function, so the answer does not depend on any Γ grid. Raises ValueError when the fixed point
    stays stable up to ``above`` or loses stability otherwise than through a Hopf point.
    """
    def builder(Gamma: float):
        return lmg_model(LMGParameters(J=J, h=h, Gamma=Gamma, gamma=gamma))

    mf = MeanField(builder(below))
    start = find_attractor(mf, mf.from_bloch(MEANFIELD_START))
    if start.kind != FIXED_POINT:
        raise ValueError(f"the attractor at Γ={below} is a {start.kind}, not a fixed point")
    branch = continue_branch(builder, below, above, start.y, stop_on=BIFURCATIONS)
    if branch.status != "bifurcation":
        raise ValueError(f"the fixed point stays stable up to Γ={above}")
    first = branch.bifurcations[-1]
    if first.kind != HOPF:
        raise ValueError(f"the fixed point loses stability at a {first.kind} (Γ={first.param:.6g}), not a Hopf point")
    return first.param


@dataclass(frozen=True)
class LMGFloquet:
    h: float
    Gamma: float
    period: float
    multipliers: np.ndarray     # in the Bloch coordinates (m_x, m_y, m_z)
    hyperbolic: bool
    attracting: bool


def lmg_floquet(p: LMGParameters) -> LMGFloquet:
    """Floquet multipliers of the LMG limit cycle (Eqs. C1-C2) and the hyperbolicity verdict."""
    model = lmg_model(p)
    mf = MeanField(model)
    att = find_attractor(mf, mf.from_bloch(MEANFIELD_START))
    if att.kind != LIMIT_CYCLE:
        raise ValueError(f"no limit cycle at {p}: the attractor is a {att.kind}")
    cycle = refine_cycle(mf, att.y, att.period, att.t)
    if cycle is None:
        raise ConvergenceError(f"Newton shooting did not converge on the LMG limit cycle at {p}")
    f = cycle.floquet
    return LMGFloquet(p.h, p.Gamma, cycle.period, f.multipliers, bool(f.is_hyperbolic()), bool(f.is_attracting()))
