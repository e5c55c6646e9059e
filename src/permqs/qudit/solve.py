"""Steady state and sector gaps of paper 004 (Sec. IV, Eqs. 15-16) on the real Z2 sectors of the PI basis.

Structure used (derived from the move rules of :mod:`.generator` for jumps that lower one level, L = Σ ℓ_m|m⟩⟨m+1|,
whose L†L is diagonal): let K(n) = Σ_ab (a + b) n_ab be the level sum of ket and bra (a = j - m_a: K grows as the
state decays). Then
* the local sandwich LρL† and the collective V[L]ρV[L]† raise K by exactly 2;
* the anticommutators keep K: the local one is diagonal, the collective one hops a unit between sites (L†^(i)L^(k));
* the Hamiltonian (J±² on ket or bra, paper 004 Eq. 2) changes K by ±2.
So, ordered by K, the generator is block lower triangular up to the K-lowering half of the Hamiltonian, and each
diagonal block (one value of K) holds only the K-conserving dissipative part. The preconditioner is a symmetric
block Gauss-Seidel sweep over the K levels (forward then backward), with each level block factored (exactly when
small, else by an incomplete LU: its off-diagonal part is the collective hopping, O(γ_C)); GMRES does the rest,
on Eisenstat's split form of the sweep, so that one iteration costs one pass over the nonzeros of the sector matrix
and two triangular sweeps (:class:`permqs.solvers.levels.LevelGaussSeidel`, the shared layer's level sweep).
A direct sparse LU of a whole d ≥ 3 sector is used only below DIRECT_MAX unknowns: its fill is ~50 % of dense
(spec §7; measured at (12, 3), 31,440 unknowns: 639 s and 5.9 GB against 13 s for the sweep).

Steady state (paper 004 Sec. IV: λ_0 = 0 in (+1, +1)): the equation of the unique unknown of largest K (all units in
|-j⟩⟨-j|, the V = 0 steady state) is replaced by Tr ρ = 1; its trace row lies entirely in earlier levels, so the
sweep stays exact on it.

Gaps (Eqs. 15-16): shift-invert Arnoldi (one SuperLU factorization for sectors of at most DIRECT_MAX unknowns) (ARPACK via scipy's ``eigs`` with a real shift σ > 0 and OPinv = the GMRES
solve above) returns the k eigenvalues nearest σ; Δ = -Re λ of the slowest of them whose eigen-residual passes
(the stationary λ = 0 of (+1, +1) excluded). "Nearest σ" ranks by |λ - σ|, not by |Re λ|: a slow mode with a large
imaginary part could rank behind faster real ones (seen at (N, d) = (4, 3), γ_I = 0.5, γ_C = 0.2 with k = 4: the
slowest (+1,+1) mode is -0.803 ± 1.371i, the nearest-σ search returned -0.833). So k = 6 by default, every eigenvalue
found is returned, and the result states up to which |Im λ| the gap is certified (the k eigenvalues nearest σ fill a
disk around σ).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ..errors import ConvergenceError, ModelError, SpectrumError
from ..model import Model
from ..solvers.levels import LevelGaussSeidel, level_gmres
from ..solvers.resources import check_memory
from ..solvers.result import CONVERGED, MAXITER, UNRELIABLE, SpectrumResult
from ..solvers.result import SteadyStateResult as SharedSteadyStateResult
from .basis import PIBasis, pi_dimension
from .generator import liouvillian
from .sectors import SECTORS, Sector, _check_sector, sector
from .state import PIState

#: sectors up to this size are shift-inverted by one SuperLU factorization (at (7, 3), 1,700 unknowns: 0.4 s per
#: sector against 2 s iterative); SuperLU's fill is ~50 % of dense for d >= 3, so it loses beyond: (8, 3), 3,200
#: unknowns: 1.5 s against 1.8 s; (12, 3), 31,440: 639 s and 5.9 GB against 13 s (benchmarks/bench_qudit.py)
DIRECT_MAX = 2000
#: most times a converged steady-state solve is resumed at a tighter GMRES tolerance to meet ``tol`` on 𝓛x
REFINEMENTS = 3
#: most extra (complex) shifts one gap search may add to reach its imag_range
MAX_IMAG_PASSES = 6
#: an inner shift-invert GMRES that misses its tolerance is resumed once from its iterate with this many times
#: the Krylov space (and the same iteration budget): restarted GMRES can stagnate where a longer cycle does not
#: (seen at (N, d) = (18, 3), (+1, +1), (γ_I, γ_C) = (1.8, 0.2) in the unnormalized sector basis: one solve in 53
#: failed after 2,922 iterations at restart 100; in the orthonormal basis of :mod:`.sectors` they take ~40)
RETRY_RESTART_FACTOR = 4
#: eigenpairs whose relative residual ‖Av - λv‖/(‖A‖∞‖v‖) exceeds this are rejected as spurious
EIG_RESIDUAL_TOL = 1e-7
#: |λ| below this times ‖A‖∞ is the stationary eigenvalue of (+1, +1)
ZERO_TOL = 1e-8
#: said of such an eigenvalue outside (+1, +1): in the symmetry-broken phase Δ^(-1,+1) closes exponentially in N
#: ((N, d) = (150, 2), (γ_I, γ_C) = (0.6, 0.2): 4.3e-8), so "zero" there need not be a second steady state
ZERO_OUTSIDE_NOTE = (f"; an eigenvalue |λ| <= {ZERO_TOL:.0e} ‖𝓛‖∞ outside (+1,+1): a second steady state, or a gap "
                     "closed below what this resolves")


def estimate_memory(N: int, d: int, restart: int = 100, ncv: int = 0) -> int:
    """Peak bytes of assembling 𝓛 and solving one sector: max(assembly, sector + preconditioner + Krylov).

    Nonzeros per row of the PI 𝓛 measured for paper 004's model: 16 (d = 2, N = 40), 63-84 (d = 3, N = 12-18),
    73-101 (d = 4, N = 7-9), 60-81 (d = 5, N = 5-6); 30·d bounds them all. Assembly holds the complex 𝓛 and two
    product temporaries (20 bytes per complex nonzero); a sector holds the real matrix, its level-ordered copy and
    the incomplete LU (≤ 2 × nnz at drop 1e-2), 12 bytes per nonzero.
    """
    M = pi_dimension(N, d)
    n = M // 4 + M % 4 + 1
    per_row = 30 * d
    assembly = 3 * M * per_row * 20
    solve = 4 * n * per_row * 12 + (restart + ncv + 4) * n * 8 + ncv * n * 16
    return int(max(assembly, solve + M * per_row * 20 // 4) + 256 * 2 ** 20)


def _guard(N: int, d: int, memory_limit: Optional[int], **kw) -> int:
    need = estimate_memory(N, d, **kw)
    check_memory(need, memory_limit, f"the qudit PI solve at (N, d) = ({N}, {d})")
    return need


def level_sum(sec: Sector) -> np.ndarray:
    """K = Σ_ab (a + b) n_ab of each sector unknown (the same for n and nᵀ)."""
    b = sec.basis
    a, c = np.divmod(np.arange(b.K), b.d)
    return b.occupations[sec.rep].astype(np.int64) @ (a + c)


def _relative_residual(A: sp.csr_matrix, x: np.ndarray, norm_A: float) -> float:
    nx = np.linalg.norm(x)
    return float(np.linalg.norm(A @ x) / (norm_A * nx)) if nx > 0 else np.inf


def _inf_norm(A: sp.csr_matrix) -> float:
    return float(abs(A).sum(axis=1).max())


@dataclass(frozen=True)
class SteadyStateResult(SharedSteadyStateResult):
    """ρ_ss in (+1, +1) (paper 004 Sec. IV) and how it was obtained: the shared result (``residual`` =
    ‖A x‖₂ / (‖A‖∞ ‖x‖₂) with the unmodified (+1, +1) matrix A, ``iterations`` = preconditioned GMRES
    iterations, ``state`` a :class:`PIState`, ``x`` the sector coordinates) plus the build time and the memory
    estimate."""

    build_seconds: float = 0.0    # assembly of 𝓛 and of the sector matrix
    memory_estimate: int = 0


def _sector_matrix(model: Model, N: int, parity, basis: Optional[PIBasis] = None) -> tuple[Sector, sp.csr_matrix]:
    basis = basis if basis is not None else PIBasis(N, model.d)
    L = liouvillian(model, N, basis)
    sec = sector(basis, parity)
    return sec, sec.project(L)


def steady_state(model: Model, N: int, tol: float = 1e-10, restart: int = 100, maxiter: int = 30,
                 memory_limit: Optional[int] = None, raise_on_failure: bool = True,
                 matrix: Optional[tuple[Sector, sp.csr_matrix]] = None) -> SteadyStateResult:
    """Steady state of paper 004 Eq. 3 (any one-ensemble static Model) for N units, in the (+1, +1) sector.

    ``tol``: GMRES relative tolerance on the trace-anchored system, and the bound on the reported residual.
    ``maxiter``: restart cycles of ``restart`` iterations each. ``matrix``: the (+1, +1) sector and its matrix of
    ``model``'s 𝓛, when the caller has built them (:class:`~permqs.qudit.scan.SteadyScan`). Raises
    :class:`ConvergenceError` (with the result) unless converged, :class:`MemoryLimitError` before starting when the
    estimate exceeds ``memory_limit``.
    """
    t0 = time.perf_counter()
    need = _guard(N, model.d, memory_limit, restart=restart)
    sec, A = matrix if matrix is not None else _sector_matrix(model, N, (1, 1))
    t_build = time.perf_counter() - t0
    K = level_sum(sec)
    anchor = int(np.argmax(K))
    if np.count_nonzero(K == K[anchor]) != 1 or sec.trace[anchor] != 1.0:
        raise ModelError("internal: the all-lowest occupation must be the unique unknown of largest level sum")
    Am = sp.lil_matrix(A)
    Am[anchor, :] = sec.trace[None, :]
    P = LevelGaussSeidel(sp.csr_matrix(Am), K)
    rhs = np.zeros(sec.size)
    rhs[anchor] = 1.0
    # GMRES meets tol on the anchored system (‖b‖ = 1); the reported residual ‖𝓛x‖/(‖𝓛‖∞‖x‖) divides by ‖x‖,
    # which is ≪ 1 for a mixed state, so a converged solve is resumed with a tighter tolerance until it passes
    # ((5,4), γ_I = γ_C = 0.35: 6.5e-9 after the first solve at 1e-9)
    gmres_tol, its, y = tol, 0, None
    for _ in range(REFINEMENTS + 1):
        y, info, more = level_gmres(P, rhs[P.order], gmres_tol, restart, maxiter, y)
        its += more
        x = np.empty_like(y)
        x[P.order] = y
        x /= sec.trace @ x
        res = _relative_residual(A, x, _inf_norm(A))
        if info != 0 or res <= tol:
            break
        gmres_tol *= 0.5 * tol / res
    ok = info == 0 and res <= tol
    msg = (f"GMRES {'converged' if info == 0 else 'did not converge'} in {its} iterations "
           f"(level blocks {len(P.blocks)}, preconditioner fill {P.fill}); residual {res:.2e} (tol {tol:.0e})")
    state = PIState(N, model.d, sec.to_pi(x))
    result = SteadyStateResult(CONVERGED if ok else MAXITER, msg, res, its, time.perf_counter() - t0,
                               "level-gauss-seidel-gmres", {"sector": "(+1,+1)"}, x=x, state=state,
                               build_seconds=t_build, memory_estimate=need)
    if not ok and raise_on_failure:
        raise ConvergenceError(f"qudit steady state at N = {N}, d = {model.d}: {msg}", result)
    return result


@dataclass(frozen=True)
class SectorSpectrumResult(SpectrumResult):
    """Eigenvalues nearest the shift in one sector and its gap Δ^(p1,p2) (paper 004 Eqs. 15-16): the shared
    spectrum result (eigenvalues sorted by |Re λ| with their relative eigen-residuals; ``residual`` is that of the
    gap eigenvalue; ``iterations`` the inner GMRES iterations, summed) plus the sector's own numbers."""

    parity: tuple = (1, 1)
    gap: float = np.nan               # -Re λ of the slowest accepted eigenvalue (λ_1 in (+1, +1)); NaN on failure
    accepted: Optional[np.ndarray] = None  # residual <= EIG_RESIDUAL_TOL and not the stationary λ = 0
    sigma: float = np.nan
    size: int = 0
    solves: int = 0                   # inner solves (Arnoldi steps)
    memory_estimate: int = 0
    imag_certified: float = np.nan    # no eigenvalue with Re λ > -gap and |Im λ| below this was missed (disk argument)
    eigenvector: Optional[np.ndarray] = field(default=None, repr=False)  # of the gap, sector coordinates (complex)


