"""J-block engine against an independent brute-force steady state of the full 2^N Hilbert space.

The reference is the dense full-space oracle (permqs.dense, itself checked against qutip tensor
products in tests/test_dense.py) solved with qutip.steadystate(method="direct"); both solves are exact
up to round-off, so observables agree to ~1e-9 (we check 1e-9 absolute; the measured differences are ~1e-14).

The reference costs 4^N: N = 6 with the all-to-all LMG Hamiltonian already takes ~1 min of CPU, so
N = 6, 7 run only with ``-m slow``.
"""
import numpy as np
import pytest
import qutip

from permqs.dicke import (ConvergenceError, MemoryLimitError, SteadyStateSolver, observables, state_from_frame,
                          state_to_frame, steady_state)
from permqs.dicke.rate_equations import solve_rate_equations
from permqs.solvers import graded as graded_module
from permqs.solvers.resources import available_threads
from permqs.dense import DenseSystem
from permqs.model import LocalJump, Model, collective_jump, term
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.operators import IDENTITY_2, SIGMA_MINUS, SIGMA_PLUS, SIGMA_X, SIGMA_Y, SIGMA_Z
from permqs.dicke.observables import population_entropy, population_magnetization_z

TOL = 1e-9


def brute_force(model: Model, N: int) -> dict[str, float]:
    """m, S(ρ_T), S(ρ_i), I_M from the full 2^N density matrix (the dense oracle permqs.dense)."""
    system = DenseSystem(model, N)
    rho = qutip.steadystate(system.qutip_hamiltonian(), system.qutip_c_ops(), method="direct")
    m = [qutip.expect(system.qobj(system.collective(s)), rho) / N for s in (SIGMA_X, SIGMA_Y, SIGMA_Z)]
    S_T = qutip.entropy_vn(rho)
    S_i = qutip.entropy_vn(rho.ptrace(0))
    return {"m_x": m[0], "m_y": m[1], "m_z": m[2], "S_T": S_T, "S_i": S_i, "I_M": N * S_i - S_T}


LMG = lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=2.0, gamma=1.0))
# Local σ_- and σ_z jumps with a collective σ_x-type Hamiltonian (and a V_z V_z term).
MIXED = Model(d=2, hamiltonian=(term(0.7, SIGMA_X), term(0.3, SIGMA_Z, SIGMA_Z)),
              collective=(collective_jump(0.5, SIGMA_MINUS),),
              local=(LocalJump(0.8, SIGMA_MINUS), LocalJump(0.4, SIGMA_Z)), name="mixed")
# General local operators: mixtures of σ_±, σ_z with phases and an identity part.
GENERAL = Model(d=2, hamiltonian=(term(0.7, SIGMA_X), term(0.4, SIGMA_Y, SIGMA_Y)),
                collective=(collective_jump(0.5, SIGMA_MINUS + 0.3 * SIGMA_Z),),
                local=(LocalJump(0.8, SIGMA_MINUS + 0.5j * SIGMA_PLUS + 0.3 * SIGMA_Z + 0.4 * IDENTITY_2),
                       LocalJump(0.4, SIGMA_X + 0.2 * SIGMA_Y)), name="general")


def _check(model, N):
    res = steady_state(model, N, tol=1e-10)
    obs = observables(res.state)
    ref = brute_force(model, N)
    for key, value in ref.items():
        assert getattr(obs, key) == pytest.approx(value, abs=TOL), key
    # Conservation: unit trace (imposed exactly), Hermitian and positive blocks. Hermiticity is not
    # imposed, so an iterative solve with residual ≤ 1e-10 leaves anti-Hermitian errors ~1e-11.
    assert obs.trace == pytest.approx(1.0, abs=1e-12)
    assert obs.hermiticity_error < 1e-10
    assert obs.min_eigenvalue > -1e-10
    return res


SIZES = [2, 3, 4, 5, pytest.param(6, marks=pytest.mark.slow), pytest.param(7, marks=pytest.mark.slow)]


@pytest.mark.parametrize("N", SIZES)
def test_lmg_with_field_matches_brute_force(N):
    res = _check(LMG, N)
    assert res.method == "graded-gmres" and res.stats["colours"] == 2


@pytest.mark.parametrize("N", SIZES)
def test_local_decay_dephasing_model_matches_brute_force(N):
    _check(MIXED, N)


@pytest.mark.parametrize("N", [3, 4])
def test_general_local_operators_match_brute_force(N):
    # V_y² couples q to q ± 2: three colours in the Gauss-Seidel sweep (two for a field alone).
    assert _check(GENERAL, N).stats["colours"] == 3


