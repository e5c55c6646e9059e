"""h = 0 rate equations (paper 000 Eqs. A11-A13) against an independent brute-force steady state of
the full 2^N Hilbert space, plus the properties of the large-N solver (truncated domain, Eq. 18 limit).

Reference: the dense full-space oracle (permqs.dense, checked against qutip tensor products of single-site
σ operators in tests/test_dense.py) builds H = 𝒥/(4N)(V_x V_x + V_y V_y) (Eq. 15, h = 0) and the
Liouvillian of Eq. 14. At h = 0 the Liouvillian commutes with the U(1)
rotation about z, so the (unique) steady state only has elements |a⟩⟨b| with equal σ_z sums; the
direct solve is done in that invariant subspace (C(2N, N) unknowns instead of 4^N: 924 at N = 6,
3432 at N = 7) and its residual is checked with the full Liouvillian, which validates the
restriction (it is also compared with qutip.steadystate(method="direct") at small N).
"""
import numpy as np
import pytest
import qutip
from threadpoolctl import threadpool_limits

import permqs.dicke.rate_equations as rate_equations
from permqs.dicke.rate_equations import ConvergenceError, population_generator, rate_matrix, solve_rate_equations
from permqs.dense import DenseSystem
from permqs.information import binary_entropy
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.operators import SIGMA_Z
from permqs.dicke.observables import population_entropy, population_magnetization_z

# Both sides are direct solves of well-conditioned systems (observed differences ≤ 1e-13); the
# entropies also carry the brute-force round-off eigenvalues (|λ| ~ 1e-16, |λ ln λ| ≲ 1e-14).
TOL = 1e-10
GAMMA = 1.0     # local pumping rate γ (the unit of rates)


def _system(N: int, Gamma: float, coupling: float = 3.0) -> DenseSystem:
    return DenseSystem(lmg_model(LMGParameters(J=coupling, h=0.0, Gamma=Gamma, gamma=GAMMA)), N)


def _brute_force(N: int, Gamma: float) -> qutip.Qobj:
    """Steady state of Eq. 14 (h = 0) on the full 2^N space, solved in its U(1)-invariant subspace."""
    system = _system(N, Gamma)
    Vz = system.collective(SIGMA_Z).diagonal().real
    with threadpool_limits(1):      # BLAS threads only contend on a busy 2-core machine
        # tol: ||𝓛 vec(ρ)|| / ||vec(ρ)|| with the full Liouvillian (≥ the absolute norm, as ||vec(ρ)|| ≤ Tr ρ = 1).
        res = system.steady_state(charge=Vz, tol=1e-12)
    return system.qobj(res.state)


def _observables(rho: qutip.Qobj, N: int) -> dict[str, float]:
    system = DenseSystem(lmg_model(LMGParameters()), N)
    mz = qutip.expect(system.qobj(system.collective(SIGMA_Z)), rho) / N
    S_T = qutip.entropy_vn(rho)
    return {"m_z": mz, "S_T": S_T, "I_M": N * qutip.entropy_vn(rho.ptrace(0)) - S_T}


def _rate_observables(N: int, Gamma: float, **kw) -> dict[str, float]:
    res = solve_rate_equations(N, Gamma, GAMMA, **kw)
    mz, S_T = population_magnetization_z(res), population_entropy(res)
    # ρ_i from Eq. A9 with ⟨m_x⟩ = ⟨m_y⟩ = 0: S(ρ_i) = b(m_z); I_M from Eq. 7.
    return {"m_z": mz, "S_T": S_T, "I_M": N * float(binary_entropy(mz)) - S_T}


def test_brute_force_helper_matches_qutip_steadystate():
    system = _system(4, 2.0)
    ref = qutip.steadystate(system.qutip_hamiltonian(), system.qutip_c_ops(), method="direct")
    assert (_brute_force(4, 2.0) - ref).norm() < 1e-12


