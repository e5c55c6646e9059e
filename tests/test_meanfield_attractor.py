"""Attractors and Eq. 13 time averages of the LMG model (paper 000 Eqs. 16-18)."""
import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from permqs.information import binary_entropy
from permqs.meanfield import FIXED_POINT, LIMIT_CYCLE, PERIOD_DOUBLED, MeanField, find_attractor, limit_observables
from permqs.model import LocalJump, Model, term
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.operators import SIGMA_MINUS, SIGMA_X


def eq18(gamma_c, gamma=1.0):
    """Paper 000 Eq. 18 with Eq. 17's m_z and m_xy."""
    mz = gamma / gamma_c
    mxy = np.sqrt(2 * gamma * (gamma_c - gamma)) / gamma_c
    return binary_entropy(mz) - binary_entropy(np.hypot(mz, mxy))


@pytest.mark.parametrize("gamma_c", [1.3, 2.0, 3.5])
def test_time_averaged_mutual_information_is_eq18(gamma_c):
    obs = limit_observables(lmg_model(LMGParameters(J=3.0, h=0.0, Gamma=gamma_c, gamma=1.0)))
    assert obs.kind == LIMIT_CYCLE
    assert abs(obs.mutual_information - eq18(gamma_c)) < 1e-6
    # Eq. 17: the orbit is a circle at m_z = γ/Γ, so ρ̄ has m̄ = (0, 0, γ/Γ)
    assert np.allclose(obs.bloch_mean[0], [0, 0, 1 / gamma_c], atol=1e-8)
    assert abs(obs.entropy_of_mean[0] - binary_entropy(1 / gamma_c)) < 1e-8


@pytest.mark.parametrize("gamma_c", [0.5, 0.9])
def test_fixed_point_below_threshold_has_no_mutual_information(gamma_c):
    obs = limit_observables(lmg_model(LMGParameters(J=3.0, h=0.0, Gamma=gamma_c, gamma=1.0)))
    assert obs.kind == FIXED_POINT and obs.mutual_information == 0.0
    assert np.allclose(obs.bloch_mean[0], [0, 0, 1], atol=1e-8)


def test_eq18_maximum_at_1_68():
    """Paper 000, text below Fig. 1: the maximum of I_M/N at h = 0 lies at Γ ≈ 1.68γ."""
    best = minimize_scalar(lambda g: -eq18(g), bounds=(1.01, 5.0), method="bounded", options={"xatol": 1e-8})
    assert abs(best.x - 1.68) < 0.01
    obs = limit_observables(lmg_model(LMGParameters(J=3.0, h=0.0, Gamma=best.x, gamma=1.0)))
    assert abs(obs.mutual_information - eq18(best.x)) < 1e-6


def test_limit_cycle_period_is_eq17():
    p = LMGParameters(J=3.0, h=0.0, Gamma=2.0, gamma=1.0)
    att = find_attractor(MeanField(lmg_model(p)))
    assert att.kind == LIMIT_CYCLE and att.loops == 1
    assert abs(att.period - 2 * np.pi * p.Gamma / (p.J * p.gamma)) < 1e-8


def test_near_threshold_cycle_is_polished_by_shooting():
    """At Γ = 1.001γ the cycle attracts at rate ~1e-3: plain relaxation would take ~2e4 time units."""
    att = find_attractor(MeanField(lmg_model(LMGParameters(J=3.0, h=0.0, Gamma=1.001, gamma=1.0))))
    assert att.kind == LIMIT_CYCLE and abs(att.period - 2 * np.pi * 1.001 / 3) < 1e-8


def test_driven_spin_follows_the_drive():
    """σ_x drive f(t) = cos(νt) with local decay: a linear system, so the response has the drive period."""
    nu = 2.0
    model = Model(d=2, hamiltonian=(term(0.5, SIGMA_X, modulation=lambda t: np.cos(nu * t)),),
                  local=(LocalJump(1.0, SIGMA_MINUS),))
    mf = MeanField(model)
    with pytest.raises(ValueError, match="drive_period"):
        find_attractor(mf)
    att = find_attractor(mf, drive_period=2 * np.pi / nu)
    assert att.kind == LIMIT_CYCLE and att.period == pytest.approx(2 * np.pi / nu)


