"""The pair NESS solver (permqs.collective.pair) against independent references.

References: the (N+1)⁴ generator of permqs.collective.generator with sparse LU (the same equations assembled
another way, solved directly), qutip.steadystate on jmat ⊗ jmat operators (another code), and the block-diagonal
operator M_1 of Eq. (P2) assembled in full (the half-block solve must invert it exactly on Hermitian input).
Tolerances: the GMRES stops at ‖𝓛x‖/‖x‖ ≤ 1e-9; its state agrees with LU to ~1e-11, we check 1e-9.
"""
import numpy as np
import pytest
import scipy.sparse as sp

from pair_reference import qutip_pair_ness_moments
from permqs.collective import (BlockPreconditioner, CollectiveSpace, collective_generator, macroscopic_observables,
                               pair_generator, pair_ness_cumulants, pair_steady_state, steady_state)
from permqs.collective.pair import _basis, _HermitianCoordinates
from permqs.errors import ConvergenceError, ModelError
from permqs.models.time_crystal import CoupledBTCParameters, boundary_time_crystal, coupled_btc_model


def _random_hermitian(g, seed=0):
    n = g.N + 1
    rng = np.random.default_rng(seed)
    x = rng.normal(size=g.size) + 1j * rng.normal(size=g.size)
    T = x.reshape(n, n, n, n)  # pair order [k1', k1, k2', k2]
    return ((T + T.transpose(1, 0, 3, 2).conj()) / 2).ravel()


@pytest.mark.parametrize("N, wzz", [(3, 0.35), (5, 1.0)])
def test_pair_generator_is_the_collective_generator(N, wzz):
    model = coupled_btc_model(CoupledBTCParameters(wzz))
    G = collective_generator(model, N)
    g = pair_generator(model, N)
    x = np.random.default_rng(1).normal(size=G.size) + 1j * np.random.default_rng(2).normal(size=G.size)
    ref = G.static @ x
    assert np.abs(g.to_space(g.matvec(g.from_space(x))) - ref).max() < 1e-12 * np.abs(ref).max()
    assert np.array_equal(g.to_space(g.from_space(x)), x)


@pytest.mark.parametrize("N, wzz", [(6, 0.35), (8, 1.0)])
def test_pair_ness_matches_direct_lu(N, wzz):
    model = coupled_btc_model(CoupledBTCParameters(wzz))
    G = collective_generator(model, N)
    ref = steady_state(G.static, G.space)
    res = pair_steady_state(pair_generator(model, N), threads=2)
    assert res.success and res.method == "pair-block-gmres" and res.residual <= 1e-9
    assert np.abs(res.x - ref.x).max() < 1e-9
    one = pair_steady_state(pair_generator(model, N), threads=1)
    assert one.iterations == res.iterations and np.abs(one.x - res.x).max() < 1e-12
    # its residual is the generator's
    assert abs(np.linalg.norm(G.static @ res.x) / np.linalg.norm(res.x) - res.residual) < 1e-12
    rho = G.space.unvec(res.x)
    assert np.abs(rho - rho.conj().T).max() < 1e-15 and abs(np.trace(rho) - 1) < 1e-14


def test_pair_ness_cumulants_against_qutip():
    """⟨m̂_j⟩ and the symmetrized covariance at N = 5 (the GMRES path forced) vs qutip.steadystate."""
    N = 5
    r = pair_ness_cumulants(N, 0.35, method="pair")
    assert r.result.method == "pair-block-gmres"
    mean, cov = qutip_pair_ness_moments(N, 0.35)
    assert np.abs(r.m - mean).max() < 1e-9
    assert np.abs(r.covariance - cov).max() < 1e-9
    d = pair_ness_cumulants(N, 0.35, method="direct")
    assert abs(r.C - d.C) < 1e-9 and abs(r.C_same_axis - d.C_same_axis) < 1e-9


