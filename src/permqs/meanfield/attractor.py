"""Detection and classification of the attractor reached by a mean-field trajectory (paper 000 Eqs. 5-6).

Autonomous models: after a transient (loose tolerances) the trajectory is tested, chunk by chunk, for
  * a fixed point: g(y) ≈ 0, or an attracting root y* of g (scipy root from y) within ``fixed_point_radius`` of
    y, or one near the trajectory towards which the speed |g| decays at its linear rate (slow spirals near a Hopf
    point, which also return to any local section ever closer). "Attracting" leaves out the neutral directions of
    a manifold of roots (conserved quantities, e.g. spin lengths under purely collective dynamics: semisimple
    zero eigenvalues); the limit on such a manifold depends on the start and is located to second order in the
    remaining distance, after following the trajectory until that is ~1e-5. This test comes before any cycle is
    accepted;
  * a cycle: a local Poincaré section through a point y_ref of the trajectory, orthogonal to the flow there,
    restricted to a ball around y_ref. The first local crossing p_q with |p_q - y_ref| < return_tol closes the
    orbit, its period the crossing-time difference (located on the dense output to machine precision). When the
    returns contract too slowly (Floquet multipliers near 1), the cycle is polished by Newton shooting
    (:func:`~permqs.meanfield.floquet.refine_cycle`) and accepted if it attracts. A closed orbit is then verified
    (return error after one period, size ≫ return error), reduced to its fundamental period, and classified on a
    *global* section, the hyperplane through the orbit's mean normal to its direction of largest variance:
    ``loops`` = upward crossings per period, 1 a limit cycle, q ≥ 2 a period-q ("period_doubled") orbit. (A local
    section cannot tell: the two loops of a period-doubled orbit pass the ball around y_ref once per period.)
Time-periodic models (``drive_period`` given): the same test on the stroboscopic map y(t0 + k·T_drive), so a
response with period q·T_drive is found (q ≥ 2: subharmonic, a discrete time crystal).
No return within ``max_time`` gives "aperiodic" (quasi-periodic or chaotic).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from .drift import MeanField
from .fixed_points import FixedPoint, refine_fixed_point, stability
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

    kind: one of FIXED_POINT, LIMIT_CYCLE, PERIOD_DOUBLED (``loops`` ≥ 2 crossings of the global section per
    fundamental period), APERIODIC.
    (t, y): a point on the attractor (for cycles: on the local Poincaré section, start of a whole period).
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
    grows to resolve the decay towards a weakly stable fixed point. ``max_loops`` bounds the local returns tried
    per chunk and the ratio between a closing time and the fundamental period.
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
    fp, rate = _attracting_root(mf, y)
    if fp is not None and np.linalg.norm(fp.y - y) < fp_radius:
        return Attractor(FIXED_POINT, t, fp.y, 0.0, 0, fp.residual)
    normal = g / speed

    def section(_t, z):
        return normal @ (z - y)

    section.direction = 1.0
    sol = integrate(mf, y, (t, t + chunk), tol, events=section)
    extent = np.max(np.linalg.norm(sol.y.T - y, axis=1))
    if fp is not None and np.min(np.linalg.norm(sol.y.T - fp.y, axis=1)) > extent:
        fp = None  # a root outside the region this chunk explores (another basin) says nothing about it
    # a spiral into a stable focus returns to any local section, ever closer: rule it out before closing a cycle
    if fp is not None and _converges_to(mf, sol, rate, t, chunk):
        t_end, limit = _limit_point(mf, sol.t[-1], sol.y[:, -1], fp, rate)
        return Attractor(FIXED_POINT, t_end, limit.y, 0.0, 0, limit.residual)
    times, points = sol.t_events[0], sol.y_events[0]
    # the start itself lies on the section; keep only later crossings near y_ref
    near = (times > t + 1e-9 * max(1.0, chunk)) & (np.linalg.norm(points - y, axis=1) < section_radius * extent)
    times, points = times[:max_loops][near[:max_loops]], points[:max_loops][near[:max_loops]]
    errors = np.linalg.norm(points - y, axis=1)
    closed = np.nonzero(errors < return_tol)[0]
    if len(closed):
        found = _cycle_attractor(mf, t, y, float(times[closed[0]] - t), return_tol, max_loops, tol)
        if found is not None:
            return found
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
            found = _cycle_attractor(mf, cycle.t, cycle.y, cycle.period, return_tol, max_loops, tol)
            if found is not None:
                return found
    next_chunk = chunk if len(times) >= 2 else 2 * chunk
    if fp is not None:
        # long enough for a measurable linear decay towards fp (see _converges_to)
        next_chunk = max(next_chunk, _MIN_DECAY / (0.75 * max(-rate, 1e-12)))
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


_SECTION_SAMPLES = 2048   # samples per period for the global section
_MIN_CYCLE_SIZE = 1e3     # a cycle must be this many return errors wide (else: a converged spiral)


def _cycle_attractor(mf: MeanField, t: float, y: np.ndarray, period: float, return_tol: float, max_loops: int,
                     tol: Tolerances) -> Optional[Attractor]:
    """Verify a closed orbit through (t, y) and classify it; None when it is no resolvable cycle.

    Integrates one period: the return error |y(t + period) - y| must stay below max(return_tol, 1e-9)·10 and the
    orbit must be ``_MIN_CYCLE_SIZE`` return errors wide. The period is reduced to the fundamental one (largest
    j ≤ max_loops with y(t + period/j) = y), and ``loops`` counts the upward crossings, per fundamental period,
    of the global section through the orbit's mean normal to its direction of largest variance: one for a simple
    cycle, two for a period-doubled orbit (whose two loops return to a local section only once per period).
    """
    sol = integrate(mf, y, (t, t + period), tol)
    error = float(np.linalg.norm(sol.y[:, -1] - y))
    if error > 10 * max(return_tol, 1e-9):
        return None
    for j in range(max_loops, 1, -1):
        if np.linalg.norm(sol.sol(t + period / j) - y) < max(100 * error, 1e-7):
            period /= j
            error = float(np.linalg.norm(sol.sol(t + period) - y))
            break
    ys = sol.sol(t + period * np.arange(_SECTION_SAMPLES) / _SECTION_SAMPLES).T
    centred = ys - ys.mean(axis=0)
    if np.max(np.linalg.norm(centred, axis=1)) < _MIN_CYCLE_SIZE * max(error, 1e-15):
        return None
    s = centred @ np.linalg.svd(centred, full_matrices=False)[2][0]
    loops = max(1, int(np.count_nonzero((s < 0) & (np.roll(s, -1) >= 0))))  # cyclic: the samples span one period
    return Attractor(LIMIT_CYCLE if loops == 1 else PERIOD_DOUBLED, t, y, float(period), loops, error)


_MIN_DECAY = 0.1  # smallest predicted log-decay of the speed towards a fixed point that _converges_to trusts
_NEUTRAL = 1e-8   # |λ| below this (relative to the spectral radius) is a neutral direction of a root manifold


def _attraction_rate(mf: MeanField, fp: FixedPoint) -> float:
    """Leading Re λ of the Jacobian at fp, leaving out the neutral directions of a manifold of roots.

    Conserved quantities (e.g. each spin length under purely collective dynamics) make the roots a family with
    λ = 0 along it; a trajectory still converges to one of them when the other eigenvalues are damped. The zero
    eigenvalues count as neutral only when they are semisimple (as many as the nullity of the Jacobian).
    """
    ev = fp.eigenvalues
    scale = max(1.0, float(np.max(np.abs(ev))))
    zero = np.abs(ev) < _NEUTRAL * scale
    if not np.any(zero):
        return float(ev[0].real)
    nullity = int(np.sum(np.linalg.svd(mf.jacobian(0.0, fp.y), compute_uv=False) < _NEUTRAL * scale))
    if nullity != int(np.sum(zero)) or np.all(zero):
        return 0.0
    return float(np.max(ev[~zero].real))


def _attracting_root(mf: MeanField, y: np.ndarray) -> tuple[Optional[FixedPoint], float]:
    """(root of g found from y, its attraction rate), or (None, 0) when there is none or it does not attract."""
    fp = refine_fixed_point(mf, y)
    if fp is None:
        return None, 0.0
    rate = _attraction_rate(mf, fp)
    return (fp, rate) if rate < -1e-9 else (None, 0.0)


def _limit_point(mf: MeanField, t: float, y: np.ndarray, fp: FixedPoint, rate: float) -> tuple[float, FixedPoint]:
    """(t', y*): the root the trajectory through (t, y) converges to, at attraction rate ``rate`` < 0.

    Isolated roots: the root found from y (else fp). On a manifold of roots (conserved quantities) the limit
    depends on the neutral coordinates of y: the root z with W·(z - y) = 0 (W the left null vectors of the
    Jacobian, Gauss-Newton) is exact to second order in |y - z|, so the trajectory is first followed (loose
    tolerances) until |y - z| < ``_LIMIT_DISTANCE``, which costs log(|y - z|/_LIMIT_DISTANCE)/|rate| time units.
    """
    near = refine_fixed_point(mf, y)
    base = near if near is not None and _attraction_rate(mf, near) < -1e-9 else fp
    for _ in range(3):
        z = _project_on_roots(mf, y, base)
        if z is None:
            return t, base
        distance = float(np.linalg.norm(y - z.y))
        if distance < 10 * _LIMIT_DISTANCE:
            return t, z
        follow = np.log(distance / _LIMIT_DISTANCE) / -rate
        y = integrate(mf, y, (t, t + follow), TRANSIENT).y[:, -1]
        t, base = t + follow, z
    return t, z


_LIMIT_DISTANCE = 1e-5


def _project_on_roots(mf: MeanField, y: np.ndarray, root: FixedPoint) -> Optional[FixedPoint]:
    """The root z near ``root`` with W·(z - y) = 0, W the left null vectors of the Jacobian at ``root``; None
    when the root is isolated (no null vectors) or Gauss-Newton fails."""
    u, sv, _ = np.linalg.svd(mf.jacobian(0.0, root.y))
    w = u[:, sv < _NEUTRAL * max(1.0, float(sv[0]))]
    if w.shape[1] == 0:
        return None
    z = root.y.copy()
    for _ in range(30):
        r = np.concatenate([mf(0.0, z), w.T @ (z - y)])
        step = np.linalg.lstsq(np.vstack([mf.jacobian(0.0, z), w.T]), r, rcond=None)[0]
        z -= step
        if np.linalg.norm(step) < 1e-14:
            break
    residual = float(np.linalg.norm(mf(0.0, z)))
    return FixedPoint(z, stability(mf, z), residual) if residual < 1e-10 else None


def _converges_to(mf: MeanField, sol, rate: float, t: float, chunk: float) -> bool:
    """Whether the trajectory converges to a root with attraction rate ``rate`` (< 0) at that rate (slow spirals
    near a Hopf or fold point would otherwise need very long runs to enter ``fixed_point_radius``, and return to a
    local section ever closer).

    Near an attracting root (or manifold of roots) g(y) ≈ 𝕁 (y - y*) decays like exp(rate·t). Compares the
    largest speeds |g| in the first and last quarters of the chunk: their log-ratio must be within a factor 1.5
    of rate · 3 chunk/4, and that prediction at least ``_MIN_DECAY``. On or towards a cycle the speed does not
    decay like this.
    """
    predicted = rate * 0.75 * chunk
    if predicted > -_MIN_DECAY:
        return False
    times = t + chunk * np.linspace(0, 1, 401)
    speed = np.array([np.linalg.norm(mf(s, z)) for s, z in zip(times, sol.sol(times).T)])
    ratio = np.log(speed[300:].max() / speed[:101].max()) / predicted
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
