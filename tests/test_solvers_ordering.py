"""Level-set nested dissection (permqs.solvers.ordering) against the natural order of a grid."""
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from permqs.solvers.ordering import nested_dissection


def _laplacian(k: int) -> sp.csr_matrix:
    """7-point Laplacian of a k × k × k grid (a 3-D grid, like the J-block vector), shifted to be regular."""
    one = sp.diags([-1, 2.1, -1], [-1, 0, 1], shape=(k, k))
    eye = sp.identity(k)
    terms = [sp.kron(sp.kron(one, eye), eye), sp.kron(sp.kron(eye, one), eye), sp.kron(sp.kron(eye, eye), one)]
    return sum(terms).tocsr()


def _fill(A: sp.csr_matrix, perm: np.ndarray) -> int:
    return spla.splu(A[perm][:, perm].tocsc(), permc_spec="NATURAL", options=dict(SymmetricMode=True)).nnz


def test_a_permutation_with_less_fill_than_the_natural_order():
    A = _laplacian(16)
    perm = nested_dissection(A, leaf=16)
    assert np.array_equal(np.sort(perm), np.arange(A.shape[0]))
    assert _fill(A, perm) < 0.5 * _fill(A, np.arange(A.shape[0]))  # measured 0.30


def test_disconnected_parts_and_tiny_graphs():
    A = sp.block_diag([_laplacian(4), _laplacian(3), sp.identity(2)]).tocsr()
    perm = nested_dissection(A, leaf=4)
    assert np.array_equal(np.sort(perm), np.arange(A.shape[0]))
    assert nested_dissection(sp.csr_matrix((0, 0))).size == 0
