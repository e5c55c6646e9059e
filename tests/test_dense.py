"""The dense full-space oracle (permqs.dense) against models written by hand with qutip tensor products.

Every comparison here is between two constructions of the same finite matrices (no solver tolerance): they
agree to round-off, checked at 1e-12 relative to the operator norm. Steady states and time evolution compare two
solvers: direct sparse LU against qutip's direct steadystate (both exact to ~1e-13), and scipy's DOP853
(rtol 1e-10, atol 1e-12) against qutip's mesolve (rtol 1e-10, atol 1e-12), which agree to ~1e-9 (we check 1e-7).
"""
import itertools

import numpy as np
import pytest
import qutip
from scipy.integrate import solve_ivp

from permqs.dense import DenseSystem, to_column_stacking
from permqs.errors import ConvergenceError, MemoryLimitError, ModelError
from permqs.model import (BosonCoupling, BosonMode, CollectiveDissipator, Factor, HamiltonianTerm, LocalJump, Model,
                          term)
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
from permqs.models.time_crystal import (CoupledBTCParameters, SpinBosonParameters, coupled_btc_model,
                                        decay_kossakowski, floquet_dicke_model, spin_boson_model)
from permqs.operators import SIGMA_MINUS, SIGMA_X, SIGMA_Y, SIGMA_Z

RTOL = 1e-12


def _site(op, i, n, d):
    ops = [qutip.qeye(d)] * n
    ops[i] = op
    return qutip.tensor(ops)


def _sum(op, sites, n, d):
    return sum(_site(op, i, n, d) for i in sites)


def _dense(op) -> np.ndarray:
    if isinstance(op, qutip.Qobj):
        return op.full()
    return op.toarray() if hasattr(op, "toarray") else np.asarray(op)


def _assert_same(ours, theirs):
    ours, theirs = _dense(ours), _dense(theirs)
    assert np.abs(ours - theirs).max() <= RTOL * max(1.0, np.abs(theirs).max())


def _check_against_hand(system: DenseSystem, H, c_ops):
    """H, 𝓛 (both conventions) and the qutip form of ``system`` equal the hand-built (H, c_ops)."""
    _assert_same(system.hamiltonian(), H)
    L_hand = qutip.liouvillian(H, c_ops)
    _assert_same(to_column_stacking(system.liouvillian(), system.dim), L_hand)
    # The jump operators (Kossakowski matrices diagonalized) give the same dissipator as the direct form.
    _assert_same(qutip.liouvillian(system.qutip_hamiltonian(), system.qutip_c_ops()), L_hand)
    assert system.qobj(system.hamiltonian()).dims == H.dims


# -- models written by hand ------------------------------------------------------------------------

def test_lmg_of_paper_000_by_hand():
    # Eqs. 14-15: H = (𝒥/4N)(V_x² + V_y²) + (h/2) V_x, (Γ/N) D[V_-], γ Σ_i D[σ_+^(i)].
    N, J, h, Gamma, gamma = 4, 3.0, 0.5, 2.0, 0.7
    system = DenseSystem(lmg_model(LMGParameters(J=J, h=h, Gamma=Gamma, gamma=gamma)), N)
    V = {k: _sum(op, range(N), N, 2) for k, op in (("x", qutip.sigmax()), ("y", qutip.sigmay()), ("-", qutip.sigmam()))}
    H = J / (4 * N) * (V["x"] * V["x"] + V["y"] * V["y"]) + h / 2 * V["x"]
    c_ops = [np.sqrt(Gamma / N) * V["-"]] + [np.sqrt(gamma) * _site(qutip.sigmap(), i, N, 2) for i in range(N)]
    _check_against_hand(system, H, c_ops)


