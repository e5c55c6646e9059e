"""Schur-Weyl structure of (ℂ^d)^{⊗n} for small n: one real Young copy of every U(d) irrep, and the images of
the occupation operators E_t in it (paper 004 Sec. V; spec §5.2-§5.3 (ii)).

(ℂ^d)^{⊗n} ≅ ⊕_{λ ⊢ n, ℓ(λ) ≤ d} S^λ ⊗ U^λ(d), with f^λ = dim S^λ (hook length formula) and g_λ = dim U^λ(d)
(hook content formula). The image of the Young symmetrizer c_T = a_T b_T of one standard tableau T is a single
copy v_T ⊗ U^λ; its orthonormal basis V_λ (d^n × g_λ) is real because c_T is a real matrix. Any PI operator
acts on every copy of U^λ as the same g_λ × g_λ matrix, which in this basis is V_λ^T ρ V_λ (Schur's lemma).

For an occupation type t of n sites (a d×d integer matrix summing to n) the tables hold
a_λ[t] = V_λ^T E_t V_λ, so a PI operator Σ_t c_t E_t has block Σ_t c_t a_λ[t]. These tables depend only on
(n, d) and are cached; their size is Σ_λ T g_λ² = T² floats with T = C(n + d² - 1, n) types.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations
from math import factorial, prod

import numpy as np
import scipy.sparse as sp

from .occupation import occupation_hash


def partitions(n: int, max_rows: int) -> list[tuple[int, ...]]:
    """Partitions λ ⊢ n with at most ``max_rows`` parts, in reverse lexicographic order ((n) first)."""
    out: list[tuple[int, ...]] = []

    def rec(rest: int, largest: int, parts: tuple[int, ...]):
        if rest == 0:
            out.append(parts)
            return
        if len(parts) == max_rows:
            return
        for k in range(min(rest, largest), 0, -1):
            rec(rest - k, k, parts + (k,))

    rec(n, n, ())
    return out


def _hooks(lam: tuple[int, ...]) -> list[tuple[int, int, int]]:
    """(row, column, hook length) of every cell."""
    conj = [sum(1 for r in lam if r > c) for c in range(lam[0])] if lam else []
    return [(r, c, lam[r] - c + conj[c] - r - 1) for r in range(len(lam)) for c in range(lam[r])]


def irrep_dimension(lam: tuple[int, ...]) -> int:
    """f^λ = n!/Π hooks: the dimension of the S_n irrep (multiplicity of U^λ in (ℂ^d)^{⊗n})."""
    return factorial(sum(lam)) // prod(h for _, _, h in _hooks(lam))


def weyl_dimension(lam: tuple[int, ...], d: int) -> int:
    """g_λ(d) = Π (d + c - r)/hook: the dimension of the U(d) irrep (multiplicity of S^λ)."""
    num = prod(d + c - r for r, c, _ in _hooks(lam))
    return num // prod(h for _, _, h in _hooks(lam))


def _words(n: int, d: int) -> np.ndarray:
    """All d^n words as digit rows, word index = Σ w_i d^(n-1-i)."""
    if n == 0:
        return np.zeros((1, 0), dtype=np.int64)
    return np.array(np.unravel_index(np.arange(d ** n), (d,) * n)).T


def _permuted_index(words: np.ndarray, perm: tuple[int, ...], d: int) -> np.ndarray:
    """Index of the word with its sites permuted: w -> (w_perm[0], ..., w_perm[n-1])."""
    w = words[:, list(perm)]
    return w @ (d ** np.arange(w.shape[1] - 1, -1, -1)) if w.shape[1] else np.zeros(len(w), dtype=np.int64)


def _subgroup(blocks: list[list[int]], n: int) -> list[tuple[tuple[int, ...], int]]:
    """(permutation, sign) of the product of the symmetric groups on disjoint site blocks."""
    perms = [(tuple(range(n)), 1)]
    for block in blocks:
        new = []
        for base, s0 in perms:
            for image in permutations(block):
                p = list(base)
                for src, dst in zip(block, image):
                    p[src] = base[dst]
                # Sign of the block permutation by counting inversions.
                inv = sum(1 for i in range(len(image)) for j in range(i + 1, len(image)) if image[i] > image[j])
                new.append((tuple(p), s0 * (-1) ** inv))
        perms = new
    return perms


def young_copy(lam: tuple[int, ...], d: int) -> np.ndarray:
    """Real orthonormal basis (d^n × g_λ) of the image of the Young symmetrizer of the row-reading tableau,
    made of weight vectors: every column lives on the words of one content (level counts).

    c_T commutes with u^{⊗n} for diagonal u, so its image splits into weight spaces, of dimensions the Kostka
    numbers K_λα. Weight vectors make the tables a_λ[t] sparse: a type t only links columns whose weights are
    its ket and bra level counts. The rank of every weight space and their sum g_λ(d) are checked."""
    n = sum(lam)
    g = weyl_dimension(lam, d)
    if n == 0:
        return np.ones((1, 1))
    words = _words(n, d)
    D = d ** n
    # Row-reading standard tableau: row r holds sites start_r ... start_r + λ_r - 1.
    starts = np.concatenate([[0], np.cumsum(lam)[:-1]])
    rows = [list(range(s, s + l)) for s, l in zip(starts, lam)]
    cols = [[int(starts[r]) + c for r in range(len(lam)) if lam[r] > c] for c in range(lam[0])]
    b = np.zeros((D, D))
    ar = np.arange(D)
    for perm, sign in _subgroup(cols, n):
        b[ar, _permuted_index(words, perm, d)] += sign
    c = np.zeros((D, D))
    for perm, _ in _subgroup(rows, n):
        c += b[_permuted_index(words, perm, d)]
    content = np.stack([(words == a).sum(axis=1) for a in range(d)], axis=1)
    _, weight = np.unique(content, axis=0, return_inverse=True)
    scale = np.abs(c).max()
    V = np.zeros((D, g))
    col = 0
    for w in range(weight.max() + 1):
        idx = np.flatnonzero(weight == w)
        U, sv, _ = np.linalg.svd(c[np.ix_(idx, idx)])
        # Exact integer matrix: its nonzero singular values are O(1) times an integer scale, the rest round-off.
        k = int(np.sum(sv > 1e-8 * scale))
        if k and (k < len(sv) and sv[k] > 1e-10 * scale):
            raise RuntimeError(f"Young symmetrizer of {lam} on d={d}: no clean rank in weight {content[idx[0]]}")
        if col + k > g:
            raise RuntimeError(f"Young symmetrizer of {lam} on d={d} has rank above g = {g}")
        V[idx, col:col + k] = U[:, :k]
        col += k
    if col != g:
        raise RuntimeError(f"Young symmetrizer of {lam} on d={d} has rank {col}, expected g = {g}")
    return V


@dataclass(frozen=True)
class YoungTables:
    """Per (n, d): the occupation types of n sites and a_λ[t] = V_λ^T E_t V_λ for every λ."""

    n: int
    d: int
    types: np.ndarray            # (T, d²) occupations of the types
    keys: np.ndarray             # (T,) additive hashes of ``types``
    keys2: np.ndarray            # (T,) second, independent hashes
    partitions: tuple[tuple[int, ...], ...]
    f: tuple[int, ...]           # f^λ
    g: tuple[int, ...]           # g_λ(d)
    tables: tuple[sp.csc_matrix, ...]  # a_λ as sparse (T, g_λ²), entry (i, j) at column i g_λ + j


def n_types(n: int, d: int) -> int:
    from math import comb
    return comb(n + d * d - 1, n)


@lru_cache(maxsize=8)
def young_tables(n: int, d: int) -> YoungTables:
    """Build (and cache) the tables of :class:`YoungTables`; cost ~ d^{2n} times a few Kostka products per λ."""
    words = _words(n, d)
    D = len(words)
    # Every word pair (x, y) has pair index x D + y and cells x_i d + y_i.
    x = np.repeat(np.arange(D), D)
    y = np.tile(np.arange(D), D)
    occ = np.zeros((D * D, d * d), dtype=np.int64)
    for i in range(n):
        occ[np.arange(D * D), words[x, i] * d + words[y, i]] += 1
    keys = occupation_hash(occ)
    ukeys, first, tid = np.unique(keys, return_index=True, return_inverse=True)
    types = occ[first]
    if not np.array_equal(types[tid], occ):
        raise RuntimeError("64-bit occupation key collision among word-pair types")
    T = len(ukeys)
    if T != n_types(n, d):
        raise RuntimeError(f"found {T} occupation types of {n} sites, expected {n_types(n, d)}")
    del occ
    lams = tuple(partitions(n, d))
    # Words by content (level counts): the columns of V of one weight live on the words of that content only.
    content = np.stack([(words == a).sum(axis=1) for a in range(d)], axis=1)
    _, weight = np.unique(content, axis=0, return_inverse=True)
    classes = [np.flatnonzero(weight == w) for w in range(weight.max() + 1)]
    tid = tid.reshape(D, D)
    tables = []
    for lam in lams:
        V = young_copy(lam, d)
        g = V.shape[1]
        cols = [np.flatnonzero(np.abs(V[idx]).sum(axis=0) > 0) for idx in classes]
        rows, entries, data = [], [], []
        # a_λ[t]_ij = Σ_{(x,y) of type t} V_xi V_yj, summed only over the nonzero blocks: x of content α with
        # i of weight α, y of content β with j of weight β (Σ_{αβ} |X_α||X_β| K_λα K_λβ products, not d^{2n} g²).
        for xa, ca in zip(classes, cols):
            if not len(ca):
                continue
            Va = V[np.ix_(xa, ca)]
            for xb, cb in zip(classes, cols):
                if not len(cb):
                    continue
                Vb = V[np.ix_(xb, cb)]
                K = Va[:, None, :, None] * Vb[None, :, None, :]          # (|X_α|, |X_β|, K_α, K_β)
                rows.append(np.broadcast_to(tid[np.ix_(xa, xb)][:, :, None, None], K.shape).ravel())
                entries.append(np.broadcast_to((ca[:, None] * g + cb[None, :])[None, None], K.shape).ravel())
                data.append(K.ravel())
        A = sp.csc_matrix((np.concatenate(data), (np.concatenate(rows), np.concatenate(entries))), shape=(T, g * g))
        A.sum_duplicates()
        A.eliminate_zeros()
        tables.append(A)
    return YoungTables(n, d, types, ukeys, occupation_hash(types, 1), lams, tuple(irrep_dimension(l) for l in lams),
                       tuple(weyl_dimension(l, d) for l in lams), tuple(tables))
