"""Single-site operators: Pauli and spin-s matrices, generalized Gell-Mann basis.

The generalized Gell-Mann matrices (Bertlmann & Krammer, paper 000 Ref. [60]) satisfy
Tr(v_a v_b) = 2 δ_ab, so that ρ = (1 + ξ·v)/d (paper 000 Eq. 3) gives ξ_a = (d/2) Tr(ρ v_a);
for d = 2 they are the Pauli matrices and ξ is the Bloch vector m.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

SIGMA_X = np.array([[0, 1], [1, 0]], dtype=complex)
SIGMA_Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
SIGMA_Z = np.array([[1, 0], [0, -1]], dtype=complex)
# Basis order |0> = spin up (σ_z = +1), |1> = spin down, as in qutip and paper 000.
SIGMA_PLUS = np.array([[0, 1], [0, 0]], dtype=complex)
SIGMA_MINUS = np.array([[0, 0], [1, 0]], dtype=complex)
IDENTITY_2 = np.eye(2, dtype=complex)


def spin_matrices(d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spin-s matrices (S_x, S_y, S_z) with s = (d-1)/2, basis ordered m = s, s-1, ..., -s."""
    if d < 2:
        raise ValueError(f"single-site dimension d must be >= 2, got {d}")
    s = (d - 1) / 2
    m = s - np.arange(d)
    # <m+1|S_+|m> = sqrt(s(s+1) - m(m+1)); S_+ raises m, i.e. moves one index up.
    sp = np.diag(np.sqrt(s * (s + 1) - m[1:] * (m[1:] + 1)), k=1).astype(complex)
    sm = sp.conj().T
    return (sp + sm) / 2, (sp - sm) / 2j, np.diag(m).astype(complex)


@lru_cache(maxsize=None)
def _gell_mann(d: int) -> np.ndarray:
    mats = []
    for j in range(d):
        for k in range(j + 1, d):
            sym = np.zeros((d, d), dtype=complex)
            sym[j, k] = sym[k, j] = 1
            anti = np.zeros((d, d), dtype=complex)
            anti[j, k], anti[k, j] = -1j, 1j
            mats += [sym, anti]
    for l in range(1, d):
        diag = np.zeros(d)
        diag[:l] = 1
        diag[l] = -l
        mats.append(np.diag(np.sqrt(2 / (l * (l + 1))) * diag).astype(complex))
    out = np.array(mats)
    out.setflags(write=False)
    return out


def gell_mann(d: int) -> np.ndarray:
    """The d²-1 generalized Gell-Mann matrices, array of shape (d²-1, d, d), Tr(v_a v_b) = 2δ_ab.

    For d = 2 the order is (σ_x, σ_y, σ_z).
    """
    return _gell_mann(d)


def bloch_vector(rho: np.ndarray) -> np.ndarray:
    """ξ with ρ = (1 + ξ·v)/d (paper 000 Eq. 3)."""
    d = rho.shape[-1]
    return (d / 2) * np.real(np.einsum("aij,...ji->...a", gell_mann(d), rho))


def density_from_bloch(xi: np.ndarray, d: int) -> np.ndarray:
    """ρ = (1 + ξ·v)/d (paper 000 Eq. 3)."""
    return (np.eye(d) + np.einsum("...a,aij->...ij", xi, gell_mann(d))) / d
