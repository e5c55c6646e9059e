"""The vectorized J-block Liouvillian equals an independent block-by-block assembly.

The reference below builds each J block with sparse Kronecker products, vec(X ρ Y) = (X ⊗ Yᵀ) vec(ρ),
from the spin-J matrices and the vector operators T^k of the module docstring of
permqs.dicke.liouvillian; the library assembles all blocks in one vectorized pass. Both are exact,
so they must agree to round-off (1e-12).
"""
from typing import Iterator

import numpy as np
import pytest
import scipy.sparse as sp

from permqs.dicke.basis import DickeBasis
from permqs.dicke.liouvillian import _traceless_part, assembly, check_model, liouvillian
from permqs.model import CollectiveDissipator, LocalJump, Model, term
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.operators import SIGMA_MINUS, SIGMA_X, SIGMA_Y, SIGMA_Z


def spin_block(J: float) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
    """(J_z, J_+, J_-) of spin J in the basis m = -J, ..., J (ascending, as in Eq. A1)."""
    m = np.arange(-J, J + 0.5)
    d = m.size
    up = np.sqrt(J * (J + 1) - m[:-1] * (m[:-1] + 1))  # <m+1|J_+|m>
    Jp = sp.diags(up, -1, shape=(d, d), format="csr", dtype=complex)
    return sp.diags(m, 0, format="csr", dtype=complex), Jp, Jp.T.tocsr()


def collective_block(A: np.ndarray, N: int, J: float) -> sp.csr_matrix:
    """V[A] = Σ_i A^(i) inside block J."""
    Jz, Jp, Jm = spin_block(J)
    eye = sp.identity(Jz.shape[0], dtype=complex, format="csr")
    return (A[0, 0] * (N / 2 * eye + Jz) + A[1, 1] * (N / 2 * eye - Jz) + A[0, 1] * Jp + A[1, 0] * Jm).tocsr()


def _vector_operator(J: float, k: int) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
    """(T_+, T_-, T_z) from spin J to spin J+k, k = ±1, up to the common reduced matrix element."""
    m = np.arange(-J, J + 0.5)
    a = np.arange(m.size)
    Jt = J + k
    shape = (int(round(2 * Jt)) + 1, m.size)

    def op(shift: int, amp: np.ndarray) -> sp.csr_matrix:
        m_out = m + shift
        ok = np.abs(m_out) <= Jt + 1e-9
        return sp.csr_matrix((amp[ok].astype(complex), (np.rint(Jt + m_out[ok]).astype(int), a[ok])), shape=shape)

    if k == 1:
        return (op(1, -np.sqrt((J + m + 1) * (J + m + 2))),
                op(-1, np.sqrt((J - m + 1) * (J - m + 2))),
                op(0, np.sqrt((J + 1) ** 2 - m**2)))
    # k = -1: clip the radicands, which are negative only where the target m is out of range.
    return (op(1, np.sqrt(np.clip((J - m) * (J - m - 1), 0, None))),
            op(-1, -np.sqrt(np.clip((J + m) * (J + m - 1), 0, None))),
            op(0, np.sqrt(np.clip(J**2 - m**2, 0, None))))


def _local_coefficient(N: int, J: float, k: int) -> float:
    """c_k(J) of the module docstring (0 where the target block does not exist)."""
    if k == 1:
        return (N / 2 - J) / (2 * (J + 1) * (2 * J + 1))
    if J == 0:
        return 0.0
    return (N / 2 + 1) / (2 * J * (J + 1)) if k == 0 else (N / 2 + J + 1) / (2 * J * (2 * J + 1))


def _kossakowski_pairs(model: Model, N: int, J: float) -> Iterator[tuple[complex, sp.csr_matrix, sp.csr_matrix]]:
    """(c_ab / N, V[A_a], V[A_b]) of every nonzero Kossakowski entry, inside block J."""
    for diss in model.collective:
        V = [collective_block(np.asarray(A), N, J) for A in diss.operators]
        c = np.asarray(diss.kossakowski)
        for a in range(len(V)):
            for b in range(len(V)):
                if c[a, b] != 0:
                    yield c[a, b] / N, V[a], V[b]


