"""Collective spin-boson model of paper 002 (Souza, Prazeres, Iemini), Eqs. 1-4 and 12-13.

M ensembles of N spins 1/2, S_i^α = Σ_k σ^α_{i,k}/2, S = N/2, one boson mode:

    H = Σ_i Σ_α ω_α^(i) S_i^α + (1/S) Σ_ij Σ_αβ ω_αβ^(i,j) S_i^α S_j^β + ω_b a†a + Σ_i Σ_α g_α(t)/√N (a + a†) S_i^α
    D_i[ρ] = (1/S) Σ_αβ Γ_αβ^(i) (S_i^α ρ S_i^β - ½{S_i^β S_i^α, ρ}),   D_a[ρ] = κ_b D[a](ρ)          (Eqs. 2-4)

Conversion to :mod:`permqs.model` (V[σ] = Σ_k σ_k = 2S, 1/S = 2/N):
    ω_α S^α                      = (ω_α/2) V[σ_α]                      -> term coefficient ω_α/2
    (1/S) ω S_i^α S_j^β          = (ω/2) N^(1-2) V_i[σ_α] V_j[σ_β]     -> term coefficient ω/2
    (1/S) Γ_αβ (S^α ρ S^β - …)   = (1/N) (Γ_αβ/2) (V[σ_α] ρ V[σ_β] - …) -> Kossakowski matrix c = Γ/2
    g_α/√N (a + a†) S^α          = (g_α/2)/√N (a + a†) V[σ_α]           -> coupling strength g_α/2
The mean-field variables of the paper (Eq. 5) are m_i^α = S_i^α/S (the Bloch vector of one spin) and
x = √(2/ω_b) Re α, p = √(2 ω_b) Im α with the scaled amplitude α = ⟨a⟩/√N of :mod:`permqs.meanfield`.

Convention for the collective decay (docs/conventions-002-003.md): Eq. 12 prints Γ_xx = Γ_yy = √κ,
Γ_yx = i√κ = Γ_xy*, "equivalently" a jump √κ S_-. Entries of Γ are rates, and (κ/S) D[S_-] has
Γ_xx = Γ_yy = κ, Γ_xy = iκ = Γ_yx*; the printed sign of the off-diagonal is (κ/S) D[S_+] (pumping). Only the
decay form reproduces Figs. 1 and 3; :func:`decay_kossakowski` is that form, :func:`eq12_as_printed` the
literal one (kept to show the difference in the tests).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

from ..model import BosonCoupling, BosonMode, CollectiveDissipator, Factor, HamiltonianTerm, Model
from ..operators import SIGMA_X, SIGMA_Y, SIGMA_Z

PAULI = (SIGMA_X, SIGMA_Y, SIGMA_Z)
AXES = "xyz"


def decay_kossakowski(kappa: float) -> np.ndarray:
    """Γ of (κ/S) D[S_-], S_- = S_x - iS_y: Γ_xx = Γ_yy = κ, Γ_xy = iκ = Γ_yx* (the jump Eq. 12 describes in words)."""
    if kappa < 0:
        raise ValueError(f"kappa must be >= 0, got {kappa}")
    g = np.zeros((3, 3), dtype=complex)
    g[0, 0] = g[1, 1] = kappa
    g[0, 1], g[1, 0] = 1j * kappa, -1j * kappa
    return g


def eq12_as_printed(kappa: float) -> np.ndarray:
    """Γ exactly as printed in Eq. 12: Γ_xx = Γ_yy = √κ, Γ_yx = i√κ = Γ_xy*, i.e. (√κ/S) D[S_+] (pumping)."""
    r = np.sqrt(kappa)
    g = np.zeros((3, 3), dtype=complex)
    g[0, 0] = g[1, 1] = r
    g[1, 0], g[0, 1] = 1j * r, -1j * r
    return g


def square_wave(period: float) -> Callable[[float], float]:
    """f(t) = 1 for 0 ≤ t mod T < T/2, else 0 (the modulation g_x(t) of Eq. 13)."""
    if period <= 0:
        raise ValueError(f"period must be > 0, got {period}")

    def f(t: float) -> float:
        return 1.0 if (t % period) < period / 2 else 0.0

    def breakpoints(t0: float, t1: float) -> np.ndarray:
        """Where f may jump in [t0, t1]: the multiples of T/2 (exact piecewise-constant propagation)."""
        half = period / 2
        return half * np.arange(np.ceil(t0 / half), np.floor(t1 / half) + 1)

    f.period = period  # type: ignore[attr-defined]
    f.breakpoints = breakpoints  # type: ignore[attr-defined]
    return f


@dataclass(frozen=True, eq=False)
class SpinBosonParameters:
    """Couplings of Eqs. 2-4 for M = ``len(omega)`` ensembles.

    omega: (M, 3) fields ω_α^(i); omega2: (M, M, 3, 3) ω_αβ^(i,j) (every ordered pair (i, j) is its own term of
    the double sum); Gamma: (M, 3, 3) Hermitian Kossakowski matrices Γ^(i); boson: ω_b, κ_b, g_α (3,) with an
    optional modulation f(t) of the coupling (Eq. 13). Without a boson (omega_b = kappa_b = 0, g = 0) no mode
    is added.
    """

    omega: np.ndarray
    omega2: np.ndarray
    Gamma: np.ndarray
    omega_b: float = 0.0
    kappa_b: float = 0.0
    g: np.ndarray = field(default_factory=lambda: np.zeros(3))
    modulation: Optional[Callable[[float], float]] = None

    def __post_init__(self):
        M = len(self.omega)
        shapes = {"omega": (M, 3), "omega2": (M, M, 3, 3), "Gamma": (M, 3, 3), "g": (3,)}
        for name, shape in shapes.items():
            if np.shape(getattr(self, name)) != shape:
                raise ValueError(f"{name}: expected shape {shape}, got {np.shape(getattr(self, name))}")
        G = np.asarray(self.Gamma)
        if not np.allclose(G, np.conj(np.swapaxes(G, 1, 2))):
            raise ValueError("Gamma must be Hermitian (Γ_βα = Γ_αβ*) for a real mean-field drift")
        if self.kappa_b < 0:
            raise ValueError(f"kappa_b must be >= 0, got {self.kappa_b}")

    @property
    def n_ensembles(self) -> int:
        return len(self.omega)

    @property
    def has_boson(self) -> bool:
        return bool(self.omega_b != 0 or self.kappa_b != 0 or np.any(np.asarray(self.g) != 0))


def spin_boson_model(p: SpinBosonParameters) -> Model:
    """The model description of Eqs. 1-4 (conversion factors in the module docstring)."""
    M = p.n_ensembles
    terms = [HamiltonianTerm(p.omega[i, a] / 2, (Factor(PAULI[a], i),))
             for i in range(M) for a in range(3) if p.omega[i, a] != 0]
    terms += [HamiltonianTerm(p.omega2[i, j, a, b] / 2, (Factor(PAULI[a], i), Factor(PAULI[b], j)))
              for i in range(M) for j in range(M) for a in range(3) for b in range(3) if p.omega2[i, j, a, b] != 0]
    collective = tuple(CollectiveDissipator(PAULI, np.asarray(p.Gamma[i], dtype=complex) / 2, i)
                       for i in range(M) if np.any(p.Gamma[i] != 0))
    modes, couplings = (), ()
    if p.has_boson:
        modes = (BosonMode(p.omega_b, p.kappa_b),)
        couplings = tuple(BosonCoupling(0, p.g[a] / 2, Factor(PAULI[a], i), p.modulation)
                          for i in range(M) for a in range(3) if p.g[a] != 0)
    return Model(d=2, hamiltonian=tuple(terms), collective=collective, modes=modes, couplings=couplings,
                 n_ensembles=M, name="time_crystal")


def boundary_time_crystal(omega_x: float, kappa: float = 1.0, omega_z: float = 0.0) -> Model:
    """One ensemble: H = ω_x S^x + ω_z S^z, (κ/S) D[S_-] (paper 002 Eq. 12, Fig. 1; DTC for ω_x/κ > 1)."""
    omega = np.array([[omega_x, 0.0, omega_z]])
    return spin_boson_model(SpinBosonParameters(omega, np.zeros((1, 1, 3, 3)), decay_kossakowski(kappa)[None]))


@dataclass(frozen=True)
class CoupledBTCParameters:
    """Fig. 3 of paper 002: two BTCs coupled by ω_xx^(1,2) S_1^x S_2^x/S and ω_zz^(1,2) S_1^z S_2^z/S.

    Defaults are the caption's values; κ = 1 is the unit (the caption fixes only ω_x/κ). ω_xx and ω_zz are the
    single (1,2) entries of the double sum in Eq. 2 (ω^(2,1) = 0, see docs/conventions-002-003.md).
    """

    omega_zz: float = 0.35
    omega_xx: float = 3.0
    omega_z: tuple[float, float] = (0.1, 0.02)
    omega_x_over_kappa: float = 2.0
    kappa: float = 1.0

    def __post_init__(self):
        if self.kappa <= 0:
            raise ValueError(f"kappa must be > 0, got {self.kappa}")


def coupled_btc_parameters(p: CoupledBTCParameters) -> SpinBosonParameters:
    omega = np.zeros((2, 3))
    omega[:, 0] = p.omega_x_over_kappa * p.kappa
    omega[:, 2] = p.omega_z
    omega2 = np.zeros((2, 2, 3, 3))
    omega2[0, 1, 0, 0] = p.omega_xx
    omega2[0, 1, 2, 2] = p.omega_zz
    Gamma = np.array([decay_kossakowski(p.kappa)] * 2)
    return SpinBosonParameters(omega, omega2, Gamma)


def coupled_btc_model(p: CoupledBTCParameters) -> Model:
    """The pair of collective spins of Fig. 3(a, b)."""
    return spin_boson_model(coupled_btc_parameters(p))


def floquet_dicke_model(omega_b: float, kappa_b: float, omega_z: float, g: float, period: float) -> Model:
    """Modulated open Dicke model (Eq. 13): ω_z S^z + ω_b a†a + g_x(t)/√N (a + a†) S^x, κ_b D[a], g_x a square wave."""
    p = SpinBosonParameters(np.array([[0.0, 0.0, omega_z]]), np.zeros((1, 1, 3, 3)), np.zeros((1, 3, 3)),
                            omega_b=omega_b, kappa_b=kappa_b, g=np.array([g, 0.0, 0.0]), modulation=square_wave(period))
    return spin_boson_model(p)


def boson_quadratures(alpha: np.ndarray, omega_b: float) -> tuple[np.ndarray, np.ndarray]:
    """(x, p) of Eq. 5 from the scaled amplitude α = ⟨a⟩/√N: x = √(2/ω_b) Re α, p = √(2ω_b) Im α."""
    alpha = np.asarray(alpha)
    return np.sqrt(2 / omega_b) * alpha.real, np.sqrt(2 * omega_b) * alpha.imag


def alpha_from_quadratures(x: np.ndarray, p: np.ndarray, omega_b: float) -> np.ndarray:
    """Inverse of :func:`boson_quadratures`."""
    return np.asarray(x) * np.sqrt(omega_b / 2) + 1j * np.asarray(p) / np.sqrt(2 * omega_b)