def test_half_block_solve_inverts_the_block_diagonal_operator():
    """Eq. (P2): M_1 assembled over all |a⟩⟨b| of ensemble 1 in the S_1^x basis; the preconditioner solves only
    a ≤ b and fills the rest by Hermiticity: M_1 P(R) = R for Hermitian R, to round-off."""
    g = pair_generator(coupled_btc_model(CoupledBTCParameters(1.0)), 4)
    P = BlockPreconditioner(g)
    n2 = g.n2
    V = np.kron(P.U.conj(), P.U)

    def diag(A):
        return np.einsum("ij,ij->j", V.conj(), A @ V)

    one = sp.identity(n2, dtype=complex)
    M = sp.kron(one, g.single[1]) + sp.kron(sp.diags(diag(g.single[0])), one)
    for c, A, B in g.couplings:
        M = M + sp.kron(sp.diags(c * diag(A)), B)
    R = _random_hermitian(g).reshape(n2, n2)
    Y = P(R)
    lhs = (M @ _basis(P.U, Y).ravel()).reshape(n2, n2)
    assert np.abs(lhs - _basis(P.U, R)).max() < 1e-12 * np.abs(R).max()
    # the blocks factored and solved in three groups at once: the same operator
    P3 = BlockPreconditioner(g, threads=3)
    assert len(P3.lus) == 3 and np.abs(P3(R) - Y).max() < 1e-12 * np.abs(Y).max()
    # S_1^x is diagonal in that basis: its coupling terms are kept whole, the S^z ones dropped
    assert np.allclose(P.U.T @ g.operators[0][1].toarray() @ P.U, np.diag(np.diag(P.U.T @ g.operators[0][1].toarray()
                                                                                   @ P.U)), atol=1e-12)


def test_hermitian_coordinates_are_an_isometry():
    g = pair_generator(coupled_btc_model(CoupledBTCParameters(0.35)), 3)
    c = _HermitianCoordinates(g.N + 1)
    x = _random_hermitian(g, seed=3)
    u = c.to_real(x)
    assert u.size == g.size and not np.iscomplexobj(u)
    assert abs(np.linalg.norm(u) - np.linalg.norm(x)) < 1e-12 * np.linalg.norm(x)
    assert np.abs(c.to_complex(u) - x).max() < 1e-14


def test_pair_solver_reports_non_convergence_and_refuses_other_models():
    g = pair_generator(coupled_btc_model(CoupledBTCParameters(0.35)), 8)
    r = pair_steady_state(g, maxiter=3)
    assert not r.success and r.residual > 1e-9 and "not converged" in r.message
    with pytest.raises(ConvergenceError):
        r.raise_for_status()
    with pytest.raises(ModelError):
        pair_generator(boundary_time_crystal(2.0), 4)
    with pytest.raises(ValueError):
        pair_ness_cumulants(4, 0.35, method="lu")


def test_pair_space_order_matches_observables():
    """The state is returned in CollectiveSpace order: its magnetizations are the LU state's (N = 8)."""
    model = coupled_btc_model(CoupledBTCParameters(0.35))
    r = pair_steady_state(pair_generator(model, 8))
    G = collective_generator(model, 8)
    obs = macroscopic_observables(CollectiveSpace(8, 2))
    assert np.abs(obs.cumulants(r.x).mean - obs.cumulants(steady_state(G.static, G.space).x).mean).max() < 1e-10


def test_pair_shift_invert_finds_the_gap_of_the_dense_spectrum():
    """N = 5, ω_zz = 0.35 and 1: the 4 eigenvalues from shift-invert at σ = 0 (the pair solver inside) are
    eigenvalues of the dense (N+1)⁴ generator (residuals ≤ 1e-8), and the first is λ_1, the non-zero one of largest
    Re. They are the 4 nearest 0, not the 4 slowest: at ω_zz = 1 a pair -0.833 ± 1.847i is slower than the 4th
    (-0.971) and is not among them."""
    from permqs.collective import spectrum_dense
    from permqs.collective.pair import pair_slowest_eigenvalues

    for wzz in (0.35, 1.0):
        model = coupled_btc_model(CoupledBTCParameters(wzz))
        r = pair_slowest_eigenvalues(pair_generator(model, 5), k=4)
        d = spectrum_dense(collective_generator(model, 5).static)
        ev = d.eigenvalues[np.abs(d.eigenvalues) > 1e-9]
        assert r.success and r.residuals.max() <= 1e-8
        for lam in r.eigenvalues:
            assert np.abs(ev - lam).min() < 1e-9
        assert abs(r.eigenvalues[0] - ev[0]) < 1e-9


def test_api_pair_gap_beyond_dense_is_the_spec_value():
    """N = 8 (6561 unknowns, above the dense limit): λ_1 = -0.19768 (real), spec §2 [ours, independent script]."""
    from permqs.collective import pair_slowest_eigenvalues as api_gap

    s = api_gap(8, 0.35, k=2)
    assert s.result.method == "pair-shift-invert-arnoldi"
    assert abs(s.gap - (-0.19768)) < 1e-5 and np.all(s.residuals < 1e-8)
