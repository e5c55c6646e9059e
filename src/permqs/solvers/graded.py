"""A graded generator as a real linear system, and its multicolour block Gauss-Seidel preconditioner.

The machinery that made the spin-1/2 J-block steady state fast (paper 000 App. A), written against
:class:`~permqs.solvers.problem.GradedProblem` so that every representation shares it:

* **Hermitian half.** 𝓛 maps Hermitian operators to Hermitian ones, so the unknowns of a solve are the
  real (self-partnered) unknowns and one of each pair of partners (the one of grade > 0, or the first of a pair of
  grade 0), the "h list" w; the others are conj(w). This real system has as many real unknowns as 𝓛 has complex
  ones: half the memory and about half the work.
* **Split by grade.** The part P of 𝓛 that conserves the grade q is block diagonal in q; each q-block (a small
  ladder) is factored exactly by SuperLU with little fill. 𝓛 couples q only to q' with |q − q'| ≤ k (the reach),
  so the q-blocks of one colour c = q mod (k+1) are mutually uncoupled, and a sweep solves the colours in turn,
  each with its couplings to the colours before it (red-black Gauss-Seidel for k = 1). The real unknowns form a
  group of their own, first.
* **GMRES on what the sweep leaves out.** A M⁻¹ = 1 + E M⁻¹, where E = A − M holds only the couplings to later
  colours, all in rows of the colours before the last. After one sweep step the residual lies in those rows, and so
  does the Krylov space: GMRES runs there alone (for k = 1 on the even q: the Schur complement of the odd ones),
  with E M⁻¹ v in place of a product with A and Gram-Schmidt on vectors half as long.

Two systems are solved this way: the steady state (σ = 0, the anchor's equation replaced by Tr ρ = 1) and shifted
systems (𝓛 − σ) x = b for real σ (shift-invert Arnoldi, implicit time steps).

Measured on the LMG model of paper 000 (h = 0.5γ, Γ = 2γ): a colour-wise sweep needs as many iterations as a
sweep over single q-blocks in order (13 at N = 40, 24 at N = 160); one LU per colour at small N (instead of N + 1)
made N = 40 ~2× faster, one per q-block at large N keeps the triangular solves in cache (N = 320: 61-65 → 49 s);
GMRES on the left-out rows saved one iteration and, at N = 320, 11 s outside the sweeps.
"""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Optional

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .krylov import gmres_cycle
from .problem import GradedProblem

CHUNK = 16384  # fewest unknowns factored together (see ColourPreconditioner)


