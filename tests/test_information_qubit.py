"""J-block (qubit) purity and negativity (permqs.information.qubit) against the dense 2^N matrix, the occupation
route of permqs.information.pi, and qutip's Clebsch-Gordan coefficients.

Tolerance 1e-10: every route is exact up to round-off on O(2^N) terms of size <= 1.
"""
import numpy as np
import pytest
import qutip

from pi_reference import dense_entropy, dense_negativity, dicke_to_dense, to_occupation
from permqs.dicke import DickeState, DickeBasis, observables, steady_state
from permqs.information.pi import information
from permqs.information.qubit import clebsch_gordan, jblock_information, jblock_negativity, jblock_purity
from permqs.models.lmg import LMGParameters, lmg_model

TOL = 1e-10


class _State:
    def __init__(self, occ, c):
        self.occupations, self.coefficients = occ, c


def random_dicke_state(N: int, rng: np.random.Generator, rank: int = 1) -> DickeState:
    """Random PSD ρ_J of low rank with weights falling with J_max - J (entangled for the tests' N)."""
    basis = DickeBasis(N)
    vec = []
    Js = basis.J_values
    w = np.exp(-(Js.max() - Js))
    w /= w.sum()
    for J, p in zip(Js, w):
        k = int(round(2 * J)) + 1
        G = rng.normal(size=(k, rank)) + 1j * rng.normal(size=(k, rank))
        b = G @ G.conj().T
        vec.append((p * b / np.trace(b)).ravel())
    return DickeState(N, np.concatenate(vec))


@pytest.mark.parametrize("JA,JB", [(0.5, 0.5), (1, 0.5), (1.5, 1), (2, 2), (3, 1.5), (2.5, 4)])
def test_clebsch_gordan_matches_qutip(JA, JB):
    C = clebsch_gordan(JA, JB)
    for a in range(C.shape[0]):
        for b in range(C.shape[1]):
            for k in range(C.shape[2]):
                J, mA, mB = abs(JA - JB) + k, a - JA, b - JB
                ref = qutip.clebsch(JA, JB, J, mA, mB, mA + mB) if abs(mA + mB) <= J else 0.0
                assert C[a, b, k] == pytest.approx(ref, abs=1e-13)


def test_clebsch_gordan_orthogonal_at_large_j():
    """At J_A = J_B = 50 (N = 200 half-half) the coupling matrix stays orthogonal to round-off."""
    C = clebsch_gordan(50.0, 50.0).reshape(101 * 101, -1)
    M = (np.arange(101)[:, None] + np.arange(101)[None, :]).ravel()
    for Mv in (0, 37, 100, 150):
        rows = C[M == Mv]
        cols = np.flatnonzero(np.abs(rows).sum(axis=0) > 0)
        assert np.allclose(rows[:, cols].T @ rows[:, cols], np.eye(len(cols)), atol=1e-12)


@pytest.mark.parametrize("N,N_A", [(3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4), (8, 3), (9, 5), (10, 5)])
def test_random_jblock_states_against_dense(N, N_A):
    st = random_dicke_state(N, np.random.default_rng(N + 100 * N_A))
    rho = dicke_to_dense(st)
    neg = jblock_negativity(st, N_A)
    ref = dense_negativity(rho, 2, N_A, N - N_A)
    assert ref > 1e-3
    assert neg.negativity == pytest.approx(ref, abs=TOL)
    assert jblock_purity(st) == pytest.approx(np.trace(rho @ rho).real, abs=TOL)


@pytest.mark.parametrize("N", [4, 5, 7])
def test_jblock_against_occupation_route(N):
    """d = 2: J-block route and occupation route (via the dense matrix) give the same numbers."""
    st = random_dicke_state(N, np.random.default_rng(7 * N))
    occ, c = to_occupation(dicke_to_dense(st), N, 2)
    pi = information(_State(occ, c))
    qb = jblock_information(st)
    for name in ("purity", "S", "S_1", "I_M", "negativity"):
        assert getattr(qb, name) == pytest.approx(getattr(pi, name), abs=TOL), name


@pytest.mark.parametrize("Gamma", [0.3, 2.0])
def test_lmg_steady_state_against_dense(Gamma):
    """Paper 000 LMG steady state (𝒥 = 3γ, h = 0.5γ), N = 6: J-block numbers equal those of the dense ρ_T."""
    N = 6
    st = steady_state(lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=Gamma, gamma=1.0)), N).state
    rho = dicke_to_dense(st)
    qb = jblock_information(st)
    assert qb.negativity == pytest.approx(dense_negativity(rho, 2, 3, 3), abs=TOL)
    assert qb.purity == pytest.approx(np.trace(rho @ rho).real, abs=TOL)
    assert qb.S == pytest.approx(dense_entropy(rho), abs=TOL)
    assert qb.I_M == pytest.approx(observables(st).I_M, abs=TOL)


