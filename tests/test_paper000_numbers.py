"""Numbers paper 000 states about the N → ∞ LMG model (reproduction rows)."""
import numpy as np
import pytest

from permqs.analysis.paper000 import closed_form_maximum, extremum, hopf_point, lmg_floquet
from permqs.models.lmg import LMGParameters


def test_maximum_of_eq18_is_at_1_68():
    # Fig. 1 text: "reaching maximum at Γ ≈ 1.68γ"; the paper rounds to two decimals.
    assert closed_form_maximum(1.0) == pytest.approx(1.68, abs=0.005)


def test_onset_of_the_limit_cycle():
    # h = 0: limit cycle for Γ > γ (text below Eq. 16), exactly.
    assert hopf_point(0.0, 3.0, 1.0) == pytest.approx(1.0, abs=1e-8)
    # h = 0.5γ: "limit cycle phase (Γ/γ ≳ 1.02)" (Supplement); the Hopf point lies just above.
    assert 1.02 <= hopf_point(0.5, 3.0, 1.0) <= 1.03


def test_extremum_refines_between_grid_points():
    x = np.linspace(0, 2, 21)
    assert extremum(x, -(x - 0.737) ** 2, 0, 2) == pytest.approx(0.737, abs=1e-12)
    assert extremum(x, (x - 1.234) ** 2, 0.5, 2, kind="min") == pytest.approx(1.234, abs=1e-12)


def test_lmg_limit_cycle_is_hyperbolic_with_analytic_multipliers():
    f = lmg_floquet(LMGParameters(J=3.0, h=0.0, Gamma=2.0, gamma=1.0))
    assert f.period == pytest.approx(2 * np.pi * 2.0 / 3.0, rel=1e-8)   # 2π/ω, ω = 𝒥γ/Γ (Eq. 17)
    assert f.hyperbolic and f.attracting
    # Off the trivial multiplier: exp(λT) with λ² + γλ + γ(Γ - γ) = 0 (linearization of Eq. 16 at h = 0).
    lam = np.roots([1.0, 1.0, 1.0])
    expected = np.sort_complex(np.exp(lam * f.period))
    nontrivial = np.sort_complex(f.multipliers[np.argsort(np.abs(f.multipliers - 1))[1:]].astype(complex))
    assert np.allclose(nontrivial, expected, atol=1e-6)
