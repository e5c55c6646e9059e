"""Steady state of a spin-1/2 model that conserves the coherence order q = m - m', from its populations
alone: the q = 0 block of the J-block generator (paper 000 App. A; for the LMG model at h = 0 these are the
rate equations A11-A13).

If every term of 𝓛 maps ρ_{J,m,m'} to ρ_{J+k, m+s, m'+s} (the same shift s on both sides; no field, no
V_x-type jump mixed with its conjugate), 𝓛 is block diagonal in q and the unique steady state lies in the
q = 0 block, the populations p_{J,J_z} = ρ_{J,J_z,J_z} (O(N²) of the C(N+3, 3) unknowns). They obey a
classical master equation dp/dt = W p whose entries are read from the J-block stencil
(:func:`permqs.dicke.liouvillian.assembly`): a key (k, s, s) of the stencil is the move J → J+k, J_z → J_z+s,
and its rate out of population (J, J_z) is Σ_parts x[g] conj(y[g]) at the m-space point g = (J, J_z) — one
array operation per key over the m space, instead of generating rows of the C(N+3, 3)-dimensional 𝓛. The
key (0, 0, 0) is the diagonal (minus the total outflow, by trace preservation, which is checked). The
Hamiltonian of a q-conserving model enters only that key, as -i H_gg + i H_gg = 0, so above N = 16 (where
q-conservation is checked on the whole model) it is left out of the stencil. No formula here is specific to a
model; Eqs. A11-A12 appear only in the tests, as the check of W for the LMG model.

Method. The states live on the grid j = N/2 - J, m = J_z + N/2; a move changes j and m by at most 1 (a
collective operator keeps J and moves J_z by ≤ 1, a single-site one moves each by ≤ 1), so grid lines
j = c and m = c separate the graph and a geometric nested-dissection ordering gives O(n^{3/2}) fill. One
population is fixed (p_ref = 1) and its row and column are removed: what remains is a nonsingular
column-diagonally-dominant M-matrix (off-diagonal rates ≥ 0 for a Lindblad generator), factorized by
SuperLU in that ordering without pivoting, which keeps the triangular factors sign-definite, so the
populations come out ≥ 0. The reference is the most populated state of the solution at N/4 (at the same
scaled position), or, below N = 32, of a direct solve with the normalization row; for the LMG model at
Γ = 0 it is the absorbing state.

Large N. The populations fall off as p ~ exp(-N φ(J/N, J_z/N)) (down to 1e-300 and far below), so
most of the grid holds populations far below anything an observable or the residual can register.
The solve is restricted to the states with p/max p > ``cutoff`` (default 1e-20; the rest is set to 0),
located from the solution at N/4 by the large-deviation scaling ln p_N ≈ (N/N') ln p_{N'}, with
reflecting boundaries; the domain is enlarged until every state on its edge is below the cutoff, and
the residual is always evaluated with the full population generator W. ``cutoff=0`` solves the whole grid.

Entry points: :func:`population_steady_state` (any q-conserving model; the q-block solve of the steady-state
dispatch), :func:`solve_rate_equations` (the LMG model at h = 0 by its rates), :func:`population_generator`.
"""
from __future__ import annotations

import itertools
import time
import warnings
from dataclasses import dataclass, replace
from typing import Optional

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy import ndimage

from ..errors import ConvergenceError, ModelError
from ..model import Model
from ..solvers.result import BREAKDOWN, CONVERGED, MAXITER, UNRELIABLE, SteadyStateResult, status_message
from .basis import DickeBasis
from .liouvillian import _target, assembly, check_model

__all__ = ["ConvergenceError", "DiagonalLadder", "PopulationSteadyState", "RateSteadyState", "conserves_coherence_order",
           "population_generator",
           "population_steady_state", "rate_matrix", "solve_rate_equations"]

