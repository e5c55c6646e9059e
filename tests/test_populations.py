"""Populations as the q = 0 block of the J-block generator, for any q-conserving spin-1/2 model
(permqs.dicke.rate_equations.population_steady_state), against the full J-block generator and its steady state.

Tolerances: W is the same sum of stencil products as the rows of 𝓛, added in another order (agreement to
round-off, checked at 1e-13 of the largest rate). The steady states are a direct solve (residual ~1e-15) and
the graded GMRES solve at tol 1e-12 (condition number ≲ 1e2 at these N), so they agree to ~1e-12; we check 1e-10.
"""
import numpy as np
import pytest

from permqs.dicke import DickeBasis, liouvillian, observables, steady_state
from permqs.dicke.rate_equations import (DiagonalLadder, conserves_coherence_order, population_generator,
                                         population_steady_state)
from permqs.errors import ConvergenceError, ModelError
from permqs.model import LocalJump, Model, collective_jump, term
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
from permqs.operators import SIGMA_MINUS, SIGMA_PLUS, SIGMA_X, SIGMA_Z
from permqs.dicke.observables import population_entropy, population_magnetization_z

# Not LMG: local σ_z dephasing, local pumping and decay, collective decay and dephasing, V_z and V_z²
# Hamiltonian terms. Every term keeps q = m - m'; the local rates make the steady state unique.
DEPHASING = Model(d=2, hamiltonian=(term(0.8, SIGMA_Z, SIGMA_Z), term(0.3, SIGMA_Z)),
                  collective=(collective_jump(1.3, SIGMA_MINUS), collective_jump(0.4, SIGMA_Z)),
                  local=(LocalJump(0.7, SIGMA_Z), LocalJump(0.9, SIGMA_PLUS), LocalJump(0.2, SIGMA_MINUS)),
                  name="dephasing")
LMG0 = lmg_model(LMGParameters(J=3.0, h=0.0, Gamma=2.0, gamma=1.0))


def _q0_block(model: Model, N: int) -> np.ndarray:
    """Rows and columns ρ_{J,m,m} of the J-block Liouvillian (the row generator), in DiagonalLadder order."""
    L = liouvillian(model, N)
    basis = DickeBasis(N)
    d = basis.diagonal
    J, m, _ = basis.labels
    order = np.argsort(DiagonalLadder.build(N).index(J[d], m[d]))
    rows = L[d[order]]
    # q-conserving: population rows reach population columns only.
    assert abs(rows[:, np.setdiff1d(np.arange(basis.size), d)]).max() == 0
    return rows[:, d[order]].toarray()


@pytest.mark.parametrize("model", [LMG0, DEPHASING], ids=["lmg", "dephasing"])
@pytest.mark.parametrize("N", [5, 8, 20, 21])
def test_population_generator_is_the_q0_block_of_the_liouvillian(model, N):
    _, W = population_generator(model, N)
    ref = _q0_block(model, N)
    assert np.abs(ref.imag).max() <= 1e-13 * np.abs(ref).max()
    np.testing.assert_allclose(W.toarray(), ref.real, rtol=0, atol=1e-13 * np.abs(ref).max())


@pytest.mark.parametrize("N", [6, 11, 30])
def test_steady_state_of_a_non_lmg_model_equals_the_jblock_solve(N):
    pops = population_steady_state(DEPHASING, N, with_state=True)
    full = steady_state(DEPHASING, N, tol=1e-12)
    assert pops.state.N == N and np.array_equal(pops.state.vector, pops.dicke_state().vector)
    assert pops.success and pops.status == 0 and pops.method == "q-block-lu" and "converged" in pops.message
    assert pops.residual <= 1e-13 and pops.populations.min() >= 0
    # The J-block solution has no coherences; its populations are ours.
    np.testing.assert_allclose(pops.dicke_state().vector, full.state.vector, rtol=0, atol=1e-10)
    a, b = observables(pops.dicke_state()), observables(full.state)
    assert a.m_z == pytest.approx(b.m_z, abs=1e-10) and a.S_T == pytest.approx(b.S_T, abs=1e-10)
    assert population_magnetization_z(pops) == pytest.approx(a.m_z, abs=1e-12)
    assert population_entropy(pops) == pytest.approx(a.S_T, abs=1e-10)


@pytest.mark.parametrize("N", [600, 601])
def test_truncated_domain_of_a_non_lmg_model_matches_the_full_grid(N):
    # The domain prediction and the reference state use no model-specific knowledge.
    full = population_steady_state(DEPHASING, N, cutoff=0.0)
    cut = population_steady_state(DEPHASING, N)
    assert cut.support < full.populations.size
    assert np.abs(cut.p - full.p).max() <= 1e-13 * full.p.max()
    assert population_entropy(cut) == pytest.approx(population_entropy(full), abs=1e-10)


def test_which_models_conserve_q():
    assert conserves_coherence_order(LMG0, 40) and conserves_coherence_order(DEPHASING, 40)
    with_field = lmg_model(LMGParameters(h=0.1))
    assert not conserves_coherence_order(with_field, 40)
    assert not conserves_coherence_order(qudit_lmg_model(QuditLMGParameters(d=3)), 4)
    with pytest.raises(ModelError, match="coherence order"):
        population_steady_state(with_field, 20)
    with pytest.raises(ModelError, match="d=3"):
        population_steady_state(qudit_lmg_model(QuditLMGParameters(d=3)), 4)
    # V_x² alone moves q by 2 (no V_y² to cancel it).
    assert not conserves_coherence_order(Model(d=2, hamiltonian=(term(1.0, SIGMA_X, SIGMA_X),)), 40)


def test_non_unique_steady_state_is_a_breakdown():
    # Collective decay alone conserves J: one stationary state per J block.
    model = Model(d=2, collective=(collective_jump(1.0, SIGMA_MINUS),), name="collective-decay")
    with pytest.raises(ConvergenceError, match="not unique"):
        population_steady_state(model, 10)
    result = population_steady_state(model, 10, raise_on_failure=False)
    assert not result.success and result.status == 2


def test_failure_is_reported_in_the_result():
    result = population_steady_state(DEPHASING, 40, tol=1e-30, raise_on_failure=False)
    assert result.status == 1 and not result.success and "above tol" in result.message
    assert 0 < result.residual < 1e-12 and result.iterations == 1
    with pytest.raises(ConvergenceError) as info:
        population_steady_state(DEPHASING, 40, tol=1e-30)
    assert info.value.result.populations.sum() == pytest.approx(1.0)
