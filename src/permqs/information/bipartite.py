"""Block structure of a PI operator under S_{N_A} × S_{N_B}, and the negativity of N_A | N_B (paper 004 Eq. 17).

By Schur's lemma a PI operator ρ on (ℂ^d)^{⊗N} = (ℂ^d)^{⊗N_A} ⊗ (ℂ^d)^{⊗N_B} is

    ρ = ⊕_{λ ⊢ N_A, μ ⊢ N_B} 1_{S^λ ⊗ S^μ} ⊗ X_λμ,     X_λμ = (V_λ ⊗ V_μ)^T ρ (V_λ ⊗ V_μ)   (g_λ g_μ square),

with V_λ, V_μ real orthonormal bases of one Young copy (:mod:`.young`). Splitting every type n = n_A + n_B,

    X_λμ = Σ_{n_A, n_B} c_{n_A + n_B} a_λ[n_A] ⊗ b_μ[n_B]                       (spec §5.3 (ii)),

so no d^N-dimensional object is formed. A real orthogonal change of the B basis commutes with the partial
transpose, and 1_{S^μ}^T = 1_{S^μ}, hence ρ^{T_B} = ⊕ 1 ⊗ X_λμ^{T_μ} (T_μ transposes the μ indices) and

    𝒩_{A|B} = Σ_{e < 0} |e| over spec ρ^{T_B} = Σ_{λμ} f^λ f^μ Σ_{e ∈ spec X_λμ^{T_μ}, e < 0} |e|   (Eq. 17)
            = (‖ρ^{T_B}‖₁ - Tr ρ)/2.

The spectrum of ρ itself is that of the X_λμ with multiplicities f^λ f^μ, which gives S(ρ) and Tr ρ² too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import scipy.sparse as sp

from ..errors import MemoryLimitError
from .occupation import OccupationOperator
from .young import n_types, young_tables

DEFAULT_MEMORY_LIMIT = 4 * 2**30


@dataclass(frozen=True)
class BipartiteBlocks:
    """X_λμ of a PI operator for the split N_A | N_B, rows (i, k) and columns (j, l) with i, j ∈ U^λ, k, l ∈ U^μ."""

    N_A: int
    N_B: int
    d: int
    labels: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    multiplicity: tuple[int, ...]       # f^λ f^μ
    shapes: tuple[tuple[int, int], ...]  # (g_λ, g_μ)
    blocks: tuple[np.ndarray, ...]

    def partial_transposes(self) -> list[np.ndarray]:
        """X_λμ^{T_μ}: entry ((i, k), (j, l)) -> ((i, l), (j, k))."""
        out = []
        for (ga, gb), X in zip(self.shapes, self.blocks):
            out.append(X.reshape(ga, gb, ga, gb).transpose(0, 3, 2, 1).reshape(ga * gb, ga * gb))
        return out


def estimate_memory(N: int, d: int, N_A: int) -> int:
    """Bytes at the peak: the word-pair type table of the larger part (d^{2n} rows of d² + 3 integers), the dense
    transient of the largest table (T max g_λ² floats), and the coefficient matrix with its transform (complex
    T_A × T_B, about three copies)."""
    from .young import partitions, weyl_dimension
    ta, tb = n_types(N_A, d), n_types(N - N_A, d)
    pairs = max(d ** (2 * n) for n in (N_A, N - N_A)) * 8 * (d * d + 3)
    table = max(t * max(weyl_dimension(l, d) ** 2 for l in partitions(n, d))
                for t, n in ((ta, N_A), (tb, N - N_A)))
    return max(pairs, 8 * table) + 16 * 3 * ta * tb


def bipartite_blocks(state: Any, N_A: Optional[int] = None, memory_limit: int = DEFAULT_MEMORY_LIMIT) -> BipartiteBlocks:
    """X_λμ for the split N_A | N - N_A (default N_A = ⌈N/2⌉, the Fig. 8 bipartition) of any PI operator
    (an :class:`OccupationOperator`, or any object with ``occupations`` and ``coefficients``)."""
    rho = OccupationOperator.from_any(state)
    N, d = rho.N, rho.d
    N_A = (N + 1) // 2 if N_A is None else int(N_A)
    if not 0 <= N_A <= N:
        raise ValueError(f"N_A must lie in [0, {N}], got {N_A}")
    need = estimate_memory(N, d, N_A)
    if need > memory_limit:
        raise MemoryLimitError(f"the S_{N_A} x S_{N - N_A} blocks of N={N}, d={d} need about {need / 2**30:.1f} GiB "
                               f"(limit {memory_limit / 2**30:.1f} GiB)")
    ta, tb = young_tables(N_A, d), young_tables(N - N_A, d)
    # Coefficient of every split n_A + n_B: the keys are additive, so key(n_A + n_B) = key(n_A) + key(n_B).
    C = np.empty((len(ta.keys), len(tb.keys)), dtype=complex)
    step = max(1, int(2e6 // max(1, len(tb.keys))))
    for s in range(0, len(ta.keys), step):
        e = min(len(ta.keys), s + step)
        with np.errstate(over="ignore"):
            C[s:e] = rho.lookup(ta.keys[s:e, None] + tb.keys[None, :], ta.keys2[s:e, None] + tb.keys2[None, :])
    # Y = C b (all μ at once), then X_λμ = a_λ^T Y, with the sparse real tables on the left.
    B = sp.hstack(tb.tables, format="csc")
    Y = np.ascontiguousarray((B.T @ C.T).T)             # (T_A, Σ g_μ²)
    del C
    mu_cols = np.cumsum([0] + [g * g for g in tb.g])
    labels, mult, shapes, blocks = [], [], [], []
    for lam, fl, gl, A in zip(ta.partitions, ta.f, ta.g, ta.tables):
        XA = A.T @ Y                                    # (g_λ², Σ g_μ²)
        for k, (mu, fm, gm) in enumerate(zip(tb.partitions, tb.f, tb.g)):
            X = XA[:, mu_cols[k]:mu_cols[k + 1]].reshape(gl, gl, gm, gm).transpose(0, 2, 1, 3)
            labels.append((lam, mu))
            mult.append(fl * fm)
            shapes.append((gl, gm))
            blocks.append(np.ascontiguousarray(X.reshape(gl * gm, gl * gm)))
    return BipartiteBlocks(N_A, N - N_A, d, tuple(labels), tuple(mult), tuple(shapes), tuple(blocks))


def _hermitian(X: np.ndarray) -> np.ndarray:
    return (X + X.conj().T) / 2


def block_spectra(blocks: BipartiteBlocks) -> list[np.ndarray]:
    """Eigenvalues of the Hermitian part of every X_λμ (each with multiplicity f^λ f^μ in ρ)."""
    return [np.linalg.eigvalsh(_hermitian(X)) for X in blocks.blocks]


def negativity_from_blocks(blocks: BipartiteBlocks) -> float:
    """𝒩_{A|B} = Σ_{λμ} f^λ f^μ Σ_{e<0} |e|, e ∈ spec X_λμ^{T_μ} (paper 004 Eq. 17)."""
    total = 0.0
    for m, PT in zip(blocks.multiplicity, blocks.partial_transposes()):
        total += m * negative_part(np.linalg.eigvalsh(_hermitian(PT)))
    return total


def negative_part(e: np.ndarray) -> float:
    """Σ |e| over the eigenvalues e < -n ε max|e| of an n × n Hermitian matrix: eigvalsh is accurate to about
    n ε ‖A‖₂, so smaller negative eigenvalues are round-off of zero ones (a positive partial transpose) and would
    add noise of order 1e-16 ‖A‖ per eigenvalue instead of 0."""
    if not e.size:
        return 0.0
    cut = e.size * np.finfo(float).eps * np.abs(e).max()
    return float(-e[e < -cut].sum())


def hermiticity_error(blocks: BipartiteBlocks) -> float:
    """max |X - X†| over the blocks: how far the input is from a Hermitian operator."""
    return max(float(np.max(np.abs(X - X.conj().T))) if X.size else 0.0 for X in blocks.blocks)
