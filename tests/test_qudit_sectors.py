"""Z2 sectors of paper 004 on the PI basis: dimensions, symmetry actions, sign convention, invariance (spec §2, §8)."""
import numpy as np
import pytest
import scipy.linalg as la

from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
from permqs.operators import spin_matrices
from permqs.qudit import SECTORS, PIBasis, liouvillian, sector, sector_dimensions

from qudit_reference import collective, embedding, full_liouvillian

TOL = 1e-12


@pytest.mark.parametrize("N,d,dims", [
    (3, 2, (8, 2, 5, 5)), (3, 3, (52, 33, 40, 40)), (2, 4, (44, 28, 32, 32)), (3, 4, (226, 182, 204, 204)),
    (150, 2, (149226, 143450, 146300, 146300)),  # paper 004 Sec. IV
    (6, 5, (149535, 147580, 148330, 148330)),  # paper 004 Sec. IV
])
def test_sector_dimensions(N, d, dims):
    got = sector_dimensions(N, d)
    assert tuple(got[s] for s in SECTORS) == dims


@pytest.mark.parametrize("N,d,dim", [(5, 5, 30087), (7, 4, 43186), (12, 3, 32154)])
def test_symmetric_sector_dimension_of_figs_7_8(N, d, dim):
    assert sector_dimensions(N, d)[(1, 1)] == dim == sector(PIBasis(N, d), (1, 1)).size


def _full_symmetries(N, d):
    """Π1 and T2 = Π2∘† (convention ⟨Jx⟩_{Π2ρ} = ⟨Jy⟩_ρ) acting on row-major vec of d^N × d^N operators."""
    m = (d - 1) / 2 - np.arange(d)
    Mz = np.zeros(d ** N)
    for idx in range(d ** N):
        Mz[idx] = m[list(np.unravel_index(idx, (d,) * N))].sum()
    D = d ** N

    def pi1(v):
        A = v.reshape(D, D)
        return (np.exp(1j * np.pi * Mz)[:, None] * A * np.exp(-1j * np.pi * Mz)[None, :]).ravel()

    def t2(v):
        A = v.reshape(D, D).T
        return (np.exp(-0.5j * np.pi * Mz)[:, None] * A * np.exp(0.5j * np.pi * Mz)[None, :]).ravel()

    return pi1, t2


@pytest.mark.parametrize("N,d", [(3, 2), (2, 3), (3, 3), (2, 4)])
def test_sector_vectors_are_orthonormal_hermitian_symmetry_eigenvectors(N, d):
    b = PIBasis(N, d)
    P = embedding(b)
    pi1, t2 = _full_symmetries(N, d)
    D = d ** N
    total = 0
    for s in SECTORS:
        sec = sector(b, s)
        total += sec.size
        V = (P @ sec.embedding).toarray()
        for k in range(sec.size):
            v = V[:, k]
            A = v.reshape(D, D)
            assert np.abs(A - A.conj().T).max() < TOL
            assert np.abs(pi1(v) - s[0] * v).max() < TOL
            assert np.abs(t2(v) - s[1] * v).max() < TOL
        assert np.array_equal(np.abs(sec.grade), np.abs(b.charge[sec.rep]))
        assert np.all(np.diff(sec.grade) >= 0)
        assert np.allclose(sec.trace, [np.trace(V[:, k].reshape(D, D)).real for k in range(sec.size)])
        # Hilbert-Schmidt orthonormal (the solvers' conditioning depends on it), and from_pi inverts to_pi
        assert np.abs(V.conj().T @ V - np.eye(sec.size)).max() < TOL
        x = np.random.default_rng(1).standard_normal(sec.size)
        assert np.abs(sec.from_pi(sec.to_pi(x)) - x).max() < TOL
    assert total == b.size


def test_sign_convention_jx_of_t2_rho_is_jy():
    """The paper's statement ⟨Jx⟩_{Π2ρ} = ⟨Jy⟩_ρ and ⟨Jy⟩_{Π2ρ} = ⟨Jx⟩_ρ (Sec. II) for Hermitian PI ρ."""
    N, d = 3, 3
    b = PIBasis(N, d)
    P = embedding(b).toarray()
    _, t2 = _full_symmetries(N, d)
    sx, sy, _ = spin_matrices(d)
    Jx, Jy = collective(sx, N, d).toarray(), collective(sy, N, d).toarray()
    rng = np.random.default_rng(3)
    c = sum(sector(b, s).to_pi(rng.normal(size=sector(b, s).size)) for s in SECTORS)
    rho = P @ c
    D = d ** N
    R, TR = rho.reshape(D, D), t2(rho).reshape(D, D)
    jx, jy = np.trace(Jx @ R), np.trace(Jy @ R)
    assert abs(jx) > 0.1 and abs(jy) > 0.1 and abs(jx - jy) > 0.1
    assert np.trace(Jx @ TR) == pytest.approx(jy, abs=1e-10)
    assert np.trace(Jy @ TR) == pytest.approx(jx, abs=1e-10)


@pytest.mark.parametrize("N,d,dissipator", [(3, 3, "spin"), (3, 4, "spin"), (3, 4, "uniform"), (2, 5, "uniform"),
                                            (6, 2, "spin")])
def test_sectors_invariant_and_spectra_complete(N, d, dissipator):
    rng = np.random.default_rng(N * d)
    model = qudit_lmg_model(QuditLMGParameters(d=d, V=-0.8, gamma_I=rng.uniform(0.2, 2), gamma_C=rng.uniform(0.2, 2),
                                               dissipator=dissipator))
    b = PIBasis(N, d)
    L = liouvillian(model, N, b)
    eig_all = la.eigvals(L.toarray())
    eig_sec = []
    for s in SECTORS:
        sec = sector(b, s)
        A = sec.project(L)
        assert A.dtype == np.float64
        # invariance: 𝓛 P = P A with the real sector matrix A
        assert abs(L @ sec.embedding - sec.embedding @ A).max() < TOL
        eig_sec.append(la.eigvals(A.toarray()))
    eig_sec = np.concatenate(eig_sec)
    assert eig_sec.size == eig_all.size
    # every PI eigenvalue appears in exactly one sector (greedy matching, spectra are non-degenerate up to 1e-8)
    remaining = list(eig_all)
    for lam in eig_sec:
        k = int(np.argmin(np.abs(np.array(remaining) - lam)))
        assert abs(remaining[k] - lam) < 1e-8 * max(1, abs(lam))
        remaining.pop(k)


def test_full_space_symmetries_commute_with_liouvillian():
    N, d = 3, 3
    model = qudit_lmg_model(QuditLMGParameters(d=d, V=0.7, gamma_I=0.9, gamma_C=0.4))
    Lf = full_liouvillian(model, N)
    pi1, t2 = _full_symmetries(N, d)
    rng = np.random.default_rng(0)
    for _ in range(3):
        v = rng.normal(size=d ** (2 * N)) + 1j * rng.normal(size=d ** (2 * N))
        assert np.abs(Lf @ pi1(v) - pi1(Lf @ v)).max() < 1e-11
        assert np.abs(Lf @ t2(v) - t2(Lf @ v)).max() < 1e-11
