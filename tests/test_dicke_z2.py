"""Paper 004's Z2 sector gaps for d = 2 on the J-block vector (permqs.dicke.z2) against the qudit engine."""
import numpy as np
import pytest

from permqs.dicke import jblock_problem
from permqs.dicke.z2 import jblock_gaps, sector_dimensions, t2_apply
from permqs.errors import SpectrumError
from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
from permqs.qudit import SECTORS, gaps
from permqs.qudit import sector_dimensions as qudit_sector_dimensions
from permqs.solvers.result import UNRELIABLE


def _model(V=1.0, gI=1.8, gC=0.2, diss="spin"):
    return qudit_lmg_model(QuditLMGParameters(d=2, V=V, gamma_I=gI, gamma_C=gC, dissipator=diss))


@pytest.mark.parametrize("N", [2, 3, 4, 7, 10])
def test_sector_dimensions_match_the_qudit_sectors(N):
    assert sector_dimensions(N) == qudit_sector_dimensions(N, 2)


@pytest.mark.parametrize("N", [4, 5])
def test_t2_is_an_involution_commuting_with_the_generator(N):
    p = jblock_problem(_model(V=0.8, gI=0.7, gC=0.4), N)
    L = p.matrix().toarray()
    T = t2_apply(np.eye(p.n, dtype=complex), p.grade, p.partner)
    assert np.abs(T @ T - np.eye(p.n)).max() < 1e-14
    assert np.abs(T @ L - L @ T).max() < 1e-12 * np.abs(L).max()
    # Π1 = (-1)^q commutes too: 𝓛 couples only grades of the same parity.
    P1 = np.diag((-1.0) ** p.grade)
    assert np.abs(P1 @ L - L @ P1).max() == 0


@pytest.mark.parametrize("N,V,gI,gC,diss", [(2, 1.0, 1.8, 0.2, "spin"), (3, 0.6, 0.4, 1.0, "spin"),
                                            (4, 1.0, 1.8, 0.2, "spin"), (7, -0.7, 0.3, 0.6, "uniform"),
                                            (10, 1.0, 0.5, 0.2, "uniform"), (10, -1.3, 1.1, 0.9, "spin")])
def test_gaps_agree_with_the_qudit_engine(N, V, gI, gC, diss):
    model = _model(V, gI, gC, diss)
    a, b = jblock_gaps(model, N), gaps(model, N)
    for s in SECTORS:
        assert a[s].success and a[s].residual < 1e-10
        assert a[s].size == b[s].size
        assert abs(a[s].gap - b[s].gap) < 1e-8, (s, a[s].gap, b[s].gap)


def test_iterative_shift_invert_agrees_with_the_qudit_engine():
    model = _model()
    a, b = jblock_gaps(model, 16, dense_below=0), gaps(model, 16)
    for s in SECTORS:
        assert a[s].method == "jblock-shift-invert-arnoldi" and a[s].imag_certified > 1.0
        assert abs(a[s].gap - b[s].gap) < 1e-8, (s, a[s].gap, b[s].gap)
        # Inner solves counted (at least one per Arnoldi step, k of them), shared by the two p2 of one Π1.
        assert a[s].solves >= 10 and a[s].iterations >= a[s].solves
    for p1 in (1, -1):
        assert a[(p1, 1)].solves == a[(p1, -1)].solves and a[(p1, 1)].seconds == a[(p1, -1)].seconds


@pytest.mark.parametrize("N", [5, 6])
def test_real_form_matrix_and_its_lu(N):
    """GradedSystem.real_matrix is the real form the solvers iterate on, and ShiftInvertLU inverts it minus σ."""
    from permqs.solvers import ShiftInvertLU
    from permqs.solvers.graded import GradedSystem
    from permqs.solvers.spectrum import _real_form
    p = jblock_problem(_model(V=0.8, gI=0.7, gC=0.4), N)
    system = GradedSystem(p)
    A, matvec = system.real_matrix(), _real_form(system)
    x = np.random.default_rng(N).normal(size=p.n)
    assert A.shape == (p.n, p.n)
    assert np.abs(A @ x - matvec(x)).max() < 1e-13 * np.abs(A).max() * np.abs(x).max()
    lu = ShiftInvertLU(p, 0.3)
    assert np.abs(matvec(lu.solve(x)) - 0.3 * lu.solve(x) - x).max() < 1e-12 * np.abs(x).max()


