"""Steady state of the driven-dissipative LMG model at h = 0 from the rate equations
(paper 000 App. A, Eqs. A11-A13).

At h = 0 the stationary blocks ρ_J are diagonal in the Dicke basis, so only the populations
p_{J,J_z} (O(N²) of them) are unknown. They obey a classical master equation dp/dt = W p.

Method. The states live on the grid j = N/2 - J, m = J_z + N/2; every transition moves m by
exactly ±1 and j by at most 1 (collective decay (j,m)→(j,m-1); local pumping (j,m)→(j+{-1,0,1}, m+1)),
so grid lines j = c and m = c separate the graph and a geometric nested-dissection ordering gives
O(n^{3/2}) fill. One population is fixed (p_ref = 1) and its row and column are removed: what remains
is a nonsingular column-diagonally-dominant M-matrix, factorized by SuperLU in that ordering without
pivoting, which keeps the triangular factors sign-definite, so the populations come out ≥ 0.

Large N. The populations fall off as p ~ exp(-N φ(J/N, J_z/N)) (down to 1e-300 and far below), so
most of the grid holds populations far below anything an observable or the residual can register.
The solve is restricted to the states with p/max p > ``cutoff`` (default 1e-20; the rest is set to 0),
located from the solution at N/4 by the large-deviation scaling ln p_N ≈ (N/N') ln p_{N'}, with
reflecting boundaries; the domain is enlarged until every state on its edge is below the cutoff, and
the residual is always evaluated with the full generator. ``cutoff=0`` solves the whole grid.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy import ndimage
from scipy.special import gammaln

from ..information import entropy_of_eigenvalues
from .errors import ConvergenceError as _SteadyConvergenceError

# Below this N the whole grid is solved directly (≤ 4·10⁴ states, ~0.1 s).
_FULL_GRID_BELOW = 500
# The domain at N is predicted from the solution at N // _COARSENING (cost ~ _COARSENING⁻³).
_COARSENING = 4
# ND recursion stops at regions this small: smaller leaves cost Python overhead, larger ones fill.
_ND_LEAF = 64
# Margin (in ln p) added to the cutoff when the domain is predicted from the coarse solution; covers
# the O(ln N) prefactor corrections to the large-deviation scaling (measured: ≤ 8 at N = 1600).
_PREDICTION_SLACK = 10.0


@dataclass(frozen=True)
class DiagonalLadder:
    """All (J, J_z) pairs of N spins-1/2, J = N/2, N/2-1, ..., J_z = -J..J, flattened."""

    N: int
    J: np.ndarray
    Jz: np.ndarray

    @classmethod
    def build(cls, N: int) -> "DiagonalLadder":
        if N < 1:
            raise ValueError(f"N must be >= 1, got {N}")
        js = N / 2 - np.arange(N // 2 + 1)
        sizes = (2 * js + 1).astype(int)
        J = np.repeat(js, sizes)
        start = np.repeat(np.cumsum(sizes) - sizes, sizes)
        Jz = -J + (np.arange(J.size) - start)
        return cls(N, J, Jz)

    def index(self, J: np.ndarray, Jz: np.ndarray) -> np.ndarray:
        """Flat index of (J, J_z); J runs downward from N/2, so block k = N/2 - J starts at Σ_{j>J}(2j+1)."""
        k = np.rint(self.N / 2 - J).astype(np.int64)
        top = self.N / 2
        # Σ_{i<k} (2(top-i)+1) = k(2 top + 1) - k(k-1)
        block_start = k * (2 * top + 1) - k * (k - 1)
        return np.rint(block_start + J + Jz).astype(np.int64)


def log_dim_J(N: int, J: np.ndarray) -> np.ndarray:
    """ln dim_J with dim_J = (2J+1) N! / ((N/2+J+1)! (N/2-J)!) (Eq. A2), exact through log-gamma."""
    J = np.asarray(J, dtype=float)
    return np.log(2 * J + 1) + gammaln(N + 1) - gammaln(N / 2 + J + 2) - gammaln(N / 2 - J + 1)


class ConvergenceError(_SteadyConvergenceError):
    """A rate-equation solve that missed the tolerance (or lost positivity); carries the diagnostics."""

    def __init__(self, message: str, residual: float, iterations: int):
        super().__init__(f"{message} (residual {residual:.3e} after {iterations} domain iteration(s))")
        self.residual = residual
        self.iterations = iterations


# Grid moves (Δj, Δm) of the four transitions out of a state, in the order of _Grid.rates.
_MOVES = ((0, -1), (1, 1), (0, 1), (-1, 1))


@dataclass(frozen=True)
class _Grid:
    """Eqs. A12 as out-rates of each source state on the (j, m) grid, j = N/2 - J, m = J_z + N/2.

    rates[0]: collective decay J_z → J_z-1 (C2); rates[1..3]: local pumping J_z → J_z+1 with
    J → J-1 (C3), J (C4), J+1 (C5), each written at its source (J', J_z') = (J∓1|J, J_z-1) (Eqs. A6).
    Rates vanish off the valid triangle |J_z| ≤ J and wherever the target would leave it.
    """

    N: int
    valid: np.ndarray   # (N//2+1, N+1) bool: |J_z| ≤ J
    rates: np.ndarray   # (4, N//2+1, N+1)

    @classmethod
    def build(cls, N: int, Gamma: float, gamma: float) -> "_Grid":
        half = N / 2
        J = half - np.arange(N // 2 + 1, dtype=float)[:, None]
        Jz = np.arange(N + 1, dtype=float)[None, :] - half
        a, b = J - Jz, J + Jz                      # J - J_z, J + J_z: both ≥ 0 exactly on the triangle
        valid = (a >= 0) & (b >= 0)
        with np.errstate(divide="ignore"):
            # At J = 0 the J → J-1 and J → J moves do not exist (their 0/0 limits are 0).
            f = np.where(J > 0, [(half + J + 1) / (2 * J * (2 * J + 1)), (half + 1) / (2 * J * (J + 1))], 0.0)
        # Built in place (the grid is large): rates = (numerator on the grid) × (J-dependent factor).
        rates = np.empty((4,) + valid.shape)
        np.multiply(b, a + 1, out=rates[0])
        rates[0] *= Gamma / N
        np.multiply(a, a - 1, out=rates[1])
        rates[1] *= gamma * f[0]
        np.multiply(a, b + 1, out=rates[2])
        rates[2] *= gamma * f[1]
        np.multiply(b + 1, b + 2, out=rates[3])
        rates[3] *= gamma * (half - J) / (2 * (J + 1) * (2 * J + 1))
        rates *= valid
        return cls(N, valid, rates)

    def apply(self, P: np.ndarray) -> np.ndarray:
        """W p on the grid (Eq. A11): inflow along each move minus the total outflow."""
        out = np.zeros_like(P)
        for (dj, dm), rate in zip(_MOVES, self.rates):
            flow = rate * P
            out[_shift(dj), _shift(dm)] += flow[_shift(-dj), _shift(-dm)]
            out -= flow
        return out


def _shift(d: int) -> slice:
    """Slice of the target (d ≥ 0: drop the first d cells) paired with _shift(-d) on the source."""
    return slice(d, None) if d >= 0 else slice(None, d)


def rate_matrix(N: int, Gamma: float, gamma: float) -> tuple[DiagonalLadder, sp.csr_matrix]:
    """Generator W of dp/dt = W p (Eqs. A11-A12) in DiagonalLadder order; columns sum to zero."""
    grid = _Grid.build(N, Gamma, gamma)
    index = np.full(grid.valid.shape, -1, dtype=np.int64)
    index[grid.valid] = np.arange(np.count_nonzero(grid.valid))
    return DiagonalLadder.build(N), _generator(grid, index).tocsr()


def _generator(grid: _Grid, index: np.ndarray) -> sp.csc_matrix:
    """W restricted to the states with index ≥ 0, with reflecting boundaries (columns sum to zero)."""
    n = int(index.max()) + 1
    rows, cols, vals = [], [], []
    for (dj, dm), rate in zip(_MOVES, grid.rates):
        src = index[_shift(-dj), _shift(-dm)]
        tgt = index[_shift(dj), _shift(dm)]
        r = rate[_shift(-dj), _shift(-dm)]
        ok = (src >= 0) & (tgt >= 0) & (r > 0)
        rows.append(tgt[ok])
        cols.append(src[ok])
        vals.append(r[ok])
    src, val = np.concatenate(cols), np.concatenate(vals)
    # The diagonal is minus the retained outflow (not C1), so truncated columns still sum to zero.
    diag = -np.bincount(src, weights=val, minlength=n)
    return sp.csc_matrix((np.concatenate([val, diag]), (np.concatenate(rows + [np.arange(n)]),
                                                         np.concatenate([src, np.arange(n)]))), shape=(n, n))


def _nested_dissection(j: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Elimination order of grid points: halves first, the separating grid line last, recursively.

    A line j = c or m = c separates the transition graph because moves change m by exactly ±1 and
    j by at most 1; cutting the longer extent at the median keeps separators O(√n).
    """
    order: list[np.ndarray] = []

    def dissect(idx: np.ndarray) -> None:
        if idx.size > _ND_LEAF:
            cj, cm = j[idx], m[idx]
            coord = cj if cj.max() - cj.min() >= cm.max() - cm.min() else cm
            c = np.partition(coord, coord.size // 2)[coord.size // 2]
            lo, hi = coord < c, coord > c
            if lo.any() and hi.any():
                dissect(idx[lo])
                dissect(idx[hi])
                order.append(idx[coord == c])
                return
        order.append(idx)

    dissect(np.arange(j.size))
    return np.concatenate(order)


def _solve_on(grid: _Grid, domain: np.ndarray, ref: tuple[int, int]) -> np.ndarray:
    """Stationary populations on ``domain`` (reflecting edges) normalized to Σ p = 1, zero elsewhere.

    p_ref = 1 is imposed by moving its column (numbered last) to the right-hand side; the rest is an
    M-matrix, LU-factorized in nested-dissection order with diagonal pivots, which column diagonal
    dominance makes stable and which keep L, U sign-definite (so x ≥ 0).
    """
    others = domain.copy()
    others[ref] = False
    jj, mm = np.nonzero(others)
    order = _nested_dissection(jj, mm)
    jj = np.append(jj[order], ref[0])
    mm = np.append(mm[order], ref[1])
    index = np.full(domain.shape, -1, dtype=np.int64)
    index[jj, mm] = np.arange(jj.size)
    W = _generator(grid, index)
    x = np.ones(jj.size)
    if jj.size > 1:
        lu = spla.splu(W[:-1, :-1], permc_spec="NATURAL", diag_pivot_thresh=0.0, options=dict(SymmetricMode=True))
        x[:-1] = lu.solve(-W[:-1, [-1]].toarray().ravel())
    P = np.zeros(domain.shape)
    P[jj, mm] = x / x.sum()
    return P


def _mean_field_peak(grid: _Grid, Gamma: float, gamma: float) -> tuple[int, int]:
    """Grid cell of the mean-field attractor: m_z = min(1, γ/Γ), |m| = √(γ(2Γ-γ))/Γ for Γ > γ (Eq. 17)."""
    N = grid.N
    mz, mabs = (gamma / Gamma, np.sqrt(gamma * (2 * Gamma - gamma)) / Gamma) if Gamma > gamma else (1.0, 1.0)
    j = int(np.clip(np.rint(N / 2 * (1 - mabs)), 0, N // 2))
    J = N / 2 - j
    m = int(np.clip(np.rint(N / 2 * mz + N / 2), N / 2 - J, N / 2 + J))
    return j, m


def _predicted_log_q(N: int, P_coarse: np.ndarray) -> np.ndarray:
    """ln(p/max p) at N from the populations at N' < N via ln p_N ≈ (N/N') ln p_{N'} (large deviations).

    Cell (j, m) reads the coarse cell at the same scaled position (j N'/N, m N'/N), maximized over
    its 3×3 neighbourhood so that the grid mismatch errs towards a larger domain.
    """
    Nc = P_coarse.shape[1] - 1
    with np.errstate(divide="ignore"):
        log_q = np.log(P_coarse / P_coarse.max())
    log_q = ndimage.maximum_filter(log_q, size=3, mode="constant", cval=-np.inf)
    jc = np.minimum(np.rint(np.arange(N // 2 + 1) * Nc / N).astype(int), Nc // 2)
    mc = np.rint(np.arange(N + 1) * Nc / N).astype(int)
    return N / Nc * log_q[jc[:, None], mc[None, :]]


def _edge_log_q(grid: _Grid, domain: np.ndarray, P: np.ndarray) -> float:
    """Largest ln(p/max p) among domain states with a transition to a state outside the domain."""
    leaving = np.zeros_like(domain)
    for (dj, dm), rate in zip(_MOVES, grid.rates):
        target_outside = np.ones_like(domain)
        target_outside[_shift(-dj), _shift(-dm)] = ~domain[_shift(dj), _shift(dm)]
        leaving |= domain & target_outside & (rate > 0)
    if not leaving.any():
        return -np.inf
    with np.errstate(divide="ignore"):
        return float(np.log(P[leaving].max() / P.max()))


def _populations(grid: _Grid, Gamma: float, gamma: float, cutoff: float) -> tuple[np.ndarray, int]:
    """Grid populations and the number of domain solves (whole grid if cutoff = 0 or N is small)."""
    # Reference p_ref = 1 at the mean-field peak: never negligible, and the absorbing state at Γ = 0.
    ref = _mean_field_peak(grid, Gamma, gamma)
    if cutoff == 0 or grid.N < _FULL_GRID_BELOW:
        return _solve_on(grid, grid.valid, ref), 1
    Nc = grid.N // _COARSENING
    # The coarse solve must resolve ln q down to (ln cutoff - slack) N'/N (its own slack adds margin).
    coarse_cutoff = np.exp(Nc / grid.N * (np.log(cutoff) - _PREDICTION_SLACK))
    P_coarse, _ = _populations(_Grid.build(Nc, Gamma, gamma), Gamma, gamma, coarse_cutoff)
    domain = grid.valid & (_predicted_log_q(grid.N, P_coarse) >= np.log(cutoff) - _PREDICTION_SLACK)
    domain[ref] = True
    width = max(2, grid.N // 100)
    for iterations in itertools.count(1):
        P = _solve_on(grid, domain, ref)
        # Done when every state with a move out of the domain is below the cutoff; the full grid
        # has no such state, so the growth below ends there at the latest.
        if _edge_log_q(grid, domain, P) <= np.log(cutoff):
            return P, iterations
        domain = grid.valid & ndimage.binary_dilation(domain, structure=np.ones((3, 3), bool), iterations=width)
        width *= 2


@dataclass(frozen=True)
class RateSteadyState:
    """Stationary populations p_{J,J_z} (DiagonalLadder order) and the solver's diagnostics."""

    N: int
    J: np.ndarray
    Jz: np.ndarray
    p: np.ndarray
    residual: float      # ||W p||_2 / ||p||_2 with the full generator
    seconds: float
    support: int         # nonzero populations (the rest are below the cutoff or underflow)
    iterations: int      # domain solves at the final N

    def magnetization_z(self) -> float:
        """⟨m_z⟩ = (2/N) Σ J_z p_{J,J_z} (below Eq. A13)."""
        return diagonal_magnetization_z(self.N, self.Jz, self.p)

    def total_entropy(self) -> float:
        """S(ρ_T) = Σ p (-ln p + ln dim_J) (Eq. A13)."""
        return diagonal_entropy(self.N, self.J, self.p)


def diagonal_magnetization_z(N: int, Jz: np.ndarray, p: np.ndarray) -> float:
    """⟨m_z⟩ = (2/N) Σ J_z p_{J,J_z} of a Dicke-diagonal state (below Eq. A13)."""
    return float(2 / N * np.sum(Jz * p))


def diagonal_entropy(N: int, J: np.ndarray, p: np.ndarray) -> float:
    """S(ρ_T) = Σ p (-ln p + ln dim_J) of a Dicke-diagonal state (Eq. A13)."""
    return entropy_of_eigenvalues(p) + float(np.sum(p * log_dim_J(N, J)))


def solve_rate_equations(N: int, Gamma: float, gamma: float, tol: float = 1e-10,
                         cutoff: float = 1e-20) -> RateSteadyState:
    """Stationary solution of Eqs. A11-A12 with Σ p = 1 (method in the module docstring).

    States with p/max p < ``cutoff`` are set to zero (``cutoff=0``: none); the relative residual
    ||W p||/||p|| of the full generator must be ≤ ``tol`` and p ≥ 0, else ConvergenceError.
    """
    if Gamma < 0 or gamma <= 0:
        raise ValueError(f"need Gamma >= 0 and gamma > 0 (unique steady state), got Gamma={Gamma}, gamma={gamma}")
    if not 0 <= cutoff < 1:
        raise ValueError(f"cutoff must lie in [0, 1), got {cutoff}")
    t0 = time.perf_counter()
    grid = _Grid.build(N, Gamma, gamma)
    P, iterations = _populations(grid, Gamma, gamma, cutoff)
    residual = float(np.linalg.norm(grid.apply(P)) / np.linalg.norm(P))
    p = P[grid.valid]
    seconds = time.perf_counter() - t0
    where = f"rate equations N={N}, Γ={Gamma}, γ={gamma}"
    if not np.isfinite(residual) or residual > tol:
        raise ConvergenceError(f"{where}: residual above tol {tol:.1e}", residual, iterations)
    if p.min() < 0:
        raise ConvergenceError(f"{where}: negative population {p.min():.3e}", residual, iterations)
    lad = DiagonalLadder.build(N)
    return RateSteadyState(N, lad.J, lad.Jz, p, residual, seconds, int(np.count_nonzero(p)), iterations)
