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
from functools import cached_property, lru_cache
from typing import Optional

import numpy as np
import scipy.sparse as sp

from ..errors import ModelError
from ..model import Model
from .basis import j_values


def check_model(model: Model, static: bool = True) -> None:
    """Raise ModelError (a ValueError) unless ``model`` is one ensemble of spins-1/2 without bosons (and, when
    ``static``, without modulation)."""
    problems = []
    if model.d != 2:
        problems.append(f"d={model.d} (the J-block engine is for spins-1/2, d=2)")
    if model.n_ensembles != 1:
        problems.append(f"n_ensembles={model.n_ensembles} (only one ensemble)")
    if model.modes or model.couplings:
        problems.append("bosonic modes (not supported)")
    if static and model.is_time_dependent:
        problems.append("time-dependent modulation (steady states need a static generator)")
    if problems:
        raise ModelError(f"model '{model.name}' cannot be handled by the Dicke J-block engine: " + "; ".join(problems))


def _traceless_part(L: np.ndarray) -> tuple[complex, np.ndarray]:
    a0 = np.trace(L) / 2
    return a0, L - a0 * np.eye(2)


# ---------------------------------------------------------------------------------------------------
# Vectorized assembly.
#
# All blocks are handled at once on the "m space" G = ⊕_J C^(2J+1) (index g = goff[J] + J + m, J
# ascending). Every operator used here maps |J, m⟩ to a multiple of |J+k, m+s⟩ for a few (k, s): the
# collective operators V[A] (k = 0, s = 0, ±1) and their products, and the vector operators T^k
# (k = ±1). Such an operator is stored as its diagonals, {(k, s): a} with ⟨J+k, m+s|A|J, m⟩ = a[g(J, m)]
# (zero where |J+k, m+s⟩ does not exist), so products and adjoints are a few numpy operations on
# arrays of length dim G instead of sparse-matrix calls (which dominated a small solve).
#
# Every term of 𝓛 is a sandwich w X ρ Y† (the Hamiltonian and anticommutator parts are K_left ρ 1†
# and 1 ρ (K_right†)†). A diagonal (k, sx) of X and one (k, sy) of Y map the source ρ_{J,m,m'} to
# ρ_{J+k, m+sx, m'+sy} with the factor w X_{k,sx}[g(J,m)] conj(Y_{k,sy}[g(J,m')]): 𝓛 is a stencil
# with one "key" (k, sx, sy) per such pair, and a row of 𝓛 has at most one entry per key. The rows are
# generated directly, for all keys at once, in any order the solver asks for.

Banded = dict  # {(k, s): complex array over the m space}: ⟨J+k, m+s|A|J, m⟩ = a[g(J, m)]


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
    up: np.ndarray       # ⟨J, m+1|J_+|J, m⟩ of every g (0 at m = J)
    down: np.ndarray     # ⟨J, m-1|J_-|J, m⟩ of every g (0 at m = -J)

    @property
    def nG(self) -> int:
        return int(self.goff[-1])

    @property
    def nb(self) -> int:
        return int(self.d.size)


@lru_cache(maxsize=16)
def _mspace(N: int) -> _MSpace:
    js = j_values(N)
    d = np.rint(2 * js).astype(np.int64) + 1
    goff = np.concatenate([[0], np.cumsum(d)])
    roff = np.concatenate([[0], np.cumsum(d * d)])
    blk = np.repeat(np.arange(js.size), d)
    loc = np.arange(int(goff[-1])) - goff[blk]
    J = js[blk]
    m = loc - J
    up = np.sqrt(np.clip(J * (J + 1) - m * (m + 1), 0, None))
    down = np.sqrt(np.clip(J * (J + 1) - m * (m - 1), 0, None))
    return _MSpace(N, d, goff, roff, blk, loc, J, m, up, down)


@lru_cache(maxsize=64)
def _target(N: int, k: int, s: int) -> np.ndarray:
    """g of |J+k, m+s⟩ for every source g = g(J, m), -1 where that state does not exist."""
    S = _mspace(N)
    # Blocks grow by 2 (d_{b+i} = d_b + 2i), so goff[b+k] - goff[b] = k d_b + k(k-1) for either sign of k:
    # elementwise arithmetic instead of gathers through boolean masks (3x faster at N = 1600, where the
    # population solve builds the stencil in a fresh process).
    g, d = _index_and_dimension(N)
    tb = S.blk + k
    tl = S.loc + (k + s)
    ok = (tb >= 0) & (tb < S.nb) & (tl >= 0) & (tl < d + 2 * k)
    out = np.where(ok, g + (k * d + (k * (k - 1) + k + s)), -1)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=16)