def test_two_independent_ensembles_add_their_mutual_information():
    """Two uncoupled LMG ensembles: per-ensemble Eq. 18 each, and the total I_M/N is their sum."""
    single = lmg_model(LMGParameters(J=3.0, h=0.0, Gamma=2.0, gamma=1.0))
    model = Model(
        d=2, n_ensembles=2,
        hamiltonian=tuple(term(t.coefficient, *(f.matrix for f in t.factors), ensemble=e)
                          for e in (0, 1) for t in single.hamiltonian),
        collective=tuple(type(c)(c.operators, c.kossakowski, e) for e in (0, 1) for c in single.collective),
        local=single.local,  # ensemble=None: every unit of every ensemble
    )
    obs = limit_observables(model)
    assert obs.kind == LIMIT_CYCLE
    assert np.allclose(obs.mutual_information_per_ensemble, eq18(2.0), atol=1e-6)
    assert abs(obs.mutual_information - 2 * eq18(2.0)) < 1e-6


@pytest.mark.slow
def test_lmg_field_curve_has_the_dip_near_2_5():
    """Paper 000 Fig. 1(b), h = 0.5γ: I_M/N has a notable dip around Γ ≈ 2.5γ (a local minimum)."""
    gammas = np.linspace(2.0, 3.2, 25)
    values = np.array([limit_observables(lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=g, gamma=1.0))).mutual_information
                       for g in gammas])
    k = int(np.argmin(values))
    assert 0 < k < len(gammas) - 1 and 2.3 < gammas[k] < 2.8


# Paper 002 Fig. 3 (two coupled collective spins, docs/conventions-002-003.md): the spin lengths are conserved,
# so fixed points come in families (two zero eigenvalues), and the ω_zz = 1 orbit is period-doubled.

def _coupled_btc(omega_zz, printed_eq12=False):
    from permqs.models.time_crystal import (
        CoupledBTCParameters, SpinBosonParameters, coupled_btc_parameters, eq12_as_printed, spin_boson_model,
    )
    p = coupled_btc_parameters(CoupledBTCParameters(omega_zz=omega_zz))
    gamma = np.array([eq12_as_printed(1.0)] * 2) if printed_eq12 else p.Gamma
    return MeanField(spin_boson_model(SpinBosonParameters(p.omega, p.omega2, gamma)))


NORTH_POLE = np.array([[0.1, 0.0, 1.0], [0.1, 0.0, 1.0]]) / np.sqrt(1.01)   # analysis.paper002.START


def test_slow_spiral_into_a_focus_is_a_fixed_point():
    """Γ as printed in Eq. 12: a stable focus (Re λ ≈ -0.013) on a family of roots; the spiral returns to any local
    section ever closer, which used to be closed as a limit cycle of period 1.366."""
    mf = _coupled_btc(0.35, printed_eq12=True)
    y0 = mf.from_bloch(NORTH_POLE)
    att = find_attractor(mf, y0)
    assert att.kind == FIXED_POINT and att.period == 0.0
    assert np.linalg.norm(mf(0.0, att.y)) < 1e-10
    # the limit on the family keeps the conserved spin lengths of the start
    assert np.allclose(np.linalg.norm(mf.bloch(att.y), axis=-1), np.linalg.norm(mf.bloch(y0), axis=-1), atol=1e-6)


def test_coupled_btc_limit_cycle_has_one_loop():
    """Fig. 3(a), ω_zz = 0.35: a simple limit cycle of period 4.9458/κ."""
    mf = _coupled_btc(0.35)
    att = find_attractor(mf, mf.from_bloch(NORTH_POLE))
    assert att.kind == LIMIT_CYCLE and att.loops == 1
    assert abs(att.period - 4.9458) < 1e-3
    assert att.return_error < 1e-7


def test_period_doubled_orbit_has_two_loops():
    """Fig. 3(b), ω_zz = 1 from the north pole: two loops per period 7.910 (a local section sees one return)."""
    mf = _coupled_btc(1.0)
    att = find_attractor(mf, mf.from_bloch(NORTH_POLE))
    assert att.kind == PERIOD_DOUBLED and att.loops == 2
    assert abs(att.period - 7.910) < 1e-2
    assert att.return_error < 1e-7