@pytest.mark.parametrize("N", [4, 5])
def test_lmg_at_zero_field_matches_brute_force_and_rate_equations(N):
    model = lmg_model(LMGParameters(J=3.0, h=0.0, Gamma=2.0, gamma=1.0))
    res = _check(model, N)
    rates = solve_rate_equations(N, 2.0, 1.0)
    obs = observables(res.state)
    # Both are exact direct solves of the same populations: agreement to round-off (1e-10).
    assert obs.m_z == pytest.approx(population_magnetization_z(rates), abs=1e-10)
    assert obs.S_T == pytest.approx(population_entropy(rates), abs=1e-10)


@pytest.mark.parametrize("N", [40, 41])
def test_small_field_approaches_rate_equations(N):
    # h → 0: the steady state is analytic in h, so observables differ from the h = 0 rate-equation
    # solution by O(h²) ~ 1e-8 at h = 1e-4 (we allow 1e-6).
    model = lmg_model(LMGParameters(J=3.0, h=1e-4, Gamma=2.0, gamma=1.0))
    obs = observables(steady_state(model, N).state)
    rates = solve_rate_equations(N, 2.0, 1.0)
    assert obs.m_z == pytest.approx(population_magnetization_z(rates), abs=1e-6)
    assert obs.S_T == pytest.approx(population_entropy(rates), abs=1e-6)
    assert abs(obs.m_x) < 1e-3 and abs(obs.m_y) < 1e-3


def test_reused_factorization_and_warm_start_give_the_same_state():
    solver = SteadyStateSolver(tol=1e-10)
    first = solver.solve(LMG, 30)
    other = lmg_model(LMGParameters(J=3.0, h=0.6, Gamma=2.0, gamma=1.0))
    warm = solver.solve(other, 30, x0=first.state)
    cold = steady_state(other, 30, tol=1e-10)
    # Two converged solves (residual ≤ 1e-10, condition number ~1e3): states agree to ~1e-9.
    np.testing.assert_allclose(warm.state.vector, cold.state.vector, atol=1e-9)


def test_non_convergence_raises_with_residual_and_iterations():
    solver = SteadyStateSolver(tol=1e-30, maxiter=2)
    with pytest.raises(ConvergenceError, match=r"residual .* after \d+ iterations"):
        solver.solve(LMG, 20)


def test_memory_guard_refuses_with_sizes():
    with pytest.raises(MemoryLimitError, match=r"needs about .* GB, more than the limit of .* GB"):
        steady_state(LMG, 320, memory_limit=2**30)


def test_frame_round_trip_is_lossless():
    state = steady_state(LMG, 9).state
    frame = state_to_frame(state)
    assert list(frame.columns) == ["J", "m", "mp", "re", "im"]
    back = state_from_frame(frame.sample(frac=1.0, random_state=0))
    np.testing.assert_array_equal(back.vector, state.vector)


def test_unsupported_models_are_refused():
    with pytest.raises(ValueError, match="spins-1/2"):
        steady_state(Model(d=3), 4)


def test_concurrent_factorization_gives_the_same_state():
    # The colours are factored independently; threads only change who factors which.
    one, two = (steady_state(LMG, 20, threads=t) for t in (1, 2))
    np.testing.assert_array_equal(one.state.vector, two.state.vector)


@pytest.mark.parametrize("model", [LMG, GENERAL], ids=["2-colour", "3-colour"])
def test_factorization_per_q_block_matches_brute_force(model, monkeypatch):
    # From N ~ 80 on, each colour is factored in chunks of whole q-blocks (at least CHUNK unknowns);
    # CHUNK = 1 gives one LU per q-block already at N = 5.
    monkeypatch.setattr(graded_module, "CHUNK", 1)
    solver = SteadyStateSolver(tol=1e-10)
    res = solver.solve(model, 5)
    ref = brute_force(model, 5)
    obs = observables(res.state)
    for key, value in ref.items():
        assert getattr(obs, key) == pytest.approx(value, abs=TOL), key
    pre = solver._solver._preconditioner
    qb = set(pre.layout.qb.tolist())
    for (s, e), chunks in zip(pre.groups, pre.chunks):
        assert chunks[0][0] == s and chunks[-1][1] == e
        assert all(b == a2 for (_, b), (a2, _) in zip(chunks, chunks[1:]))  # contiguous, no gaps
        assert {a for a, _ in chunks} <= qb and len(chunks) == len([b for b in qb if s <= b < e])


def test_available_threads_follows_omp_num_threads(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert available_threads() == 1
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert available_threads() >= 1


def test_strong_field_converges_with_a_long_krylov_cycle():
    # h = 4γ couples the q-blocks strongly: restarting every 50 vectors stalls, the default cycle
    # (as long as memory allows) converges.
    strong = lmg_model(LMGParameters(J=3.0, h=4.0, Gamma=2.0, gamma=1.0))
    with pytest.raises(ConvergenceError):
        SteadyStateSolver(restart=50).solve(strong, 40)
    res = steady_state(strong, 40)
    assert res.residual <= 1e-9 and res.iterations < 300
