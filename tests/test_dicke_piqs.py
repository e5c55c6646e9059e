"""J-block engine against qutip.piqs (Shammah et al. 2018), which computes its local rates in single
precision: states and observables agree to ~1e-7, so we check 1e-6."""
import numpy as np
import pytest

from permqs.dicke import observables, piqs_steady_state, steady_state
from permqs.model import LocalJump, Model, collective_jump, term
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.operators import SIGMA_MINUS, SIGMA_PLUS, SIGMA_X, SIGMA_Y, SIGMA_Z

TOL = 1e-6
LMG = lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=2.0, gamma=1.0))
# Every dissipator piqs has: collective σ_-, σ_z; local σ_-, σ_+, σ_z.
ALL_PIQS = Model(d=2, hamiltonian=(term(0.7, SIGMA_X), term(0.3, SIGMA_Z, SIGMA_Z)),
                 collective=(collective_jump(0.5, SIGMA_MINUS), collective_jump(0.3, SIGMA_Z)),
                 local=(LocalJump(0.8, SIGMA_MINUS), LocalJump(0.4, SIGMA_Z), LocalJump(0.3, SIGMA_PLUS)),
                 name="all-piqs")


@pytest.mark.parametrize("model,N", [(LMG, 7), (LMG, 16), pytest.param(LMG, 30, marks=pytest.mark.slow),
                                     (ALL_PIQS, 6), (ALL_PIQS, 11)])
def test_agrees_with_piqs(model, N):
    ours = steady_state(model, N, tol=1e-10)
    ref = piqs_steady_state(model, N)
    np.testing.assert_allclose(ours.state.vector, ref.state.vector, atol=TOL)
    a, b = observables(ours.state), observables(ref.state)
    for key in ("m_x", "m_y", "m_z", "S_i"):
        assert getattr(a, key) == pytest.approx(getattr(b, key), abs=TOL), key
    # S_T and I_M are sums over N sites and J blocks: allow N times the per-site tolerance.
    assert a.S_T == pytest.approx(b.S_T, abs=N * TOL)
    assert a.I_M == pytest.approx(b.I_M, abs=N * TOL)


def test_piqs_refuses_dissipators_it_does_not_have():
    model = Model(d=2, local=(LocalJump(1.0, SIGMA_X + 0.2 * SIGMA_Y),))
    with pytest.raises(ValueError, match="not a multiple"):
        piqs_steady_state(model, 4)
