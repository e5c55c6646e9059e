"""Steady state and sector gaps of the qudit engine (paper 004 Sec. IV) against dense PI references (spec §8)."""
import numpy as np
import pytest
import scipy.linalg as la

from permqs.dicke import steady_state as dicke_steady_state
from permqs.dicke import magnetization
from permqs.errors import MemoryLimitError
from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
from permqs.operators import spin_matrices
from permqs.qudit import (SECTORS, PIBasis, PIState, estimate_memory, gaps, liouvillian, sector, sector_spectrum,
                          steady_state)

from qudit_reference import embedding


def _model(d, V=1.0, gI=1.8, gC=0.2, diss="spin"):
    return qudit_lmg_model(QuditLMGParameters(d=d, V=V, gamma_I=gI, gamma_C=gC, dissipator=diss))


def _dense_sector_gap(model, N, s):
    b = PIBasis(N, model.d)
    A = sector(b, s).project(liouvillian(model, N, b)).toarray()
    lam = la.eigvals(A)
    lam = lam[np.argsort(np.abs(lam.real))]
    return -lam[1].real if s == (1, 1) else -lam[0].real


@pytest.mark.parametrize("N,d,diss,V", [(3, 3, "spin", 1.0), (3, 4, "spin", -0.7), (3, 4, "uniform", 1.3),
                                        (2, 5, "uniform", -1.0), (2, 5, "spin", 0.4)])
def test_steady_state_is_the_dense_null_vector(N, d, diss, V):
    rng = np.random.default_rng(N + 10 * d)
    model = _model(d, V, rng.uniform(0.3, 2), rng.uniform(0.1, 2), diss)
    r = steady_state(model, N)
    assert r.success and r.residual < 1e-10
    st = r.state
    assert abs(st.trace - 1) < 1e-12 and st.hermiticity_error < 1e-12
    L = liouvillian(model, N).toarray()
    w, v = la.eig(L)
    c = v[:, np.argmin(np.abs(w))]
    c = c / (PIBasis(N, d).trace_weights @ c)
    assert np.abs(c - st.coefficients).max() < 1e-9 * np.abs(c).max()
    rho = st.dense()
    assert np.linalg.eigvalsh(rho).min() > -1e-10  # positive
    # attribute interface for the information functions (issue 13)
    assert st.occupations.shape == (PIBasis(N, d).size, d, d) and st.coefficients.dtype == complex


@pytest.mark.parametrize("d,diss", [(2, "spin"), (3, "spin"), (4, "uniform"), (5, "spin")])
def test_v_zero_steady_state_is_all_lowest(d, diss):
    N = 3
    r = steady_state(_model(d, V=0.0, gI=0.7, gC=0.5, diss=diss), N)
    b = PIBasis(N, d)
    expect = np.zeros(b.size, complex)
    n = np.zeros((d, d), int)
    n[d - 1, d - 1] = N  # index d-1 is m = -j
    expect[b.index_of(n)] = 1
    assert np.abs(r.state.coefficients - expect).max() < 1e-12


def test_d2_agrees_with_dicke_engine():
    """d = 2: the J-block engine (spin-1/2) and the PI engine give the same steady-state magnetization."""
    N = 8
    model = _model(2, V=1.0, gI=0.6, gC=0.3)
    st = steady_state(model, N).state
    ref = magnetization(dicke_steady_state(model, N, tol=1e-12).state)
    sx, sy, sz = spin_matrices(2)
    ours = np.array([st.expectation(A).real for A in (sx, sy, sz)]) * 2 / N
    assert np.abs(ours - ref).max() < 1e-9
    assert abs(ours[2]) > 0.1


def test_d3_spin_and_uniform_coincide():
    m1, m2 = _model(3, diss="spin"), _model(3, diss="uniform")
    assert abs(liouvillian(m1, 4) - liouvillian(m2, 4)).max() < 1e-14


# Independent prototype values (spec paper004-finite-n §8, "Sector gaps at (γ_I, γ_C) = (1.8, 0.2)").
ANCHORS = [
    (3, 3, "spin", (2.10773, 2.31633, 0.58273, 2.47327)),
    (3, 4, "uniform", (1.51622, 1.66781, 0.36198, 1.75199)),
    (2, 5, "spin", (1.69635, 1.70079, 0.35145, 1.72227)),
    (6, 3, "spin", (1.90659, 2.27871, 0.39197, 2.59243)),
]


@pytest.mark.parametrize("method", ["iterative", "direct"])
@pytest.mark.parametrize("N,d,diss,expect", ANCHORS)
def test_gaps_match_dense_and_anchor(N, d, diss, expect, method):
    model = _model(d, diss=diss)
    g = gaps(model, N, method=method)
    for s, e in zip(SECTORS, expect):
        r = g[s]
        assert r.success and r.residual < 1e-7
        assert r.gap == pytest.approx(e, abs=6e-6)
        if N * d <= 12:
            assert r.gap == pytest.approx(_dense_sector_gap(model, N, s), abs=1e-8)


