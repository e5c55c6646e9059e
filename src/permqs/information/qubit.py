"""Purity and N_A | N_B negativity of a J-block qubit state ρ_T = ⊕_J ρ_J ⊗ 1/dim_J (paper 000 App. A, Eq. A1),
polynomial in N, by SU(2) recoupling J_A ⊗ J_B (the qubit case of spec §5.3 (ii)).

Under S_{N_A} × S_{N_B} the qubits split into (V_{J_A} ⊗ M_{J_A}) ⊗ (V_{J_B} ⊗ M_{J_B}), with multiplicity spaces
of dimensions dim_{J_A}(N_A), dim_{J_B}(N_B) (Eq. A2). Every copy of V_J in the sector (J_A, J_B) is the
Clebsch-Gordan-coupled |J_A J_B; J M⟩, on which ρ_T acts as ρ_J/dim_J(N). Hence

    ρ_T = ⊕_{J_A, J_B} 1_{M_{J_A} ⊗ M_{J_B}} ⊗ X_{J_A J_B},   X = Σ_{J=|J_A-J_B|}^{J_A+J_B} C_J (ρ_J/dim_J) C_J^T,

with C_J the real (2J_A+1)(2J_B+1) × (2J+1) Clebsch-Gordan matrix. The |J_A m_A⟩ ⊗ |J_B m_B⟩ (and a real
multiplicity basis) are real vectors in the σ_z product basis, so the partial transpose on B transposes (m_B, m_B')
only, and

    𝒩_{A|B} = Σ_{J_A, J_B} dim_{J_A} dim_{J_B} Σ_{e<0} |e|,  e ∈ spec X_{J_A J_B}^{T_B}      (paper 004 Eq. 17).

Cost: one dense (2J_A+1)(2J_B+1) block per pair, up to (N/2+1)² rows. Each X^{T_B} is first offered to a Cholesky
factorization (n³/3, and it stops early on failure): success certifies a positive block, adding nothing. Only the
others are eigensolved, values only, with LAPACK's 2-stage reduction (:mod:`.eigenvalues`); for N_A = N_B the
(J, J) blocks in a real form (:func:`_real_form`). An optional error budget ``tol`` skips blocks by an a-priori
bound and widens the certificate by a diagonal shift; the bound used is reported (:func:`jblock_negativity`).
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Optional

import numpy as np

from .bipartite import negative_part
from .eigenvalues import eigensolver, hermitian_eigenvalues, positive_definite


@lru_cache(maxsize=4096)
def clebsch_gordan(JA: float, JB: float) -> np.ndarray:
    """⟨J_A m_A; J_B m_B | J M⟩ as an array (2J_A+1, 2J_B+1, n_J) indexed by (J_A + m_A, J_B + m_B, J - |J_A - J_B|)
    (Condon-Shortley phases: ⟨J_A J_A; J_B J-J_A | J J⟩ > 0).

    Each |J J⟩ is the kernel of J_+ in the M = J space (a two-term recursion, summed in logs); the other |J M⟩
    follow by J_- with its exact norm √((J+M+1)(J-M)), for all J at once, each step re-orthogonalized against
    the higher J (the bare ladder is unstable: at J_A = J_B = 50 its errors reach 1e13). Checked against qutip's
    ``clebsch`` and for orthogonality at J_A = J_B = 50."""
    dA, dB = int(round(2 * JA)) + 1, int(round(2 * JB)) + 1
    Jmin = abs(JA - JB)
    nJ = int(round(JA + JB - Jmin)) + 1
    Js = Jmin + np.arange(nJ)
    mA = -JA + np.arange(dA)
    CG = np.zeros((dA, dB, nJ))
    S = np.zeros((dA, nJ))             # coefficients of |m_A, M - m_A⟩ for the current M
    Mmax = JA + JB
    cA = np.sqrt(np.clip((JA + mA + 1) * (JA - mA), 0, None))    # ⟨m_A|J_A-|m_A+1⟩
    rows = np.arange(dA)
    for step in range(int(round(2 * Mmax)) + 1):
        M = Mmax - step
        if step:
            mB_old = M + 1 - mA
            cB = np.where(np.abs(mB_old) <= JB, np.sqrt(np.clip((JB + mB_old) * (JB - mB_old + 1), 0, None)), 0.0)
            new = cB[:, None] * S
            new[:-1] += cA[:-1, None] * S[1:]
            # |J M+1⟩ exists and is lowered for J >= |M+1| and J >= |M|; J = M enters below as a highest weight.
            live = (Js >= abs(M) - 1e-9) & (Js >= abs(M + 1) - 1e-9)
            norm = np.sqrt(np.clip((Js + M + 1) * (Js - M), 0, None))
            new[:, live] /= norm[live]
            new[:, ~live] = 0.0
            # The ladder amplifies round-off along higher J (their J_- norms are larger near M = -J): restore
            # orthogonality to the higher-J vectors (modified Gram-Schmidt from the top J down, via QR).
            idx = np.flatnonzero(live)[::-1]
            if len(idx) > 1:
                Q, Rq = np.linalg.qr(new[:, idx])
                new[:, idx] = Q * np.sign(np.diag(Rq))
            S = new
        if M >= Jmin - 1e-9:
            S[:, int(round(M - Jmin))] = _highest_weight(JA, JB, M, mA)
        mB = M - mA
        ok = np.abs(mB) <= JB + 1e-9
        CG[rows[ok], np.rint(mB[ok] + JB).astype(int)] = S[ok]
    CG.setflags(write=False)
    return CG


def _highest_weight(JA: float, JB: float, J: float, mA: np.ndarray) -> np.ndarray:
    """|J J⟩ in the M = J space: ψ(m_A) = -ψ(m_A - 1) A_+(J_A, m_A - 1)/A_+(J_B, J - m_A) (J_+ ψ = 0)."""
    lo, hi = max(-JA, J - JB), min(JA, J + JB)
    k = int(round(hi - lo)) + 1
    m = lo + np.arange(k)
    logr = np.zeros(k)
    if k > 1:
        num = np.log((JA - m[:-1]) * (JA + m[:-1] + 1)) / 2
        den = np.log((JB - (J - m[1:])) * (JB + (J - m[1:]) + 1)) / 2
        logr[1:] = np.cumsum(num - den)
    sign = (-1.0) ** np.arange(k)
    psi = sign * np.exp(logr - logr.max())
    psi /= np.linalg.norm(psi)
    psi *= np.sign(psi[-1])           # Condon-Shortley: the coefficient at m_A = J_A is positive
    out = np.zeros(len(mA))
    out[int(round(lo + JA)):int(round(lo + JA)) + k] = psi
    return out


def recoupled_block(blocks: dict[float, np.ndarray], weights: dict[float, float], JA: float, JB: float) -> np.ndarray:
    """X' = Σ_J w_J C_J ρ_J C_J^T as a ((2J_A+1)(2J_B+1))² matrix, rows (m_A, m_B) ascending.

    Built one column group M' at a time: C_J is nonzero only where m_A + m_B = M."""
    CG = clebsch_gordan(JA, JB)
    dA, dB, nJ = CG.shape
    Jmin = abs(JA - JB)
    Mmax = JA + JB
    nM = int(round(2 * Mmax)) + 1
    R = np.zeros((nJ, nM, nM), dtype=complex)
    for k in range(nJ):
        J = Jmin + k
        if J in blocks:
            o = int(round(Mmax - J))
            R[k, o:o + int(round(2 * J)) + 1, o:o + int(round(2 * J)) + 1] = weights[J] * blocks[J]
    Mi = (np.arange(dA)[:, None] + np.arange(dB)[None, :]).ravel()   # M + Mmax of every row (a, b)
    C = CG.reshape(dA * dB, nJ)
    X = np.zeros((dA * dB, dA * dB), dtype=complex)
    for Mp in range(nM):
        cols = np.flatnonzero(Mi == Mp)
        T = C * R[:, Mi, Mp].T
        X[:, cols] = T @ C[cols].T
    return X


