"""Steady state 𝓛|ρ⟩⟩ = 0 on the reduced J-block vector (paper 000 Eq. A3), Tr ρ = 1 imposed exactly.

The trace functional w (ones on the populations ρ_{J,m,m}) is a left null vector of 𝓛, so replacing
one population's equation by w·ρ = 1 gives a nonsingular system A ρ = e_r when the steady state is
unique.

Method, chosen by measurement (see benchmarks/bench_dicke.py):

* Hermiticity is imposed exactly: 𝓛 maps Hermitian blocks ρ_J to Hermitian ones, so the unknowns are
  the populations (coherence order q = m - m' = 0, real) and the real and imaginary parts of the
  coherences with q > 0; those with q < 0 are their conjugates. This real system has as many real
  unknowns as the complex one has complex unknowns: half the memory and roughly half the work.
* Terms without a transverse field conserve q (collective decay V_-, local σ_±/σ_z jumps, functions
  of V_z and V_x²+V_y²). Their part P of A is block diagonal in q, each block a 2D (J, m) ladder that
  SuperLU factors with little fill (minimum degree on Aᵀ+A).
* If A conserves q (e.g. the LMG model at h = 0) the steady state lies in the q = 0 block, solved
  directly.
* Otherwise right-preconditioned GMRES on the real system with a multicolour block Gauss-Seidel
  preconditioner M. 𝓛 couples q only to q' with |q - q'| ≤ k (k = 1 for a transverse field, 2 for
  V_x² terms), so the q-blocks of one colour c = q mod (k+1) are mutually uncoupled, and a sweep
  solves the colours in turn, each with the couplings to earlier colours (red-black Gauss-Seidel for
  k = 1). Measured on the LMG model (h = 0.5, Γ = 2, 𝒥 = 3, γ = 1), this needs as many iterations as
  a sweep over single q-blocks in order (13 at N = 40, 24 at N = 160). Each colour's part of P is
  factored in chunks of whole q-blocks: one chunk per colour at small N (2 LUs instead of N + 1 made
  N = 40 ~2× faster), single q-blocks at large N (their solves stay in cache: N = 320 went from 61-65
  to 49 s, N = 160 from 4.2-4.3 to 3.8-4.1 s).
* A M⁻¹ = 1 + E M⁻¹, where E = A - M holds only the couplings the sweep leaves out, all in rows of
  the colours before the last. After one Gauss-Seidel step the residual lies in those rows, and so
  does the Krylov space: GMRES runs on them alone (for k = 1 on the even q, the Schur complement of
  the odd ones), with E M⁻¹ v in place of a full product with A and Gram-Schmidt on vectors half as
  long. One iteration fewer (12 at N = 40, 23 at N = 160, 32 at N = 320), and at N = 320 the time
  outside the sweeps fell from 13.5 to 2 s.
* The factorizations depend only on P, so :class:`SteadyStateSolver` reuses them along a sweep of
  any q-changing parameter (the field h), and accepts a warm start x0.
* BLAS threads slow this solve down (SuperLU's many small dense kernels; measured on 2 cores with
  two threads, N = 80: 0.44-0.50 s with one BLAS thread, 0.57-0.72 s with two), so it runs with one,
  set through threadpoolctl unless the environment already pins one thread (Snakemake does so for
  every job). Below _SMALL unknowns two BLAS threads cost nothing measurable (N = 40: 37-47 ms either
  way) while threadpoolctl's library scan costs ~10 ms once per process, so small solves skip it.
"""
from __future__ import annotations

import math
import os
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import numpy as np
import psutil
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.linalg.blas import dgemv
from threadpoolctl import ThreadpoolController

from ..model import Model
from .basis import DickeBasis, n_unknowns
from .errors import ConvergenceError, MemoryLimitError
from .liouvillian import Assembly, assembly
from .state import DickeState


