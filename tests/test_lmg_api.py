"""The one-point LMG API: every solver path gives the same physics."""
import pytest

from permqs import lmg
from permqs.models.lmg_exact import closed_form_mmi_h0


@pytest.mark.parametrize("N,Gamma", [(6, 0.5), (7, 2.0)])
def test_rates_and_jblock_solver_agree_at_zero_field(N, Gamma):
    # Both are exact; the J-block GMRES stops at a 1e-9 relative residual, hence 1e-8 on observables.
    a = lmg.finite_n(N, 0.0, Gamma, solver="rates")
    b = lmg.finite_n(N, 0.0, Gamma, solver="permqs")
    for key in ("m_x", "m_y", "m_z", "S_T", "S_i", "I_M"):
        assert getattr(a, key) == pytest.approx(getattr(b, key), abs=1e-8)
    assert a.residual < 1e-10 and b.residual < 1e-9


def test_limit_mmi_equals_eq18_at_zero_field():
    assert lmg.limit_mmi(0.0, 2.0) == pytest.approx(closed_form_mmi_h0(2.0, 1.0), abs=1e-8)
    assert lmg.limit_mmi(0.0, 0.5) == 0.0


def test_bad_solver_and_field_are_refused():
    with pytest.raises(ValueError, match="solver"):
        lmg.finite_n(4, 0.5, 1.0, solver="magic")
    with pytest.raises(ValueError, match="h = 0"):
        lmg.finite_n(4, 0.5, 1.0, solver="rates")
