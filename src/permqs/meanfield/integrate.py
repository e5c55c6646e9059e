"""Integration of the mean-field equations (paper 000 Eq. 5) with scipy's solve_ivp at tight tolerances."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from ..errors import IntegrationError
from .drift import MeanField


@dataclass(frozen=True)
class Tolerances:
    """solve_ivp settings. DOP853 at rtol 1e-10 keeps period and time-average errors near 1e-9; use an implicit
    method ("Radau", "LSODA"; the exact Jacobian is passed) for stiff models."""

    method: str = "DOP853"
    rtol: float = 1e-10
    atol: float = 1e-12


TIGHT = Tolerances()


def checked(sol, what: str):
    """solve_ivp's result ``sol`` if it succeeded; else IntegrationError naming ``what`` and scipy's message (a
    failed step-size control or a terminal event must not pass for a trajectory)."""
    if not sol.success:
        raise IntegrationError(f"{what}: solve_ivp stopped at t = {sol.t[-1]:.6g} with status {sol.status}: "
                               f"{sol.message}", sol)
    return sol


def integrate(mf: MeanField, y0: np.ndarray, t_span: tuple[float, float], tol: Tolerances = TIGHT, **kwargs):
    """solve_ivp(mf, t_span, y0) with dense output; extra keyword arguments (events, t_eval, …) are passed on."""
    jac = {} if tol.method in ("RK45", "RK23", "DOP853") else {"jac": mf.jacobian}
    sol = solve_ivp(mf, t_span, np.asarray(y0, dtype=float), method=tol.method, rtol=tol.rtol, atol=tol.atol,
                    dense_output=True, **jac, **kwargs)
    return checked(sol, f"mean-field integration on {t_span}")


def sample_window(mf: MeanField, y0: np.ndarray, t0: float, length: float, n: int, tol: Tolerances = TIGHT) -> np.ndarray:
    """States at the n uniformly spaced times t0 + k·length/n, k = 0…n-1, shape (n, dim).

    Over one exact period this is the node set of the periodic trapezoidal rule, which converges exponentially
    for smooth periodic integrands: the plain mean of a function of these samples is the period average.
    """
    times = t0 + length * np.arange(n) / n
    sol = integrate(mf, y0, (t0, t0 + length), tol)
    return sol.sol(times).T
