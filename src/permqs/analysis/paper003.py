"""Pattern retrieval in the open multimode Dicke model (paper 003): Eq. 12, g_crit, and the stationary states of
the mean-field equations (Eq. 7 / S27) computed from the generic drift.

Stationary states reached from ξ_ν = 1 are found by a short integration followed by root finding, not by long
integration: above g0 ≈ 1.5 the relaxation rates fall like a high power of 1/g0. The initial condition
m_k = (0, 0, f_νk), α = 0 lies on the invariant manifold M_ν = {m_k = (x, f_νk y, f_νk z), α_μ = δ_μν α}: the
gauge (y_k, z_k) -> f_νk (y_k, z_k) (a π rotation about x) maps every subset onto one spin and only mode ν is driven (Eq. S26). The root is solved on M_ν
(5 unknowns plus |m| = 1), but its residual is the full drift of all 2^(M-1) subsets and M modes, and its
stability is judged from the full Jacobian.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, least_squares

from ..errors import ConvergenceError
from ..meanfield import MeanField
from ..meanfield.integrate import Tolerances, checked
from ..models.pattern_retrieval import PatternRetrievalParameters, overlaps, pattern_matrix, pattern_retrieval_model

RELAX = Tolerances(rtol=1e-8, atol=1e-10)
#: max |g| of the full drift at a stationary state (the roots are exact to round-off, ~1e-15; Fig. 3(a) compares
#: overlaps with Eq. 12 to 1e-8)
ROOT_TOL = 1e-10


def _detuning(p: PatternRetrievalParameters, nu: int) -> tuple[float, float]:
    """(Ω_ν, Ω_ν² + (κ_ν/2)²) for the 0-based pattern index ν."""
    w, k = p.Omega_mu[nu], p.kappa_mu[nu]
    return w, w**2 + (k / 2) ** 2


def critical_g0(p: PatternRetrievalParameters, nu: int) -> float:
    """g_crit = √(½ (Ω/Ω_ν)(Ω_ν² + κ_ν²/4)) (main text after Eq. 12)."""
    w, D = _detuning(p, nu)
    return float(np.sqrt(0.5 * (p.Omega / w) * D))


def eq12_overlap(p: PatternRetrievalParameters, nu: int) -> float:
    """|z| = √(1 - (Ω/Ω_ν)² (Ω_ν² + κ_ν²/4)² / (4 g0⁴)) for g0 ≥ g_crit, else 0 (Eq. 12)."""
    w, D = _detuning(p, nu)
    arg = 1 - (p.Omega / w) ** 2 * D**2 / (4 * p.g0**4)
    return float(np.sqrt(arg)) if arg > 0 else 0.0


def s28_literal_overlap(p: PatternRetrievalParameters, nu: int) -> float:
    """The overlap Eq. S28 as printed (x_k = ±√(s² - |z|)) would give: |z| = 1 - x² (not supported; docs)."""
    w, D = _detuning(p, nu)
    return float(max(0.0, 1 - (p.Omega / w) ** 2 * D**2 / (4 * p.g0**4)))


def eq12_occupation(p: PatternRetrievalParameters, nu: int) -> float:
    """|α_ν|² = lim ⟨a_ν†a_ν⟩/N = 2^(M-1) g0² |z|² / (Ω_ν² + κ_ν²/4), from α_ν of the supplement."""
    _, D = _detuning(p, nu)
    return float(2 ** (p.M - 1) * p.g0**2 * eq12_overlap(p, nu) ** 2 / D)


# ---------------------------------------------------------------------------------------------- manifold M_ν
def embed(u: np.ndarray, p: PatternRetrievalParameters, nu: int) -> np.ndarray:
    """Full mean-field state y from u = (x, y, z, Re α, Im α) on M_ν."""
    f = pattern_matrix(p.M)[nu]
    m = np.column_stack([np.full_like(f, u[0]), f * u[1], f * u[2]])
    alphas = np.zeros(p.M, dtype=complex)
    alphas[nu] = u[3] + 1j * u[4]
    return _pack(m, alphas)


def _pack(m: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    return np.concatenate([m.ravel(), np.column_stack([alphas.real, alphas.imag]).ravel()])


def project(y: np.ndarray, p: PatternRetrievalParameters, nu: int) -> np.ndarray:
    """u on M_ν closest to y (averages over the subsets after the gauge)."""
    f = pattern_matrix(p.M)[nu]
    K = len(f)
    m = y[: 3 * K].reshape(K, 3)
    a = y[3 * K + 2 * nu : 3 * K + 2 * nu + 2]
    return np.array([m[:, 0].mean(), (f * m[:, 1]).mean(), (f * m[:, 2]).mean(), a[0], a[1]])


def pattern_start(p: PatternRetrievalParameters, nu: int) -> np.ndarray:
    """ξ_ν = 1 (every spin aligned with pattern ν), empty modes: the initial condition of Fig. 3."""
    return embed(np.array([0.0, 0.0, 1.0, 0.0, 0.0]), p, nu)


@dataclass(frozen=True)
class StationaryPoint:
    """A stationary state reached from ξ_ν = 1.

    overlaps ξ_μ and occupations |α_μ|² (μ = 1..M); residual = |g(y)| of the full drift; max_re = the largest
    real part of the full Jacobian's eigenvalues (≤ 0: no unstable direction; conserved spin lengths and modes
    that no boson damps give Re λ = 0); max_re_manifold: the same on M_ν without the radial (spin-length)
    direction (< 0: attracting on M_ν).
    """

    g0: float
    nu: int
    y: np.ndarray
    overlaps: np.ndarray
    occupations: np.ndarray
    residual: float
    max_re: float
    max_re_manifold: float

    def is_stable(self, tol: float = 1e-8) -> bool:
        return self.max_re <= tol and self.max_re_manifold < 0


def _manifold_jacobian(mf: MeanField, u: np.ndarray, p: PatternRetrievalParameters, nu: int) -> np.ndarray:
    """J restricted to M_ν in the tangent coordinates (two angles on the sphere, Re α, Im α)."""
    E = np.column_stack([embed(e, p, nu) - embed(np.zeros(5), p, nu) for e in np.eye(5)])  # linear embedding
    J = np.linalg.lstsq(E, mf.jacobian(0.0, embed(u, p, nu)) @ E, rcond=None)[0]  # M_ν is invariant: J E = E J_red
    n = u[:3] / np.linalg.norm(u[:3])
    t1 = np.cross(n, [0.0, 1.0, 0.0] if abs(n[1]) < 0.9 else [1.0, 0.0, 0.0])
    t1 /= np.linalg.norm(t1)
    T = np.zeros((5, 4))
    T[:3, 0], T[:3, 1], T[3:, 2:] = t1, np.cross(n, t1), np.eye(2)
    return T.T @ J @ T


def manifold_drift(mf: MeanField, p: PatternRetrievalParameters, nu: int):
    """du/dt on M_ν: the full drift at embed(u), read back in the coordinates u (exact: M_ν is invariant).

    Integrating u rather than y keeps the trajectory on M_ν: in the full space, round-off off M_ν grows wherever
    the trajectory passes near a state that is unstable towards another pattern (the normal state when g0 is
    above the g_crit of a different pattern), and the trajectory from ξ_ν = 1 would then end on that pattern.
    """
    E = np.column_stack([embed(e, p, nu) for e in np.eye(5)])  # embed is linear
    P = np.linalg.pinv(E)
    return lambda t, u: P @ mf(t, E @ u)


def stationary_point(p: PatternRetrievalParameters, nu: int, relax_time: float = 100.0,
                     max_time: float = 3200.0) -> StationaryPoint:
    """Integrate from ξ_ν = 1 on M_ν for ``relax_time`` (units of 1/κ), then solve g(y) = 0 on M_ν from there;
    while the root found repels on M_ν (near g_crit, where relaxation is slow), integrate twice as long."""
    mf = MeanField(pattern_retrieval_model(p))
    rhs = manifold_drift(mf, p, nu)

    def residual(u: np.ndarray) -> np.ndarray:
        return np.append(mf(0.0, embed(u, p, nu)), u[:3] @ u[:3] - 1.0)

    u, t, span = project(pattern_start(p, nu), p, nu), 0.0, relax_time
    while True:
        sol = checked(solve_ivp(rhs, (t, t + span), u, method="DOP853", rtol=RELAX.rtol, atol=RELAX.atol),
                      f"relaxation on M_ν (ν = {nu}, g0 = {p.g0}) over [{t:g}, {t + span:g}]")
        u, t = sol.y[:, -1], t + span
        root = least_squares(residual, u, xtol=1e-15, ftol=1e-15, gtol=1e-15, method="lm").x
        evm = np.linalg.eigvals(_manifold_jacobian(mf, root, p, nu))
        if evm.real.max() < 0 or t >= max_time:
            break
        span *= 2
    y = embed(root, p, nu)
    residual = float(np.linalg.norm(mf(0.0, y)))
    if not residual <= ROOT_TOL:
        raise ConvergenceError(f"no stationary state on M_ν (ν = {nu}, g0 = {p.g0}): |g| = {residual:.3g} > "
                               f"{ROOT_TOL:g} after relaxing to t = {t:g}")
    ev = np.linalg.eigvals(mf.jacobian(0.0, y))
    xi = overlaps(mf.bloch(y)[:, 2], p.M)
    return StationaryPoint(p.g0, nu, y, xi, np.abs(mf.alphas(y)) ** 2, residual, float(ev.real.max()),
                           float(evm.real.max()))


def normal_state_growth_rate(p: PatternRetrievalParameters, nu: int) -> float:
    """Largest Re λ of the drift linearized at the normal state (m_k = (-1, 0, 0), α = 0) on M_ν."""
    mf = MeanField(pattern_retrieval_model(p))
    return float(np.linalg.eigvals(_manifold_jacobian(mf, np.array([-1.0, 0, 0, 0, 0]), p, nu)).real.max())


def numerical_critical_g0(p: PatternRetrievalParameters, nu: int, bracket: tuple[float, float] = (0.05, 5.0)) -> float:
    """g0 at which the normal state loses stability towards pattern ν (root of :func:`normal_state_growth_rate`)."""
    def rate(g0: float) -> float:
        return normal_state_growth_rate(PatternRetrievalParameters(g0, p.Omega, p.Omega_mu, p.kappa_mu), nu)
    return float(brentq(rate, *bracket, xtol=1e-13))
