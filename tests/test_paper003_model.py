"""Paper 003: the generic mean-field drift of the multimode Dicke model reproduces Eq. S27 exactly."""
import numpy as np
import pytest

from permqs.meanfield import MeanField
from permqs.models.pattern_retrieval import (
    PatternRetrievalParameters, fig3_parameters, overlaps, pattern_matrix, pattern_retrieval_model,
)


def eq_s27(m, alpha, p: PatternRetrievalParameters):
    """Eq. S27 of paper 003, written out."""
    f = pattern_matrix(p.M)
    x, y, z = m.T
    field = 2 * p.g * (f.T @ (2 * alpha.real))  # 2g Σ_μ f_μk (α_μ† + α_μ)
    dx = -field * y
    dy = -2 * p.Omega * z + field * x
    dz = 2 * p.Omega * y
    dalpha = -(1j * np.array(p.Omega_mu) + np.array(p.kappa_mu) / 2) * alpha - 1j * p.g * (f @ z)
    return np.column_stack([dx, dy, dz]), dalpha


@pytest.mark.parametrize("M", [1, 2, 3, 4])
def test_pattern_matrix_is_orthogonal_with_uniform_first_row(M):
    f = pattern_matrix(M)
    assert f.shape == (M, 2 ** (M - 1)) and np.all(f[0] == 1) and set(np.unique(f)) <= {-1.0, 1.0}
    np.testing.assert_array_equal(f @ f.T, 2 ** (M - 1) * np.eye(M))  # Eq. S26
    assert len({tuple(c) for c in f.T}) == 2 ** (M - 1)  # every subset couples differently


@pytest.mark.parametrize("M", [2, 3, 4])
def test_drift_matches_eq_s27(M):
    rng = np.random.default_rng(M)
    for _ in range(5):
        p = PatternRetrievalParameters(rng.uniform(0.2, 2), rng.normal(), tuple(rng.uniform(0.5, 3, M)),
                                       tuple(rng.uniform(0.1, 2, M)))
        mf = MeanField(pattern_retrieval_model(p))
        m = rng.normal(size=(2 ** (M - 1), 3))
        m *= rng.uniform(0.2, 1, size=(len(m), 1)) / np.linalg.norm(m, axis=1, keepdims=True)
        alpha = rng.normal(size=M) + 1j * rng.normal(size=M)
        dy = mf(0.0, mf.from_bloch(m, alpha))
        dm, dalpha = eq_s27(m, alpha, p)
        np.testing.assert_allclose(mf.bloch(dy), dm, atol=1e-12)
        np.testing.assert_allclose(mf.alphas(dy), dalpha, atol=1e-12)


def test_overlap_of_a_stored_pattern():
    f = pattern_matrix(4)
    np.testing.assert_allclose(overlaps(0.7 * f[2], 4), [0, 0, 0.7, 0], atol=1e-15)
    p = fig3_parameters(1.0)
    assert p.Omega_mu == (1.5, 2.0, 2.5, 3.0) and p.g == pytest.approx(1 / np.sqrt(8))
