"""Closed forms of paper 002's collective models at finite N, used as oracles and for large-N curves.

* Boundary time crystal (Eq. 12, H = ω_x S^x, (κ/S) D[S_-]): the exact NESS of cooperative resonance
  fluorescence (Puri & Lawande, Phys. Lett. A 72, 200 (1979); Carmichael, J. Phys. B 13, 3551 (1980)),
  ρ ∝ A A†, A = Σ_k (S_-/g)^k, g = -i ω_x S/κ (spec paper002-finite-n §1.2, in the permqs sign convention).
* Hermitian-jump model (main text "Hermitian Lindblad operators", Fig. S2: H = ω_x S^x, (κ/S) D[S^z]): ⟨S^y⟩,
  ⟨S^z⟩ obey a closed linear system, so λ_± = -κ/(2N) ± i√(ω_x² - κ²/4N²) and m^z(t) are exact (spec §1.3).
* Asymptotic decay rate (Eq. S11): O(t) - O(∞) ~ e^{λ_ADR t}, fitted on a late window.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import ConvergenceError


def btc_exact_ness(N: int, omega_x: float, kappa: float = 1.0) -> np.ndarray:
    """ρ_NESS (N+1 × N+1, basis m = N/2 .. -N/2) of the BTC. Log-scaled: entries of A grow like (κ/ω_x)^k."""
    S = N / 2
    m = S - np.arange(N + 1)
    # (S_-)_{k+1, k} = √((S + m_k)(S - m_k + 1)) for m_k = S - k
    low = np.sqrt((S + m[:-1]) * (S - m[:-1] + 1))
    c = np.concatenate([[0.0], np.cumsum(np.log(low))])
    g = -1j * omega_x * S / kappa
    i, j = np.meshgrid(np.arange(N + 1), np.arange(N + 1), indexing="ij")
    k = i - j
    with np.errstate(invalid="ignore"):
        logabs = np.where(k >= 0, c[i] - c[j] - k * np.log(abs(g)), -np.inf)
    logabs -= logabs[np.isfinite(logabs)].max()
    A = np.where(k >= 0, np.exp(logabs) * np.exp(-1j * k * np.angle(g)), 0)
    rho = A @ A.conj().T
    return rho / np.trace(rho).real


def btc_exact_magnetization(N: int, omega_x: float, kappa: float = 1.0) -> tuple[np.ndarray, float]:
    """(⟨m̂⟩, C = Σ_α K(m̂^α, m̂^α)) of the exact BTC NESS; C = 1 + 2/N - |⟨m̂⟩|² in J = N/2."""
    from ..operators import spin_matrices

    rho = btc_exact_ness(N, omega_x, kappa)
    S = N / 2
    m = np.array([np.trace(s @ rho).real / S for s in spin_matrices(N + 1)])
    return m, float(1 + 2 / N - m @ m)


def hermitian_gap(N: int, omega_x: float, kappa: float) -> tuple[complex, complex]:
    """λ_± = -κ/(2N) ± i√(ω_x² - κ²/4N²) (real pair when N < κ/(2ω_x)), the slower (larger Re, then Im > 0) first:
    the gap λ_1 of (κ/S) D[S^z] + ω_x S^x is the first."""
    root = np.sqrt(complex(omega_x ** 2 - kappa ** 2 / (4 * N ** 2)))
    pair = sorted((-kappa / (2 * N) + 1j * root, -kappa / (2 * N) - 1j * root), key=lambda z: (-z.real, -z.imag))
    return pair[0], pair[1]


def hermitian_magnetization(t: np.ndarray, N: int, omega_x: float, kappa: float, theta: float) -> np.ndarray:
    """(m^x, m^y, m^z)(t), shape (len(t), 3), from the spin coherent state tilted by θ from +z towards +x."""
    t = np.asarray(t, dtype=float)
    Om = np.sqrt(complex(omega_x ** 2 - kappa ** 2 / (4 * N ** 2)))
    env = np.exp(-kappa * t / (2 * N))
    if abs(Om) < 1e-300:  # critical damping: the limits Ω → 0 of the expressions below
        mz = np.cos(theta) * env * (1 + kappa * t / (2 * N))
        my = -np.cos(theta) * omega_x * env * t
    else:
        mz = np.real(np.cos(theta) * env * (np.cos(Om * t) + kappa / (2 * N * Om) * np.sin(Om * t)))
        my = np.real(-np.cos(theta) * (omega_x / Om) * env * np.sin(Om * t))
    mx = np.sin(theta) * np.exp(-kappa * t / N)
    return np.stack([mx, my, mz], axis=-1)


@dataclass(frozen=True)
class DecayFit:
    """ln|O(t) - O(∞)| ≈ ln A + λ t on the window (Eq. S11): ``rate`` is λ_ADR (< 0 for a decay)."""

    rate: float
    log_amplitude: float
    r2: float
    points: int
    method: str  # "all points" or "envelope peaks"


def asymptotic_decay_rate(t: np.ndarray, y: np.ndarray, y_inf: float, window: tuple[float, float],
                          floor: float = 1e-13) -> DecayFit:
    """λ_ADR of Eq. S11 by a least-squares line through ln|y - y_inf| on ``window``.

    If the deviation oscillates (sign changes in the window), the line goes through its local maxima (the
    envelope), so the fit sees the decay of the slowest mode and not its oscillation. Points below ``floor``
    (round-off of y - y_inf) are dropped.
    """
    t, y = np.asarray(t, float), np.asarray(y, float)
    sel = (t >= window[0]) & (t <= window[1])
    tt, d = t[sel], np.abs(y[sel] - y_inf)
    method = "all points"
    if np.any(np.diff(np.sign(y[sel] - y_inf)) != 0):
        peaks = np.flatnonzero((d[1:-1] >= d[:-2]) & (d[1:-1] >= d[2:])) + 1
        tt, d, method = tt[peaks], d[peaks], "envelope peaks"
    keep = d > floor
    tt, d = tt[keep], d[keep]
    if len(tt) < 3:
        raise ConvergenceError(f"decay fit: only {len(tt)} usable points in window {window}")
    p = np.polyfit(tt, np.log(d), 1)
    fit = np.polyval(p, tt)
    ss = np.sum((np.log(d) - np.log(d).mean()) ** 2)
    r2 = float(1 - np.sum((np.log(d) - fit) ** 2) / ss) if ss > 0 else 1.0
    return DecayFit(float(p[0]), float(p[1]), r2, len(tt), method)