@pytest.mark.parametrize("dissipator", ["spin", "uniform"])
def test_qudit_lmg_of_paper_004_by_hand(dissipator):
    # Eqs. 2-6 for d = 3 (j = 1): H = (V/Nj)(J_x² - J_y²), (γ_I/j) Σ_i D[L^(i)], (γ_C/Nj) D[Σ_i L^(i)].
    N, j, V, gI, gC = 3, 1.0, 0.8, 0.3, 1.1
    system = DenseSystem(qudit_lmg_model(QuditLMGParameters(d=3, V=V, gamma_I=gI, gamma_C=gC, dissipator=dissipator)), N)
    # qutip.jmat orders m = j, ..., -j, as permqs.operators.spin_matrices.
    L1 = qutip.jmat(j, "-") if dissipator == "spin" else qutip.Qobj(np.sqrt(2 * j) * np.eye(3, k=-1))
    Jx, Jy = (_sum(qutip.jmat(j, a), range(N), N, 3) for a in "xy")
    H = V / (N * j) * (Jx * Jx - Jy * Jy)
    c_ops = [np.sqrt(gC / (N * j)) * _sum(L1, range(N), N, 3)] + [np.sqrt(gI / j) * _site(L1, i, N, 3) for i in range(N)]
    _check_against_hand(system, H, c_ops)


def test_two_coupled_ensembles_of_paper_002_by_hand():
    # Fig. 3: H = Σ_i (ω_x S_i^x + ω_z,i S_i^z) + (1/S)(ω_xx S_1^x S_2^x + ω_zz S_1^z S_2^z), (κ/S) D[S_i^-],
    # S = N/2, S^α = Σ_k σ^α_k / 2, S^- = Σ_k σ^-_k; ensemble 0 holds tensor factors 0..N-1.
    N, p = 2, CoupledBTCParameters(omega_zz=0.35, omega_xx=3.0, omega_z=(0.1, 0.02), omega_x_over_kappa=2.0, kappa=0.6)
    system = DenseSystem(coupled_btc_model(p), N)
    n, S = 2 * N, N / 2
    ens = (range(0, N), range(N, 2 * N))
    Sx, Sz = ([_sum(op / 2, e, n, 2) for e in ens] for op in (qutip.sigmax(), qutip.sigmaz()))
    H = sum(p.omega_x_over_kappa * p.kappa * Sx[i] + p.omega_z[i] * Sz[i] for i in range(2))
    H += (p.omega_xx * Sx[0] * Sx[1] + p.omega_zz * Sz[0] * Sz[1]) / S
    c_ops = [np.sqrt(p.kappa / S) * _sum(qutip.sigmam(), e, n, 2) for e in ens]
    _check_against_hand(system, H, c_ops)


def test_modulated_open_dicke_of_paper_002_by_hand():
    # Eq. 13: ω_z S^z + ω_b a†a + g_x(t)/√N (a + a†) S^x, κ_b D[a], g_x a square wave; bosons last.
    N, cutoff, wb, kb, wz, g, T = 3, 5, 1.3, 0.4, 0.7, 0.9, 2.0
    system = DenseSystem(floquet_dicke_model(wb, kb, wz, g, T), N, cutoff)
    assert system.dims == [2, 2, 2, 5]
    a = qutip.tensor([qutip.qeye(2)] * N + [qutip.destroy(cutoff)])
    spin = lambda op: qutip.tensor(_sum(op / 2, range(N), N, 2), qutip.qeye(cutoff))  # noqa: E731
    H0 = wz * spin(qutip.sigmaz()) + wb * a.dag() * a
    H1 = g / np.sqrt(N) * (a + a.dag()) * spin(qutip.sigmax())
    (H0_ours, ((H1_ours, f),)) = system.hamiltonian_parts
    _assert_same(H0_ours, H0)
    _assert_same(H1_ours, H1)
    assert [f(t) for t in (0.1, 0.9, 1.1, 2.5)] == [1.0, 1.0, 0.0, 1.0]
    for t in (0.5, 1.5):
        H = H0 + f(t) * H1
        _assert_same(system.hamiltonian(t), H)
        _assert_same(to_column_stacking(system.liouvillian(t), system.dim), qutip.liouvillian(H, [np.sqrt(kb) * a]))
    with pytest.raises(ModelError, match="modulated"):
        system.liouvillian()


