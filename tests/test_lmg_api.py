"""The one-point LMG API: every solver path gives the same physics."""
import pytest

from permqs import lmg
from permqs.models.lmg_exact import closed_form_mmi_h0


@pytest.mark.parametrize("N,Gamma", [(6, 0.5), (7, 2.0)])
def test_population_and_jblock_solvers_agree_at_zero_field(N, Gamma):
    # h = 0 goes to the population solve (q conserved); a field of 1e-7 to the graded GMRES on the whole J-block
    # vector. Observables are analytic in h, so they differ by O(h²) = 1e-14, and GMRES stops at a relative
    # residual of 1e-9: 1e-8 on observables.
    a = lmg.finite_n(N, 0.0, Gamma)
    b = lmg.finite_n(N, 1e-7, Gamma)
    assert a.solver == "permqs:q-block-lu" and b.solver == "permqs:graded-gmres"
    for key in ("m_z", "S_T", "S_i", "I_M"):
        assert getattr(a, key) == pytest.approx(getattr(b, key), abs=1e-8)
    assert a.residual < 1e-10 and b.residual < 1e-9


def test_large_n_at_zero_field_uses_the_populations_alone():
    p = lmg.finite_n(800, 0.0, 2.0)
    assert p.solver == "permqs:q-block-lu" and p.residual < 1e-10
    assert p.m_z == pytest.approx(0.50125, abs=1e-5)  # README benchmark table: 0.5012500 at N = 800, Γ = 2γ


def test_limit_mmi_equals_eq18_at_zero_field():
    assert lmg.limit_mmi(0.0, 2.0) == pytest.approx(closed_form_mmi_h0(2.0, 1.0), abs=1e-8)
    assert lmg.limit_mmi(0.0, 0.5) == 0.0


def test_bad_solver_is_refused():
    with pytest.raises(ValueError, match="solver"):
        lmg.finite_n(4, 0.5, 1.0, solver="magic")
