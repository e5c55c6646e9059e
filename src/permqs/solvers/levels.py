"""Block Gauss-Seidel over levels, in Eisenstat's split form, under GMRES: the second preconditioner of the shared
solver layer, next to the colour sweep of :mod:`.graded`.

The colour sweep factors whole grade blocks exactly, which is cheap when each block is a short ladder (spin-1/2
J-block basis, collective models). Where that fills in, as in the qudit PI sectors of paper 004 (a whole |Q| block
of a d >= 3 sector fills 20-30 % of dense under SuperLU), a finer order helps: ``level`` labels each unknown, and
the generator is taken as block lower triangular by level up to a part that a symmetric sweep (forward, then
backward) and GMRES absorb. For the qudit sectors the level is the level sum K of ket and bra, which dissipation
never lowers (:mod:`permqs.qudit.solve`); each level block then holds only the K-conserving dissipator and is
factored exactly when small, else by an incomplete LU.

GMRES runs on B = M1⁻¹ A M2⁻¹ (Eisenstat's trick, see :class:`LevelGaussSeidel`), one pass over the nonzeros of A
and two triangular sweeps per iteration, in real or complex arithmetic (complex shifts), and stops on the true
residual.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ..errors import ModelError

#: incomplete-LU drop tolerance of the level blocks: for the qudit level sum they hold only the collective hopping
#: besides the diagonal, and the sweep is a preconditioner (exact level factors cut GMRES iterations at (7, 4) from
#: 33 to 31 for 175 times the fill)
LEVEL_DROP_TOL = 1e-2
#: level blocks up to this size are factored exactly (SuperLU)
LEVEL_EXACT_MAX = 400


def _row_view(A: sp.csr_matrix, s: int, e: int) -> sp.csr_matrix:
    ip = A.indptr
    return sp.csr_matrix((A.data[ip[s]:ip[e]], A.indices[ip[s]:ip[e]], ip[s:e + 1] - ip[s]), shape=(e - s, A.shape[1]))


def _ilu_product(lu, n: int) -> sp.csr_matrix:
    """The matrix D̂ = Pr^T L U Pc^T that a SuperLU (incomplete) factorization inverts exactly."""
    Pr = sp.csc_matrix((np.ones(n), (lu.perm_r, np.arange(n))), shape=(n, n))
    Pc = sp.csc_matrix((np.ones(n), (np.arange(n), lu.perm_c)), shape=(n, n))
    return sp.csr_matrix(Pr.T @ (lu.L @ lu.U) @ Pc.T)


def _lu_solve(lu, x: np.ndarray) -> np.ndarray:
    if np.iscomplexobj(x) and lu.L.dtype.kind != "c":  # a real factor applied to a complex vector
        return lu.solve(np.ascontiguousarray(x.real)) + 1j * lu.solve(np.ascontiguousarray(x.imag))
    return lu.solve(x)


class LevelGaussSeidel:
    """Symmetric block Gauss-Seidel M = (D̂ + L) D̂⁻¹ (D̂ + U) for (A - shift·1) ordered by ``level`` (module
    docstring), where L, U are the strictly lower / upper level parts and D̂ the factored level blocks.

    GMRES runs on Eisenstat's split form B = M1⁻¹ A M2⁻¹ with M1 = D̂ + L, M2 = D̂⁻¹(D̂ + U) (S. C. Eisenstat, SIAM
    J. Sci. Stat. Comput. 2, 1 (1981)): writing A = (D̂ + L) + (D̂ + U) - (2D̂ - D) gives

        B v = t + (D̂ + L)⁻¹ (q + E t),   t = M2⁻¹ v = v - D̂⁻¹ U t (backward),  q = U t,  E = D - D̂,

    one sweep each way and one pass over the nonzeros of A per iteration, where right preconditioning needs a
    product with A on top (measured at (7, 4): 1.6 ms of 6-8 ms per iteration). E is the incomplete-LU error of a
    level block (zero when it is factored exactly).

    Works in level order: ``order`` maps level position -> sector index; ``matrix`` is the permuted (shifted) matrix.
    """

    def __init__(self, A: sp.csr_matrix, level: np.ndarray, shift: complex = 0.0):
        self.order = np.argsort(level, kind="stable")
        n = A.shape[0]
        self.dtype = np.result_type(A.dtype, np.asarray(shift).dtype)
        Ap = sp.csr_matrix(A, dtype=self.dtype)[self.order][:, self.order]
        if shift:
            Ap = Ap - shift * sp.identity(n, format="csr", dtype=self.dtype)
        self.matrix = sp.csr_matrix(Ap)
        self.matrix.sort_indices()
        lv = level[self.order]
        bounds = np.flatnonzero(np.r_[True, lv[1:] != lv[:-1], True])
        self.blocks = []
        self.fill = 0
        M = self.matrix
        for s, e in zip(bounds[:-1], bounds[1:]):
            rows = _row_view(M, s, e)
            lower = sp.csr_matrix(rows[:, :s])
            diag = sp.csr_matrix(rows[:, s:e])
            upper = sp.csr_matrix(rows[:, e:])
            B = sp.csc_matrix(diag)
            exact = e - s <= LEVEL_EXACT_MAX
            try:
                lu = spla.splu(B) if exact else spla.spilu(B, drop_tol=LEVEL_DROP_TOL, fill_factor=10)
            except RuntimeError as exc:  # "Factor is exactly singular"
                raise ModelError(f"the diagonal block of level {lv[s]} is singular ({exc}); for a Liouvillian "
                                 "ordered by decay (the qudit level sum), every non-stationary population must "
                                 "decay (e.g. γ_I > 0)") from exc
            error = None
            if not exact:
                # D̂ reproduces the kept entries of D up to rounding; only the dropped ones are worth a product
                error = sp.csr_matrix(diag - _ilu_product(lu, e - s))
                error.data[np.abs(error.data) <= 1e-13 * np.abs(diag.data).max()] = 0
                error.eliminate_zeros()
            self.fill += lu.L.nnz + lu.U.nnz
            self.blocks.append((s, e, lower if s else None, upper if e < n else None, error, lu))
        self.n = n

    def left(self, r: np.ndarray) -> np.ndarray:
        """M1⁻¹ r = (D̂ + L)⁻¹ r (forward sweep)."""
        z = np.empty(self.n, dtype=np.result_type(self.dtype, r.dtype))
        for s, e, lower, _, _, lu in self.blocks:
            z[s:e] = _lu_solve(lu, r[s:e] - lower @ z[:s] if lower is not None else r[s:e])
        return z

    def right(self, v: np.ndarray) -> np.ndarray:
        """M2⁻¹ v = (D̂ + U)⁻¹ D̂ v (backward sweep)."""
        t = np.array(v, dtype=np.result_type(self.dtype, v.dtype))
        for s, e, _, upper, _, lu in reversed(self.blocks):
            if upper is not None:
                t[s:e] -= _lu_solve(lu, upper @ t[e:])
        return t

    def split(self, v: np.ndarray) -> np.ndarray:
        """B v = M1⁻¹ (A - shift) M2⁻¹ v by Eisenstat's trick (class docstring)."""
        t = np.array(v, dtype=np.result_type(self.dtype, v.dtype))
        w = np.zeros_like(t)
        for s, e, _, upper, error, lu in reversed(self.blocks):
            if upper is not None:
                w[s:e] = upper @ t[e:]
                t[s:e] -= _lu_solve(lu, w[s:e])
            if error is not None:
                w[s:e] += error @ t[s:e]
        return t + self.left(w)

    def apply(self, r: np.ndarray) -> np.ndarray:
        """M⁻¹ r (the preconditioner itself)."""
        return self.right(self.left(r))


