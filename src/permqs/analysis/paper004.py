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
from functools import cached_property, lru_cache
from typing import Callable, Optional

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp

from ..errors import ContinuationError, ConvergenceError
from ..meanfield import MeanField, find_fixed_points, random_spin_coherent_state, refine_fixed_point, spin_coherent_state
from ..meanfield import continuation as C
from ..meanfield.integrate import checked
from ..models.qudit_lmg import QuditLMGParameters, qudit_lmg_model, scaled_spin

RESIDUAL_TOL = C.RESIDUAL_TOL   # max |F| accepted for a fixed point
STABILITY_TOL = 1e-9   # max Re λ below -tol counts as stable; |Re λ| ≤ tol as marginal
BROKEN_MIN_X = 1e-3    # |X| below this: the broken branch has merged with the polarized state
#: the broken branch of the spin ladder reaches the pitchfork at γ_c with ever smaller steps (X ~ ε^β, β down to
#: 1/12 at d = 7): it is followed to within this distance of γ_c, below the smallest ε = 1e-6 the fits use
PITCHFORK_WINDOW = 1e-7


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

    @cached_property
    def continuation(self) -> C.Family:
        """Eq. 9 as a continuation family in γ_I: affine, F_0 + γ_I (F_1 - F_0), with exact ∂F/∂γ_I."""
        return C.affine_family(*self._mf, 0.0, 1.0)

    @property
    def meanfield(self) -> MeanField:
        """The engine at γ_I = 0 (for packing and unpacking states)."""
        return self._mf[0]

    def drift(self, y: np.ndarray, gamma_I: float) -> np.ndarray:
        """F(y; γ_I), the right-hand side of Eq. 9 in Bloch coordinates."""
        return self.continuation.drift(y, gamma_I)

    def jacobian(self, y: np.ndarray, gamma_I: float) -> np.ndarray:
        """∂F/∂y (exact, from the engine)."""
        return self.continuation.jacobian(y, gamma_I)

    def d_drift_d_gamma(self, y: np.ndarray) -> np.ndarray:
        """∂F/∂γ_I = F_1(y) - F_0(y) (exact: the drift is affine in γ_I)."""
        return self.continuation.d_drift_dp(y, 0.0)

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


def broken_seed(fam: Family, gamma_I: Optional[float] = None, t_max: float = 400.0) -> tuple[float, np.ndarray]:
    """A broken-symmetry fixed point with X > 0 deep in the interaction-dominated regime: (γ_I, y).

    Integrates Eq. 9 from the coherent state along (1, sgn V, 0) at γ_I = γ_c/2 (γ_c = 2|V| - γ_C), where the
    broken pair is the only attractor, and polishes the end point.
    """
    g = 0.5 * fam.critical_gamma_I if gamma_I is None else gamma_I
    if g <= 0:
        raise ValueError(f"no broken-symmetry seed: γ_C = {fam.gamma_C} ≥ 2|V| = {2 * abs(fam.V)}")
    y0 = fam.meanfield.pack(spin_coherent_state(fam.d, [1.0, np.sign(fam.V) or 1.0, 0.0]))
    sol = checked(solve_ivp(lambda t, y: fam.drift(y, g), (0.0, t_max / abs(fam.V)), y0, method="LSODA",
                            jac=lambda t, y: fam.jacobian(y, g), rtol=1e-10, atol=1e-12),
                  f"Eq. 9 towards the broken-symmetry seed at γ_I = {g} (d = {fam.d}, {fam.dissipator})")
    c = C.solve_at(fam.continuation, sol.y[:, -1], g)
    if not c.success or fam.xyz(c.y)[0] < BROKEN_MIN_X:
        why = c.message if not c.success else f"it converged to X = {fam.xyz(c.y)[0]:.3g} < {BROKEN_MIN_X}"
        raise ConvergenceError(f"no broken-symmetry fixed point reached at γ_I = {g} (d = {fam.d}, "
                               f"{fam.dissipator}): {why}", c)
    return g, c.y


@lru_cache(maxsize=32)
def _seed(fam: Family) -> tuple[float, np.ndarray]:
    """:func:`broken_seed` at its default γ_I, once per family (tables and the bistability end share it)."""
    return broken_seed(fam)


def _record(fam: Family, y: np.ndarray, g: float, branch: str) -> dict:
    lam = leading_eigenvalue(fam, y, g)
    X, Y, Z = fam.xyz(y)
    return {"branch": branch, "gamma_I": g, "X": X, "Y": Y, "Z": Z, "max_re_eig": lam.real,
            "stable": bool(lam.real < -STABILITY_TOL), "residual": float(np.max(np.abs(fam.drift(y, g))))}