def test_truncation_bound_holds():
    st = random_dicke_state(16, np.random.default_rng(3))
    exact = jblock_negativity(st)
    cut = jblock_negativity(st, tol=1e-3)
    assert cut.blocks_skipped > exact.blocks_skipped
    assert 0 <= exact.negativity - cut.negativity <= cut.truncation_bound + TOL


@pytest.mark.slow
@pytest.mark.parametrize("N", [11, 12])
def test_random_jblock_states_against_dense_n12(N):
    st = random_dicke_state(N, np.random.default_rng(N))
    ref = dense_negativity(dicke_to_dense(st), 2, (N + 1) // 2, N // 2)
    assert jblock_negativity(st).negativity == pytest.approx(ref, abs=TOL)


def test_lmg_negativity_stage(tmp_path):
    """The workflow stage reads a stored J-block state and writes the same numbers as the library."""
    from permqs.dicke.state import state_to_frame
    from permqs.io import read_table, write_table
    from permqs.stages import lmg_negativity

    st = random_dicke_state(8, np.random.default_rng(11))
    params = {"N": 8, "h": 0.5, "Gamma": 1.0, "J": 3.0, "gamma": 1.0}
    write_table(tmp_path / "state.parquet", state_to_frame(st),
                {"representation": "dicke_blocks", "solver": "permqs", "parameters": params, "residual": 0.0})
    lmg_negativity.main(["--out", str(tmp_path / "neg.parquet"), "--state", str(tmp_path / "state.parquet")])
    row = read_table(tmp_path / "neg.parquet")[0].iloc[0]
    assert row["negativity"] == pytest.approx(jblock_negativity(st).negativity, abs=1e-14)
    assert row["negativity_per_N"] == pytest.approx(row["negativity"] / 8)
    assert row["purity"] == pytest.approx(jblock_purity(st), abs=1e-14)
    assert row["Gamma"] == 1.0


def test_information_code_reruns_no_solver():
    """The solver and observable stages do not import the post-processing modules (issue 13 item 7)."""
    from permqs.fingerprint import import_closure
    post = {"permqs.information.pi", "permqs.information.bipartite", "permqs.information.young",
            "permqs.information.occupation", "permqs.information.qubit"}
    for stage in ("lmg_steady", "lmg_rates", "lmg_observables"):
        assert not post & set(import_closure(f"permqs.stages.{stage}")), stage
    assert "permqs.information.qubit" in import_closure("permqs.stages.lmg_negativity")


# Spec §8 anchors (independent prototype; (7, 2) also reproduced here through the dense route and qutip, 2-5 min
# per point): paper 004 qubit model, spin ladder, V = 1, N_A = ⌈N/2⌉; (N, γ_I, γ_C) -> (Tr ρ², 𝒩).
ANCHORS_D2 = [(5, 0.35, 0.35, 0.106474, 0.035499), (5, 0.5, 2.0, 0.609076, 0.173292),
              (5, 2.0, 0.5, 0.755847, 0.151187), (7, 0.35, 0.35, 0.048943, 0.043919),
              (7, 0.5, 2.0, 0.580328, 0.187356), (7, 2.0, 0.5, 0.730033, 0.158349)]


@pytest.mark.parametrize("N,gI,gC,P,neg", ANCHORS_D2)
def test_spec_anchors_through_jblocks(N, gI, gC, P, neg):
    """The J-block solver's steady state of the d = 2 qudit LMG model (paper 004 Eq. 3) and the recoupling route
    reproduce the spec's purity and negativity (printed with 6 decimals); 2^N Tr ρ² = 3.407 and 6.265 at the
    (0.35, 0.35) corner (paper 004 Sec. V: the lower end 3.41 of its range)."""
    from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
    st = steady_state(qudit_lmg_model(QuditLMGParameters(d=2, V=1.0, gamma_I=gI, gamma_C=gC)), N).state
    assert jblock_purity(st) == pytest.approx(P, abs=1e-6)
    assert jblock_negativity(st).negativity == pytest.approx(neg, abs=1e-6)
    if gI == gC == 0.35:
        assert 2 ** N * jblock_purity(st) == pytest.approx({5: 3.407, 7: 6.265}[N], abs=1e-3)
