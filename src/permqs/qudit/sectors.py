"""Z2 symmetry sectors (p1, p2) of paper 004 (Sec. II, Sec. IV) on the PI basis, in a real Hermitian form.

Symmetries (paper 004 Sec. II). Π1: A ↦ e^{iπJz} A e^{-iπJz} (unitary). Π2 is antiunitary; the LINEAR involution
commuting with 𝓛 is T2 = Π2∘† (spec paper004-finite-n §2.3), equal to Π2 on Hermitian operators. The sign of the
printed Π2 = e^{+iπJz/2}(·)*e^{-iπJz/2} contradicts the paper's own ⟨Jx⟩_{Π2ρ} = ⟨Jy⟩_ρ (spec §2.2); the statement
fixes the convention used here:

    T2: A ↦ e^{-iπJz/2} Aᵀ e^{+iπJz/2},    T2 E_n = i^{Q(n)} E_{nᵀ},    Π1 E_n = (-1)^{Q(n)} E_n,

with Q(n) = Σ_ab (m_a - m_b) n_ab (a word |a⟩⟨b| picks up e^{-iπ m_b/2} e^{+iπ m_a/2} after transposition).
With it the symmetry-breaking sector at V > 0 is (-1, +1), as the paper says (tested).

Sector bases (spec §2.4), each vector a Hermitian operator, so 𝓛 is a REAL matrix on each sector:
* n = nᵀ (hence Q = 0): E_n, in (+1, +1);
* a pair n ≠ nᵀ with representative r (Q(r) > 0, or Q = 0 and index(r) < index(rᵀ)):
  B = α E_r + conj(α) E_{rᵀ} with α = e^{-iπQ/4} for p2 = +1 and α = i·e^{-iπQ/4} for p2 = -1, in p1 = (-1)^Q.
  (T2 B = conj(α) i^{-Q} E_r + α i^Q E_{rᵀ} = p2 B exactly when conj(α)/α = p2 i^Q.)
The basis is orthonormal in the Hilbert-Schmidt product: ‖E_n‖² = N!/Π n_ab! (the number of words of n; distinct
words are orthogonal), so each basis operator is divided by its norm, ν = √w for n = nᵀ and √(2w) for a pair. A sector
vector x (real) has PI coefficients c_r = α x/ν, c_{rᵀ} = conj(α) x/ν; conversely x = ν Re(conj(α) c_r). In the
unnormalized basis the sector matrix is similar to this one by diag(ν), whose range grows like a multinomial
(4e6 at (N, d) = (18, 3)): the level sweep's forward solve then amplified residuals by ~1e7 there and the
shift-invert GMRES of (+1,+1) stagnated (650 iterations or no convergence per solve, against ~50 now).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from .basis import PIBasis

SECTORS: tuple[tuple[int, int], ...] = ((1, 1), (1, -1), (-1, 1), (-1, -1))


def _check_sector(sector) -> tuple[int, int]:
    s = tuple(int(v) for v in sector)
    if s not in SECTORS:
        raise ValueError(f"sector must be one of {SECTORS}, got {sector!r}")
    return s


@dataclass(frozen=True, eq=False)
class Sector:
    """One Z2 sector of the PI operator space, as a real basis of Hermitian operators.

    ``rep``: PI index r of each sector unknown; ``partner``: index of rᵀ (== rep for self-transposed n);
    ``alpha``: the phase α of each unknown; ``grade``: |Q(r)|, the coherence order the dissipators conserve and the
    Hamiltonian moves by 2 (Q = ±1 are both grade 1); ``trace``: Tr of each basis operator; ``norm``: ν, the
    Hilbert-Schmidt norm of B = α E_r + conj(α) E_{rᵀ} (or of E_r); unknown k stands for the operator B/ν (module
    docstring).
    """

    basis: PIBasis
    parity: tuple[int, int]
    rep: np.ndarray
    partner: np.ndarray
    alpha: np.ndarray
    grade: np.ndarray
    trace: np.ndarray
    norm: np.ndarray

    @property
    def size(self) -> int:
        return int(self.rep.size)

    @cached_property
    def embedding(self) -> sp.csr_matrix:
        """P (M × n, complex): the PI coefficients of each sector basis operator (c = P x)."""
        n = self.size
        cols = np.arange(n)
        single = self.rep == self.partner
        pair = ~single
        rows = np.concatenate([self.rep, self.partner[pair]])
        cc = np.concatenate([cols, cols[pair]])
        vals = np.concatenate([np.where(single, 1.0 + 0j, self.alpha), np.conj(self.alpha[pair])])
        vals /= self.norm[cc]
        return sp.csr_matrix((vals, (rows, cc)), shape=(self.basis.size, n))

    def project(self, L: sp.spmatrix) -> sp.csr_matrix:
        """The real sector matrix Re(diag(ν conj α) 𝓛[rep, :] P) of a PI generator 𝓛 that commutes with Π1 and T2."""
        L = sp.csr_matrix(L)
        rows = L[self.rep, :]
        A = sp.diags(self.norm * np.conj(self.alpha)) @ rows @ self.embedding
        A = sp.csr_matrix(A)
        out = sp.csr_matrix((A.data.real, A.indices, A.indptr), shape=A.shape)
        out.eliminate_zeros()
        return out

    def to_pi(self, x: np.ndarray) -> np.ndarray:
        """PI coefficients c (complex (M,)) of the operator Σ_k x_k B_k."""
        return self.embedding @ np.asarray(x)

    def from_pi(self, c: np.ndarray) -> np.ndarray:
        """Sector coordinates x = ν Re(conj α c_rep) of a PI vector lying in this sector."""
        return self.norm * np.real(np.conj(self.alpha) * np.asarray(c)[self.rep])


def _representatives(basis: PIBasis) -> tuple[np.ndarray, np.ndarray]:
    """Self-transposed indices and pair representatives (Q > 0, or Q = 0 and index < index of the transpose)."""
    idx = np.arange(basis.size)
    t = basis.transpose_index
    Q = basis.charge
    single = idx[t == idx]
    reps = idx[(Q > 0) | ((Q == 0) & (idx < t))]
    return single, reps


def sector(basis: PIBasis, parity) -> Sector:
    """The (p1, p2) sector basis of paper 004 (module docstring), unknowns ordered by grade |Q| then PI index."""
    p1, p2 = _check_sector(parity)
    single, reps = _representatives(basis)
    t = basis.transpose_index
    Q = basis.charge
    reps = reps[(Q[reps] % 2 == 0) == (p1 == 1)]
    alpha = np.exp(-0.25j * np.pi * Q[reps]) * (1 if p2 == 1 else 1j)
    if (p1, p2) == (1, 1):
        rep = np.concatenate([single, reps])
        alpha = np.concatenate([np.ones(single.size, complex), alpha])
    else:
        rep = reps
    order = np.lexsort((rep, np.abs(Q[rep])))
    rep, alpha = rep[order], alpha[order]
    grade = np.abs(Q[rep]).astype(np.int64)
    partner = t[rep]
    single = partner == rep
    norm = np.exp(0.5 * basis.log_word_count[rep]) * np.where(single, 1.0, np.sqrt(2.0))
    trace = np.where(single, basis.trace_weights[rep], 0.0) / norm
    return Sector(basis, (p1, p2), rep, partner, alpha, grade, trace, norm)


def sector_dimensions(N: int, d: int) -> dict[tuple[int, int], int]:
    """Dimensions of the four sectors (paper 004 Sec. IV): S + P_even/2, P_even/2, P_odd/2, P_odd/2 (spec §2.4)."""
    b = PIBasis(N, d)
    single, reps = _representatives(b)
    even = int(np.count_nonzero(b.charge[reps] % 2 == 0))
    odd = reps.size - even
    return {(1, 1): single.size + even, (1, -1): even, (-1, 1): odd, (-1, -1): odd}