def _arnoldi_cycle(B, r: np.ndarray, target: float, restart: int, count: list[int]) -> np.ndarray:
    """One GMRES cycle for B u = r (real or complex): the u in the Krylov space of at most ``restart`` vectors
    that minimizes ‖r - B u‖, or the first that brings it to ``target``. Classical Gram-Schmidt with a second pass
    when the first removes most of the norm (DGKS), as in :func:`permqs.solvers.krylov.gmres_cycle`."""
    beta = np.linalg.norm(r)
    V = np.empty((restart + 1, r.size), dtype=r.dtype)
    H = np.zeros((restart + 1, restart), dtype=r.dtype)
    V[0] = r / beta
    g = np.zeros(restart + 1, dtype=r.dtype)
    g[0] = beta
    y = np.zeros(0, dtype=r.dtype)
    for j in range(restart):
        f = B(V[j])
        before = np.linalg.norm(f)
        h = (V[: j + 1] @ f.conj()).conj()  # conjugates the vector, not the basis
        f -= h @ V[: j + 1]
        hn = np.linalg.norm(f)
        if hn < 0.7071 * before:
            h2 = (V[: j + 1] @ f.conj()).conj()
            f -= h2 @ V[: j + 1]
            h += h2
            hn = np.linalg.norm(f)
        H[: j + 1, j] = h
        H[j + 1, j] = hn
        count[0] += 1
        # the (j + 2) x (j + 1) least-squares problem is tiny next to one product with B
        y = np.linalg.lstsq(H[: j + 2, : j + 1], g[: j + 2], rcond=None)[0]
        if np.linalg.norm(g[: j + 2] - H[: j + 2, : j + 1] @ y) <= target or hn == 0:
            break
        V[j + 1] = f / hn
    return y @ V[: y.size]


def level_gmres(P: LevelGaussSeidel, b: np.ndarray, tol: float, restart: int,
                maxiter: int, x0: Optional[np.ndarray] = None) -> tuple[np.ndarray, int, int]:
    """Solve P.matrix x = b (level order) to ‖b - P.matrix x‖ <= tol ‖b‖ by GMRES on the split system
    B z = M1⁻¹ b, x = M2⁻¹ z (at most ``maxiter`` cycles of ``restart``, from ``x0`` if given); returns x, info
    (0: converged), iterations.

    GMRES minimizes the preconditioned residual M1⁻¹(b - A x); the true residual decides, and a cycle that stops
    short of it is followed by another on the remaining residual."""
    dtype = np.result_type(P.dtype, b.dtype)
    x = np.zeros(b.size, dtype=dtype) if x0 is None else np.array(x0, dtype=dtype)
    nb = np.linalg.norm(b)
    count = [0]
    if nb == 0:
        return x, 0, 0
    r = b if x0 is None else b - P.matrix @ x
    if np.linalg.norm(r) <= tol * nb:
        return x, 0, 0
    for _ in range(maxiter):
        c = P.left(r)
        target = 0.5 * tol * nb / np.linalg.norm(r) * np.linalg.norm(c)
        x = x + P.right(_arnoldi_cycle(P.split, c, target, restart, count))
        r = b - P.matrix @ x
        if np.linalg.norm(r) <= tol * nb:
            return x, 0, count[0]
    return x, 1, count[0]
