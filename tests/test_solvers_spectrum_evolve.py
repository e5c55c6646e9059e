"""Spectrum, evolution and Floquet multipliers of the shared solver layer, on the spin-1/2 J-block representation,
against independent references: the dense eigenvalues of the same reduced generator, the full 2^N Liouvillian of
permqs.dense restricted to permutation-invariant operators, and qutip.mesolve on 2^N (static and periodically
modulated)."""
import itertools

import numpy as np
import pytest
import qutip
import scipy.linalg as la

from permqs.dense import dense_system
from permqs.dicke import DickeState, jblock_problem, observables
from permqs.errors import ModelError, SpectrumError
from permqs.model import LocalJump, Model, collective_jump, term
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.models.time_crystal import square_wave
from permqs.operators import SIGMA_MINUS, SIGMA_PLUS, SIGMA_X, SIGMA_Z
from permqs.solvers import CONVERGED, UNRELIABLE, evolve, floquet_multipliers, gap, spectrum

LMG = lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=2.0, gamma=1.0))
KICKED = Model(d=2, hamiltonian=(term(0.8, SIGMA_Z, SIGMA_Z), term(1.3, SIGMA_X, modulation=square_wave(2.0))),
               collective=(collective_jump(0.6, SIGMA_MINUS),), local=(LocalJump(0.5, SIGMA_PLUS),), name="kicked")


def pi_restricted_eigenvalues(model, N):
    """Eigenvalues of the full 4^N Liouvillian on permutation-invariant operators: an orthonormal basis of the
    PI subspace is the normalized occupation-number operators E_n = Σ_{(x,y): n(x,y) = n} |x⟩⟨y|."""
    system = dense_system(model, N)
    L = system.liouvillian().toarray()
    D = 2**N
    words = np.array(list(itertools.product(range(2), repeat=N)))
    x, y = np.divmod(np.arange(D * D), D)
    key = (2 * words[x] + words[y])  # pair label 0..3 per site
    counts = np.stack([(key == c).sum(axis=1) for c in range(4)], axis=1)
    labels, column = np.unique(counts, axis=0, return_inverse=True)
    Q = np.zeros((D * D, labels.shape[0]))
    Q[np.arange(D * D), column.ravel()] = 1.0
    Q /= np.linalg.norm(Q, axis=0)
    return la.eigvals(Q.T @ L @ Q)


@pytest.mark.parametrize("N", [2, 3, 4, 5, pytest.param(6, marks=pytest.mark.slow)])
def test_jblock_spectrum_is_the_permutation_invariant_spectrum_of_the_full_liouvillian(N):
    res = spectrum(jblock_problem(LMG, N), k=10**6)  # dense path: the whole spectrum
    assert res.status == CONVERGED and res.method == "dense-eig"
    ref = pi_restricted_eigenvalues(LMG, N)
    ours = res.eigenvalues
    assert ours.size == ref.size
    # Each eigenvalue matched to its nearest partner, both ways (equal multisets up to round-off).
    distance = np.abs(ours[:, None] - ref[None, :])
    assert distance.min(axis=1).max() < 1e-9 and distance.min(axis=0).max() < 1e-9


@pytest.mark.parametrize("N", [12, 16])
def test_shift_invert_matches_dense_spectrum_of_the_reduced_generator(N):
    problem = jblock_problem(LMG, N)
    sparse = spectrum(problem, k=8, dense_below=0)
    dense = spectrum(problem, k=10**6)
    assert sparse.success and sparse.method == "shift-invert-arnoldi", sparse.message
    assert sparse.residuals.max() < 1e-9
    # Every dense eigenvalue within the guaranteed radius around σ is found, and nothing else.
    sigma, radius = sparse.stats["sigma"], sparse.stats["radius"]
    inside = dense.eigenvalues[np.abs(dense.eigenvalues - sigma) < radius * (1 - 1e-9)]
    found = sparse.eigenvalues
    assert np.abs(found[:, None] - dense.eigenvalues[None, :]).min(axis=1).max() < 1e-9
    assert np.abs(inside[:, None] - found[None, :]).min(axis=1).max() < 1e-9
    assert gap(sparse) == pytest.approx(gap(dense), abs=1e-9)
    assert sparse.stats["zero_eigenvalues"] == 1


