"""Reduced J-block basis (paper 000 Eqs. A1-A2)."""
import math
from math import comb, factorial

import numpy as np
import pytest

from permqs.dicke import DickeBasis, dim_j, j_values, log_dim_j, n_unknowns


@pytest.mark.parametrize("N", [1, 2, 3, 4, 7, 10, 31, 320])
def test_number_of_unknowns_is_binomial(N):
    js = j_values(N)
    assert js[0] == (N % 2) / 2 and js[-1] == N / 2
    assert int(np.sum((2 * js + 1) ** 2)) == n_unknowns(N) == comb(N + 3, 3) == DickeBasis(N).size


@pytest.mark.parametrize("N", [1, 2, 5, 8, 13])
def test_dim_j_counts_all_states(N):
    # Σ_J (2J+1) dim_J = 2^N, and Eq. A2 with factorials.
    js = j_values(N)
    assert sum(int(2 * J + 1) * dim_j(N, J) for J in js) == 2**N
    for J in js:
        a, b = int(N / 2 + J + 1), int(N / 2 - J)
        assert dim_j(N, J) * factorial(a) * factorial(b) == int(2 * J + 1) * factorial(N)


def test_log_dim_j_exact_at_large_n():
    # dim_J overflows a float at N = 1600; math.log of the exact integer is the reference.
    # Tolerance 1e-12 relative: log-gamma of arguments ~1e3 carries ~1e-14 relative error.
    N = 1600
    for J in (0.0, 10.0, 400.0, 800.0):
        assert log_dim_j(N, J) == pytest.approx(math.log(dim_j(N, J)), rel=1e-12, abs=1e-12)


def test_dim_j_rejects_bad_j():
    with pytest.raises(ValueError):
        dim_j(4, 0.5)


@pytest.mark.parametrize("N", [1, 4, 7])
def test_index_is_eq_a1_order_and_bijective(N):
    b = DickeBasis(N)
    J, m, mp = b.labels
    idx = b.index(J, m, mp)
    np.testing.assert_array_equal(idx, np.arange(b.size))
    # Eq. A1 (1-based): J(2J+1)(2J-1)/3 + (2J+1)(J+J_z) + J + J'_z + 1, minus the offset of J_min.
    eq_a1 = J * (2 * J + 1) * (2 * J - 1) / 3 + (2 * J + 1) * (J + m) + J + mp + 1
    np.testing.assert_allclose(eq_a1 - eq_a1[0], idx)
    assert np.all(np.abs(m) <= J) and np.all(np.abs(mp) <= J)
    assert b.diagonal.size == int(np.sum(2 * j_values(N) + 1))
