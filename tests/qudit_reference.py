"""Brute-force d^N references for the qudit PI engine tests: the full Liouvillian on d^(2N) from Kronecker products
(row-major vec: vec(XρY) = (X ⊗ Yᵀ) vec ρ), and the embedding P = [vec E_n] of the PI basis."""
from __future__ import annotations

import itertools

import numpy as np
import scipy.sparse as sp


def site_operator(A: np.ndarray, i: int, N: int, d: int) -> sp.csr_matrix:
    out = sp.identity(1, format="csr", dtype=complex)
    for k in range(N):
        out = sp.kron(out, sp.csr_matrix(A) if k == i else sp.identity(d, dtype=complex), format="csr")
    return out


def collective(A: np.ndarray, N: int, d: int) -> sp.csr_matrix:
    return sum(site_operator(A, i, N, d) for i in range(N))


def full_liouvillian(model, N: int) -> sp.csr_matrix:
    """Paper 000 Eq. 1 / paper 004 Eq. 3 for a Model, on the full d^(2N) space."""
    d = model.d
    D = d ** N
    eye = sp.identity(D, dtype=complex, format="csr")

    def lt(X):
        return sp.kron(X, eye)

    def rt(Y):
        return sp.kron(eye, Y.T)

    H = sp.csr_matrix((D, D), dtype=complex)
    for t in model.hamiltonian:
        prod = sp.identity(D, dtype=complex, format="csr")
        for f in t.factors:
            prod = prod @ collective(f.matrix, N, d)
        H = H + t.coefficient * N ** (1 - len(t.factors)) * prod
    L = -1j * (lt(H) - rt(H))

    def dissipator(A, B, w):
        Bd = B.conj().T
        return w * (lt(A) @ rt(Bd) - 0.5 * lt(Bd @ A) - 0.5 * rt(Bd @ A))

    for c in model.collective:
        ops = [collective(A, N, d) for A in c.operators]
        for a in range(len(ops)):
            for b in range(len(ops)):
                L = L + dissipator(ops[a], ops[b], c.kossakowski[a, b] / N)
    for jump in model.local:
        for i in range(N):
            Li = site_operator(jump.operator, i, N, d)
            L = L + dissipator(Li, Li, jump.rate)
    return L.tocsr()


def embedding(basis) -> sp.csr_matrix:
    """P (d^(2N) × M): column n is vec E_n (entry 1 on every word of type n)."""
    N, d = basis.N, basis.d
    words = np.array(list(itertools.product(range(d * d), repeat=N)))
    occ = np.zeros((len(words), d * d), int)
    for i in range(N):
        np.add.at(occ, (np.arange(len(words)), words[:, i]), 1)
    cols = basis.rank(occ)
    a, b = np.divmod(words, d)
    place = d ** np.arange(N - 1, -1, -1)
    rows = (a * place).sum(1) * d ** N + (b * place).sum(1)
    return sp.csr_matrix((np.ones(len(words)), (rows, cols)), shape=(d ** (2 * N), basis.size))


def restricted(L_full: sp.csr_matrix, P: sp.csr_matrix) -> np.ndarray:
    """P⁺ 𝓛 P with P⁺ = diag(1/word count) Pᵀ (the columns of P have disjoint supports)."""
    count = np.asarray(P.sum(0)).ravel()
    return (sp.diags(1 / count) @ P.T @ L_full @ P).toarray()
