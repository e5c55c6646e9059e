"""Paper 002: the generic mean-field drift of the spin-boson model reproduces the hand-written Eq. S3 exactly."""
import numpy as np
import pytest

from permqs.meanfield import MeanField
from permqs.models.time_crystal import (
    CoupledBTCParameters, SpinBosonParameters, alpha_from_quadratures, boson_quadratures, coupled_btc_parameters,
    decay_kossakowski, eq12_as_printed, spin_boson_model, square_wave,
)

EPS = np.zeros((3, 3, 3))
for _a, _b, _c in [(0, 1, 2), (1, 2, 0), (2, 0, 1)]:
    EPS[_a, _b, _c], EPS[_a, _c, _b] = 1, -1


def eq_s3(m, x, p, par: SpinBosonParameters, f=1.0):
    """Eq. S3 of paper 002, written out (typos fixed: 'k' is κ_b, g_β in dp/dt is g_α)."""
    w, W, G, g = par.omega, par.omega2, np.asarray(par.Gamma), f * np.asarray(par.g)
    wb, kb = par.omega_b, par.kappa_b
    dx = p - kb / 2 * x
    dp = -wb**2 * x - kb / 2 * p - np.sum(g[None, :] * np.sqrt(2 * wb) / 2 * m) if wb else 0.0
    dm = -np.einsum("agt,ja,jt->jg", EPS, w + g[None, :] * np.sqrt(2 * wb) * x if wb else w, m)
    dm -= np.einsum("bgt,ijab,ia,jt->jg", EPS, W, m, m)
    dm -= np.einsum("agt,jiab,jt,ib->jg", EPS, W, m, m)
    dm += 0.5 * np.real(1j * (np.einsum("jab,bgt,jt,ja->jg", G, EPS, m, m) + np.einsum("jab,gat,jb,jt->jg", G, EPS, m, m)))
    return dm, dx, dp


def random_parameters(rng, M, boson):
    A = rng.normal(size=(M, 3, 3)) + 1j * rng.normal(size=(M, 3, 3))
    Gamma = A @ np.conj(np.swapaxes(A, 1, 2))  # Hermitian positive Kossakowski matrices
    kw = dict(omega_b=rng.uniform(0.5, 2), kappa_b=rng.uniform(0.1, 1), g=rng.normal(size=3)) if boson else {}
    return SpinBosonParameters(rng.normal(size=(M, 3)), rng.normal(size=(M, M, 3, 3)), Gamma, **kw)


def random_state(rng, M):
    m = rng.normal(size=(M, 3))
    return m / np.linalg.norm(m, axis=1, keepdims=True) * rng.uniform(0.3, 1, size=(M, 1))


@pytest.mark.parametrize("M", [1, 2])
@pytest.mark.parametrize("boson", [False, True])
def test_drift_matches_eq_s3(M, boson):
    rng = np.random.default_rng(10 * M + boson)
    for _ in range(5):
        par = random_parameters(rng, M, boson)
        mf = MeanField(spin_boson_model(par))
        m = random_state(rng, M)
        x, p = rng.normal(size=2)
        alpha = alpha_from_quadratures(x, p, par.omega_b) if boson else None
        dy = mf(0.0, mf.from_bloch(m, [alpha] if boson else None))
        dm, dx, dp = eq_s3(m, x, p, par)
        np.testing.assert_allclose(mf.bloch(dy), dm, atol=1e-12)
        if boson:
            dxg, dpg = boson_quadratures(mf.alphas(dy)[0], par.omega_b)
            np.testing.assert_allclose([dxg, dpg], [dx, dp], atol=1e-12)


def test_modulated_coupling_matches_eq_s3_at_both_half_periods():
    rng = np.random.default_rng(3)
    par = random_parameters(rng, 1, True)
    T = 2.0
    par = SpinBosonParameters(par.omega, par.omega2, par.Gamma, par.omega_b, par.kappa_b, par.g, square_wave(T))
    mf = MeanField(spin_boson_model(par))
    m, (x, p) = random_state(rng, 1), rng.normal(size=2)
    y = mf.from_bloch(m, [alpha_from_quadratures(x, p, par.omega_b)])
    for t, f in [(0.3, 1.0), (1.3, 0.0), (2.1, 1.0)]:
        np.testing.assert_allclose(mf.bloch(mf(t, y)), eq_s3(m, x, p, par, f)[0], atol=1e-12)


def test_decay_convention_is_kappa_d_s_minus():
    """(κ/S) D[S_-] drives m_z down at rate κ(m_x² + m_y²); Eq. 12 as printed pumps it up at √κ(…)."""
    m = np.array([[0.6, 0.0, 0.8]])
    for gamma, sign, rate in [(decay_kossakowski(4.0), -1, 4.0), (eq12_as_printed(4.0), +1, 2.0)]:
        par = SpinBosonParameters(np.zeros((1, 3)), np.zeros((1, 1, 3, 3)), gamma[None])
        mf = MeanField(spin_boson_model(par))
        np.testing.assert_allclose(mf.bloch(mf(0.0, mf.from_bloch(m)))[0, 2], sign * rate * 0.36, atol=1e-14)


def test_fig3_parameters_follow_the_caption():
    par = coupled_btc_parameters(CoupledBTCParameters(omega_zz=1.0))
    assert par.omega[:, 0].tolist() == [2.0, 2.0] and par.omega[:, 2].tolist() == [0.1, 0.02]
    assert par.omega2[0, 1, 0, 0] == 3 and par.omega2[0, 1, 2, 2] == 1 and not par.omega2[1, 0].any()