def sector_spectrum(model: Model, N: int, parity, k: int = 6, sigma: Optional[float] = None, tol: float = 1e-9,
                    inner_tol: float = 1e-9, restart: int = 100, maxiter: int = 30, basis: Optional[PIBasis] = None,
                    memory_limit: Optional[int] = None, raise_on_failure: bool = True,
                    matrix: Optional[tuple[Sector, sp.csr_matrix]] = None, ncv_min: int = 16,
                    method: str = "auto", imag_range: float = 0.0) -> SectorSpectrumResult:
    """The k eigenvalues of 𝓛 nearest σ in sector ``parity`` and the gap Δ^(p1,p2) (module docstring).

    σ defaults to 0.05·max|A_ii|/N (a rate scale of the model, > 0 so that λ_0 = 0 of (+1, +1) is regular).
    ``imag_range``: further shift-invert passes at σ + iω (complex arithmetic, at most MAX_IMAG_PASSES) until no
    eigenvalue slower than the gap with |Im λ| < imag_range can have been missed (``imag_certified``).
    ``method``: "direct" (SuperLU shift-invert), "iterative" (level sweep + GMRES) or "auto" (direct up to
    DIRECT_MAX unknowns). ``inner_tol``: relative tolerance of each shift-invert GMRES solve (gaps at (N, d) = (7, 4) agree with those of
    1e-11 solves and ARPACK tol 1e-10 to 5e-9).
    Raises :class:`SpectrumError` (with the result) when no eigenvalue passes its residual check.
    """
    t0 = time.perf_counter()
    parity = _check_sector(parity)
    if method not in ("auto", "direct", "iterative"):
        raise ValueError(f"method must be 'auto', 'direct' or 'iterative', got {method!r}")
    ncv = max(2 * k + 1, ncv_min)
    need = _guard(N, model.d, memory_limit, restart=RETRY_RESTART_FACTOR * restart, ncv=ncv)
    sec, A = matrix if matrix is not None else _sector_matrix(model, N, parity, basis)
    n = A.shape[0]
    normA = _inf_norm(A)
    if sigma is None:
        sigma = 0.05 * float(np.abs(A.diagonal()).max()) / N
    k = min(k, n - 2)
    discs: list[tuple[float, float]] = []  # (Im of the shift, radius of the disc of eigenvalues found)
    its = solves = 0
    fail = None
    if n <= 2 * ncv + 2 or k < 1:  # ARPACK needs ncv < n
        lam, vec = np.linalg.eig(A.toarray())
        discs.append((0.0, np.inf))
    else:
        direct = method == "direct" or (method == "auto" and n <= DIRECT_MAX)
        level = None if direct else level_sum(sec)
        lam, vec, its, solves, fail = _shift_invert(A, sigma, k, ncv, tol, direct, level, inner_tol, restart, maxiter)
        discs.append((0.0, float(np.abs(lam - sigma).max()) if lam.size else 0.0))
        # Extra passes at σ + iω until the slowest mode is certified up to |Im λ| = imag_range (conjugate pairs:
        # the spectrum of the real A is symmetric, so ω > 0 suffices).
        for _ in range(MAX_IMAG_PASSES):
            if fail or not lam.size:
                break
            gap_now = _gap_candidate(lam, normA, parity)
            cert, edge = _certified(discs, sigma, gap_now)
            if cert >= imag_range:
                break
            omega = cert + 0.5 * edge
            l2, v2, i2, s2, fail = _shift_invert(A, sigma + 1j * omega, k, ncv, tol, direct, level, inner_tol,
                                                 restart, maxiter)
            its, solves = its + i2, solves + s2
            lam, vec = _merge(lam, vec, l2, v2, discs, sigma)
            discs.append((omega, float(np.abs(l2 - sigma - 1j * omega).max()) if l2.size else 0.0))
        if fail:
            lam = lam[:0]
            vec = vec[:, :0]
    res = np.array([np.linalg.norm(A @ vec[:, i] - lam[i] * vec[:, i]) / (normA * np.linalg.norm(vec[:, i]))
                    for i in range(lam.size)])
    order = np.argsort(np.abs(lam.real), kind="stable")
    lam, res, vec = lam[order], res[order], vec[:, order]
    stationary = np.abs(lam) <= ZERO_TOL * normA
    accepted = (res <= EIG_RESIDUAL_TOL) & ~(stationary if parity == (1, 1) else np.zeros_like(stationary))
    msg_extra = ""
    if parity == (1, 1) and np.count_nonzero(stationary & (res <= EIG_RESIDUAL_TOL)) != 1:
        accepted[:] = False
        msg_extra = f"; expected one stationary eigenvalue in (+1,+1), found {np.count_nonzero(stationary)}"
    if parity != (1, 1) and np.any(stationary):
        msg_extra = ZERO_OUTSIDE_NOTE
    ok = bool(np.any(accepted))
    i = int(np.flatnonzero(accepted)[0]) if ok else -1
    gap = float(-lam[i].real) if ok else np.nan
    cert = _certified(discs, sigma, gap)[0] if ok else np.nan
    if fail:
        msg_extra += f"; {fail}"
    msg = (f"{np.count_nonzero(accepted)} of {lam.size} eigenvalues accepted (σ = {sigma:.3g}, {len(discs)} shifts, "
           f"{solves} inner solves, {its} GMRES iterations); slowest certified for |Im λ| < {cert:.3g}{msg_extra}")
    result = SectorSpectrumResult(
        CONVERGED if ok else UNRELIABLE, msg, float(res[i]) if ok else np.nan, its, time.perf_counter() - t0,
        "shift-invert-arnoldi", {"shifts": len(discs)}, eigenvalues=lam, residuals=res, parity=parity, gap=gap,
        accepted=accepted, sigma=float(sigma), size=n, solves=solves, memory_estimate=need, imag_certified=cert,
        eigenvector=vec[:, i] if ok else None)
    if not ok and raise_on_failure:
        raise SpectrumError(f"sector {parity} at N = {N}, d = {model.d}: {msg}", result)
    return result


