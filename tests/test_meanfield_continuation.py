"""The continuation engine (permqs.meanfield.continuation) on normal forms whose bifurcations are known exactly,
its affine fast path against finite differences, and failures that raise instead of passing for a verdict."""
import numpy as np
import pytest

from permqs.errors import ContinuationError, ConvergenceError, IntegrationError, ModelError
from permqs.meanfield import continuation as C
from permqs.models.lmg import LMGParameters, lmg_model


def saddle_node(extra_unstable: bool = False) -> C.Family:
    """x' = μ - x² (fold at μ = 0, x = 0); optionally with y' = y, so the fold is not a change of stability."""
    if not extra_unstable:
        return C.Family(lambda y, p: np.array([p - y[0] ** 2]), lambda y, p: np.array([[-2 * y[0]]]),
                        lambda y, p: np.array([1.0]))
    return C.Family(lambda y, p: np.array([p - y[0] ** 2, y[1]]), lambda y, p: np.array([[-2 * y[0], 0], [0, 1.0]]),
                    lambda y, p: np.array([1.0, 0.0]))


def hopf_normal_form(mu0: float = 0.3, omega: float = 2.0) -> C.Family:
    """z' = (μ - μ0 + iω) z - |z|² z in (x, y): the origin has eigenvalues μ - μ0 ± iω, a Hopf point at μ = μ0."""
    def g(y, p):
        r2 = y @ y
        return np.array([(p - mu0) * y[0] - omega * y[1] - r2 * y[0], omega * y[0] + (p - mu0) * y[1] - r2 * y[1]])

    def jac(y, p):
        x, z = y
        r2 = y @ y
        return np.array([[p - mu0 - r2 - 2 * x * x, -omega - 2 * x * z], [omega - 2 * x * z, p - mu0 - r2 - 2 * z * z]])

    return C.Family(g, jac, lambda y, p: y.copy())


def test_saddle_node_fold_is_located_exactly_and_the_branch_turns_back():
    b = C.continue_branch(saddle_node(), 1.0, -1.0, np.array([1.0]))
    (fold,) = b.bifurcations
    assert fold.kind == "fold" and abs(fold.param) < 1e-12 and abs(fold.y[0]) < 1e-6 and abs(fold.eigenvalue) < 1e-6
    # around the fold to the lower branch x = -√μ and back to μ = 1, where it ends ("returned"), every point on x² = μ
    assert b.status == "returned" and b.success and b.params[-1] == pytest.approx(1.0, abs=1e-14)
    assert b.states[-1, 0] == pytest.approx(-1.0, abs=1e-10)
    np.testing.assert_allclose(b.states[:, 0] ** 2, b.params, atol=1e-10)
    assert np.all(b.stable == (b.states[:, 0] > 0)) and b.residual < C.RESIDUAL_TOL
    assert b.method == "pseudo_arclength" and b.iterations >= len(b.params) and b.stats["derivative"] == "exact"


def test_fold_without_a_change_of_stability_is_found():
    """A leading-eigenvalue test misses this fold: y' = y keeps every point unstable."""
    b = C.continue_branch(saddle_node(extra_unstable=True), 1.0, -1.0, np.array([1.0, 0.0]))
    assert [f.kind for f in b.bifurcations] == ["fold"] and abs(b.bifurcations[0].param) < 1e-12
    assert not b.stable.any()


def test_hopf_point_of_the_normal_form():
    b = C.continue_branch(hopf_normal_form(0.3, 2.0), -1.0, 1.0, np.zeros(2))
    (hopf,) = b.bifurcations
    assert hopf.kind == "hopf" and hopf.param == pytest.approx(0.3, abs=1e-12)
    assert hopf.eigenvalue == pytest.approx(2.0j, abs=1e-10)
    assert b.status == "reached_end" and b.params[-1] == 1.0
    assert np.all(b.stable == (b.params < 0.3))
    # stop_on ends the branch at the bifurcation itself
    s = C.continue_branch(hopf_normal_form(0.3, 2.0), -1.0, 1.0, np.zeros(2), stop_on=("hopf",))
    assert s.status == "bifurcation" and s.params[-1] == pytest.approx(0.3, abs=1e-12)
    assert "hopf" in s.message


def test_transcritical_branch_point_and_no_neutral_saddle():
    # x' = μx - x² along x = 0: a real eigenvalue μ crosses zero without a fold
    tc = C.Family(lambda y, p: np.array([p * y[0] - y[0] ** 2]), lambda y, p: np.array([[p - 2 * y[0]]]),
                  lambda y, p: y.copy())
    b = C.continue_branch(tc, -1.0, 1.0, np.array([0.0]))
    assert [(f.kind, round(f.param, 12)) for f in b.bifurcations] == [("branch_point", 0.0)]
    # eigenvalues 1 and μ - 2 (real): λ1 + λ2 = 0 at μ = 1 flips the Hopf test function, but it is no bifurcation
    ns = C.Family(lambda y, p: np.array([y[0], (p - 2) * y[1]]), lambda y, p: np.array([[1.0, 0], [0, p - 2]]),
                  lambda y, p: np.array([0.0, y[1]]))
    assert C.continue_branch(ns, 0.5, 1.5, np.zeros(2)).bifurcations == ()


def lmg_builder(h: float):
    return lambda Gamma: lmg_model(LMGParameters(J=3.0, h=h, Gamma=Gamma, gamma=1.0))