def _block_generator(model: Model, N: int, J: float) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(K_left, K_right) with the block-J part of L equal to K_left ρ + ρ K_right + sandwiches."""
    d = int(round(2 * J)) + 1
    H = sp.csr_matrix((d, d), dtype=complex)
    for t in model.hamiltonian:
        prod = sp.identity(d, dtype=complex, format="csr")
        for f in t.factors:
            prod = prod @ collective_block(np.asarray(f.matrix), N, J)
        H = H + t.coefficient * N ** (1 - len(t.factors)) * prod
    X = sp.csr_matrix((d, d), dtype=complex)  # Σ of the anticommutator operators
    for w, Va, Vb in _kossakowski_pairs(model, N, J):
        X = X + w * (Vb.conj().T @ Va)
    C = sp.csr_matrix((d, d), dtype=complex)  # commutator part from the identity component of L
    for jump in model.local:
        a0, B = _traceless_part(np.asarray(jump.operator))
        X = X + jump.rate * collective_block(B.conj().T @ B, N, J)
        if a0 != 0:
            VB = collective_block(B, N, J)
            C = C + (jump.rate / 2) * (np.conj(a0) * VB - a0 * VB.conj().T)
    return (-1j * H - 0.5 * X + C).tocsr(), (1j * H - 0.5 * X - C).tocsr()


def _sandwiches(model: Model, N: int, J: float) -> Iterator[tuple[int, complex, sp.csr_matrix, sp.csr_matrix]]:
    """(k, weight, X, Y): terms weight · X ρ_J Y† feeding block J+k."""
    for w, Va, Vb in _kossakowski_pairs(model, N, J):
        yield 0, w, Va, Vb
    for jump in model.local:
        _, B = _traceless_part(np.asarray(jump.operator))
        if jump.rate == 0 or not B.any():
            continue
        bz, bp, bm = B[0, 0], B[0, 1], B[1, 0]
        for k in (-1, 0, 1):
            Jt = J + k
            if Jt < 0 or Jt > N / 2 or _local_coefficient(N, J, k) == 0:
                continue
            if k == 0:
                M = collective_block(B, N, J)
            else:
                Tp, Tm, Tz = _vector_operator(J, k)
                M = bp * Tp + bm * Tm + 2 * bz * Tz
            yield k, jump.rate * _local_coefficient(N, J, k), M, M


def blockwise_liouvillian(model: Model, N: int) -> sp.csr_matrix:
    """Reference assembly, one J block at a time with sparse Kronecker products (the library's first
    implementation, independent of the vectorized one)."""
    check_model(model)
    basis = DickeBasis(N)
    js = basis.J_values
    offsets = [basis.block_offset(J) for J in js]
    n = basis.size
    # Target block-row i receives from source blocks i-1, i, i+1; it is finished (and converted to
    # CSR) as soon as source i+1 is done, so only three block-rows are ever held in COO form.
    incoming: dict[int, list[sp.coo_matrix]] = {i: [] for i in range(js.size)}
    rows: list[sp.csr_matrix] = []

    def finish(i: int) -> None:
        d2 = (int(round(2 * js[i])) + 1) ** 2
        row, col, val = (np.concatenate(x) for x in zip(*((b.row, b.col, b.data) for b in incoming.pop(i))))
        rows.append(sp.csr_matrix((val, (row, col)), shape=(d2, n)))

    for i, J in enumerate(js):
        d = int(round(2 * J)) + 1
        eye = sp.identity(d, dtype=complex, format="csr")
        K_left, K_right = _block_generator(model, N, J)
        pieces = {0: [sp.kron(K_left, eye) + sp.kron(eye, K_right.T)]}
        for k, w, X, Y in _sandwiches(model, N, J):
            pieces.setdefault(k, []).append(w * sp.kron(X, Y.conj()))
        for k, mats in pieces.items():
            block = sum(mats[1:], mats[0]).tocoo()
            block.col = block.col + offsets[i]
            incoming[i + k].append(block)
        if i >= 1:
            finish(i - 1)
    finish(js.size - 1)
    out = sp.vstack(rows, format="csr")
    out.sum_duplicates()
    out.eliminate_zeros()
    return out


def general_model() -> Model:
    rng = np.random.default_rng(7)
    A = rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2))
    return Model(
        d=2,
        hamiltonian=(term(0.7, SIGMA_X, SIGMA_Z, SIGMA_Y), term(0.4, SIGMA_Z, SIGMA_Z), term(-0.3, SIGMA_Y)),
        collective=(CollectiveDissipator((SIGMA_MINUS, SIGMA_Z), np.array([[1.0, 0.2j], [-0.2j, 0.5]])),),
        local=(LocalJump(0.6, SIGMA_MINUS), LocalJump(0.3, SIGMA_Z), LocalJump(0.2, A + np.eye(2))),
    )


@pytest.mark.parametrize("N", [1, 2, 5, 8, 13])
@pytest.mark.parametrize("which", ["lmg", "general"])
def test_vectorized_assembly_equals_blockwise_reference(N, which):
    model = lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=2.0, gamma=1.0)) if which == "lmg" else general_model()
    fast, reference = liouvillian(model, N), blockwise_liouvillian(model, N)
    assert fast.shape == reference.shape == (DickeBasis(N).size,) * 2
    assert abs(fast - reference).max() <= 1e-12 * max(1.0, abs(reference).max())


@pytest.mark.parametrize("N", [1, 4, 7])
@pytest.mark.parametrize("which", ["lmg", "lmg_h0", "general"])
def test_assembly_plan_bounds_the_matrix(N, which):
    """The plan (read before the matrix exists) bounds its nonzeros and its reach in coherence order."""
    model = {"lmg": lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=2.0, gamma=1.0)),
             "lmg_h0": lmg_model(LMGParameters(J=3.0, h=0.0, Gamma=2.0, gamma=1.0)),
             "general": general_model()}[which]
    plan = assembly(model, N)
    L = plan.matrix().tocoo()
    q = DickeBasis(N).coherence_order
    reach = int(np.abs(q[L.row] - q[L.col]).max())
    assert plan.triplets >= L.nnz
    # The solver's colouring needs reach ≥ the matrix's; the terms here realize their reach for N ≥ 4.
    assert plan.coherence_reach >= reach
    if N >= 4:
        assert plan.coherence_reach == reach == {"lmg": 1, "lmg_h0": 0, "general": 2}[which]
    # Selected rows in any order, columns relabelled (what the solver assembles), are exactly those
    # rows of the full matrix.
    rows = np.random.default_rng(N).permutation(np.flatnonzero(q >= 0))
    columns = np.random.default_rng(N + 1).permutation(q.size)
    part = plan.matrix(rows=rows, columns=columns)
    assert abs(part - plan.matrix()[rows][:, np.argsort(columns)]).max() == 0


@pytest.mark.parametrize("N", [1, 4])
def test_model_without_terms_generates_zero(N):
    """An empty operator (no Hamiltonian, no dissipator) is zero, not the identity of a sandwich."""
    assert liouvillian(Model(d=2), N).nnz == 0