def test_hamiltonian_dominated_corner_falls_back_to_the_sparse_lu():
    """(γ_I, γ_C) = (0.2, 0.2), V = 1: the colour sweep's GMRES needs ~900 iterations per inner solve at N = 60;
    before the LU fallback the Π1 = -1 sector failed (maxiter 300) at N = 28, the smallest failing N of 13, 16,
    20, 24, 26, 28, 30. The LU gives the qudit engine's gaps (its direct SuperLU route on the occupation basis,
    other symmetry code; it agrees to ~1e-9, its ARPACK tol)."""
    model = _model(V=1.0, gI=0.2, gC=0.2)
    a, b = jblock_gaps(model, 28, imag_range=4.0), gaps(model, 28)
    for s in SECTORS:
        assert a[s].success and a[s].residual < 1e-10 and a[s].solves > 0
        assert abs(a[s].gap - b[s].gap) < 1e-8, (s, a[s].gap, b[s].gap)
    for s in [(-1, 1), (-1, -1)]:
        assert a[s].method == "jblock-shift-invert-arnoldi-splu" and "after GMRES broke down" in a[s].message
    forced = jblock_gaps(model, 28, imag_range=4.0, inner="splu")
    for s in SECTORS:
        assert forced[s].iterations == 0 and abs(forced[s].gap - b[s].gap) < 1e-8


def test_lu_fallback_respects_the_memory_limit():
    """A limit that admits the GMRES solve but not the sector's LU keeps the breakdown, and says why."""
    from permqs.errors import MemoryLimitError
    from permqs.dicke import estimate_memory
    from permqs.dicke.basis import n_unknowns
    model = _model(V=1.0, gI=0.2, gC=0.2)
    limit = estimate_memory(model, 28) + 81 * n_unknowns(28) * 8 + 2**20  # 1 MB for an LU of ~9 MB
    r = jblock_gaps(model, 28, sectors=[(-1, 1), (-1, -1)], memory_limit=limit, raise_on_failure=False)
    for s in r:
        assert not r[s].success and np.isnan(r[s].gap) and "no sparse LU instead" in r[s].message
    with pytest.raises(MemoryLimitError):
        jblock_gaps(model, 28, memory_limit=limit, inner="splu")


@pytest.mark.parametrize("V,closing", [(1.0, (-1, 1)), (-1.0, (-1, -1))])
def test_symmetry_breaking_sector_closes(V, closing):
    """Interaction-dominated phase (γ_I + γ_C < 2|V|): Δ^(-1,+1) (V > 0) or Δ^(-1,-1) (V < 0) is the smallest
    gap and shrinks with N (paper 004 Sec. IV, spec §2.5)."""
    model = _model(V, 0.5, 0.2)
    small, large = jblock_gaps(model, 10), jblock_gaps(model, 40)
    for g in (small, large):
        assert min(SECTORS, key=lambda s: g[s].gap) == closing
    assert large[closing].gap < 0.6 * small[closing].gap
    other = (-1, -closing[1])
    assert large[other].gap > 0.5  # the Π2-odd partner stays open


def test_a_sector_without_an_accepted_eigenvalue_is_never_silent():
    model = _model(V=1.0, gI=0.5, gC=0.2)
    r = jblock_gaps(model, 16, sectors=[(-1, 1), (-1, -1)], k=1, max_k=1, dense_below=0, raise_on_failure=False)
    bad = [s for s in r if not r[s].success]
    assert bad, "with one eigenvalue per Π1 sector one of its two T2 sectors must be empty"
    for s in bad:
        assert r[s].status == UNRELIABLE and np.isnan(r[s].gap)
    with pytest.raises(SpectrumError):
        jblock_gaps(model, 16, sectors=[(-1, 1), (-1, -1)], k=1, max_k=1, dense_below=0)
    # Doubling k finds both.
    ok = jblock_gaps(model, 16, sectors=[(-1, 1), (-1, -1)], k=1, max_k=16, dense_below=0)
    assert all(v.success for v in ok.values())


def test_memory_guard():
    from permqs.dicke import jblock_gaps as exported
    from permqs.errors import MemoryLimitError
    assert exported is jblock_gaps
    with pytest.raises(MemoryLimitError):
        jblock_gaps(_model(), 150, memory_limit=2**28)


def test_fig6_stage_dispatches_d2_to_the_jblock_route(tmp_path):
    from permqs.io import read_table
    from permqs.stages import paper004_finite
    out = tmp_path / "fig6.parquet"
    paper004_finite.main(["fig6", "--out", str(out), "--N", "6", "--d", "2", "--dissipator", "uniform",
                          "--gamma-I", "0.7", "--gamma-C", "0.2", "--imag-range", "4"])
    table = read_table(out)[0]
    ref = gaps(_model(1.0, 0.7, 0.2, "uniform"), 6)
    assert len(table) == 4 and (table.status == 0).all()
    for row in table.itertuples():
        assert row.size == ref[(row.p1, row.p2)].size
        assert abs(row.gap - ref[(row.p1, row.p2)].gap) < 1e-8


def test_imag_range_grows_k_until_certified():
    model = _model(V=1.0, gI=0.5, gC=0.2)
    plain = jblock_gaps(model, 20, dense_below=0)
    assert min(r.imag_certified for r in plain.values()) < 4.0  # k = 10 covers less at this point
    wide = jblock_gaps(model, 20, dense_below=0, imag_range=4.0)
    for s in SECTORS:
        assert wide[s].imag_certified >= 4.0 and wide[s].eigenvalues.size > plain[s].eigenvalues.size
        assert abs(wide[s].gap - plain[s].gap) < 1e-10
