"""The qudit PI engine's basis and generator against brute force on d^(2N) (spec paper004-finite-n §8, check 1)."""
from math import comb

import numpy as np
import pytest
import scipy.sparse as sp

from permqs.model import LocalJump, Model, CollectiveDissipator, term
from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
from permqs.operators import spin_matrices
from permqs.qudit import PIBasis, liouvillian, pi_dimension

from qudit_reference import embedding, full_liouvillian, restricted

# Both sides are sums of O(10) terms of size O(N·rate) in double precision.
TOL = 1e-12


@pytest.mark.parametrize("N,d", [(1, 3), (4, 2), (3, 3), (5, 4), (2, 5), (6, 3)])
def test_enumeration_and_rank(N, d):
    b = PIBasis(N, d)
    occ = b.occupations
    assert occ.shape == (comb(N + d * d - 1, d * d - 1), d * d) == (pi_dimension(N, d), d * d)
    assert np.all(occ.sum(1) == N) and occ.min() >= 0
    assert len({tuple(r) for r in occ}) == len(occ)
    assert np.array_equal(b.rank(occ), np.arange(b.size))
    t = b.transpose_index
    assert np.array_equal(t[t], np.arange(b.size))
    assert np.array_equal(b.charge[t], -b.charge)
    occT = occ.reshape(-1, d, d).transpose(0, 2, 1).reshape(-1, d * d)
    assert np.array_equal(occ[t], occT)


def test_trace_weights_and_charge_bruteforce():
    N, d = 3, 3
    b = PIBasis(N, d)
    P = embedding(b).toarray()
    D = d ** N
    m = (d - 1) / 2 - np.arange(d)
    for n in range(b.size):
        E = P[:, n].reshape(D, D)
        assert np.isclose(np.trace(E), b.trace_weights[n])
    # Q from the words: Σ_i (m_{a_i} - m_{b_i}) is the same on every word of E_n
    mz = np.zeros(D)
    for idx in range(D):
        digits = np.array(np.unravel_index(idx, (d,) * N))
        mz[idx] = m[digits].sum()
    for n in range(0, b.size, 7):
        E = P[:, n].reshape(D, D)
        ket, bra = np.nonzero(E)
        assert np.all(mz[ket] - mz[bra] == b.charge[n])


def _models(d, rng):
    for diss in ("spin", "uniform"):
        V = rng.normal() * 2  # either sign
        yield qudit_lmg_model(QuditLMGParameters(d=d, V=V, gamma_I=rng.uniform(0.1, 2), gamma_C=rng.uniform(0.1, 2),
                                                 dissipator=diss))


@pytest.mark.parametrize("N,d", [(1, 2), (2, 2), (3, 2), (2, 3), (3, 3), (2, 4), (3, 4), (2, 5)])
def test_generator_equals_restricted_bruteforce(N, d):
    rng = np.random.default_rng(100 * N + d)
    b = PIBasis(N, d)
    P = embedding(b)
    for model in _models(d, rng):
        L = liouvillian(model, N, b)
        Lf = full_liouvillian(model, N)
        assert np.abs(restricted(Lf, P) - L.toarray()).max() < TOL
        # the PI subspace is invariant: 𝓛 P = P 𝓛_PI exactly, not only after projection
        assert abs(Lf @ P - P @ L).max() < TOL


def test_general_model_terms():
    """Three-factor and one-factor Hamiltonian terms, a 2×2 Kossakowski matrix and two local jumps (d = 3, N = 3)."""
    d, N = 3, 3
    rng = np.random.default_rng(7)
    A = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    B = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    sx, sy, sz = spin_matrices(d)
    G = rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2))
    model = Model(d=d,
                  hamiltonian=(term(0.7, sz), term(0.3, sx, sz, sx), term(-1.1, sy, sy)),
                  collective=(CollectiveDissipator((A, B), G @ G.conj().T),),
                  local=(LocalJump(0.4, A), LocalJump(0.9, sz)))
    b = PIBasis(N, d)
    L = liouvillian(model, N, b)
    assert np.abs(restricted(full_liouvillian(model, N), embedding(b)) - L.toarray()).max() < TOL


def test_empty_model_is_zero():
    L = liouvillian(Model(d=3), 3)
    assert L.nnz == 0 and L.shape == (165, 165)


@pytest.mark.parametrize("N,d,diss", [(3, 3, "spin"), (3, 4, "uniform"), (2, 5, "spin")])
def test_generator_equals_dense_oracle(N, d, diss):
    """The same check against permqs.dense (the project's independent full-space oracle, row-major vec)."""
    from permqs.dense import dense_system
    model = qudit_lmg_model(QuditLMGParameters(d=d, V=-0.9, gamma_I=0.7, gamma_C=1.3, dissipator=diss))
    b = PIBasis(N, d)
    Lf = dense_system(model, N).liouvillian()
    assert np.abs(restricted(Lf, embedding(b)) - liouvillian(model, N, b).toarray()).max() < TOL