def _on_broken_branch(fam: Family) -> Callable[[np.ndarray, float], bool]:
    """The region where the broken branch is followed: X ≥ BROKEN_MIN_X (else it has merged with the polarized
    state) and not within PITCHFORK_WINDOW below the pitchfork at γ_c (where it ends, second order)."""
    g_c = fam.critical_gamma_I
    return lambda y, g: bool(fam.xyz(y)[0] >= BROKEN_MIN_X and not g_c - PITCHFORK_WINDOW < g < g_c)


def _same_branch(fam: Family) -> Callable[[np.ndarray, np.ndarray], bool]:
    """A natural-continuation step stays on the broken branch: X > 0, and no large relative jump of X (to the
    polarized state or the mirror branch)."""
    def accept(y_prev: np.ndarray, y_new: np.ndarray) -> bool:
        x_prev, x_new = fam.xyz(y_prev)[0], fam.xyz(y_new)[0]
        return bool(x_new > 1e-8 and abs(x_new - x_prev) < 0.2 * x_prev)
    return accept


def _follow_broken(fam: Family, g0: float, y0: np.ndarray, g_stop: float, stop_on: tuple[str, ...],
                   **options) -> C.Branch:
    """The broken branch from the seed (g0, y0) towards g_stop by pseudo-arclength continuation (one engine:
    :func:`permqs.meanfield.continuation.continue_branch`), ending at the first bifurcation in ``stop_on``, at g_stop
    or where it merges with the polarized state. Failures raise ContinuationError."""
    return C.continue_branch(fam.continuation, g0, g_stop, y0, inside=_on_broken_branch(fam), stop_on=stop_on,
                             **options)


@lru_cache(maxsize=32)
def _broken_continuation(fam: Family, upward: bool) -> tuple[float, np.ndarray, C.Branch, float]:
    """(g0, y0, branch, end): the broken branch from the seed of :func:`broken_seed` upward (to its first fold, or
    the pitchfork at γ_c) or downward (to γ_I → 0), and the γ_I up to which it exists (exclusive at γ_c and 0).

    Beyond a fold the branch runs back in γ_I: a table over γ_I ends there. Where X → 0 (left region), it merges
    with the polarized state at the pitchfork γ_c (upward) or vanishes like X ~ √γ_I at γ_I = 0 (downward); it
    exists up to there, also where arclength steps jumped over the vertex of X ~ (γ_c - γ_I)^β or X ~ γ_I^½.
    """
    g0, y0 = _seed(fam)
    g_stop = 10 * abs(fam.V) if upward else 1e-9 * abs(fam.V)
    branch = _follow_broken(fam, g0, y0, g_stop, stop_on=(C.FOLD,))
    end = branch.params[-1]
    if branch.status == "left_region":
        end = np.nextafter(fam.critical_gamma_I, -np.inf) if upward else np.nextafter(0.0, np.inf)
    return g0, y0, branch, end


def broken_branch(d: int, dissipator: str, gamma_I: np.ndarray, gamma_C: float = 0.0, V: float = 1.0) -> pd.DataFrame:
    """The broken-symmetry fixed point (X > 0 member) at each γ_I of the grid where the branch exists.

    The branch is continued from the seed of :func:`broken_seed` upward and downward (:func:`_broken_continuation`);
    it ends at a fold (the uniform dissipator, d ≥ 4: stable past γ_I + γ_C = 2|V| up to the fold) or where it
    merges with the polarized state at γ_c. Grid points beyond an end are left out (the branch does not exist
    there); each point inside is a Newton solve at that γ_I (:func:`~permqs.meanfield.continuation.states_on_branch`),
    and a failed one raises. Columns: branch, gamma_I, X, Y, Z, max_re_eig, stable, residual.
    """
    fam = Family(d, dissipator, gamma_C, V)
    grid = np.unique(np.asarray(gamma_I, dtype=float))
    rows = []
    for upward in (False, True):
        g0, y0, branch, end = _broken_continuation(fam, upward)
        part = grid[grid >= g0] if upward else grid[grid < g0]
        exists = part[part <= end] if upward else part[part >= end]
        states = C.states_on_branch(fam.continuation, branch, exists, end, accept=_same_branch(fam))
        rows += [_record(fam, y, g, "broken") for g, y in zip(exists, states)]
    rows.sort(key=lambda r: r["gamma_I"])
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


