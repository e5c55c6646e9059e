"""Dense references for the information tests: full d^N matrices of PI states (small N only).

Independent of permqs.information: permutations by index arrays, partial transposes by reshaping, qutip for the
paper-004 steady states.
"""
from __future__ import annotations

import itertools

import numpy as np

from permqs.information.occupation import all_occupations


def word_index(words: np.ndarray, d: int) -> np.ndarray:
    N = words.shape[-1]
    return words @ (d ** np.arange(N - 1, -1, -1))


def symmetrize(rho: np.ndarray, N: int, d: int) -> np.ndarray:
    """(1/N!) Σ_σ P_σ ρ P_σ†: the PI part of ρ."""
    words = np.array(np.unravel_index(np.arange(d ** N), (d,) * N)).T
    out = np.zeros_like(rho)
    perms = list(itertools.permutations(range(N)))
    for p in perms:
        idx = word_index(words[:, list(p)], d)
        out += rho[np.ix_(idx, idx)]
    return out / len(perms)


def random_pi_state(N: int, d: int, rank: int, rng: np.random.Generator) -> np.ndarray:
    """Symmetrized low-rank random density matrix (low rank keeps it entangled)."""
    G = rng.normal(size=(d ** N, rank)) + 1j * rng.normal(size=(d ** N, rank))
    rho = G @ G.conj().T
    return symmetrize(rho / np.trace(rho), N, d)


def to_occupation(rho: np.ndarray, N: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """(occupations, coefficients): c_n = ⟨x|ρ|y⟩ for one word pair (x, y) of every type n."""
    occ = all_occupations(N, d)
    cells = [np.repeat(np.arange(d * d), n.ravel()) for n in occ]
    x = np.array([word_index(c // d, d) for c in cells])
    y = np.array([word_index(c % d, d) for c in cells])
    return occ, rho[x, y]


def dense_negativity(rho: np.ndarray, d: int, N_A: int, N_B: int) -> float:
    dA, dB = d ** N_A, d ** N_B
    pt = rho.reshape(dA, dB, dA, dB).transpose(0, 3, 2, 1).reshape(dA * dB, dA * dB)
    e = np.linalg.eigvalsh(pt)
    return float(-e[e < 0].sum())


def dense_entropy(rho: np.ndarray) -> float:
    e = np.linalg.eigvalsh(rho)
    e = e[e > 0]
    return float(-np.sum(e * np.log(e)))


def single_site(rho: np.ndarray, N: int, d: int) -> np.ndarray:
    return np.einsum("aibi->ab", rho.reshape(d, d ** (N - 1), d, d ** (N - 1)))


def qudit_lmg_steady_state(N: int, d: int, V: float, gamma_I: float, gamma_C: float, dissipator: str) -> np.ndarray:
    """Full d^N steady state of paper 004 Eq. 3 by qutip (H = (V/Nj)(J_x² - J_y²), local and collective L)."""
    import qutip

    from permqs.models.qudit_lmg import jump_operator
    from permqs.operators import spin_matrices

    j = (d - 1) / 2
    sx, sy, _ = spin_matrices(d)
    L = jump_operator(d, dissipator)

    def site(A, i):
        ops = [qutip.qeye(d)] * N
        ops[i] = qutip.Qobj(A)
        return qutip.tensor(ops)

    def coll(A):
        return sum(site(A, i) for i in range(N))

    Jx, Jy = coll(sx), coll(sy)
    H = (V / (N * j)) * (Jx * Jx - Jy * Jy)
    c_ops = [np.sqrt(gamma_I / j) * site(L, i) for i in range(N)] if gamma_I > 0 else []
    if gamma_C > 0:
        c_ops.append(np.sqrt(gamma_C / (N * j)) * coll(L))
    rho = qutip.steadystate(H, c_ops, method="direct")
    return np.asarray(rho.full())


def dicke_to_dense(state) -> np.ndarray:
    """ρ_T = ⊕_J ρ_J ⊗ 1/dim_J (paper 000 Eq. A1) as a 2^N matrix, basis |0⟩ = spin up (m = +1/2).

    Each copy α of V_J starts from an orthonormal basis of ker J_+ in the weight-J space (real) and is
    lowered with J_- and the norm √((J+m)(J-m+1)): the ladder convention of the J-block engine."""
    from permqs.dicke.basis import dim_j

    N = state.N
    D = 2 ** N
    words = np.array(np.unravel_index(np.arange(D), (2,) * N)).T
    m_of = (N - 2 * words.sum(axis=1)) / 2            # digit 0 = up
    Jp = np.zeros((D, D))
    for i in range(N):
        flip = words.copy()
        flip[:, i] = 0
        src = words[:, i] == 1                           # σ_+ raises |1⟩ (down) to |0⟩ (up)
        Jp[word_index(flip[src], 2), np.flatnonzero(src)] += 1
    Jm = Jp.T
    rho = np.zeros((D, D), dtype=complex)
    for J, block in state.blocks():
        hw = np.flatnonzero(np.isclose(m_of, J))
        up = Jp[:, hw]
        _, s, vt = np.linalg.svd(up)
        null = vt[np.sum(s > 1e-9):].T                   # coefficients on the weight-J words
        vecs = np.zeros((D, null.shape[1], int(round(2 * J)) + 1))
        v = np.zeros((D, null.shape[1]))
        v[hw] = null
        dimJ = int(round(2 * J)) + 1
        for k in range(dimJ):                           # k = J - m: fill column J + m = dimJ - 1 - k
            m = J - k
            vecs[:, :, dimJ - 1 - k] = v
            v = Jm @ v / np.sqrt(max((J + m) * (J - m + 1), 1e-300))
        assert null.shape[1] == dim_j(N, J)
        Y = np.einsum("xam,mn->xan", vecs, block)
        rho += Y.reshape(D, -1) @ vecs.reshape(D, -1).T / dim_j(N, J)
    return rho