def test_symmetry_breaking_sector_is_minus_plus():
    """Spec §2.2: at d = 3, N = 6, γ_I = 1, γ_C = 0.2, V = 1 the smallest gap is Δ^(-1,+1) (paper convention)."""
    g = gaps(_model(3, V=1.0, gI=1.0, gC=0.2), 6, method="direct")
    values = {s: r.gap for s, r in g.items()}
    assert min(values, key=values.get) == (-1, 1)
    assert values[(-1, 1)] < 0.5 * values[(-1, -1)]


def test_gap_rejects_nothing_silently():
    r = sector_spectrum(_model(3), 3, (1, 1), k=4, method="iterative")
    assert r.accepted.sum() >= 1 and np.all(r.residuals[r.accepted] < 1e-7)
    assert np.isclose(r.eigenvalues[0], 0, atol=1e-8)  # the stationary eigenvalue, found and excluded
    assert not r.accepted[0]


def test_memory_guard():
    assert estimate_memory(18, 3) > estimate_memory(12, 3)
    with pytest.raises(MemoryLimitError):
        steady_state(_model(3), 12, memory_limit=10 * 2**20)


def test_gap_certificate_is_honest():
    """Shift-invert finds the eigenvalues nearest σ; at (4,3), γ_I = 0.5 the slowest (+1,+1) mode is a complex pair
    far from σ. Whatever the search returns must be the slowest of all eigenvalues with |Im λ| < imag_certified."""
    N, d = 4, 3
    model = _model(d, V=1.0, gI=0.5, gC=0.2)
    b = PIBasis(N, d)
    L = liouvillian(model, N, b)
    for s in [(1, 1)]:
        sec = sector(b, s)
        A = sec.project(L)
        r = sector_spectrum(model, N, s, matrix=(sec, A), method="iterative")
        lam = la.eigvals(A.toarray())
        lam = lam[np.abs(lam) > 1e-9] if s == (1, 1) else lam
        inside = lam[np.abs(lam.imag) < r.imag_certified]
        assert r.gap == pytest.approx(-inside.real.max(), abs=1e-8)
        assert r.gap >= -lam.real.max() - 1e-8
        # here the slowest mode is the pair -0.803 ± 1.371i, outside the first disc; complex shifts find it
        assert r.imag_certified < 1.371 and r.gap == pytest.approx(0.833364, abs=1e-6)
        r3 = sector_spectrum(model, N, s, matrix=(sec, A), method="iterative", imag_range=3.0)
        assert r3.imag_certified >= 3.0
        assert r3.gap == pytest.approx(-lam.real.max(), abs=1e-7) == pytest.approx(0.803074, abs=1e-6)


def test_gaps_in_worker_processes():
    model = _model(3, gI=0.9, gC=0.4)
    one, two = gaps(model, 3), gaps(model, 3, workers=2)
    assert all(one[s].gap == pytest.approx(two[s].gap, abs=1e-10) for s in SECTORS)


def test_shared_solver_layer_adapter():
    """permqs.solvers on the qudit GradedProblem agrees with the qudit solvers (small sector)."""
    from permqs import solvers
    from permqs.qudit import graded_problem
    N, d = 3, 4
    model = _model(d, V=0.8, gI=1.1, gC=0.6, diss="uniform")
    problem = graded_problem(model, N)
    problem.check_structure()
    ss = solvers.steady_state(problem, tol=1e-11)
    assert ss.success
    ours = steady_state(model, N).state
    theirs = ss.state
    assert np.abs(theirs.coefficients - ours.coefficients).max() < 1e-9
    sp = solvers.spectrum(graded_problem(model, N, (-1, 1)), k=4)
    mine = sector_spectrum(model, N, (-1, 1))
    assert -sp.eigenvalues.real.max() == pytest.approx(mine.gap, abs=1e-8)


def test_gap_scan_reuses_parts_linearly():
    """GapScan (𝓛 = V𝓛_V + γ_I𝓛_I + γ_C𝓛_C, parts projected once) gives the gaps of the model at each point."""
    from permqs.qudit import GapScan
    scan = GapScan(3, 4, "uniform")
    for gI, gC in [(0.4, 1.3), (1.8, 0.2)]:
        got = scan.gaps(gI, gC)
        ref = gaps(_model(4, gI=gI, gC=gC, diss="uniform"), 3)
        assert all(got[s].gap == pytest.approx(ref[s].gap, abs=1e-9) for s in SECTORS)


def test_scan_steady_state_is_the_model_steady_state():
    """GapScan.steady_state (the (+1,+1) part sums) equals steady_state of the model assembled at that point."""
    from permqs.qudit import GapScan
    scan = GapScan(3, 4, "uniform", sectors=((1, 1),))
    for gI, gC in [(0.35, 0.35), (2.0, 0.5)]:
        got = scan.steady_state(gI, gC, tol=1e-11, restart=400)
        ref = steady_state(_model(4, gI=gI, gC=gC, diss="uniform"), 3, tol=1e-11, raise_on_failure=False)
        assert got.residual < 1e-10 and ref.residual < 1e-10
        assert np.abs(got.state.coefficients - ref.state.coefficients).max() < 1e-9


