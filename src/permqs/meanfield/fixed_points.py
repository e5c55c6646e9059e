"""Fixed points of the mean-field drift, their linear stability, and one-parameter continuation.

Fixed points solve g(y) = 0 (scipy.optimize.root with the exact Jacobian); a fixed point is stable when every
eigenvalue of ∂g/∂y has negative real part (paper 004 Sec. II C). A branch y*(p) of a model family p ↦ Model
is followed by pseudo-arclength continuation in (y, p), which passes folds; stability changes along it (a real
eigenvalue crossing zero: fold or pitchfork; a complex pair crossing the imaginary axis: Hopf) are located by
bisection on the branch (paper 004 Fig. 4 bistability).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Optional

import numpy as np
from scipy.optimize import root

from ..model import Model
from .drift import MeanField


@dataclass(frozen=True)
class FixedPoint:
    """y with g(y) = 0; ``eigenvalues`` of the Jacobian sorted by decreasing real part."""

    y: np.ndarray
    eigenvalues: np.ndarray
    residual: float

    @property
    def leading(self) -> complex:
        """The eigenvalue with the largest real part (the one that decides stability)."""
        return self.eigenvalues[0]

    def is_stable(self, tol: float = 1e-9) -> bool:
        """All Re λ < -tol. Conserved quantities (e.g. spin length without local jumps) give Re λ = 0: marginal."""
        return bool(self.leading.real < -tol)


def stability(mf: MeanField, y: np.ndarray, t: float = 0.0) -> np.ndarray:
    """Eigenvalues of ∂g/∂y at y, sorted by decreasing real part."""
    ev = np.linalg.eigvals(mf.jacobian(t, y))
    return ev[np.argsort(-ev.real, kind="stable")]


def refine_fixed_point(mf: MeanField, y_guess: np.ndarray, xtol: float = 1e-13, max_residual: float = 1e-10) -> Optional[FixedPoint]:
    """Newton-type root of g from y_guess (autonomous models); None when it does not converge."""
    sol = root(lambda y: mf(0.0, y), np.asarray(y_guess, dtype=float), jac=lambda y: mf.jacobian(0.0, y),
               method="hybr", options={"xtol": xtol})
    residual = float(np.linalg.norm(mf(0.0, sol.x)))
    if not np.all(np.isfinite(sol.x)) or residual > max_residual:
        return None
    return FixedPoint(sol.x, stability(mf, sol.x), residual)


def _is_physical(mf: MeanField, y: np.ndarray, tol: float = 1e-8) -> bool:
    """ρ_e ≥ 0 for every ensemble: roots outside the state space are not states."""
    return bool(np.all(np.linalg.eigvalsh(mf.rhos(y)) > -tol))


def find_fixed_points(mf: MeanField, starts: Iterable[np.ndarray], distinct: float = 1e-7,
                      physical_only: bool = True) -> list[FixedPoint]:
    """All distinct fixed points reached from the given starting points, stable ones first."""
    found: list[FixedPoint] = []
    for y0 in starts:
        fp = refine_fixed_point(mf, y0)
        if fp is None or (physical_only and not _is_physical(mf, fp.y)):
            continue
        if all(np.linalg.norm(fp.y - other.y) > distinct for other in found):
            found.append(fp)
    return sorted(found, key=lambda fp: fp.leading.real)


@dataclass(frozen=True)
class Bifurcation:
    """A point where the branch changes stability.

    kind: "fold" (real eigenvalue through 0 where the branch turns back in p), "branch_point" (real eigenvalue
    through 0 without turning: pitchfork or transcritical, e.g. the Z2 breaking of paper 004) or "hopf"
    (complex pair through the imaginary axis).
    """

    kind: str
    param: float
    y: np.ndarray
    eigenvalue: complex


@dataclass(frozen=True)
class Branch:
    """A continued branch: parameters p_k, states y_k, Jacobian spectra and the located stability changes."""

    params: np.ndarray
    states: np.ndarray
    eigenvalues: np.ndarray
    bifurcations: tuple[Bifurcation, ...]

    @property
    def stable(self) -> np.ndarray:
        return self.eigenvalues[:, 0].real < 0


class _Family:
    """g(y; p) of a model family on x = (y, p), with the augmented Jacobian [∂g/∂y, ∂g/∂p]."""

    def __init__(self, builder: Callable[[float], Model]):
        # the drift tensors are rebuilt per parameter value; Newton iterations revisit the same few values
        self.drift = lru_cache(maxsize=16)(lambda p: MeanField(builder(p)))

    def g(self, x: np.ndarray) -> np.ndarray:
        return self.drift(float(x[-1]))(0.0, x[:-1])

    def jac(self, x: np.ndarray) -> np.ndarray:
        # builder is a black box, so ∂g/∂p is a central difference
        p, h = float(x[-1]), 1e-6 * max(1.0, abs(float(x[-1])))
        dgdp = (self.drift(p + h)(0.0, x[:-1]) - self.drift(p - h)(0.0, x[:-1])) / (2 * h)
        return np.column_stack([self.drift(p).jacobian(0.0, x[:-1]), dgdp])

    def correct(self, pred: np.ndarray, normal: np.ndarray) -> Optional[np.ndarray]:
        """Solve g(x) = 0 on the hyperplane normal·(x - pred) = 0 (pseudo-arclength corrector)."""
        sol = root(lambda z: np.append(self.g(z), normal @ (z - pred)), pred,
                   jac=lambda z: np.vstack([self.jac(z), normal]), method="hybr", options={"xtol": 1e-12})
        return sol.x if sol.success else None

    def tangent(self, x: np.ndarray, previous: np.ndarray) -> np.ndarray:
        """Unit null vector of the n×(n+1) augmented Jacobian, oriented along ``previous``."""
        t = np.linalg.svd(self.jac(x))[2][-1]
        return t if t @ previous >= 0 else -t

    def eigenvalues(self, x: np.ndarray) -> np.ndarray:
        return stability(self.drift(float(x[-1])), x[:-1])


def continue_branch(builder: Callable[[float], Model], p_start: float, p_stop: float, y_start: np.ndarray,
                    step: float = 0.01, max_step: float = 0.05, min_step: float = 1e-7,
                    max_points: int = 10_000) -> Branch:
    """Pseudo-arclength continuation of the fixed-point branch through y_start from p_start towards p_stop.

    Each step predicts along the tangent of the branch in x = (y, p) and corrects on the hyperplane orthogonal to
    it, so folds are passed; the arclength step grows by 1.5 after a good correction and halves after a failed
    or far-off one. The branch ends when p leaves [min(p_start, p_stop), max(p_start, p_stop)].
    Stability changes of the leading eigenvalue are located by bisection between branch points (:class:`Bifurcation`).
    """
    fam = _Family(builder)
    fp = refine_fixed_point(MeanField(builder(p_start)), y_start)
    if fp is None:
        raise ValueError(f"no fixed point near y_start at p = {p_start}")
    lo, hi = sorted((p_start, p_stop))
    x = np.append(fp.y, p_start)
    seed = np.zeros_like(x)
    seed[-1] = np.sign(p_stop - p_start)
    tan = fam.tangent(x, seed)
    xs, evs, ds = [x], [fp.eigenvalues], step
    while len(xs) < max_points:
        pred = x + ds * tan
        x_new = fam.correct(pred, tan)
        if x_new is None or np.linalg.norm(x_new - pred) > 0.5 * ds:
            ds /= 2
            if ds < min_step:
                break
            continue
        if not lo <= x_new[-1] <= hi:
            break
        tan = fam.tangent(x_new, tan)
        x = x_new
        xs.append(x)
        evs.append(fam.eigenvalues(x))
        ds = min(1.5 * ds, max_step)
    xs_arr, ev_arr = np.array(xs), np.array(evs)
    return Branch(xs_arr[:, -1], xs_arr[:, :-1], ev_arr, _locate_bifurcations(fam, xs_arr, ev_arr))


def _locate_bifurcations(fam: _Family, xs: np.ndarray, evs: np.ndarray) -> tuple[Bifurcation, ...]:
    """Bisect where the leading Re λ changes sign, correcting chord points back onto the branch."""
    out = []
    lead = evs[:, 0].real
    for k in np.nonzero(np.sign(lead[:-1]) != np.sign(lead[1:]))[0]:
        chord = xs[k + 1] - xs[k]
        a, b, x = 0.0, 1.0, xs[k]
        while b - a > 1e-10:
            s = (a + b) / 2
            x_s = fam.correct(xs[k] + s * chord, chord)
            if x_s is None:
                break
            x = x_s
            if np.sign(fam.eigenvalues(x)[0].real) == np.sign(lead[k]):
                a = s
            else:
                b = s
        ev = fam.eigenvalues(x)
        crit = complex(ev[np.argmin(np.abs(ev.real))])  # the eigenvalue on the imaginary axis
        if abs(crit.imag) > 1e-6:
            kind = "hopf"
        else:
            dp_before = xs[k][-1] - xs[k - 1][-1] if k > 0 else chord[-1]
            dp_after = xs[k + 2][-1] - xs[k + 1][-1] if k + 2 < len(xs) else chord[-1]
            kind = "fold" if np.sign(dp_before) != np.sign(dp_after) else "branch_point"
        out.append(Bifurcation(kind, float(x[-1]), x[:-1], crit))
    return tuple(out)