def _shift_invert(A, shift, k, ncv, tol, direct, level, inner_tol, restart, maxiter):
    """k eigenpairs of A nearest ``shift`` (real: real arithmetic; complex: complex) by shift-invert Arnoldi."""
    n = A.shape[0]
    dtype = complex if np.iscomplexobj(shift) else float
    Ause = A.astype(dtype)
    stats = {"its": 0, "solves": 0, "fail": None}
    if direct:
        lu = spla.splu(sp.csc_matrix(Ause - shift * sp.identity(n, dtype=dtype)))

        def opinv(b):
            stats["solves"] += 1
            return lu.solve(np.asarray(b, dtype=dtype))
    else:
        P = LevelGaussSeidel(Ause, level, shift=shift)

        def opinv(b):
            rhs = np.asarray(b, dtype=dtype)[P.order]
            y, info, it = level_gmres(P, rhs, inner_tol, restart, maxiter)
            if info != 0:
                y, info, more = level_gmres(P, rhs, inner_tol, RETRY_RESTART_FACTOR * restart,
                                            -(-maxiter // RETRY_RESTART_FACTOR), x0=y)
                it += more
            stats["its"] += it
            stats["solves"] += 1
            if info != 0 and stats["fail"] is None:
                stats["fail"] = f"inner GMRES did not converge (solve {stats['solves']}, {it} iterations)"
            out = np.empty_like(y)
            out[P.order] = y
            return out

    op = spla.LinearOperator((n, n), matvec=opinv, dtype=dtype)
    try:
        lam, vec = spla.eigs(Ause, k=k, sigma=shift, OPinv=op, which="LM", tol=tol, ncv=min(ncv, n - 1))
    except spla.ArpackNoConvergence as exc:
        lam, vec = exc.eigenvalues, exc.eigenvectors
    return lam, vec, stats["its"], stats["solves"], stats["fail"]


def _gap_candidate(lam: np.ndarray, normA: float, parity) -> float:
    slow = lam[np.abs(lam) > ZERO_TOL * normA] if tuple(parity) == (1, 1) else lam
    return float(-slow.real.max()) if slow.size else 0.0


def _certified(discs, sigma: float, gap: float) -> tuple[float, float]:
    """Largest Y such that every λ with -gap <= Re λ <= 0 and |Im λ| < Y lies in a disc of found eigenvalues
    (the rectangle's far edge Re λ = -gap decides), and the half-width of the disc that ends the coverage."""
    spans = sorted((w - h, w + h, h) for w, R in discs
                   for h in [np.sqrt(max(R ** 2 - (sigma + gap) ** 2, 0.0)) if np.isfinite(R) else np.inf])
    Y, edge = 0.0, 0.0
    changed = True
    while changed:
        changed = False
        for lo, hi, h in spans:
            if lo <= Y < hi:
                Y, edge, changed = hi, h, True
    return Y, edge


def _merge(lam: np.ndarray, vec: np.ndarray, l2: np.ndarray, v2: np.ndarray, discs, sigma: float):
    """The eigenpairs found so far plus those of a pass at a complex shift (and their conjugates: A is real),
    without the ones that lie inside a disc of an earlier pass, which found them nearer its shift and so more
    accurately: every eigenvalue within a disc is among those its pass returned (ARPACK returns the k nearest).
    A far shift resolves λ_0 = 0 of (+1, +1) only to ~1e-7, so a comparison of eigenvalues alone would count it
    two or three times ((N, d) = (15, 3) at (γ_I, γ_C) = (1.8, 0.2): "found 3" stationary eigenvalues). The rest
    are compared by value (a conjugate pair of a real eigenvalue is one eigenvalue)."""
    new, newv = np.concatenate([l2, l2.conj()]), np.concatenate([v2, v2.conj()], axis=1)
    centres = [sigma + s * 1j * w for w, _ in discs for s in (1, -1)]
    radii = [R for _, R in discs for _ in (1, -1)]
    seen = np.zeros(new.size, bool)
    for c, R in zip(centres, radii):
        seen |= np.abs(new - c) < R
    keep: list[int] = []
    for i in np.flatnonzero(~seen):
        if all(abs(new[i] - x) > 1e-7 * max(1.0, abs(new[i])) for x in [*lam, *new[keep]]):
            keep.append(int(i))
    return np.concatenate([lam, new[keep]]), np.concatenate([vec, newv[:, keep]], axis=1)


def _sector_job(args):
    model, N, s, matrix, kw = args
    return sector_spectrum(model, N, s, matrix=matrix, **kw)


def gaps(model: Model, N: int, sectors=SECTORS, workers: int = 1, **kw) -> dict[tuple[int, int], SectorSpectrumResult]:
    """Δ^(p1,p2) of paper 004 Eqs. 15-16 for each sector (𝓛 assembled once; ``workers`` > 1 solves sectors in
    that many processes, each sector being independent; keyword arguments go to :func:`sector_spectrum`)."""
    basis = PIBasis(N, model.d)
    L = liouvillian(model, N, basis)
    jobs = []
    for s in sectors:
        sec = sector(basis, s)
        jobs.append((model, N, tuple(s), (sec, sec.project(L)), kw))
    del L
    if workers > 1 and len(jobs) > 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
            results = list(pool.map(_sector_job, jobs))
    else:
        results = [_sector_job(j) for j in jobs]
    return {j[2]: r for j, r in zip(jobs, results)}
