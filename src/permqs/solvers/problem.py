"""What a finite-N representation provides to the solvers: a graded generator.

A representation (the spin-1/2 J blocks of :mod:`permqs.dicke`, the d-level occupation basis of
:mod:`permqs.qudit`, the fixed-J collective sectors of :mod:`permqs.collective`) stores a permutation-invariant
ρ as a flat vector x of n complex coefficients and builds the generator 𝓛 with dx/dt = 𝓛x. The solvers need
only this structure, which the representation knows and the solvers exploit:

* **Grading.** An integer ``grade`` q per unknown (the coherence order m − m' for J blocks, Σ n_ab(m_a − m_b)
  for qudits), such that the part of 𝓛 that conserves q is cheap to factor (it splits into independent q-blocks,
  each a low-dimensional ladder) and 𝓛 couples q to q' only if |q − q'| ≤ ``reach``. Field-free dissipative
  terms conserve q; a transverse field moves it by 1 and a two-axis Hamiltonian (J_x² − J_y²) by 2.
* **Hermitian partners.** 𝓛 maps Hermitian operators to Hermitian ones. ``partner[i]`` is the unknown holding
  the complex conjugate of unknown i in a Hermitian ρ (itself for a real unknown); grade[partner] = −grade.
  The steady state and the spectrum are computed in these real coordinates (half the unknowns). A
  representation whose basis is already Hermitian (real coordinates, 𝓛 real) makes every unknown its own
  partner; a real unknown may then have any grade ≥ 0.
* **Trace.** Tr ρ = ``trace`` · x, a left null vector of 𝓛 (probability is conserved); its weights sit on
  self-partnered unknowns of grade 0 (the populations). ``anchor`` is the unknown whose equation the steady-state
  solver replaces by Tr ρ = 1.
* **Rows.** ``rows(rows, columns, threads)`` returns the requested rows of 𝓛 (flat indices, in that order) as
  CSR, with column j relabelled to ``columns[j]`` when given, so a solver gets 𝓛 directly in its own order.
* **Sectors.** An index set invariant under 𝓛 (a symmetry sector) gives the problem on it, :meth:`restrict`.
* **Modulation.** 𝓛(t) = 𝓛₀ + Σ_k f_k(t) 𝓛_k for time-periodic models (``modulations``: pairs (f_k, 𝓛_k)).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import scipy.sparse as sp

RowsFunction = Callable[..., sp.csr_matrix]


def _matrix_rows(L: sp.csr_matrix) -> RowsFunction:
    L = sp.csr_matrix(L)

    def rows(rows: Optional[np.ndarray] = None, columns: Optional[np.ndarray] = None, threads: int = 1):
        A = L if rows is None else L[np.asarray(rows)]
        if columns is None:
            return sp.csr_matrix(A)
        A = sp.csr_matrix(A, copy=True)
        A.indices = np.asarray(columns)[A.indices].astype(A.indices.dtype)
        A.has_sorted_indices = False
        return A

    return rows


@dataclass(frozen=True, eq=False)
class GradedProblem:
    """A generator with the structure the solvers exploit (see the module docstring)."""

    n: int
    rows: RowsFunction
    grade: np.ndarray
    reach: int
    partner: np.ndarray
    trace: np.ndarray
    anchor: int
    name: str = "problem"
    modulations: tuple = ()
    # Upper bound on the nonzeros of 𝓛 (for memory estimates); None: not known before the matrix is built.
    nonzeros: Optional[int] = None
    # LU fill per factored unknown, for the memory estimate (calibrated by each representation).
    fill_per_unknown: float = 10.0
    # The representation's state object from a flat vector x (None: x itself).
    make_state: Optional[Callable] = None

    def __post_init__(self):
        for name in ("grade", "partner", "trace"):
            a = getattr(self, name)
            if np.shape(a) != (self.n,):
                raise ValueError(f"{self.name}: {name} must have shape ({self.n},), got {np.shape(a)}")
        if self.reach < 0:
            raise ValueError(f"{self.name}: reach must be >= 0, got {self.reach}")

    @classmethod
    def from_matrix(cls, L: sp.spmatrix, *, grade: np.ndarray, reach: int, partner: np.ndarray,
                    trace: np.ndarray, anchor: int, name: str = "problem", modulations: tuple = (),
                    **options) -> "GradedProblem":
        """A problem from an assembled generator (n × n sparse, complex or real)."""
        L = sp.csr_matrix(L)
        if L.shape[0] != L.shape[1]:
            raise ValueError(f"{name}: the generator must be square, got shape {L.shape}")
        return cls(L.shape[0], _matrix_rows(L), np.asarray(grade, dtype=np.int64), int(reach),
                   np.asarray(partner, dtype=np.int64), np.asarray(trace, dtype=float), int(anchor), name,
                   tuple((f, sp.csr_matrix(Lk)) for f, Lk in modulations),
                   nonzeros=L.nnz, **options)

    def matrix(self, threads: int = 1) -> sp.csr_matrix:
        """𝓛 as CSR with sorted column indices."""
        L = self.rows(None, None, threads=threads)
        L.sort_indices()
        return L

    def check_structure(self, L: Optional[sp.csr_matrix] = None) -> None:
        """Assert what the solvers rely on (for tests and new representations; costs a full matrix):
        partners are an involution flipping the grade, 𝓛 couples grades at most ``reach`` apart, the trace is
        conserved, and 𝓛 commutes with Hermitian conjugation. Raises AssertionError naming what fails."""
        L = self.matrix() if L is None else L
        p, q = self.partner, self.grade
        if not np.array_equal(p[p], np.arange(self.n)):
            raise AssertionError(f"{self.name}: partner is not an involution")
        pair = p != np.arange(self.n)
        if not np.array_equal(q[p][pair], -q[pair]):
            raise AssertionError(f"{self.name}: partners do not have opposite grades")
        if np.any(q[~pair] < 0):
            raise AssertionError(f"{self.name}: a real (self-partnered) unknown has a negative grade")
        C = L.tocoo()
        jump = np.abs(q[C.row] - q[C.col])[np.abs(C.data) > 0]
        if jump.size and jump.max() > self.reach:
            raise AssertionError(f"{self.name}: 𝓛 couples grades {jump.max()} apart, reach is {self.reach}")
        scale = max(abs(L).max(), 1e-300)
        if np.abs(self.trace @ L).max(initial=0) > 1e-10 * scale * max(1.0, np.abs(self.trace).max()):
            raise AssertionError(f"{self.name}: 𝓛 does not conserve the trace")
        rng = np.random.default_rng(0)
        x = rng.normal(size=self.n) + 1j * rng.normal(size=self.n)
        x = x + np.conj(x[p])  # a Hermitian operator
        y = L @ x
        if np.abs(y - np.conj(y[p])).max() > 1e-10 * scale * np.abs(x).max():
            raise AssertionError(f"{self.name}: 𝓛 does not map Hermitian operators to Hermitian ones")

    def restrict(self, indices: np.ndarray, name: Optional[str] = None) -> "GradedProblem":
        """𝓛 on an invariant index set (a symmetry sector): rows and columns ``indices``. The set must be
        closed under partners; the trace and anchor carry over when the set contains them."""
        indices = np.asarray(indices, dtype=np.int64)
        local = np.full(self.n, -1, dtype=np.int64)
        local[indices] = np.arange(indices.size)
        if (local[self.partner[indices]] < 0).any():
            raise ValueError(f"{self.name}: a sector must contain the Hermitian partner of each of its unknowns")
        parent = self.rows

        def rows(rows=None, columns=None, threads: int = 1):
            r = indices if rows is None else indices[np.asarray(rows)]
            # Columns outside the sector carry no entries (the sector is invariant); map them anywhere.
            inside = np.maximum(local, 0)
            cols = inside if columns is None else np.asarray(columns)[inside]
            A = parent(r, cols, threads=threads)
            return sp.csr_matrix((A.data, A.indices, A.indptr), shape=(r.size, indices.size))

        trace = self.trace[indices]
        anchor = int(local[self.anchor]) if local[self.anchor] >= 0 else -1
        return GradedProblem(indices.size, rows, self.grade[indices], self.reach, local[self.partner[indices]],
                             trace, anchor, name or self.name, (), None, self.fill_per_unknown)
