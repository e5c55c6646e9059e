"""Purity, entropies, I_M and negativity of PI states of any d (permqs.information.pi) against the dense d^N matrix.

Every reference is the full density matrix: Tr ρ², eigvalsh for S(ρ), a partial trace for ρ_1 and a dense partial
transpose for 𝒩 (paper 004 Eq. 17). Agreement is to round-off (tolerance 1e-10: the block route and the dense route
sum O(d^N) terms of size O(1) in a different order).
"""
import numpy as np
import pytest

from pi_reference import (dense_entropy, dense_negativity, qudit_lmg_steady_state, random_pi_state, single_site,
                          to_occupation)
from permqs.errors import MemoryLimitError
from permqs.information.occupation import OccupationOperator
from permqs.information.pi import (entropy, information, mutual_information, negativity, purity,
                                single_site_state)
from permqs.information.bipartite import bipartite_blocks
from permqs.information.occupation import all_occupations
from permqs.information.young import irrep_dimension, partitions, weyl_dimension, young_copy

TOL = 1e-10


class _State:
    """Any object with ``occupations`` and ``coefficients`` (what the qudit engine hands over)."""

    def __init__(self, occ, c):
        self.occupations, self.coefficients = occ, c


def _check_against_dense(rho: np.ndarray, N: int, d: int, N_A: int):
    occ, c = to_occupation(rho, N, d)
    info = information(_State(occ, c), N_A)
    r1 = single_site(rho, N, d)
    assert info.trace == pytest.approx(1, abs=TOL)
    assert info.purity == pytest.approx(np.trace(rho @ rho).real, abs=TOL)
    assert info.purity_blocks == pytest.approx(info.purity, abs=TOL)
    assert info.S == pytest.approx(dense_entropy(rho), abs=TOL)
    assert np.allclose(single_site_state(_State(occ, c)), r1, atol=TOL)
    assert info.S_1 == pytest.approx(dense_entropy(r1), abs=TOL)
    assert info.I_M == pytest.approx(N * dense_entropy(r1) - dense_entropy(rho), abs=TOL)
    assert info.negativity == pytest.approx(dense_negativity(rho, d, N_A, N - N_A), abs=TOL)
    return info


@pytest.mark.parametrize("N,d,N_A", [(3, 2, 2), (4, 2, 2), (4, 2, 1), (5, 2, 3), (6, 2, 3), (3, 3, 2), (4, 3, 2),
                                     (4, 3, 3), (5, 3, 3), (3, 4, 2), (4, 4, 2), (3, 5, 2), (4, 5, 2)])
def test_random_pi_states_match_dense(N, d, N_A):
    rng = np.random.default_rng(100 * N + 10 * d + N_A)
    info = _check_against_dense(random_pi_state(N, d, rank=2, rng=rng), N, d, N_A)
    assert info.negativity > 1e-3          # the test state is entangled, so the comparison is not 0 = 0
    assert info.min_eigenvalue > -TOL