@dataclass(frozen=True)
class SteadyStateResult:
    """The steady state and how it was obtained."""

    state: DickeState
    residual: float          # ||𝓛ρ||₂ / ||ρ||₂ with the unmodified Liouvillian
    iterations: int          # preconditioned GMRES iterations (0 for a direct solve)
    method: str
    seconds: float           # wall time of assembly + factorization + solve
    build_seconds: float     # wall time of assembling 𝓛 (part of ``seconds``)
    memory_estimate: int     # bytes, as estimated before the solve


# Calibration of the memory estimate, measured for the LMG model (benchmarks/bench_dicke.py). LU fill
# of the q ≥ 0 blocks per unknown of the whole vector grows like log N (2D ladders, minimum-degree
# ordering): 12 at N = 80, 18 at N = 160, 25 at N = 320 (the formula below is twice that, i.e. it counts
# the fill per unknown actually factored). Peak RSS (including ~0.1 GB of interpreter): 0.63 GB at
# N = 160 and 5.0 GB at N = 320, against estimates of 1.0 and 6.9 GB.
_BYTES_PER_NONZERO = 16 + 4  # complex128 value, int32 index
_RESTART = 50  # Krylov vectors the estimate counts (33 iterations suffice at N = 320, h = 0.5γ)
_CHUNK = 16384  # fewest unknowns factored together (see _ColourPreconditioner)
_SMALL = 20_000  # unknowns below which BLAS may keep its threads (N ≤ 47)
_BASELINE = 256 * 2**20  # interpreter, numpy/scipy and the basis labels: ~0.13 GB peak RSS at N = 20


def _fill_per_unknown(N: int) -> float:
    return max(10.0, 12.0 * math.log2(max(N, 2)) - 52.0)


def _memory_need(plan: Assembly, restart: int) -> int:
    N = plan.S.N
    n = n_unknowns(N)
    matrix = 2 * plan.triplets * _BYTES_PER_NONZERO    # q ≥ 0 rows of 𝓛 (half the triplets), P, E and masks
    factors = 0.5 * _fill_per_unknown(N) * n * _BYTES_PER_NONZERO
    krylov = (restart + 6) * n * 8  # bound: the real Krylov basis lives on the colours before the last
    return int(_BASELINE + matrix + factors + krylov)


def estimate_memory(model: Model, N: int, restart: int = _RESTART) -> int:
    """Bytes needed to assemble and solve at size N (assembly peak, LU fill, Krylov basis).

    The nonzeros of 𝓛 are bounded by the triplet count of its terms (no matrix is built).
    """
    return _memory_need(assembly(model, N), restart)