@dataclass(frozen=True)
class HermitianLayout:
    """The h list: representatives w of a Hermitian vector, ordered as the sweep visits them.

    The representatives are the real (self-partnered) unknowns and one of each pair of partners (the one of
    grade > 0, or the first of a pair of grade 0). They are ordered by colour c = q mod (k+1), then real before
    complex, then q: each (colour, realness) is a *group* of the sweep, ``gb[i]:gb[i+1]`` (``group_real[i]``
    says which kind), made of q-blocks ``qb[j]:qb[j+1]``. The real coordinates of a solve are w.real on the
    real groups and (re, im) pairs on the complex ones; the imaginary parts on real groups are spectators kept at
    0. The full vector is x = ext(w)[pos] with ext(w) = [w, conj(w)].
    """

    gb: np.ndarray
    group_real: np.ndarray
    group_colour: np.ndarray
    qb: np.ndarray
    hrows: np.ndarray        # flat index of every h position
    pos: np.ndarray          # position of every flat unknown in ext(w)
    mixed_grades: bool = False  # some grade holds both real and complex representatives

    @classmethod
    def of(cls, grade: np.ndarray, partner: np.ndarray, reach: int) -> "HermitianLayout":
        n = grade.size
        index = np.arange(n)
        real = partner == index
        if np.any(grade[real] < 0):
            raise ValueError("a real (self-partnered) unknown must have grade >= 0")
        complex_ = ~real
        representative = real | (grade > 0) | ((grade == 0) & (partner > index))
        upper = np.flatnonzero(representative)
        q = grade[upper]
        colour = q % (reach + 1)
        span = int(q.max(initial=0)) + 1
        # Sort on one small integer key (numpy sorts 16-bit keys by radix, in linear time).
        group = 2 * colour + complex_[upper]
        key = group * span + q
        key = key.astype(np.int16 if 2 * (reach + 1) * span < 2**15 else np.int64)
        order = np.argsort(key, kind="stable")
        upper = upper[order]
        key, group = key[order], group[order]
        gstart = np.concatenate([[0], np.flatnonzero(np.diff(group)) + 1])
        gb = np.concatenate([gstart, [upper.size]])
        qb = np.concatenate([[0], np.flatnonzero(np.diff(key)) + 1, [upper.size]])
        pos = np.empty(n, dtype=np.int64)
        pos[upper] = np.arange(upper.size)
        low = np.flatnonzero(~representative)
        pos[low] = pos[partner[low]] + upper.size
        itype = np.int32 if 2 * n < 2**31 else np.int64
        g = group[gstart] if upper.size else np.zeros(0, dtype=np.int64)
        real_grades = np.unique(grade[real])
        mixed = bool(np.isin(real_grades, q[~real[upper]]).any()) if real_grades.size else False
        return cls(gb, (g % 2 == 0), g // 2, qb, upper, pos.astype(itype), mixed)

    @property
    def nh(self) -> int:
        return self.hrows.size

    @property
    def real_groups(self) -> list[tuple[int, int]]:
        return [(int(s), int(e)) for s, e, r in zip(self.gb[:-1], self.gb[1:], self.group_real) if r]

    def ext(self, w: np.ndarray, out: Optional[np.ndarray] = None) -> np.ndarray:
        """[w, conj(w)], written into ``out`` when given (a reused buffer: fresh ~100 MB vectors page-fault at
        N = 320)."""
        if out is None:
            out = np.empty(2 * self.nh, dtype=complex)
        out[: self.nh] = w
        np.conjugate(w, out=out[self.nh:])
        return out

    def drop_spectators(self, w: np.ndarray) -> np.ndarray:
        for s, e in self.real_groups:
            w[s:e].imag = 0.0
        return w

    def norm2(self, w: np.ndarray) -> float:
        """‖x‖² of the full vector (each complex representative also stands for its conjugate partner)."""
        total = 2 * float(np.vdot(w, w).real)
        for s, e in self.real_groups:
            head = w[s:e].real
            total -= float(np.dot(head, head))
        return total

    def to_w(self, x: np.ndarray) -> np.ndarray:
        return self.drop_spectators(np.ascontiguousarray(x[self.hrows], dtype=complex))

    def from_w(self, w: np.ndarray) -> np.ndarray:
        return self.ext(self.drop_spectators(w.copy()))[self.pos]

    def to_real(self, w: np.ndarray) -> np.ndarray:
        """The n real coordinates of w (no spectators), group by group."""
        return np.concatenate([w[s:e].real if r else w[s:e].view(float)
                               for s, e, r in zip(self.gb[:-1], self.gb[1:], self.group_real)])

    def from_real(self, r: np.ndarray) -> np.ndarray:
        w = np.zeros(self.nh, dtype=complex)
        at = 0
        for s, e, real in zip(self.gb[:-1], self.gb[1:], self.group_real):
            size = (e - s) * (1 if real else 2)
            w[s:e] = r[at:at + size] if real else np.ascontiguousarray(r[at:at + size]).view(complex)
            at += size
        return w


_LAYOUTS: dict = {}  # (id(grade), id(partner), reach) -> (grade, partner, layout); a few entries


def layout_of(problem: GradedProblem) -> HermitianLayout:
    """The problem's layout, cached for representations that reuse their (read-only) label arrays across calls
    (the J-block basis at one N): a repeated solve along a sweep skips the sort."""
    key = (id(problem.grade), id(problem.partner), max(problem.reach, 1))
    hit = _LAYOUTS.get(key)
    if hit is not None and hit[0] is problem.grade and hit[1] is problem.partner:
        return hit[2]
    layout = HermitianLayout.of(problem.grade, problem.partner, max(problem.reach, 1))
    if not problem.grade.flags.writeable and not problem.partner.flags.writeable:
        if len(_LAYOUTS) >= 8:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
        _LAYOUTS[key] = (problem.grade, problem.partner, layout)
    return layout


def masked_rows(rows: np.ndarray, data: np.ndarray, cols: np.ndarray, mask: np.ndarray,
                shape: tuple[int, int]) -> sp.csr_matrix:
    """CSR of the masked entries of a matrix given by (ascending) rows, data and cols; all of them lie in the
    first shape[0] rows."""
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows[mask], minlength=shape[0]))])
    return sp.csr_matrix((data[mask], cols[mask], indptr), shape=shape)


