"""Paper 003 acceptance tests: g_crit and Eq. 12 against the stationary states of the generic drift (Fig. 3)."""
import numpy as np
import pytest

from permqs.analysis.paper003 import (
    critical_g0, eq12_occupation, eq12_overlap, numerical_critical_g0, s28_literal_overlap, stationary_point,
)
from permqs.models.pattern_retrieval import fig3_parameters

#: g_crit of Fig. 3 (Ω = 0.5, Ω_μ = Ω(μ+2), κ = 1) from the formula after Eq. 12, written out by hand
G_CRIT = [np.sqrt(0.5 * (1 / 3) * 2.5), np.sqrt(0.5 * 0.25 * 4.25), np.sqrt(0.5 * 0.2 * 6.5), np.sqrt(0.5 * (1 / 6) * 9.25)]


@pytest.mark.parametrize("nu", range(4))
def test_critical_coupling_from_linear_stability(nu):
    """g_crit (text after Eq. 12) equals the g0 where the normal state of the drift turns unstable; tol 1e-9."""
    p = fig3_parameters(1.0)
    assert critical_g0(p, nu) == pytest.approx(G_CRIT[nu], abs=1e-14)
    assert numerical_critical_g0(p, nu) == pytest.approx(G_CRIT[nu], abs=1e-9)


@pytest.mark.parametrize("g0, nu", [(0.5, 0), (0.7, 0), (0.9, 3), (1.2, 1), (1.6, 2)])
def test_stationary_state_follows_eq12(g0, nu):
    """Fig. 3: circles on the lines. The stationary state from ξ_ν = 1 has |ξ_ν| of Eq. 12 (tol 1e-9), the
    occupation of mode ν of the supplement's α_ν, and no overlap with the other patterns."""
    p = fig3_parameters(g0)
    sp = stationary_point(p, nu)
    assert sp.residual < 1e-12 and sp.max_re_manifold < 0
    assert abs(sp.overlaps[nu]) == pytest.approx(eq12_overlap(p, nu), abs=1e-9)
    assert sp.occupations[nu] == pytest.approx(eq12_occupation(p, nu), abs=1e-9)
    assert np.abs(np.delete(sp.overlaps, nu)).max() < 1e-12


def test_integration_supports_eq12_not_s28_as_printed():
    """Eq. S28 as printed (x = ±√(s² − |z|)) would give |z| = 1 − x²; the dynamics give |z| = √(1 − x²) (Eq. 12)."""
    p = fig3_parameters(0.8)
    z = abs(stationary_point(p, 0).overlaps[0])
    assert z == pytest.approx(eq12_overlap(p, 0), abs=1e-9)
    assert abs(z - s28_literal_overlap(p, 0)) > 0.1


def test_retrieved_state_has_no_growing_direction_far_above_threshold():
    """Above every g_crit the state retrieved from ξ_ν = 1 is not unstable in the full 32-dimensional drift
    (conserved spin lengths and undamped precession give Re λ = 0)."""
    sp = stationary_point(fig3_parameters(1.4), 3)
    assert sp.max_re < 1e-9 and sp.is_stable()


@pytest.mark.slow
def test_stationary_states_on_the_paper_grid():
    worst = 0.0
    for g0 in np.linspace(0.3, 3.0, 28):
        p = fig3_parameters(g0)
        for nu in range(4):
            worst = max(worst, abs(abs(stationary_point(p, nu).overlaps[nu]) - eq12_overlap(p, nu)))
    assert worst < 1e-9
