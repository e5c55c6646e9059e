"""One-parameter continuation of mean-field fixed points: pseudo-arclength, folds, branch points and Hopf points.

The only continuation engine of permqs. A branch of g(y; p) = 0 (paper 000 Eq. 5 / paper 004 Eq. 9 at a fixed
point) is followed in x = (y, p) by a tangent predictor and a Newton corrector on the hyperplane orthogonal to
the tangent (Keller's pseudo-arclength method), so folds are passed. Bifurcations are detected by sign changes of
test functions between consecutive points and located by Brent's method along the arclength (Kuznetsov,
*Elements of Applied Bifurcation Theory*, 3rd ed., Sec. 10.2):

* fold (saddle-node):   ψ_F = dp/ds, the parameter component of the unit tangent;
* real eigenvalue through 0 without a fold (pitchfork, transcritical: "branch_point"):  ψ_B = det ∂g/∂y;
* Hopf:                 ψ_H = ∏_{i<j} (λ_i + λ_j) over the eigenvalues of ∂g/∂y (zero when a complex pair
  λ, λ̄ has Re λ = 0; a real pair λ_i = -λ_j, a "neutral saddle", is recognised at the located point and dropped).

A :class:`Family` provides g, ∂g/∂y and ∂g/∂p. :func:`model_family` builds one from ``p -> Model``: when the
model depends affinely on p (every rate and coupling of the papers' models does) the drift is two precomputed
:class:`~permqs.meanfield.drift.MeanField` engines, g = g_a + (p - p_a)/(p_b - p_a)·(g_b - g_a), with ∂g/∂p exact
and a new p free (the reason paper 004's analysis once had its own continuation); otherwise the model is rebuilt
per p and ∂g/∂p is a central difference. Fixed points must be isolated (∂g/∂y regular off bifurcations); where
conserved quantities make them come in families (spin lengths under purely collective dynamics),
:func:`conserved_family` continues them on a level set.

A branch that cannot be followed to its end raises :class:`~permqs.errors.ContinuationError` carrying the partial
:class:`Branch` (``error.result``); a fixed point that Newton cannot reach raises
:class:`~permqs.errors.ConvergenceError`. Nothing here fails silently.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional, Sequence, Union

import numpy as np
from scipy.optimize import brentq, root

from ..errors import ContinuationError, ConvergenceError, ModelError
from ..model import Model
from .drift import MeanField

#: max |g| accepted at a fixed point (the drifts are O(1): rates and couplings of order one)
RESIDUAL_TOL = 1e-10
#: largest Newton correction |∂g/∂y⁻¹ g|∞ accepted at a fixed point: a small residual alone is not enough near a
#: degenerate root (at the pitchfork of paper 004 g ~ X^(2d-1)), the distance to the root must be small too
CORRECTION_TOL = 1e-8
#: relative deviation from affinity above which a model family counts as non-affine in its parameter
AFFINE_TOL = 1e-10

FOLD, BRANCH_POINT, HOPF = "fold", "branch_point", "hopf"
BIFURCATIONS = (FOLD, BRANCH_POINT, HOPF)


# ---------------------------------------------------------------------------------------------- families
@dataclass(frozen=True)
class Family:
    """g(y; p) with ∂g/∂y and ∂g/∂p (autonomous drifts, state y in the coordinates of :class:`MeanField`).

    ``derivative`` says how ∂g/∂p is obtained: "affine" (exact, two precomputed drifts), "finite_difference"
    (model rebuilt per p) or "exact" (supplied by the caller).
    """

    drift: Callable[[np.ndarray, float], np.ndarray]
    jacobian: Callable[[np.ndarray, float], np.ndarray]
    d_drift_dp: Callable[[np.ndarray, float], np.ndarray]
    derivative: str = "exact"
    #: the spectrum that decides stability and the bifurcation tests, if not that of ``jacobian`` (see
    #: :func:`conserved_family`)
    spectrum: Optional[Callable[[np.ndarray, float], np.ndarray]] = None


def affine_family(at_a: MeanField, at_b: MeanField, p_a: float, p_b: float) -> Family:
    """The family g = g_a + (p - p_a)/(p_b - p_a)·(g_b - g_a) through the drifts at p_a and p_b (exact ∂g/∂p)."""
    if p_a == p_b:
        raise ValueError("an affine family needs two distinct parameter values")
    scale = 1.0 / (p_b - p_a)

    def drift(y, p):
        a = at_a(0.0, y)
        return a + (p - p_a) * scale * (at_b(0.0, y) - a)

    def jacobian(y, p):
        a = at_a.jacobian(0.0, y)
        return a + (p - p_a) * scale * (at_b.jacobian(0.0, y) - a)

    def d_drift_dp(y, p):
        return scale * (at_b(0.0, y) - at_a(0.0, y))

    return Family(drift, jacobian, d_drift_dp, "affine")


def _is_affine(builder: Callable[[float], Model], at_a: MeanField, at_b: MeanField, p_a: float, p_b: float) -> bool:
    """Whether the model is affine in p, probed at two interior parameter values and two states.

    Drift and Jacobian are compared with the affine interpolation through p_a, p_b, relative to their size: a
    model whose coefficients are polynomial in p but not affine fails at any generic probe point.
    """
    rng = np.random.default_rng(20241130)
    fam = affine_family(at_a, at_b, p_a, p_b)
    for frac in (0.381966, 0.763932):
        p = p_a + frac * (p_b - p_a)
        mf = MeanField(builder(p))
        for _ in range(2):
            y = mf.random_coherent_state(rng)
            for exact, interp, size in ((mf(0.0, y), fam.drift(y, p), at_a(0.0, y)),
                                        (mf.jacobian(0.0, y), fam.jacobian(y, p), at_a.jacobian(0.0, y))):
                scale = 1.0 + np.max(np.abs(size)) + np.max(np.abs(exact))
                if np.max(np.abs(exact - interp)) > AFFINE_TOL * scale:
                    return False
    return True


def model_family(builder: Callable[[float], Model], p_a: float, p_b: float,
                 affine: Optional[bool] = None) -> Family:
    """The family p ↦ MeanField(builder(p)).

    ``affine`` None: use the exact affine form when a probe finds the model affine in p on [p_a, p_b], else finite
    differences; True: require it (:class:`~permqs.errors.ModelError` if the probe fails); False: always rebuild
    the model per p, with ∂g/∂p = [g(p + h) - g(p - h)]/2h, h = 1e-6·max(1, |p|) (error O(h²) ~ 1e-12 for smooth
    families, below :data:`RESIDUAL_TOL`).
    """
    if p_a == p_b:
        p_b = p_a + 1.0
    if affine is not False:
        at_a, at_b = MeanField(builder(p_a)), MeanField(builder(p_b))
        if _is_affine(builder, at_a, at_b, p_a, p_b):
            return affine_family(at_a, at_b, p_a, p_b)
        if affine:
            raise ModelError(f"the model family is not affine in its parameter on [{p_a}, {p_b}]")
    # the drift tensors are rebuilt per parameter value; Newton iterations revisit the same few values
    engine = lru_cache(maxsize=16)(lambda p: MeanField(builder(p)))

    def drift(y, p):
        return engine(float(p))(0.0, y)

    def jacobian(y, p):
        return engine(float(p)).jacobian(0.0, y)

    def d_drift_dp(y, p):
        h = 1e-6 * max(1.0, abs(float(p)))
        return (engine(float(p) + h)(0.0, y) - engine(float(p) - h)(0.0, y)) / (2 * h)

    return Family(drift, jacobian, d_drift_dp, "finite_difference")


def conserved_family(family: Family, constraint: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
                     count: int = 1) -> Family:
    """The family restricted to a level set of ``count`` conserved quantities (e.g. the spin length of an ensemble
    under purely collective dynamics, paper 002 Eq. 12), where fixed points are not isolated in y.

    ``constraint(y)`` returns (C(y) - c, ∂C/∂y) of shapes (count,) and (count, n). The unknowns become z = (y, μ)
    and the equations g(y; p) + (∂C/∂y)ᵀ μ = 0, C(y) = c: since ∇C_k·g = 0 identically (C_k is conserved), μ = 0
    at every solution, so the fixed points on the level set are exactly the isolated roots of this system (the
    standard unfolding of first integrals). The Hessian term Σ μ_k ∇²C_k of its Jacobian vanishes on the branch
    and is left out (Newton stays superlinear). Stability and the bifurcation tests use the spectrum of ∂g/∂y
    restricted to the tangent space of the level set, Qᵀ (∂g/∂y) Q with Q an orthonormal basis of the null space
    of ∂C/∂y (an invariant subspace at a fixed point). Branch states are z: the first n entries are y.
    """
    m = int(count)

    def parts(z):
        y = z[:-m]
        c, dc = constraint(y)
        return y, np.atleast_1d(c), np.atleast_2d(dc)

    def drift(z, p):
        y, c, dc = parts(z)
        return np.concatenate([family.drift(y, p) + dc.T @ z[-m:], c])

    def jacobian(z, p):
        y, _, dc = parts(z)
        return np.block([[family.jacobian(y, p), dc.T], [dc, np.zeros((m, m))]])

    def d_drift_dp(z, p):
        return np.concatenate([family.d_drift_dp(z[:-m], p), np.zeros(m)])

    def spectrum(z, p):
        y, _, dc = parts(z)
        q = np.linalg.svd(dc)[2][m:].T  # orthonormal basis of the tangent space of the level set
        return np.linalg.eigvals(q.T @ family.jacobian(y, p) @ q)

    return Family(drift, jacobian, d_drift_dp, family.derivative, spectrum)


def _as_family(family: Union[Family, Callable[[float], Model]], p_start: float, p_stop: float) -> Family:
    return family if isinstance(family, Family) else model_family(family, p_start, p_stop)


# ---------------------------------------------------------------------------------------------- Newton
@dataclass(frozen=True)
class Correction:
    """A Newton solve of g(y; p) = 0 (with p fixed, or on a hyperplane in (y, p)).

    residual: max |g|; step: the last Newton correction max |Δx| (an estimate of the distance to the root);
    method: "newton" or "hybr" (MINPACK fallback for poor starting points).
    """

    x: np.ndarray
    residual: float
    step: float
    iterations: int
    method: str
    success: bool
    message: str

    @property
    def y(self) -> np.ndarray:
        return self.x[:-1]

    @property
    def p(self) -> float:
        return float(self.x[-1])


def _newton(fun, jac, x0: np.ndarray, g_of, tol: float, check_step: bool = True, max_iter: int = 30) -> Correction:
    """Newton on fun(x) = 0 from x0, MINPACK hybr as the fallback; success when max |g_of(x)| < tol and (with
    ``check_step``) the Newton correction at the result is below :data:`CORRECTION_TOL`.

    Plain Newton first: from a continuation predictor it converges in a few steps, whereas hybr at a 1e-13
    tolerance spends ~10³ drift evaluations on round-off.
    """
    x = np.asarray(x0, dtype=float).copy()
    it, step, method = 0, np.inf, "newton"
    for it in range(1, max_iter + 1):
        r = fun(x)
        if np.max(np.abs(r)) < 1e-4 * tol:
            break
        try:
            dx = np.linalg.solve(jac(x), r)
        except np.linalg.LinAlgError:
            break
        x -= dx
        step = float(np.max(np.abs(dx)))
        if not np.all(np.isfinite(x)) or step < 1e-15:
            break
    if not (np.all(np.isfinite(x)) and np.max(np.abs(g_of(x))) < tol):
        sol = root(fun, x0, jac=jac, method="hybr", options={"xtol": 1e-12})
        x, method, it = sol.x, "hybr", it + int(sol.nfev)
    residual = float(np.max(np.abs(g_of(x)))) if np.all(np.isfinite(x)) else float("inf")
    if check_step and residual < tol:
        try:
            step = float(np.max(np.abs(np.linalg.solve(jac(x), fun(x)))))
        except np.linalg.LinAlgError:
            step = float("inf")
    success = residual < tol and (step < CORRECTION_TOL or not check_step)
    message = ("converged" if success else
               f"Newton ({method}) stopped at max|g| = {residual:.3g} (tol {tol:g}), last correction {step:.3g}")
    return Correction(x, residual, step, it, method, bool(success), message)


def solve_at(family: Family, y0: np.ndarray, p: float, tol: float = RESIDUAL_TOL) -> Correction:
    """The fixed point g(y; p) = 0 near y0 at fixed p (exact ∂g/∂y). Check ``success``; see :func:`fixed_point_at`."""
    def fun(y):
        return family.drift(y, p)

    def jac(y):
        return family.jacobian(y, p)

    c = _newton(fun, jac, y0, fun, tol)
    return Correction(np.append(c.x, p), c.residual, c.step, c.iterations, c.method, c.success, c.message)


def fixed_point_at(family: Family, y0: np.ndarray, p: float, tol: float = RESIDUAL_TOL) -> np.ndarray:
    """:func:`solve_at`, raising :class:`~permqs.errors.ConvergenceError` when Newton does not converge."""
    c = solve_at(family, y0, p, tol)
    if not c.success:
        raise ConvergenceError(f"no fixed point near the given state at p = {p}: {c.message}", c)
    return c.y


class _Augmented:
    """The family on x = (y, p): residual, augmented Jacobian [∂g/∂y | ∂g/∂p], tangent, eigenvalues."""

    def __init__(self, family: Family, tol: float):
        self.family, self.tol = family, tol

    def g(self, x: np.ndarray) -> np.ndarray:
        return self.family.drift(x[:-1], x[-1])

    def jac(self, x: np.ndarray) -> np.ndarray:
        y, p = x[:-1], x[-1]
        return np.column_stack([self.family.jacobian(y, p), self.family.d_drift_dp(y, p)])

    def correct(self, pred: np.ndarray, normal: np.ndarray) -> Correction:
        """Solve g(x) = 0 on the hyperplane normal·(x - pred) = 0 (pseudo-arclength corrector)."""
        # the bordered system is regular at folds, so the residual alone decides (as in Keller's method)
        return _newton(lambda x: np.append(self.g(x), normal @ (x - pred)),
                       lambda x: np.vstack([self.jac(x), normal]), pred, self.g, self.tol, check_step=False)

    def tangent(self, x: np.ndarray, ref: np.ndarray) -> np.ndarray:
        """Unit null vector of the augmented Jacobian, oriented along ``ref``: one bordered solve
        [J; ref]·t = e_{n+1} (cheaper than an SVD)."""
        rhs = np.zeros(len(x))
        rhs[-1] = 1.0
        a = self.jac(x)
        try:
            t = np.linalg.solve(np.vstack([a, ref]), rhs)
        except np.linalg.LinAlgError:
            t = None
        if t is None or not np.all(np.isfinite(t)) or not np.any(t):
            # exactly at a branch point the null space is two-dimensional: take ref's projection onto it
            _, sv, vt = np.linalg.svd(a)
            null = vt[np.count_nonzero(sv > 1e-12 * max(1.0, sv[0])):]
            t = null.T @ (null @ ref)
            if not np.any(t):
                t = null[-1] * (1.0 if null[-1] @ ref >= 0 else -1.0)
        return t / np.linalg.norm(t)

    def eigenvalues(self, x: np.ndarray) -> np.ndarray:
        y, p = x[:-1], x[-1]
        ev = self.family.spectrum(y, p) if self.family.spectrum else np.linalg.eigvals(self.family.jacobian(y, p))
        return ev[np.argsort(-ev.real, kind="stable")]


# ---------------------------------------------------------------------------------------------- test functions
def _signed_root(value: complex, terms: np.ndarray) -> float:
    """sign(∏ terms)·(∏ |terms|)^(1/len): a continuous, sign-preserving scaling of a product that would overflow."""
    mag = np.abs(terms)
    if np.any(mag == 0):
        return 0.0
    return float(np.sign(value) * np.exp(np.mean(np.log(mag))))


def _test_functions(ev: np.ndarray, tangent: np.ndarray) -> np.ndarray:
    """(ψ_F, ψ_B, ψ_H) at a branch point with Jacobian eigenvalues ``ev`` and unit tangent ``tangent``."""
    def signed(terms: np.ndarray) -> float:
        if not len(terms):
            return 1.0  # an empty product
        phase = np.prod(terms / np.abs(terms)) if np.all(terms != 0) else 0.0
        return _signed_root(np.real(phase), terms)

    i, j = np.triu_indices(len(ev), 1)
    return np.array([tangent[-1], signed(ev), signed(ev[i] + ev[j])])


# ---------------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Bifurcation:
    """A bifurcation located on a branch.

    kind: "fold" (a real eigenvalue through 0 where the branch turns back in p), "branch_point" (a real eigenvalue
    through 0 without turning: pitchfork or transcritical, e.g. the Z2 breaking of paper 004) or "hopf" (a complex
    pair through the imaginary axis). eigenvalue: the critical one (Im > 0 for Hopf). index: the branch segment
    [index, index + 1] it lies in.
    """

    kind: str
    param: float
    y: np.ndarray
    eigenvalue: complex
    index: int


@dataclass(frozen=True)
class Branch:
    """A continued branch: parameters p_k, states y_k, Jacobian spectra (decreasing Re λ) and its bifurcations.

    status: "reached_end" (p_stop reached; the last point lies at p_stop), "returned" (folds turned the branch
    back to p_start; the last point lies there), "bifurcation" (ended at the first
    bifurcation of a kind in ``stop_on``; the last point is that bifurcation), "left_region" (the next point failed
    ``inside``; the last point is the last one inside); failures, raised as ContinuationError with this branch as
    ``result``: "step_underflow", "max_points". residual: max |g| over the points; iterations: corrector solves.
    """

    params: np.ndarray
    states: np.ndarray
    eigenvalues: np.ndarray
    bifurcations: tuple[Bifurcation, ...]
    status: str = "reached_end"
    message: str = ""
    residual: float = 0.0
    iterations: int = 0
    seconds: float = 0.0
    method: str = "pseudo_arclength"
    stats: dict = field(default_factory=dict)

    @property
    def success(self) -> bool:
        return self.status in ("reached_end", "returned", "bifurcation", "left_region")

    @property
    def stable(self) -> np.ndarray:
        """Re λ < 0 for every eigenvalue (the leading one decides)."""
        return self.eigenvalues[:, 0].real < 0


# ---------------------------------------------------------------------------------------------- the engine
def continue_branch(family: Union[Family, Callable[[float], Model]], p_start: float, p_stop: float,
                    y_start: np.ndarray, step: float = 0.01, max_step: float = 0.05, min_step: float = 1e-7,
                    max_points: int = 10_000, *, tol: float = RESIDUAL_TOL, max_correction: float = 0.5,
                    inside: Optional[Callable[[np.ndarray, float], bool]] = None,
                    stop_on: Sequence[str] = ()) -> Branch:
    """Pseudo-arclength continuation of the fixed-point branch through y_start from p_start towards p_stop.

    ``family``: a :class:`Family` or a builder p ↦ Model (then :func:`model_family` on [p_start, p_stop]: exact
    and fast when the model is affine in p). Each step predicts along the unit tangent in x = (y, p) and corrects
    on the hyperplane orthogonal to it; the step (arclength) grows by 1.5 after an accepted correction and halves
    when Newton fails or moves the prediction by more than ``max_correction``·step (a jump to another branch).
    The branch ends when p reaches p_stop, when ``inside(y, p)`` turns false, or at the first located bifurcation
    whose kind is in ``stop_on``. Bifurcations (see the module docstring) are located by Brent's method in the
    arclength of the segment where a test function changes sign, to |Δs| ≤ 1e-13.

    Raises ConvergenceError when there is no fixed point near y_start, ContinuationError (with the partial branch
    as ``result``) when the step falls below ``min_step`` or ``max_points`` are used up before the branch ends.
    """
    t0 = time.perf_counter()
    if p_start == p_stop:
        raise ValueError("p_start and p_stop must differ")
    unknown = set(stop_on) - set(BIFURCATIONS)
    if unknown:
        raise ValueError(f"stop_on: unknown bifurcation kinds {sorted(unknown)}; choose from {BIFURCATIONS}")
    fam = _as_family(family, p_start, p_stop)
    aug = _Augmented(fam, tol)
    first = solve_at(fam, y_start, p_start, tol)
    if not first.success:
        raise ConvergenceError(f"continuation: no fixed point near y_start at p = {p_start}: {first.message}", first)
    lo, hi = sorted((p_start, p_stop))
    direction = np.sign(p_stop - p_start)
    x = first.x
    seed = np.zeros_like(x)
    seed[-1] = direction
    tan = aug.tangent(x, seed)
    ev = aug.eigenvalues(x)
    xs, evs, bifs = [x], [ev], []
    psi = _test_functions(ev, tan)
    h, solves, status, message = step, 1, None, ""
    while status is None:
        if len(xs) >= max_points:
            status, message = "max_points", f"{max_points} points used before the branch ended (at p = {x[-1]:.10g})"
            break
        pred = x + h * tan
        c = aug.correct(pred, tan)
        solves += 1
        if not c.success or np.linalg.norm(c.x - pred) > max_correction * h:
            h /= 2
            if h < min_step:
                status = "step_underflow"
                why = c.message if not c.success else f"the corrector moved the prediction by > {max_correction} steps"
                message = f"step fell below {min_step:g} at p = {x[-1]:.10g} ({why})"
            continue
        x_new = c.x
        if not lo <= x_new[-1] <= hi:
            # land on the end of the range that was crossed (p_stop, or p_start after folds turned the branch
            # back): fix p there and correct from the interpolated state
            bound = hi if x_new[-1] > hi else lo
            w = (bound - x[-1]) / (x_new[-1] - x[-1])
            end = solve_at(fam, x[:-1] + w * (x_new[:-1] - x[:-1]), bound, tol)
            solves += 1
            if not end.success:
                status, message = "step_underflow", f"no fixed point at the range end p = {bound}: {end.message}"
                break
            x_new, h_seg = end.x, None
            status = "reached_end" if bound == p_stop else "returned"
        else:
            h_seg = h
        if inside is not None and not inside(x_new[:-1], float(x_new[-1])):
            status, message = "left_region", f"the branch left the region at p = {x_new[-1]:.10g}"
            break
        tan_new = aug.tangent(x_new, tan)
        ev_new = aug.eigenvalues(x_new)
        psi_new = _test_functions(ev_new, tan_new)
        found = _locate(aug, x, tan, h_seg, x_new, psi, psi_new, len(xs) - 1) if np.any(
            np.sign(psi) != np.sign(psi_new)) else []
        solves += sum(b[1] for b in found)
        for bif, _ in found:
            bifs.append(bif)
            if bif.kind in stop_on:
                xs.append(np.append(bif.y, bif.param))
                evs.append(aug.eigenvalues(xs[-1]))
                status, message = "bifurcation", f"{bif.kind} at p = {bif.param:.12g}"
                break
        if status == "bifurcation":
            break
        xs.append(x_new)
        evs.append(ev_new)
        x, tan, psi = x_new, tan_new, psi_new
        h = min(1.5 * h, max_step)
    if status == "reached_end":
        message = f"reached p_stop = {p_stop}"
    elif status == "returned":
        message = f"the branch turned back to p_start = {p_start}"
    xs_arr, ev_arr = np.array(xs), np.array(evs)
    residual = max(float(np.max(np.abs(aug.g(xk)))) for xk in xs_arr)
    branch = Branch(xs_arr[:, -1], xs_arr[:, :-1], ev_arr, tuple(bifs), status, message, residual, solves,
                    time.perf_counter() - t0, "pseudo_arclength", {"derivative": fam.derivative, "points": len(xs)})
    if not branch.success:
        raise ContinuationError(f"continuation from p = {p_start} towards {p_stop} failed: {message}", branch)
    return branch


def _locate(aug: _Augmented, x: np.ndarray, tan: np.ndarray, h: Optional[float], x_new: np.ndarray,
            psi: np.ndarray, psi_new: np.ndarray, index: int) -> list[tuple[Bifurcation, int]]:
    """Bifurcations in the segment from x (tangent ``tan``) to x_new = corrected(x + h·tan), in arclength order,
    each with the number of corrector solves spent locating it.

    The points of the segment are x(s) = corrected(x + s·tan) on the hyperplanes orthogonal to ``tan``, s ∈ [0, h]
    (for the last segment that lands on p_stop, h is None and the chord to x_new is used instead).
    """
    if h is None:
        chord = x_new - x
        h = float(np.linalg.norm(chord))
        tan = chord / h
    calls = [0]

    def point(s: float) -> np.ndarray:
        if s <= 0:
            return x
        calls[0] += 1
        c = aug.correct(x + s * tan, tan)
        if not c.success:
            raise ContinuationError(f"lost the branch while locating a bifurcation near p = {x[-1]:.10g}: "
                                    f"{c.message}", c)
        return c.x

    def psi_at(s: float) -> np.ndarray:
        z = point(s)
        return _test_functions(aug.eigenvalues(z), aug.tangent(z, tan))

    fold = np.sign(psi[0]) != np.sign(psi_new[0])
    out = []
    for k, kind in ((0, FOLD), (1, BRANCH_POINT), (2, HOPF)):
        if np.sign(psi[k]) == np.sign(psi_new[k]) or (kind == BRANCH_POINT and fold):
            continue  # det ∂g/∂y changes sign at a fold too: that crossing is the fold's
        calls[0] = 0
        s = brentq(lambda s: psi_at(s)[k], 0.0, h, xtol=1e-13)
        z = point(s)
        ev = aug.eigenvalues(z)
        if kind == HOPF:
            i, j = np.triu_indices(len(ev), 1)
            pair = np.argmin(np.abs(ev[i] + ev[j]))
            crit = complex(ev[i[pair]])
            scale = max(1.0, float(np.max(np.abs(ev))))
            if abs(crit.imag) <= 1e-8 * scale:
                continue  # λ_i = -λ_j real: a neutral saddle, not a bifurcation of the fixed point
            crit = complex(crit.real, abs(crit.imag))
        else:
            crit = complex(ev[np.argmin(np.abs(ev))])
        out.append((s, Bifurcation(kind, float(z[-1]), z[:-1], crit, index), calls[0]))
    return [(b, n) for _, b, n in sorted(out, key=lambda item: item[0])]


# ---------------------------------------------------------------------------------------------- branch tables
def states_on_branch(family: Family, branch: Branch, params: np.ndarray, end: Optional[float] = None,
                     accept: Optional[Callable[[np.ndarray, np.ndarray], bool]] = None, tol: float = RESIDUAL_TOL,
                     max_halvings: int = 12) -> np.ndarray:
    """Fixed points of ``branch`` at the given parameter values, shape (len(params), dim).

    The branch must be monotone in p (cut it at its first fold, ``stop_on=("fold",)``). Each value is reached from
    the branch point before it by natural-parameter steps (Newton at fixed p from the previous state), halved when
    Newton fails or ``accept(y_previous, y_new)`` rejects the result (a jump to another branch). Values may lie
    beyond the last branch point up to ``end`` (default: the branch end), e.g. where the caller knows the branch
    continues to a point the arclength steps jumped over (the vertex of a pitchfork). Raises ValueError for a
    value outside [branch start, end] and ConvergenceError when a value inside cannot be reached.
    """
    p = branch.params
    direction = np.sign(p[-1] - p[0])
    if len(p) < 2 or direction == 0 or np.any(np.diff(p) * direction <= 0):
        raise ValueError("states_on_branch needs a branch that is monotone in p (cut it at its first fold)")
    end = p[-1] if end is None else float(end)
    targets = np.asarray(params, dtype=float)
    outside = targets[((targets - p[0]) * direction < 0) | ((targets - end) * direction > 0)]
    if len(outside):
        raise ValueError(f"p = {outside[0]} lies outside the branch [{p[0]}, {end}]")
    out = np.empty((len(targets), branch.states.shape[1]))
    order = np.argsort(targets * direction, kind="stable")
    k = 0  # the last branch point at or before the current target
    g_prev, y_prev = p[0], branch.states[0]
    for i in order:
        q = targets[i]
        while k + 1 < len(p) and (p[k + 1] - q) * direction <= 0:
            k += 1
        if (p[k] - g_prev) * direction > 0:
            g_prev, y_prev = p[k], branch.states[k]  # restart from the nearer branch point
        step, g, failures = q - g_prev, g_prev, 0
        while g != q:
            g_try = q if abs(q - g) <= abs(step) else g + step
            c = solve_at(family, y_prev, g_try, tol)
            if c.success and (accept is None or accept(y_prev, c.y)):
                g, y_prev, failures = g_try, c.y, 0
                step *= 1.5
                continue
            failures += 1
            if failures > max_halvings:
                why = c.message if not c.success else "the solution jumped to another branch"
                raise ConvergenceError(f"lost the branch between p = {g:.12g} and p = {q:.12g} ({why})", c)
            step /= 2
        g_prev = q
        out[i] = y_prev
    return out