@pytest.mark.slow
@pytest.mark.parametrize("gI,gC", [(0.4, 0.2), (1.8, 0.2), (0.5, 1.5)])
def test_iterative_gaps_match_dense_at_4_4(gI, gC):
    """(N, d) = (4, 4), L_≡, sectors ~1000: iterative level-sweep shift-invert against dense eigenvalues."""
    model = _model(4, V=1.0, gI=gI, gC=gC, diss="uniform")
    b = PIBasis(4, 4)
    L = liouvillian(model, 4, b)
    for s in SECTORS:
        sec = sector(b, s)
        A = sec.project(L)
        r = sector_spectrum(model, 4, s, matrix=(sec, A), method="iterative", imag_range=4.0)
        lam = la.eigvals(A.toarray())
        lam = lam[np.abs(lam) > 1e-9] if s == (1, 1) else lam
        inside = lam[np.abs(lam.imag) < r.imag_certified]
        assert r.gap == pytest.approx(-inside.real.max(), abs=1e-7)


@pytest.mark.parametrize("shift", [0.2, 0.3 + 0.8j])
def test_level_sweep_split_form(shift, monkeypatch):
    """Eisenstat's split form equals M1⁻¹(A - shift)M2⁻¹, M1 M2 = M (dense check, incomplete-LU levels forced by
    a small exact-factor limit), and the GMRES on it meets the TRUE residual."""
    from permqs.qudit import level_sum
    from permqs.solvers import levels
    from permqs.solvers.levels import LevelGaussSeidel, level_gmres
    monkeypatch.setattr(levels, "LEVEL_EXACT_MAX", 20)
    b = PIBasis(4, 4)
    sec = sector(b, (-1, 1))
    A = sec.project(liouvillian(_model(4, gI=1.3, gC=0.4, diss="uniform"), 4, b))
    P = LevelGaussSeidel(A, level_sum(sec), shift=shift)
    assert any(blk[4] is not None and blk[4].nnz for blk in P.blocks)  # some level blocks really are incomplete
    n = P.n
    eye = np.eye(n)
    M1inv = np.column_stack([P.left(e) for e in eye])
    M2inv = np.column_stack([P.right(e) for e in eye])
    Ap = P.matrix.toarray()
    rng = np.random.default_rng(3)
    v = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    ref = M1inv @ (Ap @ (M2inv @ v))
    assert np.abs(P.split(v) - ref).max() < 1e-12 * np.abs(ref).max()
    pre = M2inv @ (M1inv @ v)
    assert np.abs(P.apply(v) - pre).max() < 1e-12 * np.abs(pre).max()
    rhs = rng.standard_normal(n)
    x, info, its = level_gmres(P, rhs, 1e-10, 50, 20)
    assert info == 0 and np.linalg.norm(P.matrix @ x - rhs) <= 1e-10 * np.linalg.norm(rhs)


def test_complex_shift_pass_does_not_recount_the_stationary_eigenvalue():
    """A pass at σ + iω resolves λ_0 = 0 only roughly; it lies inside the first pass's disc, which found it
    accurately, so it is not added again (nor its conjugate), while a new eigenvalue outside every disc is."""
    from permqs.qudit.solve import _merge
    sigma = 0.2
    lam = np.array([1e-13, -0.5 + 0.1j, -0.5 - 0.1j])  # first pass: disc of radius 0.71 around σ
    vec = np.eye(4)[:, :3].astype(complex)
    discs = [(0.0, float(np.abs(lam - sigma).max()))]
    l2 = np.array([2e-7 + 3e-7j, -0.8 + 1.4j, -0.5 + 0.1j + 2e-6])
    v2 = np.ones((4, 3), complex)
    merged, vecs = _merge(lam, vec, l2, v2, discs, sigma)
    assert np.count_nonzero(np.abs(merged) < 1e-6) == 1
    assert sorted(merged.imag.round(6)) == [-1.4, -0.1, 0.0, 0.1, 1.4] and vecs.shape == (4, 5)


def test_stagnating_inner_gmres_is_resumed_with_a_longer_cycle(monkeypatch):
    """(5,3), (+1,+1) with cycles of 8 and 2 of them per inner solve: the first inner solve misses its tolerance;
    resumed from its iterate with cycles of 4 × 8 it converges, and the gap equals the dense one. Without the longer
    cycle (factor 1: the same budget again at restart 8) the sector fails and says why."""
    from permqs.qudit import solve
    model = _model(3)
    b = PIBasis(5, 3)
    sec = sector(b, (1, 1))
    A = sec.project(liouvillian(model, 5, b))
    lam = la.eigvals(A.toarray())
    dense = -lam[np.abs(lam) > 1e-9].real.max()
    r = sector_spectrum(model, 5, (1, 1), matrix=(sec, A), method="iterative", restart=8, maxiter=2)
    assert r.gap == pytest.approx(dense, abs=1e-7)
    monkeypatch.setattr(solve, "RETRY_RESTART_FACTOR", 1)
    r = sector_spectrum(model, 5, (1, 1), matrix=(sec, A), method="iterative", restart=8, maxiter=2,
                        raise_on_failure=False)
    assert not r.success and "inner GMRES did not converge" in r.message
