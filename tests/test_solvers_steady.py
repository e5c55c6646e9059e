"""The shared graded steady-state solver (permqs.solvers) on problems given as matrices, in the three shapes the
representations use: complex unknowns with partners (J blocks), complex pairs inside grade 0 (several ensembles:
q1 + q2 = 0 with q1 ≠ 0), and a real Hermitian basis (qudit sectors). The reference is a dense solve of the same
generator with the trace condition (exact up to round-off, so 1e-10)."""
import numpy as np
import pytest
import scipy.sparse as sp

from permqs.dicke import jblock_problem
from permqs.errors import ConvergenceError, MemoryLimitError
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.solvers import CONVERGED, GradedProblem, steady_state

LMG = lmg_model(LMGParameters(J=3.0, h=0.7, Gamma=2.0, gamma=1.0))


def dense_steady(L: np.ndarray, trace: np.ndarray) -> np.ndarray:
    """Null vector of L with trace·x = 1, by least squares on [L; trace]."""
    A = np.vstack([L, trace[None, :]])
    b = np.zeros(A.shape[0], dtype=A.dtype)
    b[-1] = 1.0
    return np.linalg.lstsq(A, b, rcond=None)[0]


def reference(N: int):
    p = jblock_problem(LMG, N)
    L = p.matrix().toarray()
    return p, L, dense_steady(L, p.trace)


@pytest.mark.parametrize("N", [3, 6])
def test_matrix_problem_matches_dense_solve(N):
    p, L, x_ref = reference(N)
    problem = GradedProblem.from_matrix(sp.csr_matrix(L), grade=p.grade, reach=p.reach, partner=p.partner,
                                        trace=p.trace, anchor=p.anchor, name="lmg-matrix")
    problem.check_structure()
    res = steady_state(problem, tol=1e-11)
    assert res.status == CONVERGED and res.success and res.method == "graded-gmres"
    np.testing.assert_allclose(res.x, x_ref, atol=1e-10)


def test_complex_pairs_in_grade_zero():
    # grade sign(q)·(|q| // 2): the coherences q = ±1 become a complex pair of grade 0 beside the populations.
    p, L, x_ref = reference(6)
    q = p.grade
    grade = np.sign(q) * (np.abs(q) // 2)
    problem = GradedProblem.from_matrix(sp.csr_matrix(L), grade=grade, reach=1, partner=p.partner, trace=p.trace,
                                        anchor=p.anchor, name="pairs-in-grade-0")
    problem.check_structure()
    res = steady_state(problem, tol=1e-11)
    assert res.success
    np.testing.assert_allclose(res.x, x_ref, atol=1e-10)


def test_real_hermitian_basis():
    # Coordinates r = (Re x_i, Im x_i) for each representative, x_i for populations: 𝓛 is real there
    # (it maps Hermitian operators to Hermitian ones), every unknown is its own partner, grade |q|.
    p, L, x_ref = reference(5)
    n, q, partner = p.n, p.grade, p.partner
    reps = np.flatnonzero(q > 0)
    pops = np.flatnonzero(q == 0)
    # x = T r: column a of T is the operator of real coordinate a.
    T = np.zeros((n, n), dtype=complex)
    T[pops, np.arange(pops.size)] = 1
    a = pops.size + 2 * np.arange(reps.size)
    T[reps, a], T[partner[reps], a] = 1, 1
    T[reps, a + 1], T[partner[reps], a + 1] = 1j, -1j
    Lr = np.linalg.solve(T, L @ T)
    assert np.abs(Lr.imag).max() < 1e-12
    grade_r = np.abs(q[np.concatenate([pops, np.repeat(reps, 2)])])
    trace_r = np.concatenate([np.ones(pops.size), np.zeros(2 * reps.size)])
    anchor = int(np.flatnonzero(pops == p.anchor)[0])
    problem = GradedProblem.from_matrix(sp.csr_matrix(Lr.real), grade=grade_r, reach=1, partner=np.arange(n),
                                        trace=trace_r, anchor=anchor, name="real-basis")
    problem.check_structure()
    res = steady_state(problem, tol=1e-11)
    assert res.success
    np.testing.assert_allclose(T @ res.x, x_ref, atol=1e-10)


def test_failure_is_a_status_not_an_exception_and_the_edge_raises():
    problem = jblock_problem(LMG, 12)
    res = steady_state(problem, tol=1e-30, maxiter=2)
    assert not res.success and res.status == 1 and "not converged" in res.message and res.residual > 1e-30
    with pytest.raises(ConvergenceError, match="residual") as info:
        res.raise_for_status()
    assert info.value.result is res and info.value.iterations == res.iterations


def test_memory_guard_refuses_before_work():
    with pytest.raises(MemoryLimitError, match="needs about"):
        steady_state(jblock_problem(LMG, 60), memory_limit=2**20)


def test_structure_check_catches_a_wrong_reach():
    p, L, _ = reference(4)
    bad = GradedProblem.from_matrix(sp.csr_matrix(L), grade=p.grade, reach=0, partner=p.partner, trace=p.trace,
                                    anchor=p.anchor)
    with pytest.raises(AssertionError, match="reach"):
        bad.check_structure()


def test_collective_only_models_are_refused_by_the_j_block_solver():
    from permqs.dicke import steady_state as jblock_steady_state
    from permqs.errors import ModelError
    from permqs.model import Model, collective_jump, term
    from permqs.operators import SIGMA_MINUS, SIGMA_X
    model = Model(d=2, hamiltonian=(term(1.0, SIGMA_X),), collective=(collective_jump(1.0, SIGMA_MINUS),),
                  name="btc")
    with pytest.raises(ModelError, match="not unique"):
        jblock_steady_state(model, 6)


def test_modulated_problems_have_no_steady_state():
    from permqs.errors import ModelError
    from permqs.model import LocalJump, Model, term
    from permqs.models.time_crystal import square_wave
    from permqs.operators import SIGMA_MINUS, SIGMA_X
    model = Model(d=2, hamiltonian=(term(1.0, SIGMA_X, modulation=square_wave(2.0)),),
                  local=(LocalJump(1.0, SIGMA_MINUS),), name="kicked")
    problem = jblock_problem(model, 4)
    assert len(problem.modulations) == 1 and problem.reach == 1
    with pytest.raises(ModelError, match="time-periodic"):
        steady_state(problem)
