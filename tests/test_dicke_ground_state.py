"""Ground state of the ferromagnetic LMG model at J = N/2 (paper 000 App. B, Fig. 2)."""
import numpy as np
import pytest
from scipy.linalg import eigh

from permqs.dicke import lmg_ground_state
from permqs.information import qubit_entropy
from permqs.operators import spin_matrices


def _dense(N, J, h):
    # Independent reference: dense spin-N/2 matrices from permqs.operators (m descending), eigh.
    sx, sy, sz = spin_matrices(N + 1)
    H = J * (sx @ sx + sy @ sy) / N + h * sx
    w, v = eigh(H)
    g = v[:, 0]
    m = np.array([np.real(g.conj() @ s @ g) for s in (sx, sy, sz)]) * 2 / N
    return w[0], m


@pytest.mark.parametrize("N,h", [(10, 0.3), (11, 0.3), (40, 0.05), (41, 1.5), (64, 2.5)])
def test_matches_dense_diagonalization(N, h):
    gs = lmg_ground_state(N, -1.0, h)
    E, m = _dense(N, -1.0, h)
    assert gs.degeneracy == 1 and gs.S_T == 0.0
    assert gs.energy == pytest.approx(E, abs=1e-10)
    # The sign of an eigenvector is arbitrary but ⟨m⟩ is not: agreement to 1e-10.
    np.testing.assert_allclose([gs.m_x, gs.m_y, gs.m_z], m, atol=1e-10)
    assert gs.I_M_per_N == pytest.approx(float(qubit_entropy(m)), abs=1e-10)


def test_even_n_zero_field_is_the_dicke_state():
    # m = 0 Dicke state: ⟨m⟩ = 0, so S(ρ_i) = ln 2 and I_M/N = ln 2 exactly.
    gs = lmg_ground_state(100, -1.0, 0.0)
    assert gs.degeneracy == 1
    assert gs.I_M_per_N == pytest.approx(np.log(2), abs=1e-12)


def test_odd_n_zero_field_degeneracy_gives_the_mixture():
    # m = ±1/2 are degenerate: the equal mixture has ⟨m⟩ = 0 and S(ρ_T) = ln 2.
    gs = lmg_ground_state(101, -1.0, 0.0)
    assert gs.degeneracy == 2
    assert gs.S_T == pytest.approx(np.log(2))
    assert gs.I_M_per_N == pytest.approx(np.log(2) - np.log(2) / 101, abs=1e-12)


def test_strong_field_polarizes_along_minus_x():
    gs = lmg_ground_state(200, -1.0, 10.0)
    assert gs.m_x < -0.999 and gs.I_M_per_N < 1e-3
