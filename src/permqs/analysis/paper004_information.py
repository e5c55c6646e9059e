"""Paper 004 Sec. V at finite N against mean field: the N → ∞ limit of I_M/N, and the numbers of Figs. 7 and 8.

**Mean-field limit of I_M/N.** Paper 000 Eq. 13 gives lim I_M/N = S(ρ̄) - ⟨S(ρ)⟩ over the invariant density of the
mean-field flow that the finite-N state samples. In paper 004's model every attractor is a fixed point (Sec. III):

* dissipation-dominated (γ_I + γ_C > 2|V|): the one steady state |-j⟩⟨-j| (Eq. 12), pure, so lim I_M/N = 0;
* interaction-dominated: the broken-symmetry pair ϱ_± = Π_1(ϱ_∓) (Sec. III A). The unique finite-N steady state is
  Π_1-symmetric, so it weighs both equally, and Eq. 13 becomes the Holevo quantity of the pair,
  lim I_M/N = S((ϱ_+ + ϱ_-)/2) - S(ϱ_+).

In the bistable region (L_≡, d ≥ 4) the weights of the polarized state and of the pair are not fixed by symmetry, so
no limit is returned there.

**Numbers of Figs. 7 and 8** (:func:`measurements`): a table with a ``key`` column that
:mod:`permqs.reproduction.paper004_information` judges against Sec. V.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.interpolate import RegularGridInterpolator

from ..errors import ConvergenceError
from ..information import von_neumann_entropy
from .paper004 import STABILITY_TOL, Family, broken_seed, leading_eigenvalue, polarized_state

DISSIPATION_DOMINATED = "dissipation-dominated"
INTERACTION_DOMINATED = "interaction-dominated"


@dataclass(frozen=True)
class MeanFieldInformation:
    """lim I_M/N at one rate point and the fixed points it comes from."""

    d: int
    dissipator: str
    gamma_I: float
    gamma_C: float
    phase: str
    I_M_per_N: float
    X: float                 # ⟨J_x⟩/(N j) of the member of the pair with X > 0 (0 in the polarized phase)
    max_re_eig: float        # the leading Jacobian eigenvalue of the state(s) used (< 0: stable)


def pi1(rho: np.ndarray) -> np.ndarray:
    """Π_1 ρ = e^{iπ j_z} ρ e^{-iπ j_z} (paper 004 Sec. II) on one d-level site (basis m = j, ..., -j)."""
    d = rho.shape[0]
    phase = np.exp(1j * np.pi * ((d - 1) / 2 - np.arange(d)))
    return phase[:, None] * rho * phase.conj()[None, :]


def meanfield_mutual_information(d: int, dissipator: str, gamma_I: float, gamma_C: float,
                                 V: float = 1.0) -> MeanFieldInformation:
    """lim_{N→∞} I_M/N of paper 004's steady state at (γ_I, γ_C) (module docstring; rates in absolute units).

    Raises :class:`ConvergenceError` where the polarized state is stable and a stable broken pair is reached too
    (bistable: the weights of Eq. 13 are unknown) or where neither is a stable fixed point.
    """
    fam = Family(d, dissipator, gamma_C, V)
    lam_pol = leading_eigenvalue(fam, polarized_state(fam), gamma_I).real
    try:
        _, y = broken_seed(fam, gamma_I)
    except (ConvergenceError, ValueError):  # no broken-symmetry fixed point from the seed (or γ_C >= 2|V|)
        y = None
    lam_broken = leading_eigenvalue(fam, y, gamma_I).real if y is not None else np.inf
    pol, broken = lam_pol < -STABILITY_TOL, lam_broken < -STABILITY_TOL
    where = f"(d, L, γ_I, γ_C) = ({d}, {dissipator}, {gamma_I:g}, {gamma_C:g})"
    if pol and broken:
        raise ConvergenceError(f"bistable at {where}: the weights of the polarized state and the pair are unknown")
    if pol:
        return MeanFieldInformation(d, dissipator, gamma_I, gamma_C, DISSIPATION_DOMINATED, 0.0, 0.0, lam_pol)
    if not broken:
        raise ConvergenceError(f"no stable fixed point found at {where} (leading eigenvalues: polarized {lam_pol:.3g},"
                               f" broken {lam_broken:.3g})")
    rho = fam.meanfield.rhos(y)[0]
    chi = von_neumann_entropy((rho + pi1(rho)) / 2) - von_neumann_entropy(rho)
    return MeanFieldInformation(d, dissipator, gamma_I, gamma_C, INTERACTION_DOMINATED, float(chi),
                                float(fam.xyz(y)[0]), lam_broken)


def scaling_fit(finite: pd.DataFrame, points: int = 3):
    """(a, b, largest N) of I_M/N = a + b/N through the ``points`` largest solved N, or None with fewer than two.

    Meant for the interaction-dominated phase, where ϱ_± are mixed and the corrections to Eq. 13 are O(1/N). In the
    dissipation-dominated phase the limit state is pure and S(ρ_1) ~ -p ln p with p = O(1/N), so I_M/N → 0 only
    like ln N / N: no line in 1/N extrapolates it.
    """
    last = finite[finite["ok"]].sort_values("N").tail(points)
    if len(last) < 2:
        return None
    b, a = np.polyfit(1.0 / last["N"].to_numpy(dtype=float), last["I_M_per_N"].to_numpy(dtype=float), 1)
    return float(a), float(b), int(last["N"].max())


# ----------------------------------------------------------------------------------------------- Figs. 7 and 8
def _panels(table: pd.DataFrame):
    for (N, d, dis), t in table.groupby(["N", "d", "dissipator"], sort=True):
        yield int(N), int(d), str(dis), t


def purity_half(panel: pd.DataFrame, level: float = 0.5) -> float:
    """Mean over the γ_C columns of γ_I + γ_C where Tr ρ² first rises through ``level`` (linear interpolation in
    γ_I); NaN when no column crosses: the boundary between the highly mixed and the almost pure region."""
    s = []
    for gC, col in panel.groupby("gamma_C"):
        col = col.sort_values("gamma_I")
        g, p = col["gamma_I"].to_numpy(dtype=float), col["purity"].to_numpy(dtype=float)
        up = np.flatnonzero((p[:-1] < level) & (p[1:] >= level))
        if up.size:
            i = up[0]
            s.append(g[i] + (level - p[i]) * (g[i + 1] - g[i]) / (p[i + 1] - p[i]) + gC)
    return float(np.mean(s)) if s else np.nan


def purity_rise(panel: pd.DataFrame) -> float:
    """Mean over the γ_C columns of γ_I + γ_C where Tr ρ² rises fastest in γ_I (the finite-difference slope's
    maximum, refined by the vertex of a parabola through it and its neighbours); NaN without an interior maximum.

    The paper's "drastic change directly at the phase transition". At N = 5-7 the rise is broad (at γ_C = 0.5|V|,
    d = 4, L_spin: Tr ρ² = 0.10 at γ_I + γ_C = 1.4|V|, 0.81 at 3.4|V|), so where "the boundary" lies depends on how
    it is read: Tr ρ² = 1/2 (:func:`purity_half`) is crossed at 2.2|V| there, the steepest rise is at 1.9|V|.
    """
    s = []
    for gC, col in panel.groupby("gamma_C"):
        col = col.sort_values("gamma_I")
        g, p = col["gamma_I"].to_numpy(dtype=float), col["purity"].to_numpy(dtype=float)
        x, m = (g[1:] + g[:-1]) / 2, np.diff(p) / np.diff(g)
        if m.size < 3 or not np.all(np.isfinite(m)):
            continue
        k = int(np.argmax(m))
        if 0 < k < m.size - 1:
            a, b, _ = np.polyfit(x[k - 1:k + 2], m[k - 1:k + 2], 2)
            s.append(-b / (2 * a) + gC)
    return float(np.mean(s)) if s else np.nan


def ray_maxima(panel: pd.DataFrame, column: str = "negativity", rays: int = 9, samples: int = 60) -> pd.Series:
    """max of ``column`` along rays of fixed γ_I/γ_C through the grid (bilinear interpolation of the grid values).

    Paper 004 compares the negativity maxima of the two dissipators "independently of the ratio of γ_I to γ_C":
    along each ray γ_I = r γ_C the maximum over the overall rate. The ratios r are ``rays`` values spaced
    geometrically between the grid's extreme ratios (excluding the corners, where a ray holds one point); a ray
    through a point without a value gives NaN.
    """
    s = panel.pivot_table(index="gamma_I", columns="gamma_C", values=column, dropna=False)
    gI, gC = s.index.to_numpy(dtype=float), s.columns.to_numpy(dtype=float)
    interp = RegularGridInterpolator((gI, gC), s.to_numpy(dtype=float))
    lo, hi = gI[0] / gC[-1], gI[-1] / gC[0]
    out = {}
    for r in np.geomspace(lo, hi, rays + 2)[1:-1]:
        # the segment of γ_C where (r γ_C, γ_C) lies inside the grid box
        c0, c1 = max(gC[0], gI[0] / r), min(gC[-1], gI[-1] / r)
        c = np.linspace(c0, c1, samples)
        # the end points lie on the box up to round-off
        points = np.column_stack([np.clip(r * c, gI[0], gI[-1]), np.clip(c, gC[0], gC[-1])])
        out[f"gamma_I/gamma_C={r:.3g}"] = float(np.max(interp(points)))
    return pd.Series(out)


def measurements(fig7: pd.DataFrame, fig8: pd.DataFrame, scaling: pd.DataFrame) -> pd.DataFrame:
    """Rows (key, N, d, dissipator, gamma_I, gamma_C, value, ok) from the Fig. 7, Fig. 8 and I_M/N tables.

    keys: corner_purity_scaled (d^N Tr ρ² at the smallest γ_I and γ_C of the grid), purity_half and purity_rise
    (:func:`purity_half`, :func:`purity_rise`) with the grid's gamma_I_spacing, negativity_max (value and its (γ_I, γ_C)), spin_minus_uniform_ray_max (the least
    over rays γ_I/γ_C = const of max 𝒩_spin - max 𝒩_≡, :func:`ray_maxima`, d ≥ 4), im_extrapolation and im_meanfield (I_M/N: intercept of a + b/N
    through the three largest N, interaction-dominated points only (:func:`scaling_fit`), and the mean-field limit,
    per d and rate point). ``ok``: every point the number rests on was solved.
    """
    rows = []

    def add(key, N, d, dis, gI, gC, value, ok):
        rows.append(dict(key=key, N=N, d=d, dissipator=dis, gamma_I=gI, gamma_C=gC, value=float(value), ok=bool(ok)))

    for N, d, dis, t in _panels(fig7):
        c = t[(t["gamma_I"] == t["gamma_I"].min()) & (t["gamma_C"] == t["gamma_C"].min())].iloc[0]
        add("corner_purity_scaled", N, d, dis, c["gamma_I"], c["gamma_C"], c["purity_scaled"], c["ok"])
        add("purity_half", N, d, dis, np.nan, np.nan, purity_half(t), t["ok"].all())
        add("purity_rise", N, d, dis, np.nan, np.nan, purity_rise(t), t["ok"].all())
        add("gamma_I_spacing", N, d, dis, np.nan, np.nan, np.diff(np.unique(t["gamma_I"])).max(), True)
    for N, d, dis, t in _panels(fig8):
        if t["negativity"].notna().any():
            m = t.loc[t["negativity"].idxmax()]
            add("negativity_max", N, d, dis, m["gamma_I"], m["gamma_C"], m["negativity"], t["ok"].all())
    for (N, d), t in fig8[fig8["d"] >= 4].groupby(["N", "d"]):
        if set(t["dissipator"]) == {"spin", "uniform"}:
            diff = ray_maxima(t[t["dissipator"] == "spin"]) - ray_maxima(t[t["dissipator"] == "uniform"])
            add("spin_minus_uniform_ray_max", int(N), int(d), "both", np.nan, np.nan, diff.min(), t["ok"].all())
    for (d, dis, gI, gC), t in scaling.groupby(["d", "dissipator", "gamma_I", "gamma_C"]):
        mf = t[t["kind"] == "meanfield"]
        if not len(mf):
            continue
        add("im_meanfield", np.nan, int(d), dis, gI, gC, mf["I_M_per_N"].iloc[0], mf["ok"].iloc[0])
        fit = scaling_fit(t[t["kind"] == "finite_N"]) if mf["phase"].iloc[0] == INTERACTION_DOMINATED else None
        if fit is not None:
            add("im_extrapolation", fit[2], int(d), dis, gI, gC, fit[0], t.loc[t["kind"] == "finite_N", "ok"].all())
    return pd.DataFrame(rows, columns=["key", "N", "d", "dissipator", "gamma_I", "gamma_C", "value", "ok"])