@dataclass(frozen=True)
class QubitNegativity:
    """𝒩_{A|B} of a J-block state and what it cost."""

    N: int
    N_A: int
    negativity: float
    truncation_bound: float   # rigorous bound on |exact - negativity| from skipped and shift-certified blocks
    blocks_used: int          # blocks built (certified or eigensolved)
    blocks_skipped: int       # blocks left out by the a-priori bound
    blocks_certified: int     # blocks whose partial transpose a Cholesky factorization showed positive
    largest_block: int
    eigensolver: str
    threads: int
    seconds: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def _odd_coherences_vanish(state) -> bool:
    q = state.basis.coherence_order
    return not np.any(state.vector[q % 2 != 0])


def _partial_transpose_parts(X: np.ndarray, dA: int, dB: int, split: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """X^{T_B} (entry ((a, b), (a', b')) -> ((a, b'), (a', b))), as its parity blocks when ``split``, each with
    the flat indices a d_B + b of its rows. X is Hermitian to round-off, so no symmetrization: the eigensolver
    reads the lower triangle, the certificate both, and they differ by round-off only."""
    PT = X.reshape(dA, dB, dA, dB).transpose(0, 3, 2, 1).reshape(dA * dB, dA * dB)
    if not split:
        return [(np.ascontiguousarray(PT), np.arange(dA * dB))]
    # Only even coherence orders: X^{T_B} couples (m_A, m_B) to (m_A', m_B') only when m_A - m_B and
    # m_A' - m_B' have equal parity, so it splits into two blocks.
    par = ((np.arange(dA)[:, None] - np.arange(dB)[None, :]) % 2).ravel()
    return [(PT[np.ix_(par == p, par == p)], np.flatnonzero(par == p)) for p in (0, 1) if np.any(par == p)]


def _real_form(P: np.ndarray, rows: np.ndarray, d: int) -> np.ndarray:
    """A real symmetric matrix with the spectrum of the partial transpose P of a block (J, J) of a state
    symmetric under the swap of two equal halves (rows: flat indices a d + b of P's rows).

    The swap S ((a, b) -> (b, a)) commutes with X, so P^* = P^T = X^{T_A} = S X^{T_B} S = S P S: the antiunitary
    S∘K commutes with P. In the basis U = [V_s, i V_a] (V_s, V_a real orthonormal bases of the symmetric and
    antisymmetric vectors, (e_ab ± e_ba)/√2 and e_aa) U^† P U is therefore real: its eigenvalues need the real
    symmetric solver, ~3x faster than the complex one. Raises ValueError where the imaginary part that must vanish
    does not (an input that is not swap symmetric)."""
    a, b = np.divmod(rows, d)
    partner = np.searchsorted(rows, b * d + a)
    t = np.arange(len(rows))
    i, diag = t[rows < b * d + a], t[rows == b * d + a]
    j = partner[i]
    c = np.sqrt(0.5)
    Y = np.concatenate([(P[i] + P[j]) * c, P[diag], (P[i] - P[j]) * c])
    Z = np.concatenate([(Y[:, i] + Y[:, j]) * c, Y[:, diag], (Y[:, i] - Y[:, j]) * c], axis=1)
    del Y
    ns = len(i) + len(diag)
    R = Z.real.copy()
    R[:ns, ns:] = -Z.imag[:ns, ns:]
    R[ns:, :ns] = Z.imag[ns:, :ns]
    rest = max(np.abs(Z.imag[:ns, :ns]).max(initial=0), np.abs(Z.imag[ns:, ns:]).max(initial=0),
               np.abs(Z.real[:ns, ns:]).max(initial=0), np.abs(Z.real[ns:, :ns]).max(initial=0))
    if rest > 1e-9 * max(np.abs(R).max(initial=0), 1e-300):
        raise ValueError(f"partial transpose of a (J, J) block is not swap symmetric (residue {rest:.1e})")
    return R


def _minors_allow(P: np.ndarray, dd: np.ndarray, rows: int = 512) -> bool:
    """False when a 2x2 principal minor of P + s·1 (diagonal ``dd``) is negative, |P_ij|² > dd_i dd_j: then it is
    not positive, and the Cholesky factorization need not be tried (most blocks of entangled states fail here,
    in O(n²)). Only a shortcut: a True is decided by the factorization."""
    if dd.min() <= 0:
        return False
    for i in range(0, len(dd), rows):
        if np.any(np.abs(P[i:i + rows]) ** 2 > dd[i:i + rows, None] * dd[None, :]):
            return False
    return True


def _block_negativity(P: np.ndarray, shift: float) -> tuple[float, bool]:
    """(Σ_{e<0} |e| over spec P, certified). First a Cholesky factorization of P + (shift + n ε max P_ii)·1: when
    it succeeds every eigenvalue is >= -shift - n ε max P_ii, and those above -n ε max|e| are round-off that
    :func:`negative_part` counts as 0 anyway (max P_ii <= max|e|), so the block adds 0 and at most n·shift to the
    error bound. Otherwise the eigenvalues (2-stage LAPACK, values only)."""
    n = P.shape[0]
    d = P.diagonal().real
    s = shift + n * np.finfo(float).eps * max(0.0, float(d.max()))
    if _minors_allow(P, d + s) and positive_definite(P, s):
        return 0.0, True
    return negative_part(hermitian_eigenvalues(P, overwrite=True)), False


@dataclass(frozen=True)
class _Plan:
    kept: list            # (bound, J_A, J_B, weights, copies) of the blocks to build, largest first
    skipped: int
    bound: float          # sum of the skipped blocks' bounds
    shift: float          # certificate shift per eigenvalue
    split: bool           # only even coherence orders: parity blocks
    mirror: bool          # N_A = N_B


def _plan(state, N_A: int, tol: float) -> _Plan:
    """The a-priori bounds of :func:`jblock_negativity`, the skipped blocks and the certificate shift."""
    from ..dicke.basis import j_values, log_dim_j

    N = state.N
    N_B = N - N_A
    blocks = {float(J): b for J, b in state.blocks()}
    ld = dict(zip(blocks, log_dim_j(N, np.array(list(blocks)))))
    traces = {J: float(np.trace(b).real) for J, b in blocks.items()}
    frob2 = {J: float(np.sum(np.abs(b) ** 2)) for J, b in blocks.items()}
    JAs, JBs = j_values(N_A), j_values(N_B)
    ldA, ldB = log_dim_j(N_A, JAs), log_dim_j(N_B, JBs)
    # For N_A = N_B, swapping the halves is a permutation, so ρ_T maps the sector (J_A, J_B) to (J_B, J_A) and
    # the two partial transposes have the same spectrum (ρ^{T_A} = (ρ^{T_B})^T): compute J_A >= J_B only.
    mirror = N_A == N_B
    plan = []
    for JA, la in zip(JAs, ldA):
        for JB, lb in zip(JBs, ldB):
            if mirror and JB > JA:
                continue
            copies = 2 if mirror and JA > JB else 1
            Js = [J for J in np.arange(abs(JA - JB), JA + JB + 0.5) if float(J) in blocks]
            w = {float(J): float(np.exp(la + lb - ld[float(J)])) for J in Js}
            t = sum(w[J] * traces[J] for J in w)
            F = np.sqrt(sum(w[J] ** 2 * frob2[J] for J in w))
            dA, dB = int(round(2 * JA)) + 1, int(round(2 * JB)) + 1
            bound = min(max(0.0, (min(dA, dB) - 1) * t / 2), max(0.0, (np.sqrt(dA * dB) * F - t) / 2))
            plan.append((copies * bound, float(JA), float(JB), w, copies))
    plan.sort(key=lambda p: p[0])
    skipped, bound = 0, 0.0
    while skipped < len(plan) and bound + plan[skipped][0] <= tol / 2:
        bound += plan[skipped][0]
        skipped += 1
    kept = sorted(plan[skipped:], key=lambda p: -_rows(p))
    slots = sum(p[4] * _rows(p) for p in kept)
    # (1 - 1e-12): the summed shifts must not exceed tol by a rounding.
    shift = (1 - 1e-12) * (tol - bound) / slots if kept and tol > bound else 0.0
    return _Plan(kept, skipped, float(bound), shift, _odd_coherences_vanish(state), mirror)


def _rows(item) -> int:
    return (int(round(2 * item[1])) + 1) * (int(round(2 * item[2])) + 1)


def _one_block(blocks: dict, item, shift: float, split: bool, swap_symmetric: bool) -> tuple[float, float, int]:
    """(copies × negativity of the block, its certificate bound, 1 if certified). ``swap_symmetric``: N_A = N_B,
    so the (J, J) blocks have a real form (:func:`_real_form`)."""
    _, JA, JB, w, copies = item
    dA, dB = int(round(2 * JA)) + 1, int(round(2 * JB)) + 1
    neg, cert_bound, certified = 0.0, 0.0, True
    for P, rows in _partial_transpose_parts(recoupled_block(blocks, w, JA, JB), dA, dB, split):
        if swap_symmetric and JA == JB:
            P = _real_form(P, rows, dB)
        v, ok = _block_negativity(P, shift)
        neg += copies * v
        cert_bound += copies * P.shape[0] * shift if ok else 0.0
        certified &= ok
    return neg, cert_bound, int(certified)


def jblock_negativity(state, N_A: Optional[int] = None, tol: float = 0.0, threads: Optional[int] = None,
                      memory_limit: Optional[int] = None) -> QubitNegativity:
    """𝒩_{A|B} (paper 004 Eq. 17) of a :class:`permqs.dicke.DickeState` for the split N_A | N - N_A
    (default N_A = ⌈N/2⌉).

    ``tol`` >= 0 is the error allowed on the result, spent in two halves:

    * blocks skipped unbuilt: for any Hermitian X, ‖X^{T_B}‖₁ <= √n ‖X^{T_B}‖_F = √n ‖X‖_F (the partial transpose
      permutes entries), so 𝒩(X) <= (√n ‖X‖_F - Tr X)/2, with ‖X‖_F² = Σ_J w_J² ‖ρ_J‖_F² (the C_J span orthogonal
      subspaces); for positive X also (min(d_A, d_B) - 1) Tr X / 2 (‖X^{T_B}‖₁ <= min(d_A, d_B) ‖X‖₁). Blocks are
      skipped, smallest bound first, while their bounds sum to at most tol/2;
    * the rest, δ = (tol - skipped bound)/Σ n over the built blocks, is a shift per eigenvalue: a block whose
      X^{T_B} + δ·1 has a Cholesky factorization adds 0 and at most n δ to the bound.

    The bound actually used is ``truncation_bound``. With tol = 0 nothing is skipped and a block is certified
    only at the round-off level the eigenvalue route ignores too (:func:`_block_negativity`). Blocks are
    independent: ``threads`` (default :func:`permqs.solvers.resources.available_threads`) work on them at once,
    largest first, each with single-threaded BLAS; the sum is taken in a fixed order, so the result does not
    depend on ``threads``."""
    from ..solvers.resources import available_threads, blas_threads, check_memory

    t0 = time.perf_counter()
    if tol < 0:
        raise ValueError(f"tol must be >= 0, got {tol}")
    N = state.N
    N_A = (N + 1) // 2 if N_A is None else int(N_A)
    if not 1 <= N_A <= N - 1:
        raise ValueError(f"N_A must lie in [1, {N - 1}], got {N_A}")
    plan = _plan(state, N_A, tol)
    blocks = {float(J): b for J, b in state.blocks()}
    workers = max(1, min(available_threads() if threads is None else int(threads), len(plan.kept)))
    largest = max((_rows(p) for p in plan.kept), default=0)
    check_memory(workers * 4 * 16 * largest ** 2, memory_limit, f"the N_A|N_B negativity (N={N}, blocks of {largest})")

    def one(item):
        return _one_block(blocks, item, plan.shift, plan.split, plan.mirror)

    # BLAS stays single-threaded either way: a threaded reduction rounds differently, and the result must not
    # depend on ``threads``.
    with blas_threads(1):
        if workers == 1:
            results = [one(item) for item in plan.kept]
        else:
            with ThreadPoolExecutor(workers) as pool:
                results = list(pool.map(one, plan.kept))
    total = float(sum(r[0] for r in results))
    bound = plan.bound + float(sum(r[1] for r in results))
    return QubitNegativity(N, N_A, total, bound, len(plan.kept), plan.skipped, sum(r[2] for r in results), largest,
                           eigensolver(), workers, time.perf_counter() - t0)


def jblock_purity(state) -> float:
    """Tr ρ_T² = Σ_J ‖ρ_J‖_F²/dim_J (Eq. A1: dim_J copies of ρ_J/dim_J), for Hermitian ρ_J."""
    from ..dicke.basis import log_dim_j

    Js = state.basis.J_values
    norms = np.array([np.sum(np.abs(b) ** 2) for _, b in state.blocks()])
    return float(np.sum(norms * np.exp(-log_dim_j(state.N, Js))))


@dataclass(frozen=True)
class QubitInformation:
    """Purity, S(ρ_T), S(ρ_i), I_M (paper 000 Eq. 7) and 𝒩_{A|B} of a J-block state."""

    N: int
    N_A: int
    purity: float
    S: float
    S_1: float
    I_M: float
    negativity: float
    truncation_bound: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def jblock_information(state, N_A: Optional[int] = None, tol: float = 0.0) -> QubitInformation:
    """Everything of :class:`QubitInformation` for one :class:`permqs.dicke.DickeState`."""
    from ..dicke.observables import observables

    obs = observables(state)
    neg = jblock_negativity(state, N_A, tol)
    return QubitInformation(state.N, neg.N_A, jblock_purity(state), obs.S_T, obs.S_i, obs.I_M, neg.negativity,
                            neg.truncation_bound)