# -- structural properties -------------------------------------------------------------------------

def _generic_model(d=3) -> Model:
    """Two ensembles, a non-diagonal Kossakowski matrix, local jumps on one ensemble, a boson coupled to both."""
    rng = np.random.default_rng(7)
    A, B = (rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)) for _ in range(2))
    A, B = A + A.conj().T, B + B.conj().T
    K = rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2))
    Lloc = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    return Model(d=d, hamiltonian=(term(0.4, A), term(0.3, A, B, ensemble=1), term(0.3, B, A, ensemble=1),
                                   HamiltonianTerm(0.5, (Factor(A, 0), Factor(B, 1)), np.cos)),
                 collective=(CollectiveDissipator((Lloc, A), K @ K.conj().T, ensemble=0),),
                 local=(LocalJump(0.6, Lloc, ensemble=1), LocalJump(0.2, B)),
                 modes=(BosonMode(1.1, 0.5),),
                 couplings=(BosonCoupling(0, 0.7, Factor(A, 0)), BosonCoupling(0, 0.2, Factor(B, 1), np.sin)),
                 n_ensembles=2, name="generic")


SYSTEMS = {
    "lmg": lambda: DenseSystem(lmg_model(LMGParameters(h=0.5, Gamma=2.0)), 4),
    "qudit": lambda: DenseSystem(qudit_lmg_model(QuditLMGParameters(d=3, V=1.0, gamma_I=0.4, gamma_C=0.9)), 3),
    "generic": lambda: DenseSystem(_generic_model(), 1, 3),
    "floquet-dicke": lambda: DenseSystem(floquet_dicke_model(1.0, 0.5, 0.3, 0.8, 2.0), 2, 4),
}


@pytest.mark.parametrize("name", SYSTEMS)
def test_trace_and_hermiticity_are_preserved(name):
    system = SYSTEMS[name]()
    L0, parts = system.liouvillian_parts
    D = system.dim
    trace = np.eye(D).ravel()
    rng = np.random.default_rng(1)
    X = rng.normal(size=(D, D)) + 1j * rng.normal(size=(D, D))
    X = X + X.conj().T
    for L in [L0] + [Lk for Lk, _ in parts]:
        scale = abs(L).max()
        assert np.abs(L.T @ trace).max() <= RTOL * scale * D            # Tr 𝓛(ρ) = 0 for every ρ
        Y = (L @ X.ravel()).reshape(D, D)
        assert np.abs(Y - Y.conj().T).max() <= RTOL * scale * np.abs(X).max() * D


def test_row_major_convention_on_matrices():
    # 𝓛 vec(ρ) with vec row-major equals -i[H, ρ] + Σ_j D[L_j]ρ computed with matrices.
    system = SYSTEMS["generic"]()
    D, t = system.dim, 0.37
    rng = np.random.default_rng(2)
    rho = rng.normal(size=(D, D)) + 1j * rng.normal(size=(D, D))
    H = system.hamiltonian(t).toarray()
    out = -1j * (H @ rho - rho @ H)
    for L in system.jump_operators:
        L = L.toarray()
        LdL = L.conj().T @ L
        out += L @ rho @ L.conj().T - 0.5 * (LdL @ rho + rho @ LdL)
    _assert_same((system.liouvillian(t) @ rho.ravel()).reshape(D, D), out)


def test_modulation_split_groups_terms_by_function():
    system = SYSTEMS["generic"]()
    H0, parts = system.hamiltonian_parts
    assert [f for _, f in parts] == [np.cos, np.sin]
    L0, lparts = system.liouvillian_parts
    t = 0.9
    _assert_same(system.liouvillian(t), L0 + np.cos(t) * lparts[0][0] + np.sin(t) * lparts[1][0])


