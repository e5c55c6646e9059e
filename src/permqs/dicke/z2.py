"""Paper 004's Z2 sector gaps Δ^(p1,p2) (Sec. IV, Eqs. 15-16) for d = 2 on the spin-1/2 J-block vector.

The J-block vector ρ_{J,m,m'} (paper 000 App. A) spans the same PI operator space as the qudit occupation basis
(dimension C(N+3, 3)); the graded colour preconditioner of :mod:`permqs.solvers` solves it fast, where the qudit
level sweep needs thousands of GMRES iterations at d = 2, large N.

Symmetries (spec paper004-finite-n §2, convention of :mod:`permqs.qudit.sectors`):

* Π1: A ↦ e^{iπJz} A e^{-iπJz} multiplies |J,m⟩⟨J,m'| by (-1)^{m-m'}: p1 = (-1)^q with q = m - m', so the Π1
  sectors are the index sets of even and of odd q (:meth:`GradedProblem.restrict`; partners have -q, the same
  parity).
* T2 = Π2∘†: A ↦ e^{-iπJz/2} Aᵀ e^{+iπJz/2} (linear, T2² = id, [T2, 𝓛] = 0, equal to Π2 on Hermitian operators;
  ⟨Jx⟩_{T2ρ} = ⟨Jy⟩_ρ). The coupled basis |J,m,α⟩ is a real (Condon-Shortley) orthogonal transform of the product
  basis, so the transpose maps ρ_J ⊗ 1 to ρ_Jᵀ ⊗ 1, and e^{-iπJz/2}|J,m⟩⟨J,m'|e^{iπJz/2} = i^{-(m-m')}|J,m⟩⟨J,m'|:

      (T2 x)_{J,m,m'} = i^{-q} x_{J,m',m},    q = m - m',

  i.e. the Hermitian partner's coefficient with the phase i^{-q} (without the complex conjugation of †). This is
  the qudit engine's T2 E_n = i^{Q(n)} E_{nᵀ} (the phase of the source charge, Q(n) = -q of the target).

How the gaps are classified. T2 is complex-LINEAR and commutes with 𝓛, so it maps the eigenspace of λ to itself
(not to that of λ̄: that is the antilinear Π2). Its ±1 eigenspaces are therefore complex-linear, and a
nondegenerate eigenvector v of 𝓛 satisfies T2 v = ±v. † (antilinear) commutes with T2 too, so the conjugate
eigenvector (λ̄) has the same p2. So each Π1 sector is solved once (:func:`permqs.solvers.spectrum`, shift-invert
Arnoldi on the real Hermitian form, colour preconditioner), and each eigenpair (λ, v) is split into
v± = (v ± T2 v)/2: a part with ‖v±‖ > MIX_TOL·‖v‖ is an eigenvector of sector (p1, ±1) (both parts, if λ is
degenerate across the two), and its own residual ‖𝓛v± - λv±‖/(‖𝓛‖∞‖v±‖) decides whether it is accepted.
Δ^(p1,p2) is then -Re λ of the slowest accepted eigenvalue (λ = 0 of (+1, +1) excluded: Eq. 16), as in
:func:`permqs.qudit.sector_spectrum`. A sector whose first k eigenvalues are all of the other p2 is searched
again with k doubled (up to ``max_k``); a sector still without an accepted eigenvalue fails with
:class:`SpectrumError` (never a silent gap).
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Optional

import numpy as np
import scipy.linalg as la

from ..errors import MemoryLimitError, SpectrumError
from ..model import Model
from ..qudit.sectors import SECTORS
from ..qudit.solve import (EIG_RESIDUAL_TOL, ZERO_OUTSIDE_NOTE, ZERO_TOL, SectorSpectrumResult, _certified,
                           _inf_norm)
from ..solvers.resources import check_memory
from ..solvers.result import BREAKDOWN, CONVERGED, UNRELIABLE, SpectrumResult
from ..solvers.spectrum import LU_BYTES_PER_ENTRY, ShiftInvertLU, spectrum
from .basis import n_unknowns
from .problem import _labels, estimate_memory, jblock_problem

#: an eigenvector's T2-even or T2-odd part counts only above this fraction of its norm (a nondegenerate
#: eigenvector has the other part at the level of its residual)
MIX_TOL = 1e-6
#: GMRES iterations per inner solve beyond which "auto" gives up the colour sweep for the LU: measured at V = 1,
#: γ_C = 0.2 (mean per solve), the regular point γ_I = 1.8 needs 27-38 (N = 60-100), where GMRES is as fast or
#: faster (N = 60-100: 1.6-18 s for the four gaps), γ_I = 1.4 38-44 (N = 60), the corner γ_I = 0.6 ~180 (N = 60:
#: 58 s by GMRES against 8.5 s by the LU) and γ_I = 0.2 over 300 (the sweep diverges)
AUTO_MAXITER = 100

#: SuperLU.nnz / n^(4/3) of a Π1 sector's LU, rounded up from the measured values (V = 1, γ_C = 0.2, γ_I = 0.2:
#: 11.7 and 15.3 at N = 60, 13.6 and 17.8 at N = 100, for Π1 = +1 and -1; benchmarks/bench_jblock_gaps.py)
LU_FILL_COEFFICIENT = 20.0


def t2_apply(x: np.ndarray, grade: np.ndarray, partner: np.ndarray) -> np.ndarray:
    """(T2 x)_i = i^{-q_i} x_{partner(i)} (module docstring) for flat J-block vectors x (columns, if 2-D)."""
    phase = (1j) ** (-(np.asarray(grade) % 4))
    x = np.asarray(x)
    return (phase[:, None] * x[partner]) if x.ndim == 2 else phase * x[partner]


def sector_dimensions(N: int) -> dict[tuple[int, int], int]:
    """Dimensions of the four sectors: in each Π1 sector, T2 fixes every population (q = 0, phase 1) and splits
    every partner pair into one T2-even and one T2-odd combination."""
    q, partner, _ = _labels(N)
    single = partner == np.arange(q.size)
    out = {}
    for p1, parity in ((1, 0), (-1, 1)):
        inside = (q % 2) == parity
        s, pairs = int(np.count_nonzero(single & inside)), int(np.count_nonzero(~single & inside)) // 2
        out[(p1, 1)], out[(p1, -1)] = s + pairs, pairs
    return out


def lu_fill_estimate(n: int) -> int:
    """Entries (``SuperLU.nnz``) of the sparse LU of a Π1 sector of n unknowns (:class:`ShiftInvertLU`), an upper
    fit to the measured fill of both sectors, which grows as n^(4/3) under nested dissection (a 3-D grid)."""
    return int(LU_FILL_COEFFICIENT * n ** (4 / 3))


def estimate_gaps_memory(model: Model, N: int, max_k: int = 40, with_lu: bool = False) -> int:
    """Bytes of :func:`jblock_gaps`: the J-block solve's own estimate plus the Arnoldi basis at the largest k
    (ncv = 2k + 1 vectors of the Π1 sector), and with ``with_lu`` the LU of the larger Π1 sector that "auto" may
    fall back to (:func:`lu_fill_estimate`; guarded separately before it is factored)."""
    memory = estimate_memory(model, N) + (2 * max_k + 1) * n_unknowns(N) * 8
    if with_lu:
        dims = sector_dimensions(N)
        larger = max(dims[(p1, 1)] + dims[(p1, -1)] for p1 in (1, -1))
        memory += LU_BYTES_PER_ENTRY * lu_fill_estimate(larger)
    return memory


def _sector_results(p1: int, base, L, scale: float, sub, dims: dict, memory: int, iterations: int, solves: int,
                    note: str):
    """Split the eigenpairs of one Π1 sector by T2 (module docstring) into the two (p1, p2) results."""
    out = {}
    parts = {1: [], -1: []}
    sigma = base.stats["sigma"]
    radius = base.stats.get("radius", np.inf)
    for lam, v in zip(base.eigenvalues, base.eigenvectors.T):
        tv = t2_apply(v, sub.grade, sub.partner)
        nv = np.linalg.norm(v)
        for p2 in (1, -1):
            w = 0.5 * (v + p2 * tv)
            nw = np.linalg.norm(w)
            if nw > MIX_TOL * nv:
                res = float(np.linalg.norm(L @ w - lam * w) / (scale * nw))
                parts[p2].append((lam, res, w))
    for p2 in (1, -1):
        s = (p1, p2)
        lam = np.array([t[0] for t in parts[p2]], dtype=complex)
        res = np.array([t[1] for t in parts[p2]], dtype=float)
        order = np.argsort(np.abs(lam.real), kind="stable")
        lam, res = lam[order], res[order]
        vecs = [parts[p2][i][2] for i in order]
        stationary = np.abs(lam) <= ZERO_TOL * scale
        extra = ""
        if s == (1, 1):
            accepted = (res <= EIG_RESIDUAL_TOL) & ~stationary
            if np.count_nonzero(stationary & (res <= EIG_RESIDUAL_TOL)) != 1:
                accepted[:] = False
                extra = f"; expected one stationary eigenvalue in (+1,+1), found {np.count_nonzero(stationary)}"
        else:
            accepted = res <= EIG_RESIDUAL_TOL
            if np.any(stationary):
                extra = ZERO_OUTSIDE_NOTE
        ok = bool(np.any(accepted))
        i = int(np.flatnonzero(accepted)[0]) if ok else -1
        gap = float(-lam[i].real) if ok else np.nan
        cert = _certified([(0.0, radius)], sigma, gap)[0] if ok else np.nan
        msg = (f"sector {s}: {np.count_nonzero(accepted)} of {lam.size} eigenvalues accepted, from the Π1 = {p1:+d} "
               f"problem ({sub.n} unknowns; {base.message}{note}); slowest certified for |Im λ| < {cert:.3g}{extra}")
        method = f"jblock-{base.method}" + ("-splu" if base.stats.get("inner") == "splu" else "")
        out[s] = SectorSpectrumResult(
            CONVERGED if ok else UNRELIABLE, msg, float(res[i]) if ok else np.nan, iterations, base.seconds,
            method, dict(base.stats), eigenvalues=lam, residuals=res, parity=s, gap=gap,
            accepted=accepted, sigma=np.nan if sigma is None else float(sigma), size=dims[s], solves=solves,
            memory_estimate=memory, imag_certified=cert, eigenvector=vecs[i] if ok else None)
    return out


def jblock_gaps(model: Model, N: int, sectors=SECTORS, k: int = 10, max_k: int = 40, sigma: Optional[float] = None,
                memory_limit: Optional[int] = None, raise_on_failure: bool = True, dense_below: int = 300,
                imag_range: float = 0.0, inner: str = "auto",
                **spectrum_kw) -> dict[tuple[int, int], SectorSpectrumResult]:
    """Δ^(p1,p2) of paper 004 Eqs. 15-16 for a d = 2 model on the J-block vector (module docstring), the same
    result type as :func:`permqs.qudit.gaps` (``size``: the sector's dimension; ``eigenvector``: flat J-block
    coordinates of the Π1 sector; ``memory_estimate``: :func:`permqs.dicke.estimate_memory` of the whole problem
    plus the Arnoldi basis at ``max_k``, 1.3 GB at N = 150 against a measured peak of 0.92 GB for the four gaps
    with imag_range 4, benchmarks/bench_jblock_gaps.py, plus the sector's LU when one was used).
    ``iterations`` (inner GMRES iterations), ``solves`` (inner solves, i.e. applications of (𝓛 − σ)⁻¹) and
    ``seconds`` are totals of the Π1 sector's whole solve (every pass as k grows, and a GMRES pass that broke
    down before the LU took over): the two p2 sectors of one Π1 come from one solve and share all three.

    ``k``: eigenvalues nearest σ asked of each Π1 sector (both p2 together); doubled up to ``max_k`` while one
    of its wanted p2 sectors has none accepted, or has its gap certified (``imag_certified``: the disc of the
    eigenvalues found around σ, as in :func:`permqs.qudit.sector_spectrum`) below |Im λ| = ``imag_range``.
    A Π1 sector of at most ``dense_below`` unknowns is diagonalized densely (every eigenvalue; N ≤ 12 by default:
    at N = 24, 1,469 unknowns, dense takes 8.5 s against 0.2 s iterative, with the same gaps to 1e-12).

    ``inner``: how each shift-invert step is solved (:func:`permqs.solvers.spectrum`). "gmres": the colour
    sweep + GMRES; "splu": one sparse LU of the Π1 sector's real form (:class:`ShiftInvertLU`, reused as k
    grows); "auto" (default): GMRES with at most ``maxiter`` (default AUTO_MAXITER = 100) iterations per inner
    solve, and the LU for a Π1 sector whose GMRES pass breaks down (or needs more). Measured at V = 1,
    γ_C = 0.2 (benchmarks/bench_jblock_gaps.py): at γ_I = 1.8 GMRES is as fast or faster (N = 100: 18 s for the
    four gaps, 27-38 iterations per solve; the LUs take 4 + 7 s to factor and ~70 ms per solve), while at
    γ_I ≤ 0.6, where the Hamiltonian dominates the rates, the sweep needs ~180 (N = 60, γ_I = 0.6) to over 3,000
    (N = 100, γ_I = 0.2) iterations per solve or diverges, and the LU is the practical route (N = 100: 70 s,
    1.2 GB). Before an LU is factored its memory (:func:`lu_fill_estimate` entries) is checked against what
    ``memory_limit`` leaves beyond ``memory_estimate``; a Π1 sector whose LU would exceed it keeps its breakdown
    (the message says so) under "auto", and raises :class:`MemoryLimitError` under "splu".
    Other keyword arguments go to :func:`permqs.solvers.spectrum`.
    Raises :class:`SpectrumError` (with the result) when a sector has no accepted eigenvalue, and
    :class:`MemoryLimitError` before starting when the estimate exceeds ``memory_limit``.
    """
    wanted = [tuple(int(v) for v in s) for s in sectors]
    for s in wanted:
        if s not in SECTORS:
            raise ValueError(f"sector must be one of {SECTORS}, got {s!r}")
    if inner not in ("auto", "gmres", "splu"):
        raise ValueError(f"inner must be 'auto', 'gmres' or 'splu', got {inner!r}")
    memory = estimate_gaps_memory(model, N, max_k)
    check_memory(memory, memory_limit, f"the J-block Z2 gaps at N = {N}")
    problem = jblock_problem(model, N)
    dims = sector_dimensions(N)
    results: dict[tuple[int, int], SectorSpectrumResult] = {}
    for p1 in (1, -1):
        need = [s for s in wanted if s[0] == p1]
        if not need:
            continue
        t0 = time.perf_counter()
        indices = np.flatnonzero((problem.grade % 2) == (0 if p1 == 1 else 1))
        sub = problem.restrict(indices, name=f"{problem.name} Π1={p1:+d}")
        if p1 == -1:
            # Odd q only: colouring by q mod 4 (reach 3) gives two colours, {1, 5, ...} and {3, 7, ...}, and keeps
            # the q = ±1 partner coupling (the Hamiltonian's q → q - 2) out of the last group of the sweep, which
            # the colour sweep requires; q mod 3 puts q = 1 last when N < 5.
            sub = replace(sub, reach=3)
        L = sub.matrix()
        scale = max(_inf_norm(L), 1e-300)
        kk = k
        lu: Optional[ShiftInvertLU] = None
        fill = lu_fill_estimate(sub.n)
        lu_memory = LU_BYTES_PER_ENTRY * fill
        # The LU comes on top of what the solve holds already (an explicit limit; the default one, a fraction of
        # the memory available now, has that deducted by itself).
        lu_limit = None if memory_limit is None else max(memory_limit - memory, 0)

        def factor() -> ShiftInvertLU:
            return ShiftInvertLU(sub, sigma, fill_estimate=fill, memory_limit=lu_limit)
        iterations = solves = 0
        note = ""
        while True:
            if sub.n <= dense_below:
                # The whole Π1 sector densely, without the colour sweep (which cannot take N = 2: its odd sector
                # is q = ±1 alone, partners coupled inside the only group).
                lam, vec = la.eig(L.toarray())
                base = SpectrumResult(CONVERGED, f"all {sub.n} eigenvalues (dense)", 0.0, 0,
                                      time.perf_counter() - t0, "dense-eig", {"sigma": None, "radius": np.inf},
                                      eigenvalues=lam, eigenvectors=vec)
            else:
                if lu is None and inner == "splu":
                    lu = factor()
                kw = ({"maxiter": AUTO_MAXITER} | spectrum_kw) if inner == "auto" else spectrum_kw
                base = spectrum(sub, k=kk, sigma=sigma, expect_steady_state=(p1 == 1), dense_below=0,
                                inner=lu if lu is not None else "gmres", **kw)
                iterations += base.iterations
                solves += base.stats.get("solves", 0)
                if base.status == BREAKDOWN and lu is None and inner == "auto":
                    try:
                        lu = factor()
                    except MemoryLimitError as exc:
                        note = f"; no sparse LU instead: {exc}"
                    else:
                        note = (f"; after GMRES broke down at k = {kk} ({base.message}), by the sparse LU of the "
                                f"sector ({lu.nnz} entries, factored in {lu.seconds:.1f} s)")
                        continue
            if base.status == BREAKDOWN:
                got = {s: SectorSpectrumResult(BREAKDOWN, base.message + note, np.inf, iterations, base.seconds,
                                               base.method, dict(base.stats), parity=s, size=dims[s], solves=solves,
                                               memory_estimate=memory) for s in need}
                break
            got = _sector_results(p1, base, L, scale, sub, dims, memory + (lu_memory if lu is not None else 0),
                                  iterations, solves, note)
            done = all(got[s].success and got[s].imag_certified >= imag_range for s in need)
            if done or kk >= min(max_k, sub.n - 2) or base.method == "dense-eig":
                break
            kk = min(2 * kk, max_k)
        del lu  # the next Π1 sector's LU is factored without this one in memory
        seconds = time.perf_counter() - t0
        results.update({s: replace(got[s], seconds=seconds) for s in need})
    if raise_on_failure:
        for s, r in results.items():
            if not r.success:
                raise SpectrumError(f"J-block sector {s} at N = {N}: {r.message}", r)
    return results
