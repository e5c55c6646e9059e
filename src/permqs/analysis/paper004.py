"""Mean-field steady states of the qudit LMG model (paper 004, Sec. III, Eq. 9, App. B, Fig. 4).

The drift of Eq. 9 comes from :class:`permqs.meanfield.MeanField` of :func:`permqs.models.qudit_lmg.qudit_lmg_model`;
it is affine in the local rate, F(y; γ_I) = F_0(y) + γ_I F_1(y) (the linear term g of Eq. 9), so a family at fixed
(d, L, γ_C, V) is two precomputed drifts and γ_I is a continuation parameter that costs nothing to change.

Steady states are stable fixed points: F = 0 and every Jacobian eigenvalue with negative real part (App. B).
Two branches exist at γ_C = 0:

* the spin-z polarized state ρ = |-j⟩⟨-j| (Eq. 12), stable iff γ_I + γ_C > 2|V|;
* the broken-symmetry pair X = sgn(V) Y ≠ 0 (Sec. III A/B), exchanged by Π_1. It is followed from the interaction-
  dominated side by pseudo-arclength continuation, through a fold if there is one; the upper end of the bistable
  region (Fig. 4 caption) is where its leading eigenvalue crosses zero.

Rates are passed in absolute units together with V (branch tables carry γ_I as given); bistability_end and the
fits return values in units of |V|, the paper's axes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Optional

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, root

from ..meanfield import MeanField, find_fixed_points, random_spin_coherent_state, refine_fixed_point, spin_coherent_state
from ..models.qudit_lmg import QuditLMGParameters, qudit_lmg_model, scaled_spin

RESIDUAL_TOL = 1e-10   # max |F| accepted for a fixed point
STABILITY_TOL = 1e-9   # max Re λ below -tol counts as stable; |Re λ| ≤ tol as marginal
BROKEN_MIN_X = 1e-3    # |X| below this: the broken branch has merged with the polarized state


@dataclass(frozen=True)
class Family:
    """Eq. 9 at fixed (d, dissipator, γ_C, V) as a function of the state y (Bloch vector) and γ_I."""

    d: int
    dissipator: str = "spin"
    gamma_C: float = 0.0
    V: float = 1.0

    @cached_property
    def _mf(self) -> tuple[MeanField, MeanField]:
        make = lambda g: MeanField(qudit_lmg_model(QuditLMGParameters(self.d, self.V, g, self.gamma_C, self.dissipator)))
        return make(0.0), make(1.0)

    @property
    def meanfield(self) -> MeanField:
        """The engine at γ_I = 0 (for packing and unpacking states)."""
        return self._mf[0]

    def drift(self, y: np.ndarray, gamma_I: float) -> np.ndarray:
        """F(y; γ_I), the right-hand side of Eq. 9 in Bloch coordinates."""
        f0, f1 = self._mf
        a = f0(0.0, y)
        return a + gamma_I * (f1(0.0, y) - a)

    def jacobian(self, y: np.ndarray, gamma_I: float) -> np.ndarray:
        """∂F/∂y (exact, from the engine)."""
        f0, f1 = self._mf
        a = f0.jacobian(0.0, y)
        return a + gamma_I * (f1.jacobian(0.0, y) - a)

    def d_drift_d_gamma(self, y: np.ndarray) -> np.ndarray:
        """∂F/∂γ_I = F_1(y) - F_0(y) (exact: the drift is affine in γ_I)."""
        f0, f1 = self._mf
        return f1(0.0, y) - f0(0.0, y)

    def xyz(self, y: np.ndarray) -> np.ndarray:
        """(X, Y, Z) = ⟨J_α⟩/Nj of states y, shape (..., 3)."""
        return scaled_spin(self.meanfield.rhos(y)[..., 0, :, :])

    @property
    def critical_gamma_I(self) -> float:
        """γ_I where the polarized state loses stability: γ_I + γ_C = 2|V| (App. B, with ℓ_{-j} = √(2j))."""
        return 2 * abs(self.V) - self.gamma_C


def polarized_state(fam: Family) -> np.ndarray:
    """The spin-z polarized fixed point |-j⟩⟨-j| of Eq. 12 as a state vector y."""
    rho = np.zeros((fam.d, fam.d), dtype=complex)
    rho[-1, -1] = 1.0  # basis order m = j, ..., -j
    return fam.meanfield.pack(rho)


def leading_eigenvalue(fam: Family, y: np.ndarray, gamma_I: float) -> complex:
    """The Jacobian eigenvalue with the largest real part (App. B stability criterion)."""
    ev = np.linalg.eigvals(fam.jacobian(y, gamma_I))
    return ev[np.argmax(ev.real)]


def solve_fixed_point(fam: Family, y0: np.ndarray, gamma_I: float, max_iter: int = 30) -> tuple[np.ndarray, bool]:
    """Solve F(y; γ_I) = 0 from y0 with the exact Jacobian; returns (y, converged).

    Plain Newton first: from a continuation predictor it converges in a few steps, whereas MINPACK's hybr at a
    1e-13 tolerance spends ~10³ drift evaluations on round-off. hybr is the fallback for poor starting points.
    """
    y = np.asarray(y0, dtype=float).copy()
    for _ in range(max_iter):
        f = fam.drift(y, gamma_I)
        if np.max(np.abs(f)) < 1e-14:
            break
        try:
            dy = np.linalg.solve(fam.jacobian(y, gamma_I), f)
        except np.linalg.LinAlgError:
            break
        y -= dy
        if not np.all(np.isfinite(y)) or np.max(np.abs(dy)) < 1e-15:
            break
    if not (np.all(np.isfinite(y)) and np.max(np.abs(fam.drift(y, gamma_I))) < RESIDUAL_TOL):
        y = root(fam.drift, y0, args=(gamma_I,), jac=fam.jacobian, method="hybr", options={"xtol": 1e-12}).x
    f = fam.drift(y, gamma_I)
    if not (np.all(np.isfinite(y)) and np.max(np.abs(f)) < RESIDUAL_TOL):
        return y, False
    # A small residual is not enough near a degenerate root (at the pitchfork F ~ X^(2d-1)): also ask that the
    # Newton correction to the root be small.
    try:
        correction = np.max(np.abs(np.linalg.solve(fam.jacobian(y, gamma_I), f)))
    except np.linalg.LinAlgError:
        return y, False
    return y, bool(correction < 1e-8)


def broken_seed(fam: Family, gamma_I: Optional[float] = None, t_max: float = 400.0) -> tuple[float, np.ndarray]:
    """A broken-symmetry fixed point with X > 0 deep in the interaction-dominated regime: (γ_I, y).

    Integrates Eq. 9 from the coherent state along (1, sgn V, 0) at γ_I = γ_c/2 (γ_c = 2|V| - γ_C), where the
    broken pair is the only attractor, and polishes the end point.
    """
    g = 0.5 * fam.critical_gamma_I if gamma_I is None else gamma_I
    if g <= 0:
        raise ValueError(f"no broken-symmetry seed: γ_C = {fam.gamma_C} ≥ 2|V| = {2 * abs(fam.V)}")
    y0 = fam.meanfield.pack(spin_coherent_state(fam.d, [1.0, np.sign(fam.V) or 1.0, 0.0]))
    sol = solve_ivp(lambda t, y: fam.drift(y, g), (0.0, t_max / abs(fam.V)), y0, method="LSODA",
                    jac=lambda t, y: fam.jacobian(y, g), rtol=1e-10, atol=1e-12)
    y, ok = solve_fixed_point(fam, sol.y[:, -1], g)
    if not ok or fam.xyz(y)[0] < BROKEN_MIN_X:
        raise RuntimeError(f"no broken-symmetry fixed point reached at γ_I = {g} (d = {fam.d}, {fam.dissipator})")
    return g, y


def _record(fam: Family, y: np.ndarray, g: float, branch: str) -> dict:
    lam = leading_eigenvalue(fam, y, g)
    X, Y, Z = fam.xyz(y)
    return {"branch": branch, "gamma_I": g, "X": X, "Y": Y, "Z": Z, "max_re_eig": lam.real,
            "stable": bool(lam.real < -STABILITY_TOL), "residual": float(np.max(np.abs(fam.drift(y, g))))}


def follow_branch(fam: Family, gamma_I: np.ndarray, y_start: np.ndarray, g_start: float,
                  max_halvings: int = 12) -> list[tuple[float, np.ndarray]]:
    """Natural-parameter continuation of a fixed point from (g_start, y_start) over the monotonic grid ``gamma_I``.

    Sub-steps are halved when Newton fails or jumps to another branch (|X| collapses); the walk stops where the
    branch ceases to exist (a fold) or merges with the polarized state. Returns the (γ_I, y) reached.
    """
    out, g_prev, y_prev = [], g_start, y_start
    x_prev = fam.xyz(y_start)[0]
    for g_target in gamma_I:
        step, g, failures = g_target - g_prev, g_prev, 0
        while g != g_target:
            g_try = g_target if abs(g_target - g) <= abs(step) else g + step
            y_try, ok = solve_fixed_point(fam, y_prev, g_try)
            x_try = fam.xyz(y_try)[0]
            # A jump (to the polarized state or the mirror branch) shows as a large relative change of X.
            if ok and x_try > 1e-8 and abs(x_try - x_prev) < 0.2 * x_prev:
                g, y_prev, x_prev, failures = g_try, y_try, x_try, 0
                step *= 1.5
            else:
                failures += 1
                if failures > max_halvings or abs(step) < 1e-12 * max(1.0, abs(g)):
                    return out
                step /= 2
        out.append((g, y_prev))
        g_prev = g
    return out


def broken_branch(d: int, dissipator: str, gamma_I: np.ndarray, gamma_C: float = 0.0, V: float = 1.0) -> pd.DataFrame:
    """The broken-symmetry fixed point (X > 0 member) at each γ_I of the grid where the branch exists.

    Followed from the seed of :func:`broken_seed` upward and downward (natural continuation): for the uniform
    dissipator and d ≥ 4 it continues as the stable branch past γ_I + γ_C = 2|V| up to the fold. Columns:
    branch, gamma_I, X, Y, Z, max_re_eig, stable, residual.
    """
    fam = Family(d, dissipator, gamma_C, V)
    g0, y0 = broken_seed(fam)
    grid = np.unique(np.asarray(gamma_I, dtype=float))
    up = follow_branch(fam, grid[grid >= g0], y0, g0)
    down = follow_branch(fam, grid[grid < g0][::-1], y0, g0)
    rows = [_record(fam, y, g, "broken") for g, y in down[::-1] + up]
    return pd.DataFrame(rows, columns=["branch", "gamma_I", "X", "Y", "Z", "max_re_eig", "stable", "residual"])


def polarized_branch(d: int, dissipator: str, gamma_I: np.ndarray, gamma_C: float = 0.0, V: float = 1.0) -> pd.DataFrame:
    """The spin-z polarized fixed point (Eq. 12) at each γ_I, with its stability from the Jacobian."""
    fam = Family(d, dissipator, gamma_C, V)
    y = polarized_state(fam)
    return pd.DataFrame([_record(fam, y, float(g), "polarized") for g in np.asarray(gamma_I, dtype=float)])


def steady_state_branches(d: int, dissipator: str, gamma_I: np.ndarray, gamma_C: float = 0.0,
                          V: float = 1.0) -> pd.DataFrame:
    """Both fixed-point branches of Eq. 9 versus γ_I (Fig. 4): polarized and broken-symmetry, with stability.

    One row per (branch, γ_I); ``stable`` marks the steady states. |Y| = |X| on the broken branch (Π_2).
    """
    return pd.concat([polarized_branch(d, dissipator, gamma_I, gamma_C, V),
                      broken_branch(d, dissipator, gamma_I, gamma_C, V)], ignore_index=True)


# ---------------------------------------------------------------------------------------------- pseudo-arclength
def _tangent(fam: Family, y: np.ndarray, g: float, previous: Optional[np.ndarray]) -> np.ndarray:
    """Unit null vector of [∂F/∂y | ∂F/∂γ_I], oriented along ``previous`` (or towards increasing γ_I)."""
    a = np.column_stack([fam.jacobian(y, g), fam.d_drift_d_gamma(y)])
    ref = previous if previous is not None else np.eye(a.shape[1])[-1]
    # the null vector normalised by ref·t = 1: one bordered linear solve (cheaper than an SVD)
    rhs = np.zeros(a.shape[1])
    rhs[-1] = 1.0
    t = np.linalg.solve(np.vstack([a, ref]), rhs)
    return t / np.linalg.norm(t)


def _correct(fam: Family, u_pred: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, bool]:
    """Newton corrector on the hyperplane t·(u - u_pred) = 0 through the predicted point."""
    n = len(u_pred) - 1

    def g(u):
        return np.append(fam.drift(u[:n], u[n]), t @ (u - u_pred))

    def jac(u):
        return np.vstack([np.column_stack([fam.jacobian(u[:n], u[n]), fam.d_drift_d_gamma(u[:n])]), t])

    u = u_pred.copy()
    for _ in range(30):  # Newton, as in solve_fixed_point
        r = g(u)
        if np.max(np.abs(r)) < 1e-14:
            break
        try:
            du = np.linalg.solve(jac(u), r)
        except np.linalg.LinAlgError:
            break
        u -= du
        if not np.all(np.isfinite(u)) or np.max(np.abs(du)) < 1e-15:
            break
    if not (np.all(np.isfinite(u)) and np.max(np.abs(g(u))) < RESIDUAL_TOL):
        u = root(g, u_pred, jac=jac, method="hybr", options={"xtol": 1e-12}).x
    return u, bool(np.max(np.abs(fam.drift(u[:n], u[n]))) < RESIDUAL_TOL)


@dataclass(frozen=True)
class BistabilityEnd:
    """Upper end of the broken-symmetry steady states (Fig. 4 caption): γ_I/|V| where they lose stability.

    ``kind`` is "fold" (first order: X, Z jump there; bistable region [γ_c, gamma_I]), "hopf" (a complex pair
    crosses; not met in the paper's cases) or "continuous" (they merge with the polarized state at
    γ_c = 2|V| - γ_C, second order, no bistability).
    """

    gamma_I: float
    X: float
    Z: float
    kind: str


def bistability_end(d: int, dissipator: str, gamma_C: float = 0.0, V: float = 1.0,
                    ds: float = 0.02, max_steps: int = 4000) -> BistabilityEnd:
    """Follow the stable broken-symmetry branch upward in γ_I (pseudo-arclength) to where it loses stability.

    The crossing of the leading Jacobian eigenvalue through zero is located by root finding in the arclength, so
    a fold (uniform dissipator, d ≥ 4) is resolved to solver precision. Returns γ_I in units of |V|.
    """
    fam = Family(d, dissipator, gamma_C, V)
    g_c = fam.critical_gamma_I
    g, y = broken_seed(fam)
    n = len(y)
    u, t = np.append(y, g), _tangent(fam, y, g, None)
    h, h_min, h_max = ds, 1e-9, 0.05
    for _ in range(max_steps):
        u_new, ok = _correct(fam, u + h * t, t)
        x_new = fam.xyz(u_new[:n])[0]
        if not ok or np.linalg.norm(u_new - u) > 2 * h:
            h /= 2
            if h < h_min:
                break
            continue
        lam = leading_eigenvalue(fam, u_new[:n], u_new[n]).real
        if lam > STABILITY_TOL or x_new < BROKEN_MIN_X:
            if x_new < BROKEN_MIN_X or (u_new[n] <= g_c + 1e-9 and fam.xyz(u[:n])[0] < 10 * BROKEN_MIN_X):
                break  # merged with the polarized state at γ_c: continuous transition

            def lead(s: float) -> float:
                v, _ = _correct(fam, u + s * t, t)
                return leading_eigenvalue(fam, v[:n], v[n]).real

            s_star = brentq(lead, 0.0, h, xtol=1e-13)
            v, _ = _correct(fam, u + s_star * t, t)
            X, _, Z = fam.xyz(v[:n])
            if v[n] <= g_c + 1e-9:
                return BistabilityEnd(g_c / abs(V), 0.0, -1.0, "continuous")
            # a real eigenvalue through zero is the fold of Fig. 4; a complex pair would be a Hopf bifurcation
            kind = "hopf" if abs(leading_eigenvalue(fam, v[:n], v[n]).imag) > 1e-6 else "fold"
            return BistabilityEnd(float(v[n] / abs(V)), float(X), float(Z), kind)
        # Approaching the pitchfork at γ_c the branch needs ever smaller steps: stop once within 1e-7 of it.
        if u_new[n] < g_c and g_c - u_new[n] < 1e-7:
            break
        t = _tangent(fam, u_new[:n], u_new[n], t)
        u = u_new
        h = min(h * 1.5, h_max)
    return BistabilityEnd(g_c / abs(V), 0.0, -1.0, "continuous")


# ---------------------------------------------------------------------------------------------- fits
def effective_exponents(d: int, dissipator: str = "spin", window: tuple[float, float] = (1e-3, 1e-1),
                        n_points: int = 41, V: float = 1.0) -> tuple[float, float]:
    """(β_X, β_Z) from least-squares fits of log X and log(Z + 1) versus log ε, ε = 2 - γ_I/|V| ∈ window, γ_C = 0.

    These are the power-law fits of Sec. III B; the values depend on the window because the local exponent
    d log X / d log ε drifts slowly towards its ε → 0 limit (see :func:`local_exponents`).
    """
    eps = np.logspace(np.log10(window[1]), np.log10(window[0]), n_points)
    br = broken_branch(d, dissipator, abs(V) * (2 - eps), 0.0, V)
    if len(br) != n_points:
        raise RuntimeError(f"broken branch lost inside the fit window (d = {d}, {dissipator})")
    le = np.log(2 - br["gamma_I"].to_numpy() / abs(V))
    beta_x = np.polyfit(le, np.log(br["X"].to_numpy()), 1)[0]
    beta_z = np.polyfit(le, np.log(br["Z"].to_numpy() + 1), 1)[0]
    return float(beta_x), float(beta_z)


def local_exponents(d: int, dissipator: str = "spin", eps: np.ndarray = np.logspace(-1, -6, 26),
                    V: float = 1.0) -> pd.DataFrame:
    """d log X / d log ε and d log(Z+1) / d log ε along the broken branch, ε = 2 - γ_I/|V| (γ_C = 0)."""
    eps = np.sort(np.asarray(eps, dtype=float))[::-1]
    br = broken_branch(d, dissipator, abs(V) * (2 - eps), 0.0, V)
    le = np.log(2 - br["gamma_I"].to_numpy() / abs(V))
    return pd.DataFrame({"eps": np.exp(le),
                         "beta_X": np.gradient(np.log(br["X"].to_numpy()), le),
                         "beta_Z": np.gradient(np.log(br["Z"].to_numpy() + 1), le)})


def small_gamma_prefactors(d: int, dissipator: str, window: tuple[float, float] = (0.01, 0.1),
                           n_points: int = 19, V: float = 1.0) -> tuple[float, float]:
    """(a_X, b_Z) of X ≈ a_X (γ_I/|V|)^{1/2}, Z ≈ b_Z γ_I/|V| (Sec. III B, Fig. 4 inset), γ_C = 0.

    Least-squares fits with the exponents fixed at 1/2 and 1 over γ_I/|V| ∈ window (the inset range by default);
    a window close to zero gives the γ_I → 0 limits.
    """
    x = np.logspace(np.log10(window[0]), np.log10(window[1]), n_points)
    br = broken_branch(d, dissipator, abs(V) * x, 0.0, V)
    if len(br) != n_points:
        raise RuntimeError(f"broken branch lost inside the fit window (d = {d}, {dissipator})")
    g = br["gamma_I"].to_numpy() / abs(V)
    s = np.sqrt(g)
    a = float(s @ br["X"].to_numpy() / (s @ s))
    b = float(g @ br["Z"].to_numpy() / (g @ g))
    return a, b


# ---------------------------------------------------------------------------------------------- Figs. 2 and 3
#: rows of Figs. 2-3: share of γ_I + γ_C taken by (γ_I, γ_C): only individual, γ_C = 2γ_I, only collective
PANEL_ROWS: dict[str, tuple[float, float]] = {"individual": (1.0, 0.0), "both": (1 / 3, 2 / 3), "collective": (0.0, 1.0)}


def panel_rates(row: str, ratio: float, V: float = 1.0) -> tuple[float, float]:
    """(γ_I, γ_C) of a panel of Figs. 2-3 with (γ_I + γ_C)/|V| = ratio."""
    share_i, share_c = PANEL_ROWS[row]
    return share_i * ratio * abs(V), share_c * ratio * abs(V)


def _classify(eigenvalues: np.ndarray, tol: float = 1e-7) -> str:
    """stable (all Re λ < 0), unstable (some Re λ > 0) or center (marginal with rotation)."""
    re = eigenvalues.real
    if np.all(re < -tol):
        return "stable"
    if np.any(re > tol):
        return "unstable"
    return "center" if np.any(np.abs(eigenvalues.imag) > tol) else "marginal"


def _sphere_frame(p: np.ndarray) -> np.ndarray:
    """Two orthonormal tangent vectors of the unit sphere at p, as columns (3×2)."""
    a = np.array([1.0, 0.0, 0.0]) if abs(p[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    e1 = np.cross(p, a)
    e1 /= np.linalg.norm(e1)
    return np.column_stack([e1, np.cross(p, e1)])


def qubit_fixed_points(gamma_I: float, gamma_C: float, V: float = 1.0, n_starts: int = 12) -> pd.DataFrame:
    """Fixed points of Eq. 10 (d = 2) with their type (stable / unstable / center), columns X, Y, Z, type.

    With γ_I > 0 they are searched in the Bloch ball. With γ_I = 0 the spin length r is conserved and every point
    of the Z axis is fixed; as in Fig. 2 only the sphere r = 1 is considered, with stability from the Jacobian
    restricted to its tangent plane.
    """
    fam = Family(2, "spin", gamma_C, V)
    mf = MeanField(qudit_lmg_model(QuditLMGParameters(2, V, gamma_I, gamma_C, "spin")))
    axis = np.linspace(-0.9, 0.9, n_starts)
    rows = []
    if gamma_I > 0:
        starts = [np.array([x, y, z]) for x in axis for y in axis for z in axis if x * x + y * y + z * z <= 1]
        for fp in find_fixed_points(mf, starts):
            rows.append({"X": fp.y[0], "Y": fp.y[1], "Z": fp.y[2], "type": _classify(fp.eigenvalues)})
        return pd.DataFrame(rows, columns=["X", "Y", "Z", "type"])

    def tangential(angles: np.ndarray) -> np.ndarray:
        th, ph = angles
        p = np.array([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)])
        return _sphere_frame(p).T @ fam.drift(p, 0.0)

    points = [np.array([0.0, 0.0, 1.0]), np.array([0.0, 0.0, -1.0])]  # the poles are always fixed
    for th in np.linspace(0.2, np.pi - 0.2, n_starts):
        for ph in np.linspace(0, 2 * np.pi, 2 * n_starts, endpoint=False):
            sol = root(tangential, [th, ph], method="hybr")
            t, f = sol.x
            p = np.array([np.sin(t) * np.cos(f), np.sin(t) * np.sin(f), np.cos(t)])
            if np.max(np.abs(fam.drift(p, 0.0))) < RESIDUAL_TOL and all(np.linalg.norm(p - q) > 1e-6 for q in points):
                points.append(p)
    for p in points:
        e = _sphere_frame(p)
        ev = np.linalg.eigvals(e.T @ mf.jacobian(0.0, p) @ e)
        rows.append({"X": p[0], "Y": p[1], "Z": p[2], "type": _classify(ev)})
    return pd.DataFrame(rows, columns=["X", "Y", "Z", "type"])


def _fibonacci_sphere(n: int, radius: float = 1.0) -> np.ndarray:
    k = np.arange(n) + 0.5
    z = 1 - 2 * k / n
    phi = np.pi * (1 + 5**0.5) * k
    r = np.sqrt(1 - z**2)
    return radius * np.column_stack([r * np.cos(phi), r * np.sin(phi), z])


def qubit_streamlines(gamma_I: float, gamma_C: float, V: float = 1.0, n_seeds: int = 60,
                      length: float = 0.35, n_samples: int = 25) -> pd.DataFrame:
    """Streamlines of Eq. 10 (d = 2): curves tangent to the drift, of arclength ``length``, from seeds on the unit
    sphere (and, with γ_I > 0, on the sphere r = 0.6 inside). Columns line, k, X, Y, Z, speed (|dy/dt| there)."""
    fam = Family(2, "spin", gamma_C, V)
    seeds = _fibonacci_sphere(n_seeds) if gamma_I == 0 else np.vstack(
        [_fibonacci_sphere(2 * n_seeds // 3), _fibonacci_sphere(n_seeds - 2 * n_seeds // 3, 0.6)])

    def unit_field(s, y):
        f = fam.drift(y, gamma_I)
        return f / np.sqrt(f @ f + 1e-8)  # arclength parametrisation, regularised at fixed points

    s_eval = np.linspace(0.0, length, n_samples)
    frames = []
    for i, y0 in enumerate(seeds):
        sol = solve_ivp(unit_field, (0.0, length), y0, t_eval=s_eval, rtol=1e-8, atol=1e-10)
        speed = np.linalg.norm(np.array([fam.drift(y, gamma_I) for y in sol.y.T]), axis=1)
        frames.append(pd.DataFrame({"line": i, "k": np.arange(sol.y.shape[1]), "X": sol.y[0], "Y": sol.y[1],
                                    "Z": sol.y[2], "speed": speed}))
    return pd.concat(frames, ignore_index=True)


def random_coherent_starts(d: int, n: int, seed: int) -> list[np.ndarray]:
    """n spin coherent states (maximal spin length) along directions uniform on the sphere (Fig. 3)."""
    rng = np.random.default_rng(seed)
    return [random_spin_coherent_state(d, rng) for _ in range(n)]


def trajectories(d: int, dissipator: str, gamma_I: float, gamma_C: float, starts: list[np.ndarray],
                 t_max: float, n_samples: int, V: float = 1.0) -> tuple[pd.DataFrame, np.ndarray]:
    """X(t), Y(t), Z(t) of Eq. 9 from each initial single-site state (Fig. 3).

    Returns the table (columns traj, t, X, Y, Z) and the final states y(t_max), shape (len(starts), d²-1).
    """
    fam = Family(d, dissipator, gamma_C, V)
    t_eval = np.linspace(0.0, t_max, n_samples)
    frames, ends = [], []
    for i, rho in enumerate(starts):
        sol = solve_ivp(lambda t, y: fam.drift(y, gamma_I), (0.0, t_max), fam.meanfield.pack(rho), t_eval=t_eval,
                        method="LSODA", jac=lambda t, y: fam.jacobian(y, gamma_I), rtol=1e-9, atol=1e-11)
        x = fam.xyz(sol.y.T)
        frames.append(pd.DataFrame({"traj": i, "t": sol.t, "X": x[:, 0], "Y": x[:, 1], "Z": x[:, 2]}))
        ends.append(sol.y[:, -1])
    return pd.concat(frames, ignore_index=True), np.array(ends)


def reached_steady_states(d: int, dissipator: str, gamma_I: float, gamma_C: float, ends: np.ndarray,
                          V: float = 1.0, settled: float = 1e-6, distinct: float = 1e-4) -> pd.DataFrame:
    """The distinct steady states that trajectories reached (red dots of Fig. 3). Columns X, Y, Z, type.

    An end point has settled when |F| < ``settled``; it is polished into a fixed point. With γ_I > 0 it must be
    stable ("stable"); with γ_I = 0 the fixed points form continua (App. B: any state with ⟨S_{m+1,m}⟩ = 0), so
    Jacobians are marginal and a settled end point is recorded as "steady". Oscillating trajectories add nothing.
    """
    fam = Family(d, dissipator, gamma_C, V)
    mf = MeanField(qudit_lmg_model(QuditLMGParameters(d, V, gamma_I, gamma_C, dissipator)))
    found: list[tuple[np.ndarray, str]] = []
    for end in ends:
        if np.max(np.abs(fam.drift(end, gamma_I))) > settled:
            continue
        fp = refine_fixed_point(mf, end)
        y = fp.y if fp is not None and np.linalg.norm(fp.y - end) < 1e-4 else end
        if gamma_I > 0:
            if fp is None or not fp.is_stable():
                continue
            kind = "stable"
        else:
            kind = "steady"
        if all(np.linalg.norm(y - other) > distinct for other, _ in found):
            found.append((y, kind))
    rows = [dict(zip("XYZ", fam.xyz(y)), type=k) for y, k in found]
    return pd.DataFrame(rows, columns=["X", "Y", "Z", "type"])


# ---------------------------------------------------------------------------------------------- the paper's numbers
#: Values paper 004 quotes (Sec. III B and Fig. 4 caption); keys (quantity, d, dissipator).
PAPER_VALUES: dict[tuple[str, int, str], float] = {
    **{("bistability_end", d, "uniform"): v for d, v in {4: 2.05, 5: 2.16, 6: 2.30, 7: 2.46}.items()},
    **{("beta_X", d, "spin"): v for d, v in zip(range(2, 8), (0.5, 0.26, 0.18, 0.14, 0.11, 0.10))},
    **{("beta_Z", d, "spin"): v for d, v in zip(range(2, 8), (1.0, 0.55, 0.40, 0.33, 0.28, 0.25))},
    ("a_X", 2, "spin"): 2**-0.5, ("a_X", 7, "spin"): 0.472, ("a_X", 7, "uniform"): 0.378,
    ("b_Z", 2, "spin"): -0.5, ("b_Z", 7, "spin"): -0.087, ("b_Z", 7, "uniform"): -0.073,
}


def summary_row(d: int, dissipator: str, fit_window: tuple[float, float] = (1e-3, 1e-1),
                inset_window: tuple[float, float] = (0.01, 0.1), limit_window: tuple[float, float] = (1e-5, 1e-4),
                V: float = 1.0) -> dict:
    """The numbers of Sec. III B for one (d, dissipator) at γ_C = 0, in units of |V|.

    bistability_end/end_X/end_Z/end_kind (:func:`bistability_end`); beta_X, beta_Z (:func:`effective_exponents`
    over ``fit_window``, only for a continuous transition) and their ε → 0 values beta_*_asymptotic (local
    exponents at the smallest ε of :func:`local_exponents`); a_X, b_Z fitted over ``inset_window`` and their
    γ_I → 0 limits a_X_limit, b_Z_limit (fits over ``limit_window``).
    """
    end = bistability_end(d, dissipator, 0.0, V)
    row = {"d": d, "dissipator": dissipator, "bistability_end": end.gamma_I, "end_X": end.X, "end_Z": end.Z,
           "end_kind": end.kind}
    if end.kind == "continuous":
        row["beta_X"], row["beta_Z"] = effective_exponents(d, dissipator, fit_window, V=V)
        loc = local_exponents(d, dissipator, np.logspace(-5, -6, 5), V=V)
        row["beta_X_asymptotic"], row["beta_Z_asymptotic"] = float(loc["beta_X"].iloc[-2]), float(loc["beta_Z"].iloc[-2])
    else:
        row.update(beta_X=np.nan, beta_Z=np.nan, beta_X_asymptotic=np.nan, beta_Z_asymptotic=np.nan)
    row["a_X"], row["b_Z"] = small_gamma_prefactors(d, dissipator, inset_window, V=V)
    row["a_X_limit"], row["b_Z_limit"] = small_gamma_prefactors(d, dissipator, limit_window, n_points=5, V=V)
    return row