def _index_and_dimension(N: int) -> tuple[np.ndarray, np.ndarray]:
    """(g, 2J+1 of the block of g) for every point g of the m space."""
    S = _mspace(N)
    return np.arange(S.nG, dtype=np.int64), S.d[S.blk]


def _add(out: Banded, key: tuple[int, int], a: np.ndarray, c: complex = 1.0) -> None:
    out[key] = out[key] + c * a if key in out else c * a


def _nonzero(A: Banded) -> Banded:
    """A without its all-zero diagonals (so that keys, and the coherence reach, stay exact)."""
    return {key: a for key, a in A.items() if a.any()}


def _combine(*terms: tuple[complex, Banded]) -> Banded:
    """Σ c A over (c, A)."""
    out: Banded = {}
    for c, A in terms:
        for key, a in A.items():
            _add(out, key, a, c)
    return _nonzero(out)


def _product(S: _MSpace, A: Banded, B: Banded) -> Banded:
    """A B: (k_a + k_b, s_a + s_b) += a[target of g under B] b[g]."""
    out: Banded = {}
    for (kb, sb), b in B.items():
        t = _target(S.N, kb, sb)
        ok = t >= 0
        for (ka, sa), a in A.items():
            ab = np.zeros(S.nG, dtype=complex)
            ab[ok] = a[t[ok]] * b[ok]
            _add(out, (ka + kb, sa + sb), ab)
    return _nonzero(out)


def _adjoint(S: _MSpace, A: Banded) -> Banded:
    out: Banded = {}
    for (k, s), a in A.items():
        t = _target(S.N, k, s)
        ok = t >= 0
        b = np.zeros(S.nG, dtype=complex)
        b[t[ok]] = np.conj(a[ok])
        out[(-k, -s)] = b
    return out


def _collective(S: _MSpace, A: np.ndarray) -> Banded:
    """V[A] = A_00 (N/2 + J_z) + A_11 (N/2 - J_z) + A_01 J_+ + A_10 J_- (inside every block)."""
    out: Banded = {}
    if A[0, 0] != 0 or A[1, 1] != 0:
        out[(0, 0)] = (A[0, 0] + A[1, 1]) * (S.N / 2) + (A[0, 0] - A[1, 1]) * S.m.astype(complex)
    if A[0, 1] != 0:
        out[(0, 1)] = A[0, 1] * S.up.astype(complex)
    if A[1, 0] != 0:
        out[(0, -1)] = A[1, 0] * S.down.astype(complex)
    return out


def _vector_operators(S: _MSpace, k: int) -> tuple[Banded, Banded, Banded]:
    """(T^k_+, T^k_-, T^k_z), block J to J+k (k = ±1), Condon-Shortley phases."""
    J, m = S.J, S.m
    if k == 1:
        amps = (-np.sqrt((J + m + 1) * (J + m + 2)), np.sqrt((J - m + 1) * (J - m + 2)), np.sqrt((J + 1) ** 2 - m**2))
    else:  # radicands are negative only where the target m is out of range
        amps = (np.sqrt(np.clip((J - m) * (J - m - 1), 0, None)), -np.sqrt(np.clip((J + m) * (J + m - 1), 0, None)),
                np.sqrt(np.clip(J**2 - m**2, 0, None)))
    return tuple({(k, s): np.where(_target(S.N, k, s) >= 0, amp, 0).astype(complex)}
                 for s, amp in zip((1, -1, 0), amps))


def _local_coefficient(S: _MSpace, k: int) -> np.ndarray:
    """c_k(J) of the source block of every g (0 where J+k does not exist, and c_0 at J = 0)."""
    J, N = S.J, S.N
    if k == 0:
        return np.where(J > 0, (N / 2 + 1) / (2 * np.maximum(J, 0.5) * (J + 1)), 0.0)
    if k == 1:
        return np.where(J < N / 2, (N / 2 - J) / (2 * (J + 1) * (2 * J + 1)), 0.0)
    return np.where(J >= 1, (N / 2 + J + 1) / (2 * np.maximum(J, 0.5) * (2 * J + 1)), 0.0)