# Below this N the whole grid is solved directly (≤ 4·10⁴ states, ~0.1 s).
_FULL_GRID_BELOW = 500
# The domain at N is predicted from the solution at N // _COARSENING (cost ~ _COARSENING⁻³).
_COARSENING = 4
# Below this N the reference population comes from a pivoted direct solve (≤ 289 states) instead of a
# coarser solution.
_SEED_BELOW = 32
# ND recursion stops at regions this small: smaller leaves cost Python overhead, larger ones fill.
_ND_LEAF = 64
# Margin (in ln p) added to the cutoff when the domain is predicted from the coarse solution; covers
# the O(ln N) prefactor corrections to the large-deviation scaling (measured: ≤ 8 at N = 1600).
_PREDICTION_SLACK = 10.0
# Largest N at which q-conservation is checked on the whole model (see _Grid.build).
_CHECK_N = 16
# Relative size (to the largest rate) of an imaginary part, a negative off-diagonal rate or a column-sum
# defect still read as round-off of the stencil products (each entry is a sum of a few products).
_ROUNDOFF = 1e-12


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


# ---------------------------------------------------------------------------------------------------
# The population generator on the (j, m) grid, from the stencil.

def conserves_coherence_order(model: Model, N: int) -> bool:
    """Whether the J-block generator of ``model`` at N spins is block diagonal in q = m - m' (every stencil key
    (k, s_x, s_y) has s_x = s_y), so that its steady state is found by :func:`population_steady_state`. False
    for a model the J-block engine cannot take (d ≠ 2, several ensembles, bosons, modulation)."""
    try:
        check_model(model)
    except ValueError:
        return False
    return assembly(model, min(N, _CHECK_N)).coherence_reach == 0


