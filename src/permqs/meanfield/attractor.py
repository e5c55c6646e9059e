"""Detection and classification of the attractor reached by a mean-field trajectory (paper 000 Eqs. 5-6).

Autonomous models: after a transient (loose tolerances) the trajectory is tested, chunk by chunk, for
  * a fixed point: g(y) ≈ 0, or a stable root y* of g (scipy root from y) within ``fixed_point_radius`` of y,
    or whose distance to the trajectory decays at the linear rate Re λ_lead (slow spirals near a Hopf point);
  * a cycle: a Poincaré section through a point y_ref of the trajectory, orthogonal to the flow there, restricted
    to a ball around y_ref (so one loop of a simple cycle crosses it once). The first local crossing p_q with
    |p_q - y_ref| < return_tol closes the orbit: q = 1 is a limit cycle, q ≥ 2 a period-q ("period_doubled")
    cycle, and the period is the crossing-time difference, located on the dense output to machine precision.
    When the returns contract too slowly (Floquet multipliers near 1), the cycle is polished by Newton shooting
    (:func:`~permqs.meanfield.floquet.refine_cycle`) and accepted if it attracts.
Time-periodic models (``drive_period`` given): the same test on the stroboscopic map y(t0 + k·T_drive), so a
response with period q·T_drive is found (q ≥ 2: subharmonic, a discrete time crystal).
No return within ``max_time`` gives "aperiodic" (quasi-periodic or chaotic).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from .drift import MeanField
from .fixed_points import refine_fixed_point
from .floquet import refine_cycle
from .integrate import TIGHT, Tolerances, integrate

TRANSIENT = Tolerances(rtol=1e-7, atol=1e-9)

FIXED_POINT = "fixed_point"
LIMIT_CYCLE = "limit_cycle"
PERIOD_DOUBLED = "period_doubled"
APERIODIC = "aperiodic"


@dataclass(frozen=True)
class Attractor:
    """Where a trajectory ends up.

    kind: one of FIXED_POINT, LIMIT_CYCLE, PERIOD_DOUBLED (``loops`` ≥ 2 section crossings per period), APERIODIC.
    (t, y): a point on the attractor (for cycles: on the Poincaré section, start of a whole period).
    period: the period (0 for a fixed point); for APERIODIC the length of the last window, over which averages
    are taken. return_error: |y(t + period) - y(t)| as measured (|g(y)| for a fixed point).
    """

    kind: str
    t: float
    y: np.ndarray
    period: float
    loops: int
    return_error: float


def find_attractor(mf: MeanField, y0: Optional[np.ndarray] = None, *, t0: float = 0.0, transient: float = 30.0,
                   chunk: float = 30.0, max_time: float = 5000.0, drive_period: Optional[float] = None,
                   return_tol: float = 1e-8, fixed_point_radius: float = 1e-4, section_radius: float = 0.2,
                   max_loops: int = 8, tol: Tolerances = TIGHT, seed: int = 0) -> Attractor:
    """Integrate from y0 (default: random spin coherent states, ``seed``) and classify the attractor.

    ``section_radius`` is the radius of the Poincaré section ball relative to the extent of the trajectory in
    the current chunk; ``chunk`` doubles while a chunk holds fewer than two section returns (long periods) and
    grows to resolve the decay towards a weakly stable fixed point.
    """
    if mf.model.is_time_dependent and drive_period is None:
        raise ValueError("a time-dependent model needs drive_period for the stroboscopic attractor test")
    y = mf.random_coherent_state(np.random.default_rng(seed)) if y0 is None else np.asarray(y0, dtype=float)
    t = t0
    if transient > 0:
        # the transient only has to land near the attractor: loose tolerances cost a third of the steps
        y = integrate(mf, y, (t, t + transient), TRANSIENT).y[:, -1]
        t += transient
    while t - t0 <= max_time:
        if drive_period is None:
            found = _autonomous_chunk(mf, t, y, chunk, return_tol, fixed_point_radius, section_radius, max_loops, tol,
                                      max_time / 4)
        else:
            found = _stroboscopic_chunk(mf, t, y, chunk, drive_period, return_tol, max_loops, tol)
        if isinstance(found, Attractor):
            return found
        (t, y), chunk = found
    # No closed orbit: average over the last window.
    return Attractor(APERIODIC, t, y, chunk, 0, float("nan"))


def _autonomous_chunk(mf, t, y, chunk, return_tol, fp_radius, section_radius, max_loops, tol, max_chunk):
    g = mf(t, y)
    speed = float(np.linalg.norm(g))
    if speed < 1e-12:
        return Attractor(FIXED_POINT, t, y, 0.0, 0, speed)
    fp = refine_fixed_point(mf, y)
    if fp is not None and not fp.is_stable():
        fp = None
    if fp is not None and np.linalg.norm(fp.y - y) < fp_radius:
        return Attractor(FIXED_POINT, t, fp.y, 0.0, 0, fp.residual)
    normal = g / speed

    def section(_t, z):
        return normal @ (z - y)

    section.direction = 1.0
    sol = integrate(mf, y, (t, t + chunk), tol, events=section)
    extent = np.max(np.linalg.norm(sol.y.T - y, axis=1))
    times, points = sol.t_events[0], sol.y_events[0]
    # the start itself lies on the section; keep only later crossings near y_ref
    near = (times > t + 1e-9 * max(1.0, chunk)) & (np.linalg.norm(points - y, axis=1) < section_radius * extent)
    times, points = times[:max_loops][near[:max_loops]], points[:max_loops][near[:max_loops]]
    errors = np.linalg.norm(points - y, axis=1)
    closed = np.nonzero(errors < return_tol)[0]
    if len(closed):
        q = int(closed[0])
        return Attractor(LIMIT_CYCLE if q == 0 else PERIOD_DOUBLED, t, y, float(times[q] - t), q + 1, float(errors[q]))
    if fp is not None and _converges_to(sol, fp, t, chunk):
        return Attractor(FIXED_POINT, sol.t[-1], fp.y, 0.0, 0, fp.residual)
    if _closes_soon(y, times, points, t, return_tol, chunk):
        return (times[-1], points[-1]), chunk
    # slow relaxation (multipliers near 1): polish by Newton shooting, fewest loops first, and accept the first
    # attracting cycle (near a period doubling the q = 1 cycle still exists but repels). Only q-loop returns
    # that contract (|p_2q - p_q| < |p_q - y|) are worth a shot; a stable fixed point found from y means a spiral
    # into it, which shooting would only find again, expensively.
    returns = np.vstack([y, points])
    for q in range(1, len(times) // 2 + 1 if fp is None else 0):
        if np.linalg.norm(returns[2 * q] - returns[q]) >= np.linalg.norm(returns[q] - returns[0]):
            continue
        cycle = refine_cycle(mf, y, float(times[q - 1] - t), t, tol)
        if cycle is not None and cycle.floquet.is_attracting():
            loops = _loops(mf, cycle.t, cycle.y, cycle.period, q, tol)
            return Attractor(LIMIT_CYCLE if loops == 1 else PERIOD_DOUBLED, cycle.t, cycle.y,
                             cycle.period * loops / q, loops, cycle.residual)
    next_chunk = chunk if len(times) >= 2 else 2 * chunk
    if fp is not None:
        # long enough for a measurable linear decay towards fp (see _converges_to)
        next_chunk = max(next_chunk, _MIN_DECAY / (0.75 * max(-fp.leading.real, 1e-12)))
    return (sol.t[-1], sol.y[:, -1]), min(next_chunk, max_chunk)


def _closes_soon(y: np.ndarray, times: np.ndarray, points: np.ndarray, t: float, return_tol: float,
                 chunk: float) -> bool:
    """Whether successive section returns contract fast enough to close within two more chunks.

    The distances between successive returns shrink like |μ|^k (μ the leading non-trivial Floquet multiplier);
    plain integration is then cheaper than Newton shooting (one variational integration per iteration).
    """
    if len(times) < 3:
        return False
    steps = np.linalg.norm(np.diff(np.vstack([y, points]), axis=0), axis=1)
    if not np.all(np.diff(steps) < 0):
        return False  # not a simple contraction (several loops, or not yet near the attractor)
    rate = (steps[-1] / steps[0]) ** (1 / (len(steps) - 1))
    loops_needed = np.log(return_tol / steps[-1]) / np.log(rate)
    return bool(loops_needed * (times[-1] - t) / len(times) < 2 * chunk)


def _loops(mf: MeanField, t: float, y: np.ndarray, period: float, q: int, tol: Tolerances) -> int:
    """Smallest j ≤ q with y(t + j·period/q) = y: shooting over q returns may have found a cycle of fewer loops."""
    if q == 1:
        return 1
    sol = integrate(mf, y, (t, t + period), tol)
    for j in range(1, q):
        if q % j == 0 and np.linalg.norm(sol.sol(t + j * period / q) - y) < 1e-7:
            return j
    return q


_MIN_DECAY = 0.1  # smallest predicted log-decay of the distance to a fixed point that _converges_to trusts


def _converges_to(sol, fp, t: float, chunk: float) -> bool:
    """Whether the distance to the stable fixed point decays at its linear rate (slow spirals near a Hopf or
    fold point would otherwise need very long runs to enter ``fixed_point_radius``).

    Compares the largest distances in the first and last quarters of the chunk: their log-ratio must be within a
    factor 1.5 of Re λ_lead · 3 chunk/4, and that prediction at least ``_MIN_DECAY``. Trajectories on or towards
    a cycle around fp do not decay like this (called only after no attracting cycle was found).
    """
    predicted = fp.leading.real * 0.75 * chunk
    if predicted > -_MIN_DECAY:
        return False
    times = t + chunk * np.linspace(0, 1, 401)
    dist = np.linalg.norm(sol.sol(times).T - fp.y, axis=1)
    ratio = np.log(dist[300:].max() / dist[:101].max()) / predicted
    return bool(1 / 1.5 < ratio < 1.5)


def _stroboscopic_chunk(mf, t, y, chunk, drive_period, return_tol, max_loops, tol):
    n = max(int(np.ceil(chunk / drive_period)), max_loops + 1)
    sol = integrate(mf, y, (t, t + n * drive_period), tol)
    strobe = sol.sol(t + drive_period * np.arange(1, n + 1)).T
    excursion = np.max(np.linalg.norm(sol.y.T - y, axis=1))
    if excursion < return_tol:
        return Attractor(FIXED_POINT, t, y, 0.0, 0, float(np.linalg.norm(mf(t, y))))
    for q in range(1, max_loops + 1):
        err = float(np.linalg.norm(strobe[q - 1] - y))
        if err < return_tol:
            return Attractor(LIMIT_CYCLE if q == 1 else PERIOD_DOUBLED, t, y, q * drive_period, q, err)
    return (t + n * drive_period, strobe[-1]), chunk
