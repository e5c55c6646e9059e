"""Time-crystal dynamics of paper 002 in the thermodynamic limit: the BTC threshold (Eq. 12, Fig. 1: the fold of
the stable fixed point on the Bloch sphere, by the continuation engine) and the attractors of two coupled
collective spins (Fig. 3(a, b): limit cycle at ω_zz = 0.35, period doubling at 1).

The attractor and its classification (fixed point, limit cycle, period-doubled orbit with ``loops`` crossings of
a global section per period) come from the mean-field engine (:func:`permqs.meanfield.find_attractor`), the
Floquet multipliers from its Newton shooting (:func:`permqs.meanfield.refine_cycle`). For the figure, the points
where the orbit crosses the section m_y^(1) = its period mean upwards are recorded too (``section_mz``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ConvergenceError
from ..meanfield import APERIODIC, FIXED_POINT, MeanField, find_attractor, refine_cycle
from ..meanfield import continuation as C
from ..meanfield.integrate import integrate
from ..models.time_crystal import CoupledBTCParameters, boundary_time_crystal, coupled_btc_model

#: generic start: both spins near the north pole, off the symmetry planes
START = np.array([[0.1, 0.0, 1.0], [0.1, 0.0, 1.0]]) / np.sqrt(1.01)


@dataclass(frozen=True)
class CycleSummary:
    """Attractor of the coupled BTCs: engine kind, period, loops on the global section and their m_z^(1) values."""

    omega_zz: float
    kind: str
    period: float
    loops: int
    section_mz: np.ndarray
    t0: float
    y0: np.ndarray
    multipliers: np.ndarray  # Floquet multipliers of the cycle, largest modulus first (Newton-polished orbit)

    @property
    def is_attracting(self) -> bool:
        """|μ| < 1 for all multipliers but three: the flow direction and the two conserved spin lengths."""
        return bool(len(self.multipliers) > 3 and np.abs(self.multipliers[3]) < 1 - 1e-6)


def section_crossings(mf: MeanField, t0: float, y0: np.ndarray, period: float, n: int = 8192) -> np.ndarray:
    """m_z^(1) where m_y^(1) crosses its period mean upwards, over one period from (t0, y0) (figure data: the
    loops of Fig. 3(b) cross at distinct m_z^(1))."""
    times = t0 + period * np.arange(n + 1) / n
    ys = integrate(mf, y0, (t0, t0 + period)).sol(times)
    s = ys[1] - ys[1].mean()
    i = np.flatnonzero((s[:-1] < 0) & (s[1:] >= 0))
    w = -s[i] / (s[i + 1] - s[i])
    return ys[2][i] + w * (ys[2][i + 1] - ys[2][i])


def coupled_btc_cycle(p: CoupledBTCParameters, start: np.ndarray = START, transient: float = 200.0) -> CycleSummary:
    """Attractor of Fig. 3 from ``start`` (Bloch vectors of the two ensembles)."""
    mf = MeanField(coupled_btc_model(p))
    att = find_attractor(mf, mf.from_bloch(start), transient=transient)
    if att.kind == FIXED_POINT:
        return CycleSummary(p.omega_zz, att.kind, 0.0, 0, np.array([]), att.t, att.y, np.array([]))
    if att.kind == APERIODIC:
        raise ValueError(f"no closed orbit of the coupled BTCs at ω_zz = {p.omega_zz} within the engine's time limit")
    z = section_crossings(mf, att.t, att.y, att.period)
    # the two conserved spin lengths make the cycle one of a family (three multipliers 1): the shooting Jacobian
    # is nearly singular there and hybr may need more than the default 20 shots (each one integrates the
    # variational equations over a period, so more are granted only when needed)
    cycle = refine_cycle(mf, att.y, att.period, t=att.t)
    if cycle is None:
        cycle = refine_cycle(mf, att.y, att.period, t=att.t, max_shots=60)
    if cycle is None:
        raise ConvergenceError(f"Newton shooting did not converge on the {att.kind} of the coupled BTCs at "
                               f"ω_zz = {p.omega_zz} (period {att.period:.6g}): no Floquet multipliers")
    mult = cycle.floquet.multipliers
    mult = mult[np.argsort(-np.abs(mult), kind="stable")]
    return CycleSummary(p.omega_zz, att.kind, att.period, att.loops, np.sort(z), att.t, att.y, mult)


def trajectory_table(p: CoupledBTCParameters, start: np.ndarray = START, transient_window: float = 40.0,
                     periods: int = 3, samples_per_period: int = 400) -> tuple[pd.DataFrame, CycleSummary]:
    """Rows (omega_zz, kind, loops, period, segment 'transient' | 'attractor', t, ensemble 1|2, m_x, m_y, m_z)
    for one panel of Fig. 3; the attractor segment starts on the engine's section point and spans whole periods."""
    mf = MeanField(coupled_btc_model(p))
    summary = coupled_btc_cycle(p, start)
    rows = []
    tt = np.linspace(0, transient_window, int(transient_window * 50) + 1)
    early = integrate(mf, mf.from_bloch(start), (0, transient_window)).sol(tt).T
    period = summary.period if summary.period > 0 else 10.0
    ta = summary.t0 + np.linspace(0, periods * period, periods * samples_per_period + 1)
    late = integrate(mf, summary.y0, (ta[0], ta[-1])).sol(ta).T
    for segment, t, ys in [("transient", tt, early), ("attractor", ta, late)]:
        m = mf.bloch(ys)
        for e in range(2):
            rows.append(pd.DataFrame({"omega_zz": p.omega_zz, "kind": summary.kind, "loops": summary.loops,
                                      "period": summary.period, "segment": segment, "t": t, "ensemble": e + 1,
                                      "m_x": m[:, e, 0], "m_y": m[:, e, 1], "m_z": m[:, e, 2]}))
    return pd.concat(rows, ignore_index=True), summary