# ---------------------------------------------------------------------------------------------- bistability
@dataclass(frozen=True)
class BistabilityEnd:
    """Upper end of the broken-symmetry steady states (Fig. 4 caption): γ_I/|V| where they lose stability.

    ``kind`` is "fold" (first order: X, Z jump there; bistable region [γ_c, gamma_I]), "hopf" (a complex pair
    crosses) or "branch_point" (a real eigenvalue crosses without a fold; neither is met in the paper's cases),
    or "continuous" (they merge with the polarized state at γ_c = 2|V| - γ_C, second order, no bistability).
    """

    gamma_I: float
    X: float
    Z: float
    kind: str


def bistability_end(d: int, dissipator: str, gamma_C: float = 0.0, V: float = 1.0,
                    ds: float = 0.02, max_steps: int = 4000, gamma_max: float = 10.0) -> BistabilityEnd:
    """Follow the stable broken-symmetry branch upward in γ_I (pseudo-arclength) to where it loses stability.

    The branch starts stable (an attractor of Eq. 9), so the first bifurcation the continuation engine locates on
    it is the loss of stability; a fold (uniform dissipator, d ≥ 4) is resolved to solver precision. A branch
    that merges with the polarized state at γ_c = 2|V| - γ_C (or loses stability there) gives "continuous".
    Returns γ_I in units of |V|. Raises ContinuationError when the branch cannot be followed, or is still stable
    at γ_I = ``gamma_max``·|V|: neither is a verdict.
    """
    fam = Family(d, dissipator, gamma_C, V)
    g_c = fam.critical_gamma_I
    g, y = _seed(fam)
    branch = _follow_broken(fam, g, y, gamma_max * abs(V), stop_on=C.BIFURCATIONS, step=ds, max_step=0.05,
                            min_step=1e-9, max_points=max_steps)
    if branch.status == "left_region":
        return BistabilityEnd(g_c / abs(V), 0.0, -1.0, "continuous")  # merged with the polarized state at γ_c
    if branch.status != "bifurcation":
        raise ContinuationError(f"the broken-symmetry branch (d = {d}, {dissipator}, γ_C = {gamma_C}) is still "
                                f"stable at γ_I = {branch.params[-1]:.6g}: no end of bistability found", branch)
    end = branch.bifurcations[-1]
    if end.param <= g_c + 1e-9:
        return BistabilityEnd(g_c / abs(V), 0.0, -1.0, "continuous")
    X, _, Z = fam.xyz(end.y)
    return BistabilityEnd(end.param / abs(V), float(X), float(Z), end.kind)


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

    # r = 1 is conserved: Newton on the sphere (the continuation engine's unfolding of the constraint), stability
    # from the Jacobian restricted to the tangent plane
    sphere = C.conserved_family(fam.continuation, lambda y: (np.array([y @ y - 1.0]), 2 * y[None, :]))
    points = [np.array([0.0, 0.0, 1.0]), np.array([0.0, 0.0, -1.0])]  # the poles are always fixed
    for th in np.linspace(0.2, np.pi - 0.2, n_starts):
        for ph in np.linspace(0, 2 * np.pi, 2 * n_starts, endpoint=False):
            start = np.array([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th), 0.0])
            c = C.solve_at(sphere, start, 0.0)
            p = c.y[:3]
            if c.success and all(np.linalg.norm(p - q) > 1e-6 for q in points):
                points.append(p)
    for p in points:
        ev = sphere.spectrum(np.append(p, 0.0), 0.0)
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
        sol = checked(solve_ivp(unit_field, (0.0, length), y0, t_eval=s_eval, rtol=1e-8, atol=1e-10),
                      f"streamline {i} of Eq. 10 at γ_I = {gamma_I}, γ_C = {gamma_C}")
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
        sol = checked(solve_ivp(lambda t, y: fam.drift(y, gamma_I), (0.0, t_max), fam.meanfield.pack(rho),
                                t_eval=t_eval, method="LSODA", jac=lambda t, y: fam.jacobian(y, gamma_I), rtol=1e-9,
                                atol=1e-11),
                      f"trajectory {i} of Eq. 9 (d = {d}, {dissipator}, γ_I = {gamma_I}, γ_C = {gamma_C})")
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
            if fp is None:
                # fixed points are isolated here: a settled end point without a root nearby is a solver failure
                raise ConvergenceError(f"Eq. 9 (d = {d}, {dissipator}, γ_I = {gamma_I}, γ_C = {gamma_C}): a trajectory "
                                       f"settled (|F| ≤ {settled:g}) but Newton found no fixed point near its end")
            if not fp.is_stable():
                continue
            kind = "stable"
        else:
            kind = "steady"
        if all(np.linalg.norm(y - other) > distinct for other, _ in found):
            found.append((y, kind))
    rows = [dict(zip("XYZ", fam.xyz(y)), type=k) for y, k in found]
    return pd.DataFrame(rows, columns=["X", "Y", "Z", "type"])


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