def available_threads() -> int:
    """CPUs this process may use (its affinity), capped by OMP_NUM_THREADS when that is set (as
    Snakemake sets it to each job's threads)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    omp = os.environ.get("OMP_NUM_THREADS", "")
    return max(1, min(cpus, int(omp))) if omp.isdigit() else cpus


def default_memory_limit() -> int:
    """80 % of the memory available now, in bytes."""
    return int(0.8 * psutil.virtual_memory().available)


@dataclass(frozen=True)
class _Layout:
    """The Hermitian reduced vector, the "h list": the unknowns with q ≥ 0, ordered by colour
    c = q mod (k+1), then q, then flat index (k: the model's coherence reach).

    Colour c is the h-range cb[c]:cb[c+1]; colour 0 starts with the n0 populations (q = 0). A coherence
    with q < 0 is the conjugate of its partner ρ_{J,m',m}. The real unknowns of the solve are
    w.view(float) for the complex h vector w, whose n0 population imaginary parts are spectators (kept
    at 0). The flat vector is x = ext(w)[pos] with ext(w) = [w, conj(w[n0:])].
    """

    cb: np.ndarray           # h-range of colour c: cb[c]:cb[c+1]
    qb: np.ndarray           # h-ranges of the q-blocks: qb[i]:qb[i+1] (a refinement of cb)
    n0: int
    hrows: np.ndarray        # flat indices of the h list
    pos: np.ndarray          # position of every flat unknown in ext(w)

    @classmethod
    def of(cls, basis: DickeBasis, reach: int) -> "_Layout":
        dim, _, _ = basis.block_local
        q = basis.coherence_order
        upper = np.flatnonzero(q >= 0)
        colour = q[upper] % (reach + 1)
        # Stable sort on one small integer key (numpy sorts 16-bit keys by radix, in linear time).
        key = (colour * (basis.N + 1) + q[upper]).astype(np.int16 if (reach + 1) * (basis.N + 1) < 2**15 else np.int64)
        order = np.argsort(key, kind="stable")
        upper = upper[order]
        cb = np.concatenate([[0], np.cumsum(np.bincount(colour, minlength=reach + 1))])
        qb = np.concatenate([[0], np.flatnonzero(np.diff(key[order])) + 1, [upper.size]])
        n0 = int(np.count_nonzero(q == 0))
        pos = np.empty(q.size, dtype=np.int64)
        pos[upper] = np.arange(upper.size)
        low = np.flatnonzero(q < 0)
        # The partner ρ_{J,m',m} of ρ_{J,m,m'} (q < 0) lies -q (2J+1 - 1) places later.
        pos[low] = pos[low - q[low] * (dim[low] - 1)] + (upper.size - n0)
        return cls(cb, qb, n0, upper, pos.astype(np.int32))

    @property
    def nh(self) -> int:
        return self.hrows.size

    def ext(self, w: np.ndarray, out: Optional[np.ndarray] = None) -> np.ndarray:
        """[w, conj(w[n0:])], written into ``out`` when given (a reused buffer: fresh ~100 MB vectors
        page-fault at N = 320)."""
        if out is None:
            out = np.empty(2 * self.nh - self.n0, dtype=complex)
        out[: self.nh] = w
        np.conjugate(w[self.n0:], out=out[self.nh:])
        return out

    def norm2(self, w: np.ndarray) -> float:
        """||ρ||² of the full vector (each q > 0 entry also stands for its q < 0 conjugate)."""
        head, tail = w[: self.n0].real, w[self.n0:].view(float)
        return float(np.dot(head, head) + 2 * np.dot(tail, tail))

    def to_w(self, x: np.ndarray) -> np.ndarray:
        w = np.ascontiguousarray(x[self.hrows], dtype=complex)
        w[: self.n0].imag = 0.0
        return w

    def from_w(self, w: np.ndarray) -> np.ndarray:
        w = w.copy()
        w[: self.n0].imag = 0.0
        return self.ext(w)[self.pos]


@lru_cache(maxsize=8)
def _basis_layout(N: int, reach: int) -> tuple[DickeBasis, _Layout]:
    """The basis (with its cached integer labels) and the Hermitian layout, which depend on N and the reach only."""
    basis = DickeBasis(N)
    layout = _Layout.of(basis, reach)
    for a in (layout.cb, layout.qb, layout.hrows, layout.pos):
        a.setflags(write=False)
    return basis, layout


def _masked_rows(rows: np.ndarray, data: np.ndarray, cols: np.ndarray, mask: np.ndarray,
                 shape: tuple[int, int]) -> sp.csr_matrix:
    """CSR of the masked entries of a matrix given by (ascending) rows, data and cols; all of them lie
    in the first shape[0] rows."""
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows[mask], minlength=shape[0]))])
    return sp.csr_matrix((data[mask], cols[mask], indptr), shape=shape)


def _row_slice(A: sp.csr_matrix, s: int, e: int, col0: int = 0, ncols: Optional[int] = None) -> sp.csr_matrix:
    """Rows s:e of a CSR matrix (columns shifted by -col0), without scipy's indexing overhead."""
    a, b = int(A.indptr[s]), int(A.indptr[e])
    return sp.csr_matrix((A.data[a:b], A.indices[a:b] - col0 if col0 else A.indices[a:b], A.indptr[s:e + 1] - a),
                         shape=(e - s, A.shape[1] if ncols is None else ncols))


@lru_cache(maxsize=1)
def _threadpools() -> ThreadpoolController:
    """One controller per process: scanning the loaded BLAS libraries costs ~15 ms."""
    return ThreadpoolController()


def _one_blas_thread(unknowns: int):
    """Context in which BLAS runs single-threaded (a no-op when the environment already says so, and
    for solves too small to matter)."""
    pinned = os.environ.get("OMP_NUM_THREADS") == "1" and all(
        os.environ.get(v, "1") == "1" for v in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "GOTO_NUM_THREADS"))
    return nullcontext() if pinned or unknowns < _SMALL else _threadpools().limit(limits=1)


class _ColourPreconditioner:
    """Multicolour block Gauss-Seidel over q: exact LU of each colour's q-conserving part, colours in turn.

    Blocks of one colour are never coupled to each other by 𝓛 (their q differ by a multiple of k+1),
    except for q < 0 partners of small q, whose couplings the sweep leaves out. For k = 1 (a transverse
    field) this is red-black Gauss-Seidel. Each colour is factored in chunks of whole q-blocks of at
    least _CHUNK unknowns: at small N one LU per colour (one call instead of N/2, whose overhead
    dominated: 2x faster at N = 40), at large N one per q-block, whose triangular solves then stay
    in cache (measured at N = 240: factorization 3.8 -> 2.8 s, solves 0.18 -> 0.145 s per colour).
    The populations (q = 0, real) are factored apart, in real arithmetic (1.4x faster at N = 40).
    """

    def __init__(self, P: sp.csr_matrix, layout: _Layout, threads: int):
        self.P = P
        self.layout = layout
        cb, n0 = layout.cb, layout.n0
        self.colours = [(int(s), int(e)) for s, e in zip([n0, *cb[1:-1]], cb[1:])]
        self.chunks = []  # per colour: the h-ranges factored together
        for s, e in self.colours:
            inner = layout.qb[(layout.qb > s) & (layout.qb < e)]
            cuts, start = [s], s
            for b in inner:
                if b - start >= _CHUNK:
                    cuts.append(int(b))
                    start = b
            if e - start < _CHUNK and len(cuts) > 1:
                cuts.pop()  # merge a small tail into the chunk before
            self.chunks.append(list(zip(cuts, cuts[1:] + [e])) if e > s else [])
        segments = [(0, n0)] + [c for chunks in self.chunks for c in chunks]

        # Minimum degree on Aᵀ+A suits these nearly structurally symmetric 2D ladders (measured fill
        # ~40 % below COLAMD). Threshold pivoting that prefers the diagonal (SymmetricMode) keeps that
        # ordering and was 1.5x faster at N = 40; pivoting is still allowed, as the trace row breaks
        # diagonal dominance. Panels of 2 columns instead of 12 touch half the workspace (N = 40) and
        # suit the small supernodes of these ladders: best of 12 solves at N = 40 22.7 against
        # 25.1 ms, best of 4 at N = 160 2.71 against 3.07 s.
        def factor(segment: tuple[int, int]) -> spla.SuperLU:
            s, e = segment
            block = _row_slice(P, s, e, s, e - s)
            return spla.splu((block.real if s == 0 else block).tocsc(), permc_spec="MMD_AT_PLUS_A",
                             diag_pivot_thresh=0.01, panel_size=2, options=dict(SymmetricMode=True))

        # The chunks are independent and SuperLU releases the GIL: factor them concurrently.
        if threads > 1 and len(segments) > 1:
            with ThreadPoolExecutor(max_workers=min(threads, len(segments))) as pool:
                lus = dict(zip(segments, pool.map(factor, segments)))
        else:
            lus = {segment: factor(segment) for segment in segments}
        self.lu0 = lus[(0, n0)]
        self.lu = [[lus[c] for c in chunks] for chunks in self.chunks]
        self.coupling: list[Optional[tuple[sp.csr_matrix, Optional[sp.csr_matrix]]]] = []

    def set_coupling(self, Cpos: sp.csr_matrix, Cneg: sp.csr_matrix) -> None:
        """Couplings to earlier colours: Cpos acts on w, Cneg on conj(w) (h indices)."""
        self.coupling = [None]  # colour 0: nothing earlier
        for s, e in self.colours[1:]:
            neg = _row_slice(Cneg, s, e, ncols=s)
            self.coupling.append((_row_slice(Cpos, s, e, ncols=s), neg if neg.nnz else None))

    def sweep(self, v: np.ndarray) -> np.ndarray:
        n0 = self.layout.n0
        y = np.empty_like(v)
        y[:n0] = self.lu0.solve(np.ascontiguousarray(v[:n0].real))
        for (s, e), chunks, lus, coupling in zip(self.colours, self.chunks, self.lu, self.coupling):
            rhs = v[s:e]
            if coupling is not None:
                Cp, Cn = coupling
                rhs = rhs - Cp @ y[:s]
                if Cn is not None:
                    rhs -= np.conj(Cn @ np.conj(y[:s]))
            for (a, b), lu in zip(chunks, lus):
                y[a:b] = lu.solve(rhs[a - s:b - s])
        y[:n0].imag = v[:n0].imag  # spectators: identity
        return y

    def same_blocks(self, P: sp.csr_matrix) -> bool:
        """Whether P equals the factored matrix (so the factorizations can be reused)."""
        return (P.shape == self.P.shape and P.nnz == self.P.nnz and np.array_equal(P.indptr, self.P.indptr)
                and np.array_equal(P.indices, self.P.indices) and np.array_equal(P.data, self.P.data))


_REORTHOGONALIZE = 1 / math.sqrt(2)  # DGKS criterion: a second Gram-Schmidt pass when the norm drops below this


def _gmres_cycle(F, r: np.ndarray, target: float, restart: int, maxiter: int, count: list[int]) -> np.ndarray:
    """One GMRES cycle for (1 + F) u = r, real arithmetic: the u in the Krylov space of at most ``restart``
    vectors that minimizes ||r - (1 + F) u||, or the first that brings it to ``target``.

    Arnoldi orthogonalizes F v (not v + F v, which is nearly v when the preconditioner is good) by
    classical Gram-Schmidt as in-place BLAS-2 calls (dgemv), with a second pass only when the first
    removes most of its norm (Daniel-Gragg-Kaufman-Stewart); count[0] accumulates the iterations.
    """
    beta = np.linalg.norm(r)
    V = np.empty((restart + 1, r.size))
    H = np.zeros((restart + 1, restart))
    np.multiply(r, 1.0 / beta, out=V[0])
    g = np.zeros(restart + 1)
    g[0] = beta
    cs, sn = np.zeros(restart), np.zeros(restart)
    k = 0
    for j in range(restart):
        f = F(V[j])
        before = np.linalg.norm(f)
        h = V[: j + 1] @ f
        dgemv(-1.0, V[: j + 1].T, h, 1.0, f, overwrite_y=True)  # f -= h V, in place
        hn = np.linalg.norm(f)
        if hn < _REORTHOGONALIZE * before:
            h2 = V[: j + 1] @ f
            dgemv(-1.0, V[: j + 1].T, h2, 1.0, f, overwrite_y=True)
            h += h2
            hn = np.linalg.norm(f)
        h[j] += 1.0  # (1 + F) v_j
        H[: j + 1, j] = h
        H[j + 1, j] = hn
        if hn > 0:
            np.multiply(f, 1.0 / hn, out=V[j + 1])
        del f
        for i in range(j):  # previous Givens rotations
            H[i, j], H[i + 1, j] = cs[i] * H[i, j] + sn[i] * H[i + 1, j], -sn[i] * H[i, j] + cs[i] * H[i + 1, j]
        rho = math.hypot(H[j, j], H[j + 1, j])
        cs[j], sn[j] = (1.0, 0.0) if rho == 0 else (H[j, j] / rho, H[j + 1, j] / rho)
        H[j, j], H[j + 1, j] = rho, 0.0
        g[j + 1] = -sn[j] * g[j]
        g[j] = cs[j] * g[j]
        k = j + 1
        count[0] += 1
        if abs(g[j + 1]) <= target or count[0] >= maxiter or hn == 0:
            break
    y = np.zeros(k)
    for i in range(k - 1, -1, -1):  # back substitution on the triangular Hessenberg factor
        if H[i, i] != 0:
            y[i] = (g[i] - H[i, i + 1:k] @ y[i + 1:]) / H[i, i]
    return y @ V[:k]


class SteadyStateSolver:
    """Reusable steady-state solver: keeps the colour-block factorizations between calls.

    tol: bound on ||𝓛ρ||/||ρ||; maxiter: total GMRES iterations; restart: Krylov vectors kept (default:
    as many as fit in the memory left over, up to maxiter, at least 50; strong fields need long
    cycles: LMG h = 3γ at N = 60 converges in 231 iterations unrestarted, and stalls at 1e-6 with
    restarts every 50); memory_limit: bytes (default 80 % of the available memory), checked against
    :func:`estimate_memory` before anything is assembled; threads: for the concurrent colour
    factorizations (default: :func:`available_threads`).
    """

    def __init__(self, tol: float = 1e-9, maxiter: int = 300, restart: Optional[int] = None,
                 memory_limit: Optional[int] = None, threads: Optional[int] = None):
        self.tol = tol
        self.maxiter = maxiter
        self.restart = restart
        self.memory_limit = memory_limit
        self.threads = available_threads() if threads is None else threads
        self._pre: Optional[_ColourPreconditioner] = None

    def solve(self, model: Model, N: int, x0: Optional[DickeState | np.ndarray] = None) -> SteadyStateResult:
        """Steady state of ``model`` for N spins; ``x0`` (a state or flat vector) warm-starts GMRES."""
        t0 = time.perf_counter()
        plan = assembly(model, N)
        need = _memory_need(plan, self.restart or _RESTART)
        limit = self.memory_limit if self.memory_limit is not None else default_memory_limit()
        if need > limit:
            raise MemoryLimitError(f"N={N} ({n_unknowns(N)} unknowns) needs about {need / 2**30:.1f} GB, "
                                   f"more than the limit of {limit / 2**30:.1f} GB")
        # Krylov vectors are only touched as GMRES reaches them, so a long cycle costs memory only
        # when it is needed.
        restart = self.restart or min(self.maxiter, _RESTART + int((limit - need) // (8 * n_unknowns(N))))
        with _one_blas_thread(n_unknowns(N)):
            vector, iterations, method, residual, build_seconds = self._solve(plan, N, x0, t0, restart)
        if not np.isfinite(residual) or residual > self.tol:
            raise ConvergenceError(f"steady state of '{model.name}' at N={N} did not converge: residual "
                                   f"{residual:.3e} > tol {self.tol:.1e} after {iterations} iterations ({method}); "
                                   f"strong fields need more iterations (SteadyStateSolver(maxiter=...))")
        return SteadyStateResult(DickeState(N, vector), residual, iterations, method, time.perf_counter() - t0,
                                 build_seconds, need)

    def _solve(self, plan: Assembly, N: int, x0, t0: float, restart: int):
        reach = plan.coherence_reach
        basis, layout = _basis_layout(N, max(reach, 1))
        n = basis.size
        hrows = layout.hrows
        nh, n0 = layout.nh, layout.n0
        # Only the rows with q ≥ 0 (those with q < 0 are their conjugates), in h order, with columns
        # relabelled to positions in ext(w).
        Lh = plan.matrix(rows=hrows, columns=layout.pos, threads=self.threads)
        build_seconds = time.perf_counter() - t0
        ri = np.repeat(np.arange(nh, dtype=np.int32), np.diff(Lh.indptr))
        # Replaced row: the population of the fully polarized state J = m = m' = N/2 (the last unknown).
        hr = int(layout.pos[n - 1])
        # Couplings to earlier colours for the Gauss-Seidel sweep: on w (column in the h list), on
        # conj(w) (column a q < 0 partner, at ext position nh + (h index - n0), whose q < 0 is never
        # that of a row).
        partner = Lh.indices >= nh
        col_h = np.where(partner, Lh.indices - (nh - n0), Lh.indices)
        qh = basis.coherence_order[hrows].astype(np.int32)
        same_q = ~partner & (qh[ri] == qh[col_h])
        del qh
        colour_start = np.repeat(layout.cb[:-1], np.diff(layout.cb)).astype(np.int32)
        earlier = col_h < colour_start[ri]
        del colour_start
        Cpos, Cneg = (_masked_rows(ri, Lh.data, col_h, sel, (nh, nh)) for sel in (earlier & ~partner, earlier & partner))
        del partner, col_h
        # What the sweep leaves out, E = A - M: couplings to later colours (and, for reach ≥ 2, to the
        # q < 0 partners in the same colour). Its rows lie in the colours before the last, h range
        # [0, nr), columns at ext positions.
        nr = int(layout.cb[-2])
        left_out = ~(same_q | earlier) & (ri != hr)
        del earlier
        if left_out[int(Lh.indptr[nr]):].any():
            raise AssertionError("a coupling of the last colour is missing from the Gauss-Seidel sweep")
        E = _masked_rows(ri, Lh.data, Lh.indices, left_out, (nr, Lh.shape[1]))
        del left_out
        # Complex q-conserving part P (h indices, block diagonal in colour); row hr becomes the trace
        # row, whose entries are the populations, h positions 0..n0-1.
        keep = same_q & (ri != hr)
        del same_q
        counts = np.bincount(ri[keep], minlength=nh)
        del ri
        cut = int(counts[:hr].sum())
        counts[hr] = n0
        P = sp.csr_matrix((np.insert(Lh.data[keep], cut, np.ones(n0)),
                           np.insert(Lh.indices[keep], cut, np.arange(n0, dtype=Lh.indices.dtype)),
                           np.concatenate([[0], np.cumsum(counts)])), shape=(nh, nh))
        del keep, counts
        x_ext = layout.ext(np.zeros(nh, dtype=complex))

        def hermitian(w: np.ndarray) -> np.ndarray:
            """ext(w) in the reused buffer, population imaginary parts (spectators) taken as 0."""
            x = layout.ext(w, out=x_ext)
            x[:n0].imag = 0.0
            return x

        def apply_L(w: np.ndarray) -> np.ndarray:
            """(𝓛ρ) on the h list (row r unmodified)."""
            return Lh @ hermitian(w)

        def residual(w: np.ndarray, Lw: np.ndarray) -> np.ndarray:
            """b - A w for b = e_r, on the h list (complex), from Lw = apply_L(w)."""
            r = -Lw
            r[:n0].imag = 0.0  # spectators: identity, right-hand side 0
            r[hr] = 1.0 - w[:n0].real.sum()  # the trace row
            return r

        def apply_E(y: np.ndarray) -> np.ndarray:
            u = E @ hermitian(y)
            u[:n0].imag = 0.0  # 𝓛 keeps ρ Hermitian: populations stay real (up to rounding)
            return u

        def relative_residual(w: np.ndarray, Lw: np.ndarray) -> float:
            return math.sqrt(layout.norm2(Lw) / layout.norm2(w))

        if reach == 0:
            # q is conserved: the steady state lives in the q = 0 block alone.
            w = np.zeros(nh, dtype=complex)
            rhs = np.zeros(n0)
            rhs[hr] = 1.0
            block = _row_slice(P, 0, n0, 0, n0).real
            w[:n0] = spla.splu(block.tocsc(), permc_spec="MMD_AT_PLUS_A").solve(rhs)
            return (layout.from_w(w), 0, "direct LU of the q=0 block (q conserved)",
                    relative_residual(w, apply_L(w)), build_seconds)
        if self._pre is None or not self._pre.same_blocks(P):
            self._pre = None  # free the old factors first
            self._pre = _ColourPreconditioner(P, layout, self.threads)
        self._pre.set_coupling(Cpos, Cneg)
        del Cpos, Cneg, P
        w = np.zeros(nh, dtype=complex)
        if x0 is not None:
            x = np.asarray(x0.vector if isinstance(x0, DickeState) else x0, dtype=complex)
            if x.shape != (n,):
                raise ValueError(f"x0 has shape {x.shape}, expected ({n},)")
            w = layout.to_w(x)
        sweep = self._pre.sweep
        padded = np.zeros(nh, dtype=complex)

        def F(v: np.ndarray) -> np.ndarray:
            """E M⁻¹ v for v on the rows [0, nr) (zero beyond), real view."""
            padded[:nr] = v.view(complex)
            return apply_E(sweep(padded)).view(float)

        # Right preconditioning by M: A M⁻¹ = 1 + E M⁻¹. Each cycle starts with a Gauss-Seidel step,
        # w += M⁻¹ r, after which the residual -E M⁻¹ r lies in the rows [0, nr), and so does the
        # whole Krylov space of E M⁻¹: GMRES runs on those rows only (the Schur complement of the
        # last colour), with F = E M⁻¹ in place of a full matrix-vector product.
        # ||ρ||₂ ≥ 1/√(number of populations) when Tr ρ = 1, so this rtol on ||Aρ - e_r|| ≤ ||b|| = 1
        # reaches tol on ||𝓛ρ||/||ρ|| up to the trace row; the loop tightens it if it falls short.
        rtol = self.tol / math.sqrt(n0)
        count = [0]
        r_full = residual(w, apply_L(w))
        while True:
            d = sweep(r_full)
            w += d
            r = -apply_E(d).view(float)
            if np.linalg.norm(r) > rtol and count[0] < self.maxiter:
                padded[:nr] = _gmres_cycle(F, r, rtol, restart, self.maxiter, count).view(complex)
                w += sweep(padded)
            Lw = apply_L(w)
            achieved = relative_residual(w, Lw)
            if achieved <= self.tol or count[0] >= self.maxiter or rtol < 1e-15:
                break
            r_full = residual(w, Lw)
            if np.linalg.norm(r_full) <= rtol:  # converged to rtol, yet short of tol: tighten
                rtol *= 0.1 * self.tol / achieved
        method = (f"GMRES({restart}) on the Hermitian (q ≥ 0) real system, right-preconditioned by "
                  f"{reach + 1}-colour block Gauss-Seidel over q (exact LUs of whole q-blocks), "
                  f"Krylov space on the first {reach} colour(s)")
        return layout.from_w(w), count[0], method, achieved, build_seconds


def steady_state(model: Model, N: int, x0: Optional[DickeState | np.ndarray] = None, tol: float = 1e-9,
                 maxiter: int = 300, memory_limit: Optional[int] = None,
                 threads: Optional[int] = None) -> SteadyStateResult:
    """One-off steady state; use :class:`SteadyStateSolver` to reuse factorizations along a sweep."""
    return SteadyStateSolver(tol=tol, maxiter=maxiter, memory_limit=memory_limit, threads=threads).solve(model, N, x0)