def _btc_family(lo: float = 0.5, hi: float = 1.5) -> C.Family:
    """The single BTC (Eq. 12, κ = 1) as a continuation family in ω_x/κ on the sphere |m| = 1 (|m| is conserved
    under the purely collective dynamics, so fixed points are isolated only on its level sets)."""
    fam = C.model_family(lambda w: boundary_time_crystal(w, 1.0), lo, hi)
    return C.conserved_family(fam, lambda y: (np.array([y @ y - 1.0]), 2 * y[None, :]))


def _btc_fixed_point(family: C.Family, omega_x_over_kappa: float, relax_time: float) -> np.ndarray:
    """The fixed point on |m| = 1 reached from near the north pole: integrate, then Newton on the sphere
    (ConvergenceError if there is none near the relaxed state). Returns z = (m, μ)."""
    mf = MeanField(boundary_time_crystal(omega_x_over_kappa, 1.0))
    y = integrate(mf, mf.from_bloch(START[0]), (0.0, relax_time)).y[:, -1]
    return C.fixed_point_at(family, np.append(y / np.linalg.norm(y), 0.0), omega_x_over_kappa)


def btc_has_stable_fixed_point(omega_x_over_kappa: float, relax_time: float = 50.0) -> bool:
    """Whether the single BTC (Eq. 12, κ = 1) relaxes to a stable fixed point on the Bloch sphere: integrate from
    near the north pole, polish with Newton on |m| = 1, and require Re λ < 0 on the sphere's tangent plane
    (centres: Re λ = 0)."""
    family = _btc_family(min(0.5, omega_x_over_kappa), max(1.5, omega_x_over_kappa))
    z = _btc_fixed_point(family, omega_x_over_kappa, relax_time)
    return bool(np.all(family.spectrum(z, omega_x_over_kappa).real < -1e-9))


def btc_critical_ratio(lo: float = 0.5, hi: float = 1.5, relax_time: float = 50.0) -> float:
    """ω_x/κ above which the BTC has no stable fixed point (paper: 1): the fold where the stable fixed point on
    the sphere meets the unstable one, located by the continuation engine from the stable point at ω_x/κ = lo."""
    family = _btc_family(lo, hi)
    z = _btc_fixed_point(family, lo, relax_time)
    branch = C.continue_branch(family, lo, hi, z, stop_on=(C.FOLD,))
    if not branch.stable[0]:
        raise ValueError(f"the BTC fixed point reached at ω_x/κ = {lo} is not stable")
    if branch.status != "bifurcation" or any(b.kind != C.FOLD for b in branch.bifurcations):
        kinds = [(b.kind, round(b.param, 6)) for b in branch.bifurcations]
        raise ValueError(f"the stable BTC fixed point does not end in a fold within ω_x/κ ∈ [{lo}, {hi}] "
                         f"({branch.status}; bifurcations {kinds})")
    return branch.bifurcations[-1].param