@dataclass(frozen=True)
class _Grid:
    """W on the (j, m) grid, j = N/2 - J, m = J_z + N/2: per move (dj, dm) the rate out of each source cell
    (zero off the valid triangle |J_z| ≤ J and wherever the target would leave it), and the diagonal."""

    N: int
    valid: np.ndarray      # (N//2+1, N+1) bool: |J_z| ≤ J
    moves: tuple           # ((dj, dm), ...) of the off-diagonal keys
    rates: np.ndarray      # (len(moves), N//2+1, N+1), ≥ 0
    diagonal: np.ndarray   # (N//2+1, N+1): the stencil's key (0, 0, 0)

    @classmethod
    def build(cls, model: Model, N: int) -> "_Grid":
        try:
            check_model(model)
        except ValueError as err:
            raise ModelError(str(err)) from None
        # q is conserved at every N if it is at _CHECK_N (every product of ≤ _CHECK_N ladder operators has all
        # its diagonals there), and then the Hamiltonian enters the population rows only through the key
        # (0, 0, 0), as -i H_gg + i H_gg = 0: above _CHECK_N it is left out of the stencil (its products cost
        # as much as the rest of the build).
        check = assembly(model, min(N, _CHECK_N))
        if check.coherence_reach != 0:
            raise ModelError(f"model '{model.name}' does not conserve the coherence order q = m - m' (its terms "
                             f"move q by up to {check.coherence_reach}): its steady state is not in the "
                             "population block; use the J-block steady state")
        stencil = check if N <= _CHECK_N else assembly(replace(model, hamiltonian=()), N)
        S = stencil.S
        # Σ over the parts of each key of x[g] conj(y[g]): the population-to-population entries.
        weights: dict[int, np.ndarray] = {}
        for key, x, yc in stencil.parts:
            if x is None:
                w = np.ones(S.nG, dtype=complex) if yc is None else yc.astype(complex, copy=True)
            else:
                w = x * yc if yc is not None else x.astype(complex, copy=True)
            if key in weights:
                weights[key] += w
            else:
                weights[key] = w
        keys = stencil.keys
        del stencil, check           # the stencil's arrays go before the grid's are allocated (peak memory)
        scale = max((max(w.real.max(), -w.real.min()) for w in weights.values()), default=0.0) or 1.0
        moves, rates, diagonal = [], [], np.zeros(S.nG)
        for key, w in weights.items():
            k, s, _ = (int(v) for v in keys[key])
            imag = max(w.imag.max(), -w.imag.min())
            if imag > _ROUNDOFF * scale:
                raise ModelError(f"model '{model.name}': complex population rate on key (k={k}, s={s}) "
                                 f"({imag:.3e}); not a Lindblad generator")
            if (k, s) == (0, 0):
                diagonal += w.real
                continue
            # Only where the target exists; a Lindblad generator has zero amplitude elsewhere anyway.
            r = np.where(_target(N, k, s) >= 0, w.real, 0.0)
            if r.min(initial=0.0) < -_ROUNDOFF * scale:
                raise ModelError(f"model '{model.name}': negative transition rate {r.min():.3e} on the move "
                                 f"J -> J{k:+d}, J_z -> J_z{s:+d}; not a Lindblad generator")
            if abs(k) > 1 or abs(s) > 1:    # one collective or single-site operator per side: never
                raise ModelError(f"model '{model.name}': a move J -> J{k:+d}, J_z -> J_z{s:+d} breaks the "
                                 "nested-dissection separators")
            moves.append((-k, s))
            rates.append(np.maximum(r, 0.0, out=r))  # clip round-off below zero: the LU needs an M-matrix
        del weights
        # Trace preservation: every column of W sums to zero (diagonal = minus the total outflow).
        total = diagonal.copy()
        for r in rates:
            total += r
        defect = np.abs(total).max(initial=0.0)
        if defect > _ROUNDOFF * scale * max(1, len(moves)):
            raise ModelError(f"model '{model.name}': population generator does not conserve probability "
                             f"(column sums up to {defect:.3e})")
        # m-space point g = (J, J_z) -> grid cell (j, m) = (N/2 - J, J_z + N/2). The valid cells of row j are
        # m = j..N-j, block J = N/2 - j of the m space in the same order, and blocks are J ascending: the
        # grid's row-major valid cells are the m space with its blocks reversed (a gather and a masked copy,
        # 3x faster than scattering through cell indices at N = 1600).
        shape = (N // 2 + 1, N + 1)
        j, m = np.ogrid[:shape[0], :shape[1]]
        valid = (m >= j) & (m <= N - j)
        blocks = np.arange(S.nb)[::-1]
        sizes = S.d[blocks]
        order = np.repeat(S.goff[blocks] - (np.cumsum(sizes) - sizes), sizes) + np.arange(S.nG)
        on_grid = np.zeros((len(moves) + 1,) + shape)
        for layer, r in zip(on_grid, rates + [diagonal]):
            layer[valid] = r[order]
        return cls(N, valid, tuple(moves), on_grid[:-1], on_grid[-1])

    def apply(self, P: np.ndarray) -> np.ndarray:
        """W p on the grid: inflow along each move plus the diagonal of the stencil."""
        out = self.diagonal * P
        for (dj, dm), rate in zip(self.moves, self.rates):
            out[_shift(dj), _shift(dm)] += (rate * P)[_shift(-dj), _shift(-dm)]
        return out


def _shift(d: int) -> slice:
    """Slice of the target (d ≥ 0: drop the first d cells) paired with _shift(-d) on the source."""
    return slice(d, None) if d >= 0 else slice(None, d)


def _generator(grid: _Grid, index: np.ndarray, diagonal: Optional[np.ndarray] = None) -> sp.csc_matrix:
    """W restricted to the states with index ≥ 0. The diagonal is minus the retained outflow (reflecting
    boundaries: truncated columns still sum to zero), or ``diagonal`` (a grid array) when given."""
    n = int(index.max()) + 1
    rows, cols, vals = [], [], []
    for (dj, dm), rate in zip(grid.moves, grid.rates):
        src = index[_shift(-dj), _shift(-dm)]
        tgt = index[_shift(dj), _shift(dm)]
        r = rate[_shift(-dj), _shift(-dm)]
        ok = (src >= 0) & (tgt >= 0) & (r > 0)
        rows.append(tgt[ok])
        cols.append(src[ok])
        vals.append(r[ok])
    src, val = np.concatenate(cols + [np.zeros(0, np.int64)]), np.concatenate(vals + [np.zeros(0)])
    if diagonal is None:
        diag = -np.bincount(src, weights=val, minlength=n)
    else:
        diag = np.zeros(n)
        diag[index[index >= 0]] = diagonal[index >= 0]
    return sp.csc_matrix((np.concatenate([val, diag]), (np.concatenate(rows + [np.arange(n)]),
                                                         np.concatenate([src, np.arange(n)]))), shape=(n, n))


def population_generator(model: Model, N: int) -> tuple[DiagonalLadder, sp.csr_matrix]:
    """W of dp/dt = W p, the q = 0 block of the J-block generator of ``model`` (entries from the stencil, the
    diagonal included), in :class:`DiagonalLadder` order. Raises ModelError unless the model conserves q."""
    grid = _Grid.build(model, N)
    index = np.full(grid.valid.shape, -1, dtype=np.int64)
    index[grid.valid] = np.arange(np.count_nonzero(grid.valid))
    return DiagonalLadder.build(N), _generator(grid, index, grid.diagonal).tocsr()


def _lmg_model(Gamma: float, gamma: float) -> Model:
    # The exchange 𝒥 (V_x² + V_y² = 2(J² - J_z²) + ...) is diagonal in the Dicke basis and drops out of W.
    from ..models.lmg import LMGParameters, lmg_model

    return lmg_model(LMGParameters(J=0.0, h=0.0, Gamma=Gamma, gamma=gamma))


def rate_matrix(N: int, Gamma: float, gamma: float) -> tuple[DiagonalLadder, sp.csr_matrix]:
    """W of the LMG model at h = 0 (paper 000 Eqs. A11-A12) in DiagonalLadder order; columns sum to zero."""
    return population_generator(_lmg_model(Gamma, gamma), N)


# ---------------------------------------------------------------------------------------------------
# The solve.

def _nested_dissection(j: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Elimination order of grid points: halves first, the separating grid line last, recursively.

    A line j = c or m = c separates the transition graph because moves change j and m by at most 1 (checked
    in _Grid.build); cutting the longer extent at the median keeps separators O(√n).
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


class _Singular(Exception):
    """The reduced population system is singular (the steady state is not unique)."""


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
        try:
            lu = spla.splu(W[:-1, :-1], permc_spec="NATURAL", diag_pivot_thresh=0.0,
                           options=dict(SymmetricMode=True))
        except RuntimeError as err:      # SuperLU: "Factor is exactly singular"
            raise _Singular(str(err)) from None
        x[:-1] = lu.solve(-W[:-1, [-1]].toarray().ravel())
    P = np.zeros(domain.shape)
    P[jj, mm] = x / x.sum()
    return P


def _seed_reference(grid: _Grid) -> tuple[int, int]:
    """Most populated state from a pivoted direct solve of W p = 0 with one equation replaced by Σ p = 1
    (small N only: it needs no reference, and SuperLU's partial pivoting copes with an absorbing state)."""
    jj, mm = np.nonzero(grid.valid)
    index = np.full(grid.valid.shape, -1, dtype=np.int64)
    index[jj, mm] = np.arange(jj.size)
    W = _generator(grid, index).tolil()
    W[0, :] = 1.0
    rhs = np.zeros(jj.size)
    rhs[0] = 1.0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", spla.MatrixRankWarning)
            p = spla.spsolve(W.tocsc(), rhs)
    except (RuntimeError, spla.MatrixRankWarning) as err:
        raise _Singular(str(err)) from None
    if not np.all(np.isfinite(p)):
        raise _Singular("the normalized population system is singular")
    best = int(np.argmax(p))
    return int(jj[best]), int(mm[best])


def _scaled_reference(N: int, P_coarse: np.ndarray) -> tuple[int, int]:
    """The grid cell at N at the scaled position of the most populated cell at N' < N."""
    Nc = P_coarse.shape[1] - 1
    jc, mc = np.unravel_index(np.argmax(P_coarse), P_coarse.shape)
    j = int(np.clip(np.rint(jc * N / Nc), 0, N // 2))
    m = int(np.clip(np.rint(mc * N / Nc), j, N - j))       # valid: j ≤ m ≤ N - j
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
    for (dj, dm), rate in zip(grid.moves, grid.rates):
        target_outside = np.ones_like(domain)
        target_outside[_shift(-dj), _shift(-dm)] = ~domain[_shift(dj), _shift(dm)]
        leaving |= domain & target_outside & (rate > 0)
    if not leaving.any():
        return -np.inf
    with np.errstate(divide="ignore"):
        return float(np.log(P[leaving].max() / P.max()))


def _populations(model: Model, N: int, cutoff: float) -> tuple[_Grid, np.ndarray, int]:
    """Grid, grid populations and the number of domain solves (whole grid if cutoff = 0 or N is small)."""
    grid = _Grid.build(model, N)
    truncate = cutoff > 0 and N >= _FULL_GRID_BELOW
    if N < _SEED_BELOW:
        return grid, _solve_on(grid, grid.valid, _seed_reference(grid)), 1
    Nc = N // _COARSENING
    # The coarse solve must resolve ln q down to (ln cutoff - slack) N'/N (its own slack adds margin).
    coarse_cutoff = np.exp(Nc / N * (np.log(cutoff) - _PREDICTION_SLACK)) if truncate else 0.0
    _, P_coarse, _ = _populations(model, Nc, coarse_cutoff)
    ref = _scaled_reference(N, P_coarse)
    if not truncate:
        return grid, _solve_on(grid, grid.valid, ref), 1
    domain = grid.valid & (_predicted_log_q(N, P_coarse) >= np.log(cutoff) - _PREDICTION_SLACK)
    domain[ref] = True
    width = max(2, N // 100)
    for iterations in itertools.count(1):
        P = _solve_on(grid, domain, ref)
        # Done when every state with a move out of the domain is below the cutoff; the full grid
        # has no such state, so the growth below ends there at the latest.
        if _edge_log_q(grid, domain, P) <= np.log(cutoff):
            return grid, P, iterations
        domain = grid.valid & ndimage.binary_dilation(domain, structure=np.ones((3, 3), bool), iterations=width)
        width *= 2


@dataclass(frozen=True)
class PopulationSteadyState(SteadyStateResult):
    """Stationary populations p_{J,J_z} (DiagonalLadder order: J = N/2 down, J_z ascending) and how the solve
    ended. ``x`` is the population vector itself (the q = 0 block, not the C(N+3, 3) J-block vector; see
    :meth:`dicke_state`), ``residual`` = ||W p||₂/||p||₂ with the full population generator, ``iterations``
    the domain solves at the final N, ``support`` the nonzero populations (the rest are below the cutoff or
    underflow)."""

    N: int = 0
    J: Optional[np.ndarray] = None
    Jz: Optional[np.ndarray] = None
    populations: Optional[np.ndarray] = None
    support: int = 0

    @property
    def p(self) -> np.ndarray:
        return self.populations

    def dicke_state(self):
        """The J-block state (:class:`~permqs.dicke.state.DickeState`) with these populations and no coherences
        (C(N+3, 3) entries: for moderate N only)."""
        from .state import DickeState

        basis = DickeBasis(self.N)
        J, m, _ = basis.labels
        vector = np.zeros(basis.size, dtype=complex)
        d = basis.diagonal
        vector[d] = self.populations[DiagonalLadder.build(self.N).index(J[d], m[d])]
        return DickeState(self.N, vector)


#: The result type of :func:`solve_rate_equations` (the same class).
RateSteadyState = PopulationSteadyState


def population_steady_state(model: Model, N: int, tol: float = 1e-10, cutoff: float = 1e-20,
                            raise_on_failure: bool = True, with_state: bool = False) -> PopulationSteadyState:
    """Stationary populations of a q-conserving spin-1/2 model with Σ p = 1 (method in the module docstring).

    States with p/max p < ``cutoff`` are set to zero (``cutoff=0``: none). Success means the relative residual
    ||W p||/||p|| of the full population generator is ≤ ``tol`` (default 1e-10: the direct solve reaches
    ~1e-15; the margin covers the condition of W at N ~ 10³) and p ≥ 0. Raises ModelError for a model that does
    not conserve q (or is not one ensemble of spins-1/2 without bosons or modulation); ConvergenceError (with
    the result attached) when the solve fails, unless ``raise_on_failure`` is False. ``with_state``: also fill
    ``state`` with the J-block :class:`~permqs.dicke.state.DickeState` (C(N+3, 3) entries; off by default).
    """
    if not 0 <= cutoff < 1:
        raise ValueError(f"cutoff must lie in [0, 1), got {cutoff}")
    t0 = time.perf_counter()
    where = f"population steady state of '{model.name}' at N={N}"
    lad = DiagonalLadder.build(N)
    try:
        grid, P, iterations = _populations(model, N, cutoff)
    except _Singular as err:
        status, residual, iterations = BREAKDOWN, float("nan"), 1
        detail = (f"singular population system ({err}): the steady state is not unique (or the reference state "
                  "taken from the coarse solution is transient)")
        p = np.full(lad.J.size, np.nan)
    else:
        with np.errstate(invalid="ignore", over="ignore"):
            residual = float(np.linalg.norm(grid.apply(P)) / np.linalg.norm(P))
        p = P[grid.valid]
        if not np.isfinite(residual):
            status, detail = BREAKDOWN, "non-finite populations"
        elif residual > tol:
            status, detail = MAXITER, f"residual {residual:.3e} above tol {tol:.1e}"
        elif p.min() < 0:
            status, detail = UNRELIABLE, f"negative population {p.min():.3e}"
        else:
            status, detail = CONVERGED, f"residual {residual:.3e}"
    detail += f" after {iterations} domain solve(s)"
    result = PopulationSteadyState(status, status_message(status, where, detail), residual, iterations,
                                   time.perf_counter() - t0, "q-block-lu", {"cutoff": cutoff}, x=p, state=None,
                                   N=N, J=lad.J, Jz=lad.Jz, populations=p, support=int(np.count_nonzero(p)))
    if with_state and result.success:
        result = replace(result, state=result.dicke_state())
    return result.raise_for_status(ConvergenceError) if raise_on_failure else result


def solve_rate_equations(N: int, Gamma: float, gamma: float, tol: float = 1e-10,
                         cutoff: float = 1e-20) -> PopulationSteadyState:
    """Stationary solution of the LMG rate equations (paper 000 Eqs. A11-A12, h = 0) with Σ p = 1: the
    population steady state of the LMG model (:func:`population_steady_state`).

    States with p/max p < ``cutoff`` are set to zero (``cutoff=0``: none); the relative residual
    ||W p||/||p|| of the full generator must be ≤ ``tol`` and p ≥ 0, else ConvergenceError.
    """
    if Gamma < 0 or gamma <= 0:
        raise ValueError(f"need Gamma >= 0 and gamma > 0 (unique steady state), got Gamma={Gamma}, gamma={gamma}")
    return population_steady_state(_lmg_model(Gamma, gamma), N, tol=tol, cutoff=cutoff)
