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
from permqs.dicke.basis import j_values, log_dim_j
from permqs.information.bipartite import negative_part
from permqs.information.eigenvalues import hermitian_eigenvalues, positive_definite
from permqs.information.qubit import (clebsch_gordan, jblock_information, jblock_negativity, jblock_purity,
                                      recoupled_block)
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
    assert cut.truncation_bound <= 1e-3
    assert 0 <= exact.negativity - cut.negativity <= cut.truncation_bound + TOL


def every_block_negativity(state) -> float:
    """The plain route (no skipped block, no certificate, numpy's eigvalsh of the symmetrized X^{T_B} of every
    (J_A, J_B) pair, J_A >= J_B counted twice): the implementation before the shortcuts."""
    N = state.N
    blocks = {float(J): b for J, b in state.blocks()}
    ld = dict(zip(blocks, log_dim_j(N, np.array(list(blocks)))))
    JAs = j_values(N // 2)
    lA = dict(zip(JAs, log_dim_j(N // 2, JAs)))
    total = 0.0
    for JA in JAs:
        for JB in JAs[JAs <= JA]:
            w = {J: float(np.exp(lA[JA] + lA[JB] - ld[J])) for J in blocks if abs(JA - JB) <= J <= JA + JB}
            dA, dB = int(2 * JA) + 1, int(2 * JB) + 1
            X = recoupled_block(blocks, w, JA, JB)
            P = X.reshape(dA, dB, dA, dB).transpose(0, 3, 2, 1).reshape(dA * dB, -1)
            total += (2 if JA > JB else 1) * negative_part(np.linalg.eigvalsh((P + P.conj().T) / 2))
    return total


@pytest.mark.parametrize("N", [10, 20, 40])
def test_shortcuts_against_every_block_route(N):
    """Paper-000 LMG steady states across both phases (stationary: Γ <= 0.5, entangled; limit cycle: Γ >= 2,
    positive partial transposes up to round-off): with tol = 0 the certificates and skipped zero blocks change
    nothing beyond 1e-10; with tol > 0 the result stays within the reported bound of the exact one."""
    for h in (0.0, 0.5, 1.0):
        for Gamma in (0.0, 0.5, 1.0, 3.0):
            st = steady_state(lmg_model(LMGParameters(J=3.0, h=h, Gamma=Gamma, gamma=1.0)), N).state
            ref = every_block_negativity(st)
            exact = jblock_negativity(st, threads=1)
            assert exact.negativity == pytest.approx(ref, abs=TOL), (h, Gamma)
            cut = jblock_negativity(st, tol=1e-8, threads=2)
            assert cut.truncation_bound <= 1e-8
            assert abs(cut.negativity - ref) <= cut.truncation_bound + TOL, (h, Gamma)


def isotropic_dicke_state(N: int, p: float) -> DickeState:
    """p |J=N/2, M=0⟩⟨·| + (1-p) 1/2^N in J blocks: entangled across N/2 | N/2 only above a threshold p*,
    so near p* the partial transposes have eigenvalues just below or just above 0."""
    from permqs.dicke.basis import dim_j

    vec = []
    for J in DickeBasis(N).J_values:
        k = int(round(2 * J)) + 1
        b = (1 - p) * dim_j(N, J) / 2 ** N * np.eye(k, dtype=complex)
        if J == N / 2:
            b[N // 2, N // 2] += p
        vec.append(b.ravel())
    return DickeState(N, np.concatenate(vec))


@pytest.mark.parametrize("N", [4, 6])
def test_certificate_near_the_separability_threshold(N):
    """Mixtures around the threshold p* where 𝒩 leaves 0 (found on the dense ρ): a certified block next to an
    entangled one, and negativities down to 1e-9, agree with the dense partial transpose; the shortcut must not
    certify a block whose partial transpose has an eigenvalue of -1e-9."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if dense_negativity(dicke_to_dense(isotropic_dicke_state(N, mid)), 2, N // 2,
                                               N // 2) > 1e-13 else (mid, hi)
    for p in (hi * (1 - 1e-3), hi * (1 + 1e-8), hi * (1 + 1e-6), hi * (1 + 1e-3), 0.9):
        st = isotropic_dicke_state(N, p)
        ref = dense_negativity(dicke_to_dense(st), 2, N // 2, N // 2)
        neg = jblock_negativity(st)
        assert neg.negativity == pytest.approx(ref, abs=1e-13), p
        if ref > 1e-12:
            assert neg.blocks_certified < neg.blocks_used
        if p < hi:
            assert neg.negativity == 0.0 and neg.blocks_certified == neg.blocks_used


def test_certified_blocks_next_to_entangled_ones_against_dense():
    """LMG N = 10, h = 0.5γ, Γ = 0.5γ: some blocks certified positive, others entangled; the sum equals the
    negativity of the dense 2^10 partial transpose."""
    st = steady_state(lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=0.5, gamma=1.0)), 10).state
    neg = jblock_negativity(st)
    assert 0 < neg.blocks_certified < neg.blocks_used
    assert neg.negativity > 1e-5
    assert neg.negativity == pytest.approx(dense_negativity(dicke_to_dense(st), 2, 5, 5), abs=TOL)


def test_threads_do_not_change_the_result():
    st = steady_state(lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=0.5, gamma=1.0)), 30).state
    one, two = jblock_negativity(st, threads=1), jblock_negativity(st, threads=2)
    assert one.negativity > 1e-8 and one.negativity == two.negativity and two.threads == 2


def test_hermitian_eigenvalues_and_certificate():
    """The 2-stage driver against numpy on the lower triangle (the upper one holds garbage), and the Cholesky
    certificate (pivoted by decreasing diagonal) on either side of -λ_min."""
    rng = np.random.default_rng(5)
    n = 200
    G = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
    H = (G + G.conj().T) / 2
    L = np.tril(H) + np.triu(rng.normal(size=(n, n)), 1)
    e = hermitian_eigenvalues(L)
    assert np.allclose(e, np.linalg.eigvalsh(H), atol=1e-12 * np.abs(e).max())
    assert not positive_definite(H) and not positive_definite(H, -e[0] * (1 - 1e-6))
    assert positive_definite(H, -e[0] * (1 + 1e-6))
    assert np.array_equal(L, np.tril(H) + np.triu(L, 1))      # not modified
    Hc = H.copy()
    positive_definite(H, 1.0)
    assert np.array_equal(H, Hc)


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


def test_real_form_of_equal_halves():
    """(J, J) blocks of a swap-symmetric state: the real form has the spectrum of the complex partial transpose;
    a partial transpose without the symmetry is refused."""
    from permqs.information.qubit import _partial_transpose_parts, _real_form

    st = steady_state(lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=0.5, gamma=1.0)), 12).state
    blocks = {float(J): b for J, b in st.blocks()}
    ld = dict(zip(blocks, log_dim_j(12, np.array(list(blocks)))))
    la = float(log_dim_j(6, np.array([2.0]))[0])
    X = recoupled_block(blocks, {J: float(np.exp(2 * la - ld[J])) for J in blocks if J <= 4}, 2.0, 2.0)
    [(P, rows)] = _partial_transpose_parts(X, 5, 5, split=False)
    R = _real_form(P, rows, 5)
    assert np.isrealobj(R) and np.allclose(R, R.T, atol=1e-15)
    assert np.allclose(np.linalg.eigvalsh(R), np.linalg.eigvalsh((P + P.conj().T) / 2), atol=1e-14)
    rng = np.random.default_rng(2)
    G = rng.normal(size=(25, 25)) + 1j * rng.normal(size=(25, 25))
    with pytest.raises(ValueError, match="swap symmetric"):
        _real_form(G + G.conj().T, rows, 5)
