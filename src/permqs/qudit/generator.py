"""The Liouvillian 𝓛 of a :class:`permqs.model.Model` on the PI occupation basis (paper 004 Eq. 3, Sec. IV).

Move rule (derived here; spec paper004-finite-n §5.3 gives the same in scatter form). Let S be a superoperator on
ONE site, a d²×d² matrix acting on the flat single-site operator (cell p = c·d + b ↔ |c⟩⟨b|), and let
S_tot = Σ_i S^(i) act on every site. Take an output word w' of type n'. Its matrix element in S_tot[ρ] sums, over the
sites i and the input cells q, S[p_i, q] times the element of ρ on the word w' with site i replaced by q; that word
has type n' - e_{p_i} + e_q, and ρ's element there is c_{n' - e_p + e_q}. Grouping the sites by their cell p:

    (S_tot c)_{n'} = Σ_p n'_p Σ_q S[p, q] c_{n' - e_p + e_q}.                                    (gather form)

So M(S), the matrix of S_tot, has entries n'_p S[p, q] in row n' at column rank(n' - e_p + e_q) (always a valid
occupation when n'_p ≥ 1). With row-major flattening (vec(XρY) = (X ⊗ Yᵀ) vec ρ) the one-site superoperators are

    left(X):  ρ ↦ Xρ,      S = X ⊗ 1          (a unit moves from (a, b) to (c, b) with weight X_ca n'_cb),
    right(Y): ρ ↦ ρY,      S = 1 ⊗ Yᵀ         ((c, e) → (c, b) with weight Y_eb n'_cb),
    sandwich: ρ ↦ XρY†,    S = X ⊗ conj(Y)    ((a, e) → (c, b) with weight X_ca conj(Y_be) n'_cb).

Collective operators give products of such sums, exactly (the i = k terms included):
V[A]V[B]ρ = M(left A) M(left B) c, ρV[A]V[B] = M(right B) M(right A) c, V[A]ρV[B]† = M(left A) M(right B†) c.

Hence, for the model of :mod:`permqs.model` (Hamiltonian terms c·N^(1-k) V[A_1]⋯V[A_k], Kossakowski collective
dissipators (1/N) Σ_ab c_ab (...), local jumps γ Σ_i D[L^(i)]):

    𝓛 = Σ_terms -i c N^(1-k) [M(l A_1)⋯M(l A_k) - M(r A_k)⋯M(r A_1)]
      + Σ_coll (1/N) Σ_ab c_ab [M(l A_a)M(r A_b†) - ½ M(l A_b†)M(l A_a) - ½ M(r A_a)M(r A_b†)]
      + Σ_local γ M(L ⊗ conj L - ½ L†L ⊗ 1 - ½ 1 ⊗ (L†L)ᵀ).

One-site parts are merged into a single stencil before any product; each M(S) is built for all rows at once,
one numpy pass per nonzero S[p, q] (at most d⁴), with the rank update restricted to the cells between p and q.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..errors import ModelError
from ..model import Model
from .basis import PIBasis

#: entries of a one-site stencil below this (relative to its largest) are rounding noise of products like L†L
_STENCIL_ZERO = 1e-14


def check_model(model: Model) -> None:
    """Raise :class:`ModelError` unless ``model`` is one static ensemble without bosons."""
    problems = []
    if model.n_ensembles != 1:
        problems.append(f"n_ensembles = {model.n_ensembles} (only one ensemble)")
    if model.modes or model.couplings:
        problems.append("bosonic modes (not supported)")
    if model.is_time_dependent:
        problems.append("time-dependent modulation (a static generator is needed)")
    if problems:
        raise ModelError(f"model '{model.name}' cannot be handled by the qudit PI engine: " + "; ".join(problems))


def left(X: np.ndarray) -> np.ndarray:
    """One-site superoperator ρ ↦ Xρ (row-major flattening)."""
    return np.kron(X, np.eye(X.shape[0]))


def right(Y: np.ndarray) -> np.ndarray:
    """One-site superoperator ρ ↦ ρY."""
    return np.kron(np.eye(Y.shape[0]), Y.T)


def sandwich(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """One-site superoperator ρ ↦ XρY†."""
    return np.kron(X, Y.conj())


class _Stencil:
    """Row-side tables of the basis shared by every M(S): remaining sums and rank terms per cell."""

    def __init__(self, basis: PIBasis):
        self.basis = basis
        occ = basis.occupations
        self.occ = occ
        self.R = (basis.N - np.cumsum(occ, axis=1, dtype=np.int32) + occ).astype(np.int16)
        T = basis._rank_table
        K = basis.K
        self.terms = np.zeros((occ.shape[0], K), dtype=np.int64)
        for k in range(K - 1):
            self.terms[:, k] = T[k, self.R[:, k], occ[:, k]]
        self.rank = self.terms.sum(axis=1)
        self.nonzero_rows = [np.flatnonzero(occ[:, p]) for p in range(K)]

    def matrix(self, S: np.ndarray) -> sp.csr_matrix:
        """M(S) = Σ_i S^(i) on the PI basis (gather form, module docstring)."""
        b = self.basis
        M, K = b.size, b.K
        S = np.asarray(S, dtype=complex)
        scale = np.abs(S).max() if S.size else 0.0
        if scale == 0.0:
            return sp.csr_matrix((M, M), dtype=complex)
        S = np.where(np.abs(S) > _STENCIL_ZERO * scale, S, 0)
        rows_all, cols_all, vals_all = [], [], []
        diag = self.occ.astype(np.float64) @ np.diag(S).real + 1j * (self.occ.astype(np.float64) @ np.diag(S).imag)
        rows_all.append(np.arange(M))
        cols_all.append(np.arange(M))
        vals_all.append(diag)
        T = b._rank_table
        for p, q in zip(*np.nonzero(S)):
            if p == q:
                continue
            rows = self.nonzero_rows[p]
            occ = self.occ[rows]
            lo, hi = (p, q) if p < q else (q, p)
            r = self.rank[rows] - self.terms[rows, lo:hi + 1].sum(axis=1)
            new = occ[:, lo:hi + 1].astype(np.int32)
            new[:, p - lo] -= 1
            new[:, q - lo] += 1
            Rn = self.R[rows, lo].astype(np.int32)
            for k in range(lo, min(hi + 1, K - 1)):
                r += T[k, Rn, new[:, k - lo]]
                Rn = Rn - new[:, k - lo]
            rows_all.append(rows)
            cols_all.append(r)
            vals_all.append(occ[:, p] * S[p, q])
        A = sp.csr_matrix((np.concatenate(vals_all), (np.concatenate(rows_all), np.concatenate(cols_all))),
                          shape=(M, M))
        A.eliminate_zeros()
        return A


def _chain(mats: list[sp.csr_matrix]) -> sp.csr_matrix:
    out = mats[0]
    for m in mats[1:]:
        out = out @ m
    return out


def liouvillian(model: Model, N: int, basis: PIBasis | None = None) -> sp.csr_matrix:
    """𝓛 on the flat coefficient vector c of ρ = Σ_n c_n E_n (complex CSR, size C(N+d²-1, d²-1)).

    Implements Eq. 3 of paper 004 for :func:`permqs.models.qudit_lmg.qudit_lmg_model`, and any one-ensemble static
    :class:`Model` (module docstring for the rules).
    """
    check_model(model)
    d = model.d
    basis = basis if basis is not None else PIBasis(N, d)
    if basis.N != N or basis.d != d:
        raise ModelError(f"basis is for (N, d) = ({basis.N}, {basis.d}), asked for ({N}, {d})")
    st = _Stencil(basis)
    eye = np.eye(d, dtype=complex)
    one_site = np.zeros((d * d, d * d), dtype=complex)
    products: list[tuple[complex, list[np.ndarray]]] = []  # coefficient, one-site stencils applied right to left
    for t in model.hamiltonian:
        mats = [np.asarray(f.matrix, dtype=complex) for f in t.factors]
        k = len(mats)
        c = -1j * t.coefficient * float(N) ** (1 - k)
        if k == 0:
            continue  # a c-number Hamiltonian commutes with everything
        if k == 1:
            one_site += c * (left(mats[0]) - right(mats[0]))
            continue
        products.append((c, [left(A) for A in mats]))
        products.append((-c, [right(A) for A in reversed(mats)]))
    for diss in model.collective:
        ops = [np.asarray(A, dtype=complex) for A in diss.operators]
        cmat = np.asarray(diss.kossakowski, dtype=complex)
        for a, Aa in enumerate(ops):
            for b_, Ab in enumerate(ops):
                w = cmat[a, b_] / N
                if w == 0:
                    continue
                Abd = Ab.conj().T
                products.append((w, [left(Aa), right(Abd)]))
                products.append((-0.5 * w, [left(Abd), left(Aa)]))
                products.append((-0.5 * w, [right(Aa), right(Abd)]))
    for jump in model.local:
        L = np.asarray(jump.operator, dtype=complex)
        LdL = L.conj().T @ L
        one_site += jump.rate * (sandwich(L, L) - 0.5 * left(LdL) - 0.5 * right(LdL))
    out = st.matrix(one_site)
    cache: dict[bytes, sp.csr_matrix] = {}

    def M(S: np.ndarray) -> sp.csr_matrix:
        key = S.tobytes()
        if key not in cache:
            cache[key] = st.matrix(S)
        return cache[key]

    for c, stencils in products:
        out = out + c * _chain([M(S) for S in stencils])
    out = sp.csr_matrix(out)
    out.sum_duplicates()
    out.eliminate_zeros()
    return out


def collective_operator(basis: PIBasis, A: np.ndarray, side: str = "left") -> sp.csr_matrix:
    """Matrix of ρ ↦ V[A]ρ (``side="left"``) or ρ ↦ ρV[A] (``"right"``) on the PI basis."""
    S = left(np.asarray(A, dtype=complex)) if side == "left" else right(np.asarray(A, dtype=complex))
    return _Stencil(basis).matrix(S)
