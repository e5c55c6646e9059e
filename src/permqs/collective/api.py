"""Notebook entry points for the finite-N numbers of paper 002 (Souza, Prazeres, Iemini), with typed results.

- :func:`btc_ness_cumulants`: NESS magnetization and cumulants of the boundary time crystal (Eq. 12, Figs. 1-2).
- :func:`pair_ness_cumulants`, :func:`pair_slowest_eigenvalues`: the coupled pair of Fig. 3 (Fig. 3(c), S1); the
  NESS beyond N = 7 by the block-preconditioned GMRES of :mod:`.pair` (N = 30: 923 521 unknowns).
- :func:`floquet_gap`: the Floquet gap (Eq. 14) and NESS cumulants of the boson-only model of Eqs. 15-16 (Fig. 4).

Units: κ = 1 for the spin models (the captions fix ω_x/κ and give the other couplings as numbers), ω_b = 1 for
Fig. 4. Conventions (the decay of Eq. 12, ω^(2,1) = 0, the Fig. 3(c) sum): docs/conventions-002-003.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import ConvergenceError, SpectrumError
from ..models.time_crystal import CoupledBTCParameters, boundary_time_crystal, coupled_btc_model
from .analytic import btc_exact_ness
from .effective_boson import EffectiveBosonParameters, effective_boson_generator, parity_sectors
from .floquet import floquet_spectrum
from .generator import collective_generator
from .observables import macroscopic_observables
from .pair import pair_generator, pair_steady_state
from .pair import pair_slowest_eigenvalues as pair_spectrum
from .space import CollectiveSpace
from .results import FloquetResult, SpectrumResult, SteadyStateResult
from .spectrum import DENSE_LIMIT, gap, spectrum_dense
from .steady import hermitian_normalized, steady_state


@dataclass(frozen=True)
class BTCCumulants:
    """NESS of H = ω_x S^x, (κ/S) D[S_-] at N: ⟨m̂⟩ (3,), symmetrized covariance K(m̂^α, m̂^β) (3, 3) and
    C = Σ_α K(m̂^α, m̂^α) (Fig. 2). ``residual``: ‖𝓛x‖₂/‖x‖₂ of the state with the sparse generator (None if
    not checked)."""

    N: int
    omega_x_over_kappa: float
    m: np.ndarray
    covariance: np.ndarray
    C: float
    residual: float | None
    method: str


def btc_ness_cumulants(N: int, omega_x_over_kappa: float, check: bool = True) -> BTCCumulants:
    """Exact (Puri-Lawande) NESS cumulants; ``check`` also evaluates the generator's residual on it (O(N²)
    memory; skip for N ≳ 2000)."""
    rho = btc_exact_ness(N, omega_x_over_kappa)
    model = boundary_time_crystal(omega_x_over_kappa)
    space = CollectiveSpace(N)
    x = space.vec(rho)
    c = macroscopic_observables(space).cumulants(x)
    residual = None
    if check:
        L = collective_generator(model, N).static
        residual = float(np.linalg.norm(L @ x) / np.linalg.norm(x))
    return BTCCumulants(N, omega_x_over_kappa, c.mean[0], c.covariance[0], float(c.same_axis_sum()[0]), residual,
                        "puri-lawande")


@dataclass(frozen=True)
class PairCumulants:
    """NESS of the Fig. 3 pair at N spins per ensemble: ⟨m̂_j^α⟩ (6,: m1x..m2z), the symmetrized 6 × 6 covariance,
    C read literally (Σ_{j≤ℓ} Σ_{α,β}, Fig. 3(c)/S1) and in the α = β reading; the solver's typed result."""

    N: int
    omega_zz: float
    m: np.ndarray
    covariance: np.ndarray
    C: float
    C_same_axis: float
    result: SteadyStateResult = field(repr=False)


# Largest N per ensemble solved by direct LU (≤ 1 s); above, the block-preconditioned GMRES of .pair, which is
# faster from N = 8 on (0.1 s there, ~10 s at N = 20; LU: ~30 s at N = 10, minutes at N = 12).
PAIR_DIRECT_MAX_N = 7


def pair_ness_cumulants(N: int, omega_zz: float, p: CoupledBTCParameters | None = None,
                        method: str = "auto") -> PairCumulants:
    """``method``: "direct" (sparse LU of the (N+1)⁴ generator), "pair" (:func:`.pair.pair_steady_state`), or
    "auto" (direct up to N = PAIR_DIRECT_MAX_N)."""
    p = p or CoupledBTCParameters(omega_zz)
    model = coupled_btc_model(p)
    if method not in ("auto", "direct", "pair"):
        raise ValueError(f"method must be auto, direct or pair, got {method!r}")
    if method == "direct" or (method == "auto" and N <= PAIR_DIRECT_MAX_N):
        g = collective_generator(model, N)
        res, space = steady_state(g.static, g.space), g.space
    else:
        res = pair_steady_state(pair_generator(model, N)).raise_for_status(ConvergenceError)
        space = CollectiveSpace(N, 2)
    c = macroscopic_observables(space).cumulants(res.x)
    return PairCumulants(N, p.omega_zz, c.mean[0], c.covariance[0], float(c.pair_sum()[0]),
                         float(c.same_axis_pair_sum()[0]), res)