def row_slice(A: sp.csr_matrix, s: int, e: int, col0: int = 0, ncols: Optional[int] = None) -> sp.csr_matrix:
    """Rows s:e of a CSR matrix (columns shifted by -col0), without scipy's indexing overhead."""
    a, b = int(A.indptr[s]), int(A.indptr[e])
    return sp.csr_matrix((A.data[a:b], A.indices[a:b] - col0 if col0 else A.indices[a:b], A.indptr[s:e + 1] - a),
                         shape=(e - s, A.shape[1] if ncols is None else ncols))


class ColourPreconditioner:
    """Multicolour block Gauss-Seidel over the grade: exact LU of each group's grade-conserving part, in turn.

    Blocks of one colour are never coupled to each other by 𝓛 (their q differ by a multiple of k+1), except
    through partners of small q, whose couplings the sweep leaves out. Real groups are factored in real arithmetic
    (the populations of a J-block state: 1.4× faster at N = 40). Each group is factored in chunks of whole
    q-blocks of at least CHUNK unknowns: at small N one LU per group (one call instead of N/2, whose overhead
    dominated: 2× faster at N = 40), at large N one per q-block, whose triangular solves stay in cache (measured at
    N = 240: factorization 3.8 → 2.8 s, solves 0.18 → 0.145 s per colour).
    """

    def __init__(self, P: sp.csr_matrix, layout: HermitianLayout, threads: int):
        self.P = P
        self.layout = layout
        self.groups = [(int(s), int(e)) for s, e in zip(layout.gb[:-1], layout.gb[1:])]
        self.real = [bool(r) for r in layout.group_real]
        self.chunks = []  # per group: the h-ranges factored together
        for s, e in self.groups:
            inner = layout.qb[(layout.qb > s) & (layout.qb < e)]
            cuts, start = [s], s
            for b in inner:
                if b - start >= CHUNK:
                    cuts.append(int(b))
                    start = b
            if e - start < CHUNK and len(cuts) > 1:
                cuts.pop()  # merge a small tail into the chunk before
            self.chunks.append(list(zip(cuts, cuts[1:] + [e])))
        segments = [(c, real) for chunks, real in zip(self.chunks, self.real) for c in chunks]

        # Minimum degree on Aᵀ+A suits these nearly structurally symmetric ladders (measured fill ~40 % below
        # COLAMD). Threshold pivoting that prefers the diagonal (SymmetricMode) keeps that ordering and was 1.5×
        # faster at N = 40; pivoting is still allowed, as the trace row breaks diagonal dominance. Panels of 2
        # columns instead of 12 touch half the workspace and suit the small supernodes of these ladders (best of
        # 12 solves at N = 40: 22.7 against 25.1 ms; best of 4 at N = 160: 2.71 against 3.07 s).
        def factor(segment) -> spla.SuperLU:
            (s, e), real = segment
            block = row_slice(P, s, e, s, e - s)
            if real:
                block = block.real  # Hermiticity makes real-to-real couplings real
            return spla.splu(block.tocsc(), permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.01, panel_size=2,
                             options=dict(SymmetricMode=True))

        # The chunks are independent and SuperLU releases the GIL: factor them concurrently.
        if threads > 1 and len(segments) > 1:
            with ThreadPoolExecutor(max_workers=min(threads, len(segments))) as pool:
                lus = dict(zip((c for c, _ in segments), pool.map(factor, segments)))
        else:
            lus = {c: factor((c, real)) for c, real in segments}
        self.lu = [[lus[c] for c in chunks] for chunks in self.chunks]
        self.coupling: list[Optional[tuple[Optional[sp.csr_matrix], Optional[sp.csr_matrix]]]] = []

    def set_coupling(self, Cpos: sp.csr_matrix, Cneg: sp.csr_matrix) -> None:
        """Couplings to earlier groups: Cpos acts on w, Cneg on conj(w) (h indices)."""
        self.coupling = []
        for s, e in self.groups:
            pos, neg = row_slice(Cpos, s, e, ncols=s), row_slice(Cneg, s, e, ncols=s)
            self.coupling.append(None if s == 0 or not (pos.nnz or neg.nnz)
                                 else (pos if pos.nnz else None, neg if neg.nnz else None))

    def sweep(self, v: np.ndarray) -> np.ndarray:
        y = np.empty_like(v)
        for (s, e), chunks, lus, coupling, real in zip(self.groups, self.chunks, self.lu, self.coupling, self.real):
            rhs = v[s:e]
            if coupling is not None:
                Cp, Cn = coupling
                rhs = rhs.copy()
                if Cp is not None:
                    rhs -= Cp @ y[:s]
                if Cn is not None:
                    rhs -= Cn @ np.conj(y[:s])
            if real:
                for (a, b), lu in zip(chunks, lus):
                    y[a:b] = lu.solve(np.ascontiguousarray(rhs[a - s:b - s].real))
                y[s:e].imag = v[s:e].imag  # spectators: identity
            else:
                for (a, b), lu in zip(chunks, lus):
                    y[a:b] = lu.solve(rhs[a - s:b - s])
        return y

    def same_blocks(self, P: sp.csr_matrix) -> bool:
        """Whether P equals the factored matrix (so the factorizations can be reused)."""
        return (P.shape == self.P.shape and P.nnz == self.P.nnz and np.array_equal(P.indptr, self.P.indptr)
                and np.array_equal(P.indices, self.P.indices) and np.array_equal(P.data, self.P.data))


