"""Floquet analysis of mean-field limit cycles (paper 000 App. C, Eqs. C1-C2).

The fundamental matrix obeys dM/dt = 𝕁(ξ_t) M, M(0) = 1 (Eq. C2), with 𝕁 = ∂g/∂ξ the exact Jacobian of the
drift (Eq. C1) in the state coordinates of :class:`MeanField`: the d²-1 generalized Bloch components of every
ensemble, then (Re α, Im α) of every boson mode. The Floquet multipliers are the eigenvalues of the monodromy
matrix M(T). A cycle of an autonomous model always has one multiplier 1 (the flow direction); it is hyperbolic
when all others lie off the unit circle, and attracting when they lie inside it.

:func:`refine_cycle` polishes an approximate periodic orbit by Newton shooting on (y, T) with the monodromy as
Jacobian, which converges where plain integration relaxes only slowly (multipliers close to 1 near a Hopf point).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import root

from .drift import MeanField
from .integrate import TIGHT, Tolerances, checked


class _Variational:
    """RHS of (dy/dt, dM/dt) = (g(t, y), 𝕁(t, y) M) on the flattened vector (y, M)."""

    def __init__(self, mf: MeanField):
        self.mf = mf
        self.dim = mf.dim

    def __call__(self, t: float, x: np.ndarray) -> np.ndarray:
        y, m = x[: self.dim], x[self.dim :].reshape(self.dim, self.dim)
        return np.concatenate([self.mf(t, y), (self.mf.jacobian(t, y) @ m).ravel()])


def monodromy(mf: MeanField, y: np.ndarray, period: float, t: float = 0.0,
              tol: Tolerances = TIGHT) -> tuple[np.ndarray, np.ndarray]:
    """(φ_T(y), M(T)): the state after one period from (t, y) and the monodromy matrix (Eq. C2)."""
    var = _Variational(mf)
    x0 = np.concatenate([np.asarray(y, dtype=float), np.eye(mf.dim).ravel()])
    # the variational system has no Jacobian of its own at hand, so it is integrated explicitly whatever
    # tol.method says
    sol = checked(solve_ivp(var, (t, t + period), x0, method="DOP853", rtol=tol.rtol, atol=tol.atol),
                  f"variational equations (Eq. C2) over one period {period:.6g} from t = {t:.6g}")
    x = sol.y[:, -1]
    return x[: mf.dim], x[mf.dim :].reshape(mf.dim, mf.dim)


@dataclass(frozen=True)
class FloquetResult:
    """Floquet multipliers of a cycle, sorted by decreasing modulus, and the trivial one's index."""

    multipliers: np.ndarray
    trivial: Optional[int]   # index of the multiplier 1 of the flow direction (None for driven models)

    @property
    def nontrivial(self) -> np.ndarray:
        return self.multipliers if self.trivial is None else np.delete(self.multipliers, self.trivial)

    def is_hyperbolic(self, tol: float = 1e-6) -> bool:
        """One multiplier 1 (autonomous), all others with ||μ| - 1| > tol (paper 000 App. C)."""
        return bool(np.all(np.abs(np.abs(self.nontrivial) - 1) > tol))

    def is_attracting(self, tol: float = 1e-6) -> bool:
        """All non-trivial multipliers strictly inside the unit circle."""
        return bool(np.all(np.abs(self.nontrivial) < 1 - tol))


def floquet_multipliers(mf: MeanField, y: np.ndarray, period: float, t: float = 0.0,
                        tol: Tolerances = TIGHT) -> FloquetResult:
    """Eigenvalues of M(T) for the cycle through (t, y) with the given period.

    For an autonomous model the multiplier closest to 1 is the trivial one (its eigenvector is the flow g(y)).
    """
    return _floquet(mf, monodromy(mf, y, period, t, tol)[1])


def _floquet(mf: MeanField, m: np.ndarray) -> FloquetResult:
    mu = np.linalg.eigvals(m)
    mu = mu[np.argsort(-np.abs(mu), kind="stable")]
    trivial = None if mf.model.is_time_dependent else int(np.argmin(np.abs(mu - 1)))
    return FloquetResult(mu, trivial)


@dataclass(frozen=True)
class Cycle:
    """A periodic orbit through (t, y) with its period and Floquet multipliers; residual = |φ_T(y) - y|."""

    t: float
    y: np.ndarray
    period: float
    floquet: FloquetResult
    residual: float


def refine_cycle(mf: MeanField, y: np.ndarray, period: float, t: float = 0.0, tol: Tolerances = TIGHT,
                 xtol: float = 1e-12, max_residual: float = 1e-9, max_shots: int = 20) -> Optional[Cycle]:
    """Newton shooting for φ_T(y) = y from an approximate point y and period; None if it does not converge.

    Each of at most ``max_shots`` residual evaluations integrates the variational equations over one period.
    Autonomous models: unknowns (y, T) with the phase condition g(y₀)·(y - y₀) = 0 (y stays on the Poincaré
    section through the start). Driven models: T is the (known) response period and only y is solved for.
    """
    y0 = np.asarray(y, dtype=float)
    n = mf.dim
    if mf.model.is_time_dependent:
        def fun(z):
            yT, m = monodromy(mf, z, period, t, tol)
            return yT - z, m - np.eye(n)

        sol = root(fun, y0, jac=True, method="hybr", options={"xtol": xtol, "maxfev": max_shots})
        y_c, period_c = sol.x, period
    else:
        normal = mf(t, y0)
        normal = normal / np.linalg.norm(normal)

        def fun(z):
            yT, m = monodromy(mf, z[:n], z[n], t, tol)
            jac = np.block([[m - np.eye(n), mf(t, yT)[:, None]], [normal[None, :], np.zeros((1, 1))]])
            return np.append(yT - z[:n], normal @ (z[:n] - y0)), jac

        sol = root(fun, np.append(y0, period), jac=True, method="hybr", options={"xtol": xtol, "maxfev": max_shots})
        y_c, period_c = sol.x[:n], sol.x[n]
    # Newton may also land on a fixed point (any T solves φ_T(y) = y there): that is not a cycle
    if not np.all(np.isfinite(sol.x)) or period_c <= 0 or np.linalg.norm(mf(t, y_c)) < 1e-10:
        return None
    yT, m = monodromy(mf, y_c, period_c, t, tol)
    residual = float(np.linalg.norm(yT - y_c))
    if residual > max_residual:
        return None
    return Cycle(t, y_c, float(period_c), _floquet(mf, m), residual)