@dataclass(frozen=True)
class PairSpectrum:
    """Slowest non-zero Liouvillian eigenvalues of the Fig. 3 pair (sorted by decreasing Re), their residuals
    ‖𝓛v - λv‖/(‖𝓛‖₁‖v‖), and λ_1 (Eq. 9: Δ_N = Re λ_1)."""

    N: int
    omega_zz: float
    eigenvalues: np.ndarray
    residuals: np.ndarray
    gap: complex
    result: SpectrumResult = field(repr=False)


def pair_slowest_eigenvalues(N: int, omega_zz: float, k: int = 6,
                             p: CoupledBTCParameters | None = None) -> PairSpectrum:
    """Dense eig up to (N+1)⁴ = 6000 unknowns (N ≤ 7): the k slowest. Beyond, shift-invert Arnoldi at σ = 0 with
    the pair solver (:func:`.pair.pair_slowest_eigenvalues`): the k nearest 0, sorted by Re λ, whose first is the
    gap λ_1 of this model (real, near 0) but whose others need not be the next slowest (see there)."""
    p = p or CoupledBTCParameters(omega_zz)
    model = coupled_btc_model(p)
    if (N + 1) ** 4 <= DENSE_LIMIT:
        g = collective_generator(model, N)
        res = spectrum_dense(g.static)
        keep = np.abs(res.eigenvalues) > 1e-9
        vals, resid = res.eigenvalues[keep][:k], res.residuals[keep][:k]
    else:
        res = pair_spectrum(pair_generator(model, N), k=k)
        vals, resid = res.eigenvalues, res.residuals
    res.raise_for_status(SpectrumError)
    return PairSpectrum(N, p.omega_zz, vals, resid, gap(res), res)


@dataclass(frozen=True)
class FloquetGap:
    """Fig. 4 model at N: Floquet gap Δ_N (Eq. 14), the leading odd (period-doubling) multiplier, the second even
    one, and the Floquet NESS (stroboscopic, t = nT⁻ ... nT: the state after whole periods) cumulants
    K(x̂,x̂), sym. K(x̂,p̂), K(p̂,p̂) (Eq. 5), ⟨a†a⟩ and its weight on the top five Fock levels (truncation check)."""

    N: int
    boson_dim: int
    gap: float
    leading_odd: complex
    second_even: complex
    K_xx: float
    K_xp: float
    K_pp: float
    n_mean: float
    fock_tail: float
    even: FloquetResult = field(repr=False)
    odd: FloquetResult = field(repr=False)


def floquet_gap(N: int, boson_dim: int = 65, p: EffectiveBosonParameters = EffectiveBosonParameters()) -> FloquetGap:
    """ARPACK on the one-period map in each parity sector (2 multipliers each): the NESS and the period-doubling
    mode live in different sectors, so each sector's Arnoldi converges on a well-separated pair."""
    g = effective_boson_generator(N, boson_dim, p)
    even_idx, odd_idx = parity_sectors(g.space)
    T = p.period
    ev = g.restrict(even_idx)
    od = g.restrict(odd_idx)
    q = g.space.grade  # n - n': conserved by the undriven segment, exponentiated exactly by blocks
    even = floquet_spectrum(ev.static, ev.parts, T, k=2, trace=g.space.trace_weights[even_idx], grade=q[even_idx])
    odd = floquet_spectrum(od.static, od.parts, T, k=2, trace=None, steady=False, grade=q[odd_idx])
    for r in (even, odd):
        r.raise_for_status(SpectrumError)
    second_even = complex(np.delete(even.eigenvalues, even.steady_index)[0])
    leading_odd = complex(odd.eigenvalues[0])
    x = hermitian_normalized(g.space, ev.embed(even.eigenvectors[:, even.steady_index]))
    c = macroscopic_observables(g.space, omega_b=p.omega_b).cumulants(x)
    rho = g.space.unvec(x)
    pops = np.real(np.diag(rho))
    return FloquetGap(N, boson_dim, float(1 - max(abs(second_even), abs(leading_odd))), leading_odd, second_even,
                      float(c.covariance[0, 0, 0]), float(c.covariance[0, 0, 1]), float(c.covariance[0, 1, 1]),
                      float(pops @ np.arange(boson_dim)), float(pops[-5:].sum()), even, odd)