@pytest.mark.parametrize("name", ["lmg", "qudit"])
def test_steady_state_matches_qutip(name):
    system = SYSTEMS[name]()
    ours = system.steady_state(tol=1e-10)
    ref = qutip.steadystate(system.qutip_hamiltonian(), system.qutip_c_ops(), method="direct")
    assert ours.success and ours.residual <= 1e-10 and ours.method == "dense-splu"
    _assert_same(system.qobj(ours.state), ref)
    assert np.trace(ours.state) == pytest.approx(1.0, abs=1e-13)


def test_steady_state_of_boson_model_matches_qutip():
    # Open Dicke model with local decay: the collective terms alone conserve the total spin J (one steady
    # state per J sector); the local σ_- makes it unique.
    model = Model(d=2, hamiltonian=(term(0.4, SIGMA_X), term(0.15, SIGMA_Z)), collective=(CollectiveDissipator(
                  (SIGMA_X, SIGMA_Y, SIGMA_Z), decay_kossakowski(0.25)),), local=(LocalJump(0.3, SIGMA_MINUS),),
                  modes=(BosonMode(1.2, 0.7),), couplings=(BosonCoupling(0, 0.45, Factor(SIGMA_X)),))
    system = DenseSystem(model, 2, 6)
    ours = system.steady_state(tol=1e-10)
    ref = qutip.steadystate(system.qutip_hamiltonian(), system.qutip_c_ops(), method="direct")
    assert np.abs(ours.state - ref.full()).max() <= 1e-10


def test_sector_steady_state_equals_full_solve_and_bad_sector_fails():
    # LMG at h = 0 conserves the σ_z sum weakly: the steady state lies in the Q_a = Q_b elements.
    system = DenseSystem(lmg_model(LMGParameters(h=0.0, Gamma=2.0)), 4)
    Vz = system.collective(SIGMA_Z).diagonal().real
    sector = system.steady_state(charge=Vz)
    assert sector.method == "dense-splu-sector"
    assert np.abs(sector.state - system.steady_state().state).max() <= 1e-12
    # With a field the charge is not conserved: the restricted solve is not stationary for the full 𝓛.
    with pytest.raises(ConvergenceError, match="residual"):
        DenseSystem(lmg_model(LMGParameters(h=0.5, Gamma=2.0)), 4).steady_state(charge=Vz)


def test_evolution_of_modulated_model_matches_mesolve():
    # Smoothly modulated coupling (mesolve integrates a square wave only with a step at each edge).
    p = SpinBosonParameters(np.array([[0.5, 0.0, 0.3]]), np.zeros((1, 1, 3, 3)), decay_kossakowski(0.4)[None],
                            omega_b=1.0, kappa_b=0.6, g=np.array([0.8, 0.0, 0.2]), modulation=np.cos)
    system = DenseSystem(spin_boson_model(p), 2, 4)
    rho0 = system.product_state(np.array([0.6, 0.8j]), [1])
    times = np.linspace(0.0, 3.0, 7)
    ref = qutip.mesolve(system.qutip_hamiltonian(), system.qobj(rho0), times, system.qutip_c_ops(),
                        options=dict(atol=1e-12, rtol=1e-10, nsteps=100000))
    sol = solve_ivp(lambda t, x: system.liouvillian(t) @ x, (0, 3.0), rho0.ravel(), t_eval=times, method="DOP853",
                    rtol=1e-10, atol=1e-12)
    assert sol.success
    D = system.dim
    for k, state in enumerate(ref.states):
        assert np.abs(sol.y[:, k].reshape(D, D) - state.full()).max() <= 1e-7
    # Something happened: the state moved away from ρ0 by O(1).
    assert np.abs(sol.y[:, -1] - rho0.ravel()).max() > 0.1


