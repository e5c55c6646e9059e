"""Floquet multipliers of the LMG limit cycle (paper 000 App. C)."""
import numpy as np

from permqs.meanfield import MeanField, find_attractor, floquet_multipliers
from permqs.models.lmg import LMGParameters, lmg_model


def test_lmg_cycle_is_hyperbolic_with_analytic_multipliers():
    p = LMGParameters(J=3.0, h=0.0, Gamma=2.0, gamma=1.0)
    mf = MeanField(lmg_model(p))
    att = find_attractor(mf)
    fl = floquet_multipliers(mf, att.y, att.period, att.t)
    assert abs(fl.multipliers[fl.trivial] - 1) < 1e-6
    assert fl.is_hyperbolic() and fl.is_attracting()
    # In polar coordinates (m_xy = r, m_z) Eq. 16 at h = 0 decouples from the phase; linearizing around
    # r², m_z of Eq. 17 gives λ² + γλ + γ(Γ - γ) = 0, and the non-trivial multipliers are exp(λ T).
    lam = np.roots([1, p.gamma, p.gamma * (p.Gamma - p.gamma)])
    expected = np.exp(lam * 2 * np.pi * p.Gamma / (p.J * p.gamma))
    assert np.allclose(np.sort_complex(fl.nontrivial), np.sort_complex(expected), atol=1e-7)