@pytest.mark.parametrize("d,N", [(2, 4), (3, 3), (4, 3), (5, 2)])
@pytest.mark.parametrize("dissipator", ["spin", "uniform"])
def test_qudit_lmg_steady_states_match_dense(d, N, dissipator):
    rho = qudit_lmg_steady_state(N, d, V=1.0, gamma_I=0.6, gamma_C=1.3, dissipator=dissipator)
    info = _check_against_dense(rho, N, d, (N + 1) // 2)
    assert info.negativity > 1e-3


# Spec §8 anchors (independent prototype): (N, d) = (5, 2), spin ladder, V = 1, N_A = 3; (γ_I, γ_C) -> (P, 𝒩).
ANCHORS_5_2 = [((0.35, 0.35), 0.106474, 0.035499), ((0.5, 2.0), 0.609076, 0.173292), ((2.0, 0.5), 0.755847, 0.151187)]


@pytest.mark.parametrize("rates,P,neg", ANCHORS_5_2)
def test_spec_anchors_n5_d2(rates, P, neg):
    rho = qudit_lmg_steady_state(5, 2, V=1.0, gamma_I=rates[0], gamma_C=rates[1], dissipator="spin")
    info = information(_State(*to_occupation(rho, 5, 2)))
    # The anchors are printed with 6 decimals.
    assert info.purity == pytest.approx(P, abs=1e-6)
    assert info.negativity == pytest.approx(neg, abs=1e-6)
    if rates == (0.35, 0.35):
        assert 2 ** 5 * info.purity == pytest.approx(3.407, abs=1e-3)   # paper 004 Sec. V lower bound 3.41


def _product(rho1: np.ndarray, N: int) -> tuple[np.ndarray, np.ndarray]:
    """ρ_1^{⊗N}: c_n = Π_ab (ρ_1)_ab^{n_ab}, for every type."""
    occ = all_occupations(N, rho1.shape[0])
    return occ, np.prod(rho1[None] ** occ, axis=(1, 2))


@pytest.mark.parametrize("N,d", [(5, 2), (7, 3), (5, 4), (4, 5)])
def test_product_state(N, d):
    """ρ_1^{⊗N} with a random mixed ρ_1: 𝒩 = 0, S = N S(ρ_1), I_M = 0, Tr ρ² = (Tr ρ_1²)^N (no dense matrix)."""
    rng = np.random.default_rng(N * d)
    G = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    rho1 = G @ G.conj().T
    rho1 /= np.trace(rho1)
    info = information(_State(*_product(rho1, N)))
    assert info.negativity == pytest.approx(0, abs=TOL)
    assert info.I_M == pytest.approx(0, abs=1e-9)
    assert info.purity == pytest.approx(np.trace(rho1 @ rho1).real ** N, rel=1e-10)
    assert info.S == pytest.approx(N * dense_entropy(rho1), abs=1e-9)


@pytest.mark.parametrize("N,d", [(4, 3), (5, 4)])
def test_v0_steady_state_is_pure_product(N, d):
    """V = 0: ρ_ss = (|−j⟩⟨−j|)^{⊗N} (spec §8 limits): one type, purity 1, 𝒩 = 0, S = 0."""
    occ = np.zeros((1, d, d), dtype=int)
    occ[0, d - 1, d - 1] = N          # level −j sits at index d − 1 (basis order m = j, ..., −j)
    info = information(_State(occ, np.ones(1)))
    assert (info.purity, info.negativity, info.S, info.I_M) == pytest.approx((1, 0, 0, 0), abs=TOL)


def test_v0_steady_state_from_dense_solver():
    rho = qudit_lmg_steady_state(3, 3, V=0.0, gamma_I=0.7, gamma_C=0.4, dissipator="spin")
    info = information(_State(*to_occupation(rho, 3, 3)))
    assert info.purity == pytest.approx(1, abs=1e-9)
    assert info.negativity == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize("N,d", [(4, 2), (7, 2), (5, 3), (7, 4)])
def test_ghz_state(N, d):
    """|GHZ⟩ = Σ_a |a...a⟩/√d: c = 1/d on the d² types N e_ab; 𝒩 = (d − 1)/2 for every split, S(ρ_1) = ln d.
    (Splits with a part of more than 4 sites are skipped at d = 4: their word-pair tables are d^{2n} rows.)"""
    occ = np.zeros((d * d, d, d), dtype=int)
    for k in range(d * d):
        occ[k, k // d, k % d] = N
    state = _State(occ, np.full(d * d, 1 / d))
    for N_A in [k for k in range(1, N) if max(k, N - k) <= (4 if d == 4 else N)]:
        assert negativity(state, N_A) == pytest.approx((d - 1) / 2, abs=TOL)
    assert purity(state) == pytest.approx(1, abs=TOL)
    assert mutual_information(state) == pytest.approx(N * np.log(d), abs=1e-9)


def test_dicke_state_negativity():
    """Dicke |D_6^3⟩, split 3|3: Schmidt weights C(3,j)C(3,3−j)/20, 𝒩 = ((Σ√p)² − 1)/2 = 1.1."""
    from math import comb
    N, k = 6, 3
    occ = all_occupations(N, 2)
    # ψ(x) = 1/√C(N,k) for words with k excitations (level 1); c_n = ψ(x) ψ(y) for ket and bra row sums.
    ket1, bra1 = occ[:, 1, :].sum(axis=1), occ[:, :, 1].sum(axis=1)
    c = np.where((ket1 == k) & (bra1 == k), 1 / comb(N, k), 0.0)
    p = np.array([comb(3, j) * comb(3, k - j) for j in range(k + 1)]) / comb(N, k)
    assert negativity(_State(occ, c), 3) == pytest.approx((np.sum(np.sqrt(p)) ** 2 - 1) / 2, abs=TOL)
    assert negativity(_State(occ, c), 3) == pytest.approx(1.1, abs=TOL)


def test_missing_types_are_zero_and_input_checks():
    occ = np.zeros((1, 2, 2), dtype=int)
    occ[0, 0, 0] = 3
    assert entropy(_State(occ, np.ones(1))) == pytest.approx(0, abs=TOL)
    with pytest.raises(ValueError):
        OccupationOperator(np.concatenate([occ, occ]), np.ones(2))       # a type listed twice
    with pytest.raises(ValueError):
        OccupationOperator(np.array([[[1, 0], [0, 0]], [[1, 1], [0, 0]]]), np.ones(2))   # different N
    with pytest.raises(MemoryLimitError):
        bipartite_blocks(_State(occ, np.ones(1)), memory_limit=10)


@pytest.mark.parametrize("n,d", [(3, 2), (4, 3), (3, 4), (2, 5)])
def test_young_copies(n, d):
    """Young copies are real, orthonormal, of dimension g_λ(d), and Σ_λ f^λ g_λ = d^n (Schur-Weyl)."""
    total = 0
    for lam in partitions(n, d):
        V = young_copy(lam, d)
        assert V.shape == (d ** n, weyl_dimension(lam, d))
        assert np.allclose(V.T @ V, np.eye(V.shape[1]), atol=1e-12)
        total += irrep_dimension(lam) * weyl_dimension(lam, d)
    assert total == d ** n