def test_affine_fast_path_equals_finite_differences():
    """paper 000 Eq. 16 is affine in Γ: two drifts give g and ∂g/∂Γ exactly; rebuilding the model per Γ with a
    central difference must give the same branch and the same Hopf point (1.0288 at h = 0.5γ)."""
    affine = C.model_family(lmg_builder(0.5), 0.5, 2.0)
    fd = C.model_family(lmg_builder(0.5), 0.5, 2.0, affine=False)
    assert (affine.derivative, fd.derivative) == ("affine", "finite_difference")
    y = np.array([0.2, -0.1, 0.9])
    for p in (0.7, 1.3):
        np.testing.assert_allclose(affine.drift(y, p), fd.drift(y, p), atol=1e-14)
        np.testing.assert_allclose(affine.jacobian(y, p), fd.jacobian(y, p), atol=1e-14)
        np.testing.assert_allclose(affine.d_drift_dp(y, p), fd.d_drift_dp(y, p), atol=1e-9)
    start = C.fixed_point_at(affine, np.array([0.1, 0.1, 0.99]), 0.5)
    a = C.continue_branch(affine, 0.5, 2.0, start, stop_on=("hopf",))
    f = C.continue_branch(fd, 0.5, 2.0, start, stop_on=("hopf",))
    assert a.bifurcations[-1].param == pytest.approx(f.bifurcations[-1].param, abs=1e-9)
    assert a.bifurcations[-1].param == pytest.approx(1.0288024, abs=1e-6)
    # a family that is not affine in its parameter is detected, and refused when affinity is required
    square = lambda s: lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=s * s, gamma=1.0))
    assert C.model_family(square, 0.8, 1.2).derivative == "finite_difference"
    with pytest.raises(ModelError, match="not affine"):
        C.model_family(square, 0.8, 1.2, affine=True)


def test_failures_raise_with_what_failed():
    # the step control gives up: ContinuationError with the partial branch, not a short branch passed as complete
    with pytest.raises(ContinuationError, match="step fell below") as err:
        C.continue_branch(saddle_node(), 1.0, -1.0, np.array([1.0]), step=0.5, max_step=0.5, min_step=0.4,
                          max_correction=1e-6)
    assert err.value.result.status == "step_underflow" and not err.value.result.success
    assert err.value.result.params[0] == 1.0
    with pytest.raises(ContinuationError, match="points used"):
        C.continue_branch(saddle_node(), 1.0, -1.0, np.array([1.0]), max_points=3)
    # no fixed point to start from (x' = μ - x² has none for μ < 0)
    with pytest.raises(ConvergenceError, match="no fixed point near y_start at p = -1"):
        C.continue_branch(saddle_node(), -1.0, -2.0, np.array([0.5]))
    # a branch table asked beyond where the branch exists
    b = C.continue_branch(saddle_node(), 1.0, 4.0, np.array([1.0]))
    np.testing.assert_allclose(C.states_on_branch(saddle_node(), b, [1.5, 3.9])[:, 0], np.sqrt([1.5, 3.9]), atol=1e-12)
    with pytest.raises(ValueError, match="outside the branch"):
        C.states_on_branch(saddle_node(), b, [4.5])
    with pytest.raises(ValueError, match="unknown bifurcation kinds"):
        C.continue_branch(saddle_node(), 1.0, 4.0, np.array([1.0]), stop_on=("cusp",))


def test_region_ends_the_branch():
    b = C.continue_branch(saddle_node(), 1.0, -1.0, np.array([1.0]), inside=lambda y, p: y[0] > 0.5)
    assert b.status == "left_region" and b.success and np.all(b.states[:, 0] > 0.5) and b.bifurcations == ()


def test_failed_integration_raises():
    from scipy.integrate import solve_ivp

    from permqs.meanfield.integrate import checked

    blowup = solve_ivp(lambda t, y: y**2, (0.0, 2.0), [1.0])  # y = 1/(1 - t) blows up at t = 1
    with pytest.raises(IntegrationError, match="blow-up test: solve_ivp stopped at t = "):
        checked(blowup, "blow-up test")


def test_conserved_quantity_fold_of_the_boundary_time_crystal():
    """Paper 002 Eq. 12 ((κ/S) D[S_-], κ = 1) conserves |m|: on |m| = 1 the fixed points m = (0, ω, ∓√(1 - ω²))
    (stable for m_z < 0) meet in a fold at ω = κ, the threshold of the time crystal."""
    from permqs.models.time_crystal import boundary_time_crystal

    fam = C.conserved_family(C.model_family(lambda w: boundary_time_crystal(w, 1.0), 0.3, 1.5),
                             lambda y: (np.array([y @ y - 1.0]), 2 * y[None, :]))
    start = C.fixed_point_at(fam, np.array([0.0, 0.3, -0.95, 0.0]), 0.3)
    b = C.continue_branch(fam, 0.3, 1.5, start)
    assert [(f.kind, f.param) for f in b.bifurcations] == [("fold", pytest.approx(1.0, abs=1e-12))]
    m, w = b.states[:, :3], b.params
    np.testing.assert_allclose(m[:, 1], w, atol=1e-10)
    np.testing.assert_allclose(np.abs(m[:, 2]), np.sqrt(1 - w**2), atol=1e-7)
    np.testing.assert_allclose(b.states[:, 3], 0.0, atol=1e-12)  # the multiplier of the unfolding vanishes
    assert np.all(b.stable == (m[:, 2] < -1e-9))  # two tangent-plane eigenvalues, not the conserved zero
    assert b.status == "returned"