class GradedSystem:
    """The rows of 𝓛 in h order, split for the sweep into the grade-conserving part P (block diagonal), the
    couplings to earlier groups (Cpos on w, Cneg on conj(w)) and the left-out couplings E (rows of the groups
    before the last). Built once per problem; :meth:`preconditioner` factors P − σ (with or without the trace
    row), :meth:`solve` runs the preconditioned GMRES."""

    def __init__(self, problem: GradedProblem, threads: int = 1, reuse: Optional[ColourPreconditioner] = None):
        self.problem = problem
        self.threads = threads
        layout = layout_of(problem)
        self.layout = layout
        nh = layout.nh
        # Only the representative rows, in h order, with columns relabelled to positions in ext(w).
        Lh = problem.rows(layout.hrows, layout.pos, threads=threads)
        Lh = sp.csr_matrix((Lh.data, Lh.indices, Lh.indptr), shape=(nh, 2 * nh))
        # The masks below follow the order of Lh's entries: nothing may sort them (scipy's abs() or
        # sum_duplicates() would, in place).
        self.Lh = Lh
        ri = np.repeat(np.arange(nh, dtype=np.int32), np.diff(Lh.indptr))
        # Columns on conj(w) (a partner, at ext position nh + its h index) and their h index.
        partner = Lh.indices >= nh
        col_h = np.where(partner, Lh.indices - nh, Lh.indices)
        qh = problem.grade[layout.hrows].astype(np.int32)
        same_block = ~partner & (qh[ri] == qh[col_h])
        del qh
        group_of = np.repeat(np.arange(layout.gb.size - 1, dtype=np.int32), np.diff(layout.gb))
        if layout.mixed_grades:
            # A grade holds real and complex unknowns (two groups): couplings between them are not in one block.
            same_block &= group_of[ri] == group_of[col_h]
        earlier = col_h < layout.gb[group_of][ri]
        del group_of
        self.Cpos, self.Cneg = (masked_rows(ri, Lh.data, col_h, sel, (nh, nh))
                                for sel in (earlier & ~partner, earlier & partner))
        del partner, col_h
        # What the sweep leaves out, E = A − M: couplings to later groups (and to partners in the same group).
        # Its rows must lie before the last group, h range [0, nr).
        self.nr = int(layout.gb[-2]) if layout.gb.size > 1 else 0
        left_out = ~(same_block | earlier)
        del earlier
        if left_out[int(Lh.indptr[self.nr]):].any():
            raise AssertionError(f"{problem.name}: a coupling of the last group is missing from the Gauss-Seidel "
                                 f"sweep (is the reach {problem.reach} right?)")
        self._ri, self._same_block, self._left_out = ri, same_block, left_out
        self._pre: Optional[ColourPreconditioner] = reuse if reuse is not None and reuse.layout is layout else None
        self._pre_key = None
        self._x_ext = layout.ext(np.zeros(nh, dtype=complex))

    def row_abs_sums(self) -> np.ndarray:
        """Σ_j |𝓛_ij| per h row (from the raw arrays: scipy's abs() would sort Lh's indices in place, and the
        split's masks follow their order)."""
        return np.bincount(self._ri, weights=np.abs(self.Lh.data), minlength=self.layout.nh)

    def diagonal(self) -> np.ndarray:
        """The stored diagonal entries 𝓛_ii of the h rows (rows without one are left out)."""
        return self.Lh.data[self.Lh.indices == self._ri]

    def anchor_row(self) -> int:
        """h position of the anchor, checked: a real unknown of the first group, with every trace weight in its
        q-block."""
        layout, p = self.layout, self.problem
        row = int(layout.pos[p.anchor])
        if not (layout.group_real.size and layout.group_real[0] and row < layout.gb[1]):
            raise ValueError(f"{p.name}: the anchor must be a real unknown of the first group (grade 0)")
        block = np.searchsorted(layout.qb, row, side="right") - 1
        s, e = int(layout.qb[block]), int(layout.qb[block + 1])
        weights = p.trace[layout.hrows]
        if np.any(weights[:s] != 0) or np.any(weights[e:] != 0):
            raise ValueError(f"{p.name}: the trace weights must lie in the anchor's q-block")
        return row

    # -- the split -------------------------------------------------------------------------------------------
    def _E(self, anchor_row: int) -> sp.csr_matrix:
        keep = self._left_out if anchor_row < 0 else self._left_out & (self._ri != anchor_row)
        return masked_rows(self._ri, self.Lh.data, self.Lh.indices, keep, (self.nr, self.Lh.shape[1]))

    def _P(self, shift: float, anchor_row: int) -> sp.csr_matrix:
        """Grade-conserving part (h indices) minus shift; row ``anchor_row`` (if >= 0) becomes the trace row."""
        layout, Lh, ri = self.layout, self.Lh, self._ri
        nh = layout.nh
        keep = self._same_block if anchor_row < 0 else self._same_block & (ri != anchor_row)
        counts = np.bincount(ri[keep], minlength=nh)
        data, indices = Lh.data[keep], Lh.indices[keep]
        if anchor_row >= 0:
            weights = self.problem.trace[layout.hrows]
            cols = np.flatnonzero(weights).astype(indices.dtype)
            cut = int(counts[:anchor_row].sum())
            counts[anchor_row] = cols.size
            data = np.insert(data, cut, weights[cols])
            indices = np.insert(indices, cut, cols)
        P = sp.csr_matrix((data, indices, np.concatenate([[0], np.cumsum(counts)])), shape=(nh, nh))
        if shift:
            diagonal = np.ones(nh)
            if anchor_row >= 0:
                diagonal[anchor_row] = 0.0
            P = (P - sp.diags(shift * diagonal, format="csr")).tocsr()
        return P

    @property
    def last_preconditioner(self) -> Optional[ColourPreconditioner]:
        return self._pre

    def preconditioner(self, shift: float = 0.0, anchor_row: int = -1) -> ColourPreconditioner:
        key = (shift, anchor_row)
        if self._pre is None or self._pre_key != key:
            P = self._P(shift, anchor_row)
            if self._pre is None or not self._pre.same_blocks(P):
                self._pre = None  # free the old factors first
                self._pre = ColourPreconditioner(P, self.layout, self.threads)
            self._pre.set_coupling(self.Cpos, self.Cneg)
            self._pre_key = key
        return self._pre

    def real_matrix(self) -> sp.csr_matrix:
        """𝓛 on the n real coordinates of :meth:`HermitianLayout.to_real`, as a real sparse matrix (for a direct
        LU of the whole problem). An entry a of Lh couples row i to w_j (sign s = +1) or to conj(w_j) (s = −1):
        a (w_j^re + i s w_j^im) contributes a^re w_j^re − s a^im w_j^im to Re row i and a^im w_j^re + s a^re
        w_j^im to Im row i. Real groups keep only their real parts (rows and columns), as the layout does."""
        layout, Lh, nh = self.layout, self.Lh, self.layout.nh
        re, im = np.full(nh, -1, dtype=np.int64), np.full(nh, -1, dtype=np.int64)
        at = 0
        for s, e, real in zip(layout.gb[:-1], layout.gb[1:], layout.group_real):
            if real:
                re[s:e] = at + np.arange(e - s)
            else:
                re[s:e] = at + 2 * np.arange(e - s)
                im[s:e] = re[s:e] + 1
            at += (e - s) * (1 if real else 2)
        conj = Lh.indices >= nh
        j = np.where(conj, Lh.indices - nh, Lh.indices)
        sign = np.where(conj, -1.0, 1.0)
        a_re, a_im = Lh.data.real, Lh.data.imag
        rows = np.concatenate([re[self._ri], re[self._ri], im[self._ri], im[self._ri]])
        cols = np.concatenate([re[j], im[j], re[j], im[j]])
        data = np.concatenate([a_re, -sign * a_im, a_im, sign * a_re])
        keep = (rows >= 0) & (cols >= 0) & (data != 0)
        return sp.csr_matrix((data[keep], (rows[keep], cols[keep])), shape=(at, at))

    # -- products ----------------------------------------------------------------------------------------------
    def hermitian(self, w: np.ndarray) -> np.ndarray:
        """ext(w) in the reused buffer, the spectators taken as 0."""
        nh, x = self.layout.nh, self._x_ext
        x[:nh] = w
        self.layout.drop_spectators(x[:nh])
        np.conjugate(x[:nh], out=x[nh:])
        return x

    def apply_L(self, w: np.ndarray) -> np.ndarray:
        """𝓛 on the h list (complex h vector)."""
        return self.Lh @ self.hermitian(w)

    # -- the solve ---------------------------------------------------------------------------------------------
    def solve(self, b: np.ndarray, *, shift: float = 0.0, anchor: bool = False, x0: Optional[np.ndarray] = None,
              rtol: float, restart: int, maxiter: int, measure=None, target: float = 0.0):
        """Solve A w = b on the h list, A = 𝓛 − shift (the anchor's row replaced by the trace row when
        ``anchor``), to ‖b − A w‖ <= rtol. With ``measure(w, Lw)`` (from the product Lw = 𝓛w), iterate until
        measure <= target instead, tightening rtol when the system is solved to rtol but the measure falls short.
        Returns (w, iterations, achieved) with achieved = the measure, or ‖b − A w‖."""
        layout = self.layout
        anchor_row = self.anchor_row() if anchor else -1
        pre = self.preconditioner(shift, anchor_row)
        E = self._E(anchor_row)
        nr, nh = self.nr, layout.nh
        weights = self.problem.trace[layout.hrows]

        def residual(w: np.ndarray, Lw: np.ndarray) -> np.ndarray:
            r = b - Lw
            if shift:
                r += shift * w
            layout.drop_spectators(r)  # spectators: identity, right-hand side 0
            if anchor_row >= 0:
                r[anchor_row] = b[anchor_row] - weights @ w.real
            return r

        def apply_E(y: np.ndarray) -> np.ndarray:
            return layout.drop_spectators(E @ self.hermitian(y))  # real unknowns stay real (up to rounding)

        sweep = pre.sweep
        padded = np.zeros(nh, dtype=complex)

        def F(v: np.ndarray) -> np.ndarray:
            """E M⁻¹ v for v on the rows [0, nr) (zero beyond), real view."""
            padded[:nr] = v.view(complex)
            return apply_E(sweep(padded)).view(float)

        w = np.zeros(nh, dtype=complex) if x0 is None else layout.drop_spectators(np.array(x0, dtype=complex))
        count = [0]
        r_full = residual(w, self.apply_L(w))
        while True:
            d = sweep(r_full)
            w += d
            r = -apply_E(d).view(float)
            if np.linalg.norm(r) > rtol and count[0] < maxiter:
                padded[:nr] = gmres_cycle(F, r, rtol, restart, maxiter, count).view(complex)
                w += sweep(padded)
            Lw = self.apply_L(w)
            if measure is None:
                r_full = residual(w, Lw)
                achieved = float(np.linalg.norm(r_full.view(float)))
                if achieved <= rtol or count[0] >= maxiter or not np.isfinite(achieved):
                    break
                continue
            achieved = measure(w, Lw)
            if achieved <= target or count[0] >= maxiter or rtol < 1e-15 or not np.isfinite(achieved):
                break
            r_full = residual(w, Lw)
            if np.linalg.norm(r_full.view(float)) <= rtol:  # solved to rtol, yet short of the target: tighten
                rtol *= 0.1 * target / achieved
        return w, count[0], achieved

    def solve_direct_grade0(self) -> Optional[np.ndarray]:
        """The steady state when 𝓛 conserves the grade and grade 0 holds real unknowns only: the real grade-0
        block, solved by one sparse LU. None when grade 0 also holds complex unknowns."""
        layout = self.layout
        anchor_row = self.anchor_row()
        s, e = 0, int(layout.qb[1])
        if np.any(self.problem.grade[layout.hrows[e:]] == 0):
            return None
        P = self._P(0.0, anchor_row)
        rhs = np.zeros(e - s)
        rhs[anchor_row] = 1.0
        w = np.zeros(layout.nh, dtype=complex)
        w[s:e] = spla.splu(row_slice(P, s, e, s, e - s).real.tocsc(), permc_spec="MMD_AT_PLUS_A").solve(rhs)
        return w


def relative_residual(layout: HermitianLayout, w: np.ndarray, Lw: np.ndarray) -> float:
    """‖𝓛x‖₂/‖x‖₂ of the full vector from its h list."""
    return math.sqrt(layout.norm2(Lw) / layout.norm2(w))