def test_degenerate_zero_modes_are_reported_not_returned_as_a_gap():
    # Collective terms only: every J block keeps its weight, one zero eigenvalue per J (qutip#993's failure).
    btc = Model(d=2, hamiltonian=(term(1.0, SIGMA_X),), collective=(collective_jump(1.0, SIGMA_MINUS),), name="btc")
    res = spectrum(jblock_problem(btc, 6), k=10**6)
    assert res.status == UNRELIABLE and "degenerate" in res.message and res.stats["zero_eigenvalues"] == 4
    with pytest.raises(SpectrumError, match="degenerate"):
        gap(res)


def test_sector_restriction_of_a_parity_conserving_model():
    # J_x² − J_y² moves q by ±2 only: even and odd q are invariant sectors; the steady state is in the even one.
    model = Model(d=2, hamiltonian=(term(1.0, SIGMA_X, SIGMA_X), term(-1.0, np.array([[0, -1j], [1j, 0]]),
                                                                        np.array([[0, -1j], [1j, 0]]))),
                  local=(LocalJump(0.7, SIGMA_MINUS),), collective=(collective_jump(0.3, SIGMA_MINUS),), name="xy")
    problem = jblock_problem(model, 8)
    assert problem.reach == 2
    even, odd = (np.flatnonzero(problem.grade % 2 == r) for r in (0, 1))
    whole = spectrum(problem, k=10**6).eigenvalues
    parts = [spectrum(problem.restrict(s, name=f"q%2={r}"), k=10**6, expect_steady_state=(r == 0))
             for r, s in ((0, even), (1, odd))]
    assert all(p.success for p in parts), [p.message for p in parts]
    joined = np.concatenate([p.eigenvalues for p in parts])
    assert joined.size == whole.size
    assert np.abs(np.sort_complex(joined) - np.sort_complex(whole)).max() < 1e-9


def _jblock_magnetizations(problem, states, N):
    return np.array([observables(DickeState(N, x)).__getattribute__(c) for x in states for c in ("m_x", "m_y", "m_z")]
                    ).reshape(len(states), 3)


def _mesolve_magnetizations(model, N, times):
    system = dense_system(model, N)
    rho0 = qutip.Qobj(system.product_state(np.array([1.0, 0.0])), dims=[system.dims, system.dims])
    ops = [system.qobj(system.collective(A) / N) for A in (SIGMA_X, np.array([[0, -1j], [1j, 0]]), SIGMA_Z)]
    out = qutip.mesolve(system.qutip_hamiltonian(), rho0, times, c_ops=system.qutip_c_ops(), e_ops=ops,
                        options={"atol": 1e-12, "rtol": 1e-10, "max_step": 0.05})
    return np.column_stack([np.real(e) for e in out.expect])


@pytest.mark.parametrize("model", [LMG, KICKED], ids=["static", "square-wave"])
@pytest.mark.parametrize("N", [3, 4, pytest.param(5, marks=pytest.mark.slow)])
def test_evolution_matches_qutip_mesolve_on_the_full_space(model, N):
    times = np.linspace(0.0, 6.0, 13)
    problem = jblock_problem(model, N)
    x0 = np.zeros(problem.n, dtype=complex)
    x0[problem.anchor] = 1.0  # J = m = m' = N/2: every spin up
    res = evolve(problem, x0, times)
    assert res.success and res.residual < 1e-10, res.message
    ours = _jblock_magnetizations(problem, res.states, N)
    ref = _mesolve_magnetizations(model, N, times)
    # mesolve's adaptive steps at rtol 1e-10 (max_step 0.05 resolves the jumps of the square wave): 1e-7.
    np.testing.assert_allclose(ours, ref, atol=1e-7)


def test_floquet_multipliers_are_eigenvalues_of_the_full_one_period_propagator():
    N, T = 3, 2.0
    problem = jblock_problem(KICKED, N)
    res = floquet_multipliers(problem, T, k=6)
    assert res.success and res.method == "dense-propagator", res.message
    assert res.eigenvalues[0] == pytest.approx(1.0, abs=1e-10)  # the periodic steady state
    system = dense_system(KICKED, N)
    L0, parts = system.liouvillian_parts
    (Lk, f), = parts
    U = la.expm((L0 + Lk).toarray() * T / 2)
    U = la.expm(L0.toarray() * T / 2) @ U  # f = 1 on [0, T/2), 0 on [T/2, T)
    full = la.eigvals(U)
    assert np.abs(res.eigenvalues[:, None] - full[None, :]).min(axis=1).max() < 1e-9


def test_time_periodic_problems_have_no_static_spectrum():
    with pytest.raises(ModelError, match="time-periodic"):
        spectrum(jblock_problem(KICKED, 3))