def _terms(model: Model, S: _MSpace) -> list[tuple[complex, Optional[Banded], Optional[Banded]]]:
    """(w, X, Y): the terms w X ρ Y† of 𝓛 (None: the identity), X and Y mapping block J to J+k."""
    N = S.N
    H: Banded = {}
    for t in model.hamiltonian:
        prod = _collective(S, np.asarray(t.factors[0].matrix))
        for f in t.factors[1:]:
            prod = _product(S, prod, _collective(S, np.asarray(f.matrix)))
        H = _combine((1.0, H), (t.coefficient * N ** (1 - len(t.factors)), prod))
    Xa: Banded = {}  # Σ of the anticommutator operators
    C: Banded = {}   # commutator from the identity parts of local jumps
    sandwiches = []
    for diss in model.collective:
        V = [_collective(S, np.asarray(A)) for A in diss.operators]
        c = np.asarray(diss.kossakowski)
        for a in range(len(V)):
            for b in range(len(V)):
                if c[a, b] != 0:
                    Xa = _combine((1.0, Xa), (c[a, b] / N, _product(S, _adjoint(S, V[b]), V[a])))
                    sandwiches.append((c[a, b] / N, V[a], V[b]))
    for jump in model.local:
        a0, B = _traceless_part(np.asarray(jump.operator))
        Xa = _combine((1.0, Xa), (jump.rate, _collective(S, B.conj().T @ B)))
        VB = _collective(S, B)
        if a0 != 0:
            C = _combine((1.0, C), (jump.rate / 2 * np.conj(a0), VB), (-jump.rate / 2 * a0, _adjoint(S, VB)))
        if jump.rate == 0 or not B.any():
            continue
        for k in (-1, 0, 1):
            # B = b_z σ_z + b_+ σ_+ + b_- σ_- (the σ_z component of T^k is 2 T^k_z).
            M = VB if k == 0 else _combine(*zip((B[0, 1], B[1, 0], 2 * B[0, 0]), _vector_operators(S, k)))
            # c_k(J) of the source block is folded into X; Y is the plain operator.
            ck = _local_coefficient(S, k)
            X = _nonzero({key: a * ck for key, a in M.items()})
            if X:
                sandwiches.append((jump.rate, X, M))
    K_left = _combine((-1j, H), (-0.5, Xa), (1.0, C))
    K_right = _combine((1j, H), (-0.5, Xa), (-1.0, C))
    return [(1.0, K_left, None), (1.0, None, _adjoint(S, K_right))] + sandwiches


_CHUNK_ENTRIES = 8192  # (row, key) pairs generated at once (see Assembly.matrix)
_THREADED_ENTRIES = 2**20  # fewest (row, key) pairs worth a thread pool (N = 40 has 6e4: 5 ms in one thread, 9 in two)
_IDENTITY: Banded = {(0, 0): None}


