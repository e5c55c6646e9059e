"""Numbers paper 000 states about the N → ∞ LMG model, computed from the mean-field engine:
the maximum of I_M/N (Fig. 1 text: Γ ≈ 1.68γ at h = 0), the onset of the limit cycle (Γ/γ ≳ 1.02 at
h = 0.5γ, Supplement), the dip of I_M/N (Γ ≈ 2.5γ at h = 0.5γ) and the Floquet multipliers (App. C)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar

from ..meanfield import MeanField
from ..meanfield.attractor import LIMIT_CYCLE, find_attractor
from ..meanfield.floquet import refine_cycle
from ..models.lmg import LMGParameters, closed_form_mmi_h0, lmg_model

START = np.array([0.3, 0.1, 0.9])


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


def limit_cycle_onset(curve: pd.DataFrame) -> float:
    """Smallest Γ of a mean-field sweep whose attractor is time dependent."""
    moving = curve[curve["kind"] != "fixed_point"]
    return float(moving["Gamma"].min())


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
    att = find_attractor(mf, mf.from_bloch(START))
    if att.kind != LIMIT_CYCLE:
        raise ValueError(f"no limit cycle at {p}: the attractor is a {att.kind}")
    cycle = refine_cycle(mf, att.y, att.period, att.t)
    if cycle is None:
        raise RuntimeError(f"Newton shooting did not converge on the cycle at {p}")
    f = cycle.floquet
    return LMGFloquet(p.h, p.Gamma, cycle.period, f.multipliers, bool(f.is_hyperbolic()), bool(f.is_attracting()))
