"""Sparse Liouvillian on the reduced J-block vector of N spins-1/2 (paper 000 App. A, Eqs. A3-A7).

Collective terms act inside each block: a collective operator of a 2×2 matrix A is

    V[A] = A_00 (N/2 + J_z) + A_11 (N/2 - J_z) + A_01 J_+ + A_10 J_-          (inside block J),

so Hamiltonian terms c N^(1-k) V[A_1]⋯V[A_k] and collective dissipators are polynomials in spin-J
matrices (Eq. A4). With ρ_J flattened row-major, vec(X ρ Y) = (X ⊗ Yᵀ) vec(ρ).

Local jumps γ Σ_i D[L^(i)] couple J to J-1, J, J+1. Write L = a₀·1 + B with B traceless. The identity
part only adds the collective Hamiltonian (i γ/2)(a₀* V[B] - a₀ V[B]†), and the anticommutator of
D[B] is the collective operator V[B†B]. The sandwich Σ_i B^(i) ρ B^(i)† follows from the
Wigner-Eckart theorem: B^(i) is a rank-1 tensor, so its J → J+k part is c_k(J) M_k ρ_J M_k† with

    M_k = b_+ T^k_+ + b_- T^k_- + 2 b_z T^k_z,     B = [[b_z, b_+], [b_-, -b_z]],

T^k the vector-operator matrices (Condon-Shortley phases) and c_k(J) independent of B:

    c_{+1} = (N/2 - J) / (2(J+1)(2J+1)),  c_0 = (N/2 + 1) / (2J(J+1)),  c_{-1} = (N/2 + J + 1) / (2J(2J+1)).

For B = σ_+ this is Eqs. A5-A7 (T^{-1}_+ = B_+, T^0_+ = A_+, T^{+1}_+ = D_+); the same c_k give the
σ_- and σ_z rules of Shammah et al., PRA 98, 063815 (2018), and any mixture of them.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from ..model import Model
from .basis import j_values


def check_model(model: Model) -> None:
    """Raise ValueError unless ``model`` is one ensemble of spins-1/2 without bosons or modulation."""
    problems = []
    if model.d != 2:
        problems.append(f"d={model.d} (the J-block engine is for spins-1/2, d=2)")
    if model.n_ensembles != 1:
        problems.append(f"n_ensembles={model.n_ensembles} (only one ensemble)")
    if model.modes or model.couplings:
        problems.append("bosonic modes (not supported)")
    if model.is_time_dependent:
        problems.append("time-dependent modulation (steady states need a static generator)")
    if problems:
        raise ValueError(f"model '{model.name}' cannot be handled by the Dicke J-block engine: " + "; ".join(problems))


def _traceless_part(L: np.ndarray) -> tuple[complex, np.ndarray]:
    a0 = np.trace(L) / 2
    return a0, L - a0 * np.eye(2)


# ---------------------------------------------------------------------------------------------------
# Vectorized assembly.
#
# All blocks are handled at once on the "m space" G = ⊕_J C^(2J+1) (index g = goff[J] + J + m, J
# ascending), on which the collective operators V[A] are block diagonal and the vector operators T^k
# map block J to block J+k. Every term of 𝓛 is a sandwich w X ρ Y† (the Hamiltonian/anticommutator
# parts are K_left ρ 1† and 1 ρ (K_right†)†), whose matrix elements
#
#     ⟨⟨J+k, a, b| 𝓛 |J, c, e⟩⟩ += w X_{ac} conj(Y_{be})
#
# are generated for all pairs of nonzeros of X and Y in the same source block in one numpy pass.


@dataclass(frozen=True)
class _MSpace:
    N: int
    d: np.ndarray        # block dimensions 2J+1 (int64), J ascending
    goff: np.ndarray     # m-space offsets, length nb+1
    roff: np.ndarray     # flat (reduced vector) offsets, length nb+1
    blk: np.ndarray      # block index of every g
    loc: np.ndarray      # J + m of every g
    J: np.ndarray        # J of every g
    m: np.ndarray        # m of every g
    Jz: sp.csc_matrix
    Jp: sp.csc_matrix
    Jm: sp.csc_matrix
    eye: sp.csc_matrix
    T: dict              # k = ±1 -> (T_+, T_-, T_z), block J -> J+k
    ck: dict             # k -> c_k(J) of the source block of every g (0 where J+k does not exist)

    @property
    def nG(self) -> int:
        return int(self.goff[-1])


@lru_cache(maxsize=16)
def _mspace(N: int) -> _MSpace:
    js = j_values(N)
    nb = js.size
    d = np.rint(2 * js).astype(np.int64) + 1
    goff = np.concatenate([[0], np.cumsum(d)])
    dd = d * d
    roff = np.concatenate([[0], np.cumsum(dd)])
    nG = int(goff[-1])
    blk = np.repeat(np.arange(nb), d)
    loc = np.arange(nG) - goff[blk]
    J = js[blk]
    m = loc - J
    g = np.arange(nG)
    Jz = sp.csc_matrix((m.astype(complex), (g, g)), shape=(nG, nG))
    up = m < J - 0.5  # m+1 exists in the block
    Jp = sp.csc_matrix((np.sqrt(J[up] * (J[up] + 1) - m[up] * (m[up] + 1)).astype(complex), (g[up] + 1, g[up])),
                       shape=(nG, nG))
    Jm = Jp.T.tocsc()
    eye = sp.identity(nG, dtype=complex, format="csc")
    T, cks = {}, {}
    cks[0] = np.where(J > 0, (N / 2 + 1) / (2 * np.maximum(J, 0.5) * (J + 1)), 0.0)
    for k in (1, -1):
        src = (blk + k >= 0) & (blk + k < nb)
        gs, Js, ms = g[src], J[src], m[src]
        tb = blk[src] + k
        Jt = Js + k
        if k == 1:
            ck = (N / 2 - Js) / (2 * (Js + 1) * (2 * Js + 1))
            amps = (-np.sqrt((Js + ms + 1) * (Js + ms + 2)), np.sqrt((Js - ms + 1) * (Js - ms + 2)),
                    np.sqrt((Js + 1) ** 2 - ms**2))
        else:
            ck = (N / 2 + Js + 1) / (2 * Js * (2 * Js + 1))
            amps = (np.sqrt(np.clip((Js - ms) * (Js - ms - 1), 0, None)),
                    -np.sqrt(np.clip((Js + ms) * (Js + ms - 1), 0, None)),
                    np.sqrt(np.clip(Js**2 - ms**2, 0, None)))
        ops = []
        for shift, amp in zip((1, -1, 0), amps):
            mt = ms + shift
            ok = np.abs(mt) <= Jt + 1e-9
            rows = goff[tb[ok]] + np.rint(Jt[ok] + mt[ok]).astype(np.int64)
            ops.append(sp.csc_matrix((amp[ok].astype(complex), (rows, gs[ok])), shape=(nG, nG)))
        T[k] = tuple(ops)
        cks[k] = np.zeros(nG)
        cks[k][src] = ck
    return _MSpace(N, d, goff, roff, blk, loc, J, m, Jz, Jp, Jm, eye, T, cks)


def _collective(S: _MSpace, A: np.ndarray) -> sp.csc_matrix:
    """V[A] on the m space (block diagonal, tridiagonal inside each block); shared, not to be mutated."""
    return _collective_cached(S.N, tuple(np.asarray(A, dtype=complex).ravel()))


@lru_cache(maxsize=64)
def _collective_cached(N: int, entries: tuple) -> sp.csc_matrix:
    S = _mspace(N)
    A = np.reshape(entries, (2, 2))
    up = S.Jp.data  # <m+1|J_+|m>, columns in ascending order (CSC of a subdiagonal)
    diag = A[0, 0] * (N / 2 + S.m) + A[1, 1] * (N / 2 - S.m)
    rows, cols = _tridiag_pattern(S)
    vals = np.concatenate([diag.astype(complex), A[0, 1] * up, A[1, 0] * up])
    out = sp.csc_matrix((vals, (rows, cols)), shape=(S.nG, S.nG))
    out.eliminate_zeros()
    return out


@lru_cache(maxsize=16)
def _tridiag_pattern_cached(N: int) -> tuple[np.ndarray, np.ndarray]:
    S = _mspace(N)
    g = np.arange(S.nG)
    Jp = S.Jp.tocoo()
    return np.concatenate([g, Jp.row, Jp.col]), np.concatenate([g, Jp.col, Jp.row])


def _tridiag_pattern(S: _MSpace) -> tuple[np.ndarray, np.ndarray]:
    return _tridiag_pattern_cached(S.N)


def _pairs(S: _MSpace, X: sp.csc_matrix, Y: sp.csc_matrix, w: complex, s0: int, s1: int, row0: int,
           upper: bool):
    """(rows - row0, cols, values) of w X ρ Y† for the source blocks s0 ≤ s < s1 (upper: only target
    rows with m ≥ m')."""
    goff, roff, d, blk, loc = S.goff, S.roff, S.d, S.blk, S.loc
    xs, xe = X.indptr[goff[s0:s1]], X.indptr[goff[s0 + 1:s1 + 1]]
    ys, ye = Y.indptr[goff[s0:s1]], Y.indptr[goff[s0 + 1:s1 + 1]]
    cx, cy = (xe - xs).astype(np.int64), (ye - ys).astype(np.int64)
    npair = cx * cy
    total = int(npair.sum())
    if total == 0:
        return None
    start = np.cumsum(npair) - npair
    sel = np.repeat(np.arange(s1 - s0), npair)
    t = np.arange(total, dtype=np.int64) - start[sel]
    cyb = cy[sel]
    ix = xs[sel] + t // cyb
    iy = ys[sel] + t % cyb
    del t, cyb
    sb = sel + s0
    del sel
    r1, r2 = X.indices[ix], Y.indices[iy]
    if upper:
        keep = loc[r1] >= loc[r2]
        ix, iy, sb, r1, r2 = ix[keep], iy[keep], sb[keep], r1[keep], r2[keep]
        del keep
    c1, c2 = _colidx(X)[ix], _colidx(Y)[iy]
    tb = blk[r1]
    rows = roff[tb] - row0 + loc[r1] * d[tb] + loc[r2]
    cols = roff[sb] + loc[c1] * d[sb] + loc[c2]
    vals = X.data[ix] * np.conj(Y.data[iy])
    if w != 1:
        vals *= w
    return rows, cols, vals


def _colidx(A: sp.csc_matrix) -> np.ndarray:
    return np.repeat(np.arange(A.shape[1], dtype=np.int64), np.diff(A.indptr))


def _terms(model: Model, S: _MSpace) -> list[tuple[int, complex, sp.csc_matrix, sp.csc_matrix]]:
    """(k, w, X, Y): the terms w X ρ Y† of 𝓛, X and Y mapping block J to block J+k."""
    N = S.N
    nG = S.nG
    H = sp.csc_matrix((nG, nG), dtype=complex)
    for t in model.hamiltonian:
        prod = S.eye
        for i, f in enumerate(t.factors):
            V = _collective(S, np.asarray(f.matrix))
            prod = V if i == 0 else prod @ V
        H = H + t.coefficient * N ** (1 - len(t.factors)) * prod
    Xa = sp.csc_matrix((nG, nG), dtype=complex)
    C = sp.csc_matrix((nG, nG), dtype=complex)
    sandwiches = []
    for diss in model.collective:
        V = [_collective(S, np.asarray(A)) for A in diss.operators]
        c = np.asarray(diss.kossakowski)
        for a in range(len(V)):
            for b in range(len(V)):
                if c[a, b] != 0:
                    Xa = Xa + (c[a, b] / N) * (V[b].conj().T @ V[a])
                    sandwiches.append((0, c[a, b] / N, V[a], V[b]))
    for jump in model.local:
        a0, B = _traceless_part(np.asarray(jump.operator))
        Xa = Xa + jump.rate * _collective(S, B.conj().T @ B)
        VB = _collective(S, B)
        if a0 != 0:
            C = C + (jump.rate / 2) * (np.conj(a0) * VB - a0 * VB.conj().T)
        if jump.rate == 0 or not B.any():
            continue
        for k in (-1, 0, 1):
            if k == 0:
                M = VB
            else:
                # B = b_z σ_z + b_+ σ_+ + b_- σ_- (the σ_z component of T^k is 2 T^k_z); zero parts skipped.
                M = sum(c * T for c, T in zip((B[0, 1], B[1, 0], 2 * B[0, 0]), S.T[k]) if c != 0).tocsc()
                M.eliminate_zeros()
            # c_k(J) of the source block is folded into X; Y is the plain operator.
            X = M.copy()
            X.data = X.data * S.ck[k][_colidx(X)]
            X.eliminate_zeros()
            if X.nnz:
                sandwiches.append((k, jump.rate, X, M))
    K_left = (-1j * H - 0.5 * Xa + C).tocsc()
    K_right = (1j * H - 0.5 * Xa - C).tocsc()
    out = [(0, 1.0, K_left, S.eye), (0, 1.0, S.eye, K_right.conj().T.tocsc())]
    out += sandwiches
    return out


_CHUNK_PAIRS = 4_000_000  # bound on the COO triplets held at once (assembly peak memory)


@dataclass(frozen=True)
class Assembly:
    """The terms w X ρ Y† of 𝓛 at size N, before their matrix elements are generated.

    Cheap to build at any N (m-space operators only), so the size guard and the choice of solver
    layout read it before the matrix exists.
    """

    S: _MSpace
    terms: list
    per_block: np.ndarray    # triplets generated per target block J (≥ the nonzeros of its rows)

    @property
    def triplets(self) -> int:
        """Upper bound on the nonzeros of 𝓛 (about 12 % above it for the LMG model)."""
        return int(self.per_block.sum())

    @property
    def coherence_reach(self) -> int:
        """Largest |Δ(m - m')| of any term: 𝓛 couples coherence orders q, q' only if |q - q'| ≤ this."""
        reach = 0
        for _, _, X, Y in self.terms:
            dx, dy = (np.rint(self.S.m[A.indices] - self.S.m[_colidx(A)]) for A in (X, Y))
            if dx.size and dy.size:
                reach = max(reach, int(abs(dx.max() - dy.min())), int(abs(dy.max() - dx.min())))
        return reach

    def matrix(self, upper: bool = False, threads: int = 1) -> sp.csr_matrix:
        """𝓛 as CSR, vectorized over all J blocks (see :func:`_pairs`); with ``upper``, only the rows
        with coherence order q = m - m' ≥ 0 (the others are left empty).

        Target block-rows are assembled in chunks of at most ~_CHUNK_PAIRS triplets, converted to CSR
        and stacked, so the peak memory stays close to that of the final CSR matrix; ``threads``
        chunks at a time (numpy and scipy's sparse conversions release the GIL).
        """
        S, terms, per_block = self.S, self.terms, self.per_block
        nb = S.d.size
        n = int(S.roff[-1])
        chunks = []
        a = 0
        while a < nb:
            b, acc = a + 1, int(per_block[a])
            while b < nb and acc + per_block[b] <= _CHUNK_PAIRS:
                acc += int(per_block[b])
                b += 1
            chunks.append((a, b))
            a = b

        def rows(chunk: tuple[int, int]) -> sp.csr_matrix:
            a, b = chunk
            row0 = int(S.roff[a])
            parts = []
            for k, w, X, Y in terms:
                s0, s1 = max(a - k, 0), min(b - k, nb)
                if s1 > s0:
                    p = _pairs(S, X, Y, w, s0, s1, row0, upper)
                    if p is not None:
                        parts.append(p)
            r, c, v = (np.concatenate(x) for x in zip(*parts))
            del parts
            out = sp.csr_matrix((v, (r, c)), shape=(int(S.roff[b]) - row0, n))
            out.sum_duplicates()
            return out

        if threads > 1 and len(chunks) > 1:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                rows_out = list(pool.map(rows, chunks))
        else:
            rows_out = [rows(c) for c in chunks]
        out = rows_out[0] if len(rows_out) == 1 else sp.vstack(rows_out, format="csr")
        out.sum_duplicates()
        out.eliminate_zeros()
        return out


def assembly(model: Model, N: int) -> Assembly:
    """The terms of 𝓛 (Eqs. A3-A7) for ``model`` at N spins, with their triplet counts."""
    check_model(model)
    S = _mspace(N)
    terms = _terms(model, S)
    nb = S.d.size
    per_block = np.zeros(nb, dtype=np.int64)
    src = np.arange(nb)
    for k, _, X, Y in terms:
        cx = np.diff(X.indptr[S.goff]).astype(np.int64)
        cy = np.diff(Y.indptr[S.goff]).astype(np.int64)
        ok = (src + k >= 0) & (src + k < nb)
        np.add.at(per_block, src[ok] + k, (cx * cy)[ok])
    return Assembly(S, terms, per_block)


def liouvillian(model: Model, N: int) -> sp.csr_matrix:
    """Sparse generator 𝓛 with d|ρ⟩⟩/dt = 𝓛|ρ⟩⟩ on the reduced vector of :class:`DickeBasis` (Eq. A3)."""
    return assembly(model, N).matrix()