@pytest.mark.parametrize("N", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("Gamma", [0.0, 0.5, 1.0, 2.0, 5.0])
def test_rate_equations_match_brute_force(N, Gamma):
    ref = _observables(_brute_force(N, Gamma), N)
    ours = _rate_observables(N, Gamma)
    for key, value in ref.items():
        assert ours[key] == pytest.approx(value, abs=TOL), key


@pytest.mark.slow
@pytest.mark.parametrize("Gamma", [0.5, 2.0])
def test_rate_equations_match_brute_force_N7(Gamma):
    # 3432 unknowns whose LU is nearly dense: ~15 s each.
    ref = _observables(_brute_force(7, Gamma), 7)
    ours = _rate_observables(7, Gamma)
    for key, value in ref.items():
        assert ours[key] == pytest.approx(value, abs=TOL), key


def _generator_from_eq_A11(N: int, Gamma: float, gamma: float) -> np.ndarray:
    """Dense W written row by row in the target coordinates of Eqs. A11-A12 (independent transcription)."""
    states = [(N / 2 - k, -(N / 2 - k) + i) for k in range(N // 2 + 1) for i in range(int(2 * (N / 2 - k)) + 1)]
    index = {s: n for n, s in enumerate(states)}
    W = np.zeros((len(states), len(states)))
    h = N / 2
    for (J, Jz), row in index.items():
        W[row, row] = -(Gamma / N * (1 + J - Jz) * (J + Jz) + gamma * (h - Jz))                            # C1
        terms = {(J, Jz + 1): Gamma / N * (J - Jz) * (J + Jz + 1),                                         # C2
                 (J + 1, Jz - 1): gamma * (J - Jz + 1) * (J - Jz + 2) * (h + J + 2) / (2 * (J + 1) * (2 * J + 3)),
                 (J, Jz - 1): gamma * (J - Jz + 1) * (J + Jz) * (h + 1) / (2 * J * (J + 1)) if J > 0 else 0.0,
                 (J - 1, Jz - 1): gamma * (J + Jz - 1) * (J + Jz) * (h - J + 1) / (2 * J * (2 * J - 1)) if J > 0.5 else 0.0}
        for source, rate in terms.items():
            if source in index:
                W[row, index[source]] += rate
    return W


@pytest.mark.parametrize("N", [1, 2, 5, 6, 8, 9, 20])
def test_generator_is_eqs_A11_A12(N):
    # W is read from the J-block stencil of the model (no LMG formula in the library); the exchange 𝒥 is
    # diagonal in the Dicke basis and drops out (N = 20 > _CHECK_N: the Hamiltonian is left out of the stencil).
    expected = _generator_from_eq_A11(N, 1.7, 0.6)
    for W in (rate_matrix(N, 1.7, 0.6)[1],
              population_generator(lmg_model(LMGParameters(J=3.0, h=0.0, Gamma=1.7, gamma=0.6)), N)[1]):
        W = W.toarray()
        np.testing.assert_allclose(W, expected, rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose(W.sum(axis=0), 0.0, atol=1e-12)          # probability is conserved


@pytest.mark.parametrize("Gamma", [0.0, 0.5, 1.0, 1.1, 2.0, 5.0])
def test_normalized_nonnegative_and_converged(Gamma):
    res = solve_rate_equations(600, Gamma, GAMMA)
    assert res.p.sum() == pytest.approx(1.0, abs=1e-12)
    assert res.p.min() >= 0.0
    assert res.residual <= 1e-10
    # The reported residual is that of the full generator (equal up to the round-off of W p itself).
    _, W = rate_matrix(600, Gamma, GAMMA)
    assert np.linalg.norm(W @ res.p) / np.linalg.norm(res.p) == pytest.approx(res.residual, rel=0.5, abs=1e-15)


def test_gamma_zero_is_fully_polarized():
    res = solve_rate_equations(1600, 0.0, GAMMA)
    # Pumping only: the fully polarized state (J = J_z = N/2) absorbs everything.
    assert res.support == 1
    assert res.p[(res.J == 800) & (res.Jz == 800)] == 1.0
    assert population_magnetization_z(res) == 1.0 and population_entropy(res) == 0.0


@pytest.mark.parametrize("N, Gamma", [(501, 0.5), (600, 1.0), (600, 2.0), (601, 5.0)])
def test_truncated_domain_matches_full_grid(N, Gamma):
    # States below cutoff × max p are dropped; what is kept must agree with the whole-grid solve to
    # round-off (the neglected mass is < 1e-20 per state), and so must the observables.
    full = solve_rate_equations(N, Gamma, GAMMA, cutoff=0.0)
    cut = solve_rate_equations(N, Gamma, GAMMA)
    assert cut.support < full.p.size
    assert np.abs(cut.p - full.p).max() <= 1e-13 * full.p.max()
    assert population_magnetization_z(cut) == pytest.approx(population_magnetization_z(full), abs=1e-12)
    assert population_entropy(cut) == pytest.approx(population_entropy(full), abs=1e-10)
    assert full.p[cut.p == 0].max() <= 1e-18 * full.p.max()


def test_domain_grows_when_prediction_is_too_small(monkeypatch):
    # A negative margin predicts a domain that cuts through populations above the cutoff.
    monkeypatch.setattr(rate_equations, "_PREDICTION_SLACK", -25.0)
    grown = solve_rate_equations(600, 2.0, GAMMA)
    monkeypatch.undo()
    assert grown.iterations > 1
    full = solve_rate_equations(600, 2.0, GAMMA, cutoff=0.0)
    assert np.abs(grown.p - full.p).max() <= 1e-13 * full.p.max()


def test_large_N_approaches_eq_18():
    # Γ > γ: limit cycle with m_z = γ/Γ, m_xy = √(2γ(Γ-γ))/Γ (Eq. 17) and I_M/N → Eq. 18; the
    # finite-N corrections are O(1/N), so they halve with each doubling of N.
    for Gamma in (2.0, 5.0):
        mz_lc, mxy_lc = GAMMA / Gamma, np.sqrt(2 * GAMMA * (Gamma - GAMMA)) / Gamma
        limit = binary_entropy(mz_lc) - binary_entropy(np.hypot(mz_lc, mxy_lc))
        errors = []
        for N in (200, 400, 800):
            obs = _rate_observables(N, Gamma)
            assert N * (obs["m_z"] - mz_lc) == pytest.approx(1.0, abs=0.01)
            errors.append(limit - obs["I_M"] / N)
        assert errors[0] > errors[1] > errors[2] > 0
        assert 0.4 < errors[2] / errors[1] < 0.6 and 0.4 < errors[1] / errors[0] < 0.6
    # Γ < γ: fixed point m_z = 1, I_M/N → 0.
    obs = [_rate_observables(N, 0.5) for N in (200, 400, 800)]
    assert 1 - obs[0]["m_z"] > 1 - obs[1]["m_z"] > 1 - obs[2]["m_z"] > 0
    assert obs[0]["I_M"] / 200 > obs[1]["I_M"] / 400 > obs[2]["I_M"] / 800 > 0


def test_unreachable_tolerance_raises():
    with pytest.raises(ConvergenceError) as info:
        solve_rate_equations(40, 2.0, GAMMA, tol=1e-30)
    assert info.value.residual > 1e-30 and info.value.iterations == 1


@pytest.mark.parametrize("args", [dict(Gamma=-1.0, gamma=1.0), dict(Gamma=1.0, gamma=0.0),
                                  dict(Gamma=1.0, gamma=1.0, cutoff=1.0)])
def test_invalid_arguments(args):
    with pytest.raises(ValueError):
        solve_rate_equations(10, **args)


@pytest.mark.slow
@pytest.mark.parametrize("Gamma", [0.5, 2.0, 5.0])
def test_truncated_domain_matches_full_grid_N1600(Gamma):
    full = solve_rate_equations(1600, Gamma, GAMMA, cutoff=0.0)
    cut = solve_rate_equations(1600, Gamma, GAMMA)
    assert np.abs(cut.p - full.p).max() <= 1e-13 * full.p.max()
    assert population_entropy(cut) == pytest.approx(population_entropy(full), abs=1e-9)
