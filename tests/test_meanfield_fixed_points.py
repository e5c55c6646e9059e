"""Fixed points, stability and continuation against models with closed-form answers."""
import numpy as np
import pytest
from scipy.optimize import brentq, minimize_scalar

from permqs.meanfield import MeanField, continue_branch, find_fixed_points
from permqs.model import LocalJump, Model, term
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.operators import SIGMA_MINUS, SIGMA_X, SIGMA_Z

CHI = 5.0


def kerr(omega: float) -> Model:
    """H = (χ/4N) V_z V_z + (Ω/2) V_x with local decay γ = 1: a two-level atom with self-consistent detuning
    χ m_z (mean-field optical bistability). Its Bloch steady state gives Ω² = 2(γ²/4 + χ² m_z²)(1 + m_z)/(-m_z)."""
    return Model(d=2, hamiltonian=(term(CHI / 4, SIGMA_Z, SIGMA_Z), term(omega / 2, SIGMA_X)),
                 local=(LocalJump(1.0, SIGMA_MINUS),))


def omega_squared(mz):
    return 2 * (0.25 + CHI**2 * mz**2) * (1 + mz) / (-mz)


def test_bistable_fixed_points_match_the_cubic():
    mf = MeanField(kerr(3.0))
    starts = [mf.from_bloch(v) for v in 0.5 * np.random.default_rng(0).normal(size=(20, 3))]
    fps = find_fixed_points(mf, starts)
    brackets = [(-0.999, -0.4781), (-0.4781, -0.1138), (-0.1138, -1e-6)]  # split at the analytic folds
    expected = sorted(brentq(lambda m: omega_squared(m) - 9.0, a, b) for a, b in brackets)
    assert np.allclose(sorted(fp.y[2] for fp in fps), expected, atol=1e-9)
    # outer branches stable, middle branch a saddle
    by_mz = sorted(fps, key=lambda fp: fp.y[2])
    assert [fp.is_stable() for fp in by_mz] == [True, False, True]


def test_continuation_finds_both_folds():
    branch = continue_branch(kerr, 0.5, 8.0, np.array([0.0, 0.0, -1.0]))
    folds = [b for b in branch.bifurcations if b.kind == "fold"]
    upper = minimize_scalar(lambda m: -omega_squared(m), bounds=(-0.99, -0.2), method="bounded", options={"xatol": 1e-10})
    lower = minimize_scalar(omega_squared, bounds=(-0.3, -0.01), method="bounded", options={"xatol": 1e-10})
    assert len(folds) == 2
    assert folds[0].param == pytest.approx(np.sqrt(omega_squared(upper.x)), abs=1e-6)
    assert folds[1].param == pytest.approx(np.sqrt(omega_squared(lower.x)), abs=1e-6)
    assert branch.params[-1] == pytest.approx(8.0, abs=0.1)  # followed around both folds to the end


def test_continuation_finds_lmg_hopf_point():
    """The polarized state m = (0, 0, 1) of paper 000 Eq. 16 at h = 0 has eigenvalues (Γ - γ)/2 ± i𝒥 and -γ:
    a Hopf point at Γ = γ with λ = ±i𝒥 (the onset of the limit cycle of Eq. 17)."""
    branch = continue_branch(lambda g: lmg_model(LMGParameters(J=3.0, h=0.0, Gamma=g, gamma=1.0)),
                             0.5, 1.5, np.array([0.0, 0.0, 1.0]))
    (hopf,) = branch.bifurcations
    assert hopf.kind == "hopf" and hopf.param == pytest.approx(1.0, abs=1e-8)
    assert abs(abs(hopf.eigenvalue.imag) - 3.0) < 1e-8
    assert np.all(branch.stable == (branch.params < 1.0))
    assert np.allclose(np.sort_complex(branch.eigenvalues[0]), np.sort_complex([-0.25 + 3j, -0.25 - 3j, -1.0]))