# -- states, symmetrizer, expectations -------------------------------------------------------------

def test_product_state_and_collective_expectation():
    system = DenseSystem(coupled_btc_model(CoupledBTCParameters()), 2)
    up, plus = np.array([1, 0]), np.array([1, 1]) / np.sqrt(2)
    rho = system.product_state([up, up, plus, plus])
    assert np.trace(rho) == pytest.approx(1.0)
    assert system.collective_expectation(SIGMA_Z, rho, 0) == pytest.approx(1.0)
    assert system.collective_expectation(SIGMA_X, rho, 1) == pytest.approx(1.0)
    assert system.collective_expectation(SIGMA_X, rho, 0) == pytest.approx(0.0)
    _assert_same(rho, qutip.tensor([qutip.ket2dm(qutip.basis(2, 0))] * 2 + [qutip.ket2dm(qutip.Qobj(plus))] * 2))


def _brute_symmetrizer(system: DenseSystem, X: np.ndarray) -> np.ndarray:
    k, N = len(system.dims), system.N
    T = X.reshape(system.dims * 2)
    out = np.zeros_like(T)
    perms = [list(itertools.permutations(range(e * N, (e + 1) * N))) for e in range(system.model.n_ensembles)]
    for choice in itertools.product(*perms):
        order = [s for p in choice for s in p] + list(range(system.n_sites, k))
        out += T.transpose(order + [k + s for s in order])
    return (out / np.prod([len(p) for p in perms])).reshape(X.shape)


@pytest.mark.parametrize("model,N,cutoff", [(lmg_model(LMGParameters()), 4, None),
                                            (qudit_lmg_model(QuditLMGParameters(d=3)), 3, None),
                                            (_generic_model(2), 2, 2)])
def test_symmetrizer_is_the_average_over_permutations(model, N, cutoff):
    system = DenseSystem(model, N, cutoff)
    D = system.dim
    rng = np.random.default_rng(3)
    X = rng.normal(size=(D, D)) + 1j * rng.normal(size=(D, D))
    S = system.symmetrize(X)
    np.testing.assert_allclose(S, _brute_symmetrizer(system, X), atol=1e-12)
    np.testing.assert_allclose(system.symmetrize(S), S, atol=1e-12)                    # a projection
    # A permutation-invariant generator commutes with the symmetrizer.
    L = system.liouvillian(0.3) if model.is_time_dependent else system.liouvillian()
    np.testing.assert_allclose(system.symmetrize((L @ X.ravel()).reshape(D, D)), (L @ S.ravel()).reshape(D, D),
                               atol=1e-10 * abs(L).max() * np.abs(X).max())


# -- guards ----------------------------------------------------------------------------------------

def test_size_guards_name_the_size():
    with pytest.raises(MemoryLimitError, match="Hilbert dimension 8192"):
        DenseSystem(lmg_model(LMGParameters()), 13)
    system = DenseSystem(lmg_model(LMGParameters()), 9)        # states and H fine, the Liouvillian is not
    assert system.hamiltonian().shape == (512, 512)
    with pytest.raises(MemoryLimitError, match="262144"):
        system.liouvillian()


def test_bad_requests_are_model_errors():
    with pytest.raises(ModelError, match="Fock cutoff"):
        DenseSystem(floquet_dicke_model(1.0, 0.5, 0.3, 0.8, 2.0), 2)
    non_hermitian = Model(d=2, collective=(CollectiveDissipator((SIGMA_X, SIGMA_Y), np.array([[1, 1], [0, 1]])),))
    system = DenseSystem(non_hermitian, 2)
    with pytest.raises(ModelError, match="non-Hermitian"):
        system.jump_operators
    assert system.liouvillian().shape == (16, 16)             # the direct Kossakowski form still exists
    with pytest.raises(ModelError, match="N must be"):
        DenseSystem(non_hermitian, 0)