@dataclass(frozen=True)
class Assembly:
    """The stencil of 𝓛 at size N: keys (k, sx, sy) and, per key, the factors whose products give
    the matrix elements (see above). Cheap to build at any N (arrays over the m space only), so the
    size guard and the solver's layout read it before the matrix exists.
    """

    S: _MSpace
    keys: np.ndarray         # (number of keys, 3): k, sx, sy
    parts: list              # (key index, x, conj(y)): arrays over the m space, None for a factor 1

    @property
    def triplets(self) -> int:
        """Upper bound on the nonzeros of 𝓛: the number of (row, key) pairs whose source exists."""
        S = self.S
        k, sx, sy = (self.keys[:, i, None] for i in range(3))  # keys × source blocks
        t = np.arange(S.nb) + k                                   # target block
        exists = (t >= 0) & (t < S.nb)
        d, dt = S.d, S.d[np.clip(t, 0, S.nb - 1)]
        # Source m (or m') whose image m + k + s lies in the target block.
        inside = [np.clip(np.minimum(d, dt - k - s) - np.maximum(0, -k - s), 0, None) for s in (sx, sy)]
        return int(np.sum(np.where(exists, inside[0] * inside[1], 0)))

    @property
    def coherence_reach(self) -> int:
        """Largest |Δ(m - m')| of any term: 𝓛 couples coherence orders q, q' only if |q - q'| ≤ this."""
        return int(np.abs(self.keys[:, 1] - self.keys[:, 2]).max(initial=0))

    def matrix(self, rows: Optional[np.ndarray] = None, columns: Optional[np.ndarray] = None,
               threads: int = 1) -> sp.csr_matrix:
        """Rows ``rows`` of 𝓛 (flat indices, in that order; default all) as CSR of shape
        (len(rows), n), the columns relabelled by ``columns[flat index]`` when given. Column indices
        within a row are unsorted (one per key); there are no duplicates and no explicit zeros.

        Generated in chunks of _CHUNK_ENTRIES (row, key) pairs, ``threads`` at a time (numpy releases
        the GIL), and copied into arrays allocated once for the bound rows × keys, of which only the
        part filled is ever touched. Small chunks keep the temporaries in memory that malloc reuses:
        fresh pages cost ~2 µs each on a virtual machine, which dominated the assembly at N = 40.
        """
        S = self.S
        n = int(S.roff[-1])
        rows = np.arange(n) if rows is None else np.asarray(rows)
        nk = max(1, len(self.keys))
        itype = np.int32 if rows.size * nk < 2**31 and n < 2**31 else np.int64
        data = np.empty(rows.size * nk, dtype=complex)
        indices = np.empty(rows.size * nk, dtype=itype)
        indptr = np.zeros(rows.size + 1, dtype=itype)
        step = max(1, _CHUNK_ENTRIES // nk)
        starts = range(0, rows.size, step)

        def generate(a: int):
            return self._rows(rows[a:a + step], columns)

        def fill(chunks) -> int:
            nnz = 0
            for a, (counts, cols, values) in zip(starts, chunks):
                indptr[a + 1:a + 1 + counts.size] = counts
                indices[nnz:nnz + cols.size] = cols
                data[nnz:nnz + values.size] = values
                nnz += values.size
            return nnz

        if threads > 1 and rows.size * nk >= _THREADED_ENTRIES:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                nnz = fill(pool.map(generate, starts))
        else:
            nnz = fill(map(generate, starts))
        np.cumsum(indptr, out=indptr)
        return sp.csr_matrix((data[:nnz], indices[:nnz], indptr), shape=(rows.size, n))

    @cached_property
    def _tables(self):
        """What every chunk of :meth:`_rows` needs, computed once: the index types, the key columns
        and the block tables (dimension, m-space and flat offsets) padded with empty blocks
        (dimension 0) on both sides, so that a source block J - k out of range fails the bounds test
        like a source m out of range."""
        S = self.S
        # 32-bit indices where they suffice: half the memory traffic of the (rows, keys) temporaries.
        itype, utype = (np.int32, np.uint32) if S.roff[-1] < 2**31 else (np.int64, np.uint64)
        k, sx, sy = (self.keys[:, i].astype(itype) for i in range(3))
        pad = int(np.abs(k).max(initial=0))
        zeros = np.zeros(pad, dtype=itype)
        padded = tuple(np.concatenate([zeros, t.astype(itype), zeros]) for t in (S.d, S.goff[:-1], S.roff[:-1]))
        return itype, utype, (k, sx, sy), pad - k, padded

    def _rows(self, rows: np.ndarray, columns: Optional[np.ndarray]):
        """(entries per row, column indices, values) of the given rows, all keys at once."""
        S = self.S
        itype, utype, (k, sx, sy), shift, (d_, g_, r_) = self._tables
        tb = (np.searchsorted(S.roff, rows, side="right") - 1).astype(itype)
        t1, t2 = np.divmod((rows - S.roff[tb]).astype(itype), S.d[tb].astype(itype))  # target J + m, J + m'
        sb = tb[:, None] + shift                           # padded source block, (rows, keys)
        d = d_[sb]
        a = t1[:, None] - (k + sx)                         # source J + m
        b = t2[:, None] - (k + sy)                         # source J + m'
        ok = (a.view(utype) < d.view(utype)) & (b.view(utype) < d.view(utype))  # 0 ≤ a, b < d
        g0 = g_[sb]
        ia = np.where(ok, g0 + a, 0)
        ib = np.where(ok, g0 + b, 0)
        values = np.zeros(ok.shape, dtype=complex)
        for j, x, yc in self.parts:
            if x is None:
                values[:, j] += yc[ib[:, j]]
            elif yc is None:
                values[:, j] += x[ia[:, j]]
            else:
                values[:, j] += x[ia[:, j]] * yc[ib[:, j]]
        ok &= values != 0
        col = (r_[sb] + a * d + b)[ok]
        return ok.sum(axis=1), (columns[col] if columns is not None else col), values[ok]


def assembly(model: Model, N: int, static: bool = True) -> Assembly:
    """The stencil of 𝓛 (Eqs. A3-A7) for ``model`` at N spins (with ``static=False``, a modulated model's
    terms enter with f(t) = 1)."""
    check_model(model, static)
    S = _mspace(N)
    index: dict[tuple[int, int, int], int] = {}
    parts = []
    for w, X, Y in _terms(model, S):
        for (kx, sx), x in (_IDENTITY if X is None else X).items():
            if w != 1:
                x = w * (np.ones(S.nG) if x is None else x)
            for (ky, sy), y in (_IDENTITY if Y is None else Y).items():
                if kx != ky:  # would leave the block-diagonal states; no term of 𝓛 does
                    raise AssertionError(f"term maps J to J+{kx} on the left and J+{ky} on the right")
                parts.append((index.setdefault((kx, sx, sy), len(index)), x, None if y is None else np.conj(y)))
    keys = np.array(list(index), dtype=np.int64).reshape(-1, 3)
    return Assembly(S, keys, parts)


def liouvillian(model: Model, N: int) -> sp.csr_matrix:
    """Sparse generator 𝓛 with d|ρ⟩⟩/dt = 𝓛|ρ⟩⟩ on the reduced vector of :class:`DickeBasis` (Eq. A3),
    in canonical CSR form."""
    L = assembly(model, N).matrix()
    L.sort_indices()
    return L
