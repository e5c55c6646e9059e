"""Paper 004 model: the generic mean-field drift of the d-level LMG model against the paper's hand-written
equations — Eq. 10 (d = 2), App. A Eqs. A1-A9 (general d, general ℓ_m), Eq. 14 — and App. B stability."""
import numpy as np
import pytest

from permqs.meanfield import MeanField, spin_coherent_state
from permqs.model import LocalJump, Model, collective_jump, term
from permqs.models.qudit_lmg import (DISSIPATORS, QuditLMGParameters, jump_operator, ladder_coefficients,
                                     qudit_lmg_model, scaled_spin)
from permqs.operators import gell_mann, spin_matrices

RNG = np.random.default_rng(20240404)


def random_state(d: int) -> np.ndarray:
    g = RNG.normal(size=(d, d)) + 1j * RNG.normal(size=(d, d))
    rho = g @ g.conj().T
    return rho / np.trace(rho)


def drho(mf: MeanField, rho: np.ndarray) -> np.ndarray:
    """dρ/dt from the tensor drift (the code path the workflow uses), back in matrix form."""
    dy = mf(0.0, mf.pack(rho))
    return np.einsum("a,aij->ij", dy, gell_mann(mf.d)) / mf.d


# ------------------------------------------------------------------ the paper's equations, transcribed
def eq10(x, y, z, V, g_i, g_c):
    return np.array([-2 * V * y * z - g_i * x + g_c * x * z,
                     -2 * V * x * z - g_i * y + g_c * y * z,
                     4 * V * x * y - 2 * g_i * (z + 1) - g_c * (x * x + y * y)])


def eq14(x, y, z, V, g):
    return np.array([-2 * V * y * z + g * x * z, -2 * V * x * z + g * y * z, 4 * V * x * y - g * (x * x + y * y)])


def appendix_a(rho, ell, V, g_i, g_c):
    """d⟨S_{x;m,n}⟩/dt and d⟨S_{y;m,n}⟩/dt from Eqs. A3-A4 (unitary), A8 (individual), A5-A6 (collective) with
    the factorisation A9. Array index a = m + j (paper order m = -j..j); ⟨S_x;m,n⟩ = Re ρ_nm, ⟨S_y;m,n⟩ = Im ρ_nm."""
    d = rho.shape[0]
    j = (d - 1) / 2
    P = rho[::-1, ::-1]  # permqs orders m = j..-j
    Sx, Sy = np.real(P).T, np.imag(P).T
    m_val = np.arange(d) - j
    A = np.sqrt((j - m_val) * (j + m_val + 1))  # A_{j,m}; A_{j,j} = 0
    l = np.zeros(d, complex)
    l[: d - 1] = ell  # ℓ_m, ℓ_j = 0

    def at(arr, a):
        return arr[a] if 0 <= a < d else 0.0

    def S(M, a, b):
        return M[a, b] if 0 <= a < d and 0 <= b < d else 0.0

    XN = sum(A[a] * Sx[a + 1, a] for a in range(d - 1))  # ⟨J_x⟩/N
    YN = sum(A[a] * Sy[a + 1, a] for a in range(d - 1))

    def calA(M, s1, s2, m, n):  # Eq. A4
        return (at(A, n - 1) * S(M, m, n - 1) + s1 * s2 * at(A, m - 1) * S(M, n, m - 1)
                + s1 * at(A, n) * S(M, m, n + 1) + s2 * at(A, m) * S(M, n, m + 1))

    def calRI(M, part, s1, s2, m, n, o):  # Eq. A6
        c = lambda u: part(np.conj(at(l, u)) * l[o]) if 0 <= u < d else 0.0
        return (c(n - 1) * S(M, m, n - 1) + s1 * s2 * c(m - 1) * S(M, n, m - 1)
                + s1 * c(n) * S(M, m, n + 1) + s2 * c(m) * S(M, n, m + 1))

    R = lambda M, s1, s2, m, n, o: calRI(M, np.real, s1, s2, m, n, o)
    I = lambda M, s1, s2, m, n, o: calRI(M, np.imag, s1, s2, m, n, o)
    dx, dy = np.zeros((d, d)), np.zeros((d, d))
    for m in range(d):
        for n in range(d):
            ux = (V / j) * (XN * calA(Sy, 1, 1, m, n) + YN * calA(Sx, -1, -1, m, n))
            uy = (V / j) * (YN * calA(Sy, -1, 1, m, n) - XN * calA(Sx, 1, -1, m, n))
            lm = np.conj(at(l, m)) * at(l, n)
            dec = (abs(at(l, n - 1)) ** 2 + abs(at(l, m - 1)) ** 2) / 2
            ix = (g_i / j) * (lm.real * S(Sx, m + 1, n + 1) - lm.imag * S(Sy, m + 1, n + 1) - dec * Sx[m, n])
            iy = (g_i / j) * (lm.real * S(Sy, m + 1, n + 1) + lm.imag * S(Sx, m + 1, n + 1) - dec * Sy[m, n])
            cx = cy = 0.0
            for o in range(d - 1):
                cx += (-(R(Sy, 1, 1, m, n, o) + I(Sx, -1, -1, m, n, o)) * Sy[o + 1, o]
                       - (R(Sx, -1, -1, m, n, o) - I(Sy, 1, 1, m, n, o)) * Sx[o + 1, o])
                cy += (-(R(Sy, -1, 1, m, n, o) + I(Sx, 1, -1, m, n, o)) * Sx[o + 1, o]
                       + (R(Sx, 1, -1, m, n, o) - I(Sy, -1, 1, m, n, o)) * Sy[o + 1, o])
            dx[m, n] = ux + ix + g_c / (2 * j) * cx
            dy[m, n] = uy + iy + g_c / (2 * j) * cy
    return dx, dy


RATES = [(0.7, 0.0), (0.0, 0.9), (0.3, 0.8), (1.3, 2.1)]


# ------------------------------------------------------------------ tests
@pytest.mark.parametrize("V", [1.0, -0.6, 2.5])
@pytest.mark.parametrize("g_i,g_c", RATES)
def test_eq10_exact_for_qubits(V, g_i, g_c):
    """Eq. 10: the generic drift for d = 2 is the paper's qubit equations, at random (mixed) states."""
    for dissipator in DISSIPATORS:
        mf = MeanField(qudit_lmg_model(QuditLMGParameters(2, V, g_i, g_c, dissipator)))
        for _ in range(5):
            rho = random_state(2)
            x, y, z = scaled_spin(rho)
            np.testing.assert_allclose(scaled_spin(drho(mf, rho)), eq10(x, y, z, V, g_i, g_c), rtol=0, atol=1e-12)
            # for d = 2 the Bloch coordinates are (X, Y, Z) themselves
            np.testing.assert_allclose(mf(0.0, mf.pack(rho)), eq10(x, y, z, V, g_i, g_c), rtol=0, atol=1e-12)


@pytest.mark.parametrize("d", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("dissipator", DISSIPATORS)
@pytest.mark.parametrize("g_i,g_c", RATES)
def test_eq9_equals_appendix_a_general_d(d, dissipator, g_i, g_c):
    """Eq. 9 with the f, g, h of App. A (Eqs. A3-A9): every ⟨S_{α;m,n}⟩ derivative, random states, 1e-12."""
    V = 1.3
    mf = MeanField(qudit_lmg_model(QuditLMGParameters(d, V, g_i, g_c, dissipator)))
    for _ in range(3):
        rho = random_state(d)
        hx, hy = appendix_a(rho, ladder_coefficients(d, dissipator), V, g_i, g_c)
        P = drho(mf, rho)[::-1, ::-1]
        np.testing.assert_allclose(np.real(P).T, hx, rtol=0, atol=1e-12)
        np.testing.assert_allclose(np.imag(P).T, hy, rtol=0, atol=1e-12)


@pytest.mark.parametrize("d", [3, 4, 5])
def test_eq9_equals_appendix_a_complex_ladder(d):
    """App. A holds for any complex ℓ_m (Eq. 4); exercises the Im[ℓ*ℓ] terms that real dissipators leave out."""
    j = (d - 1) / 2
    ell = RNG.normal(size=d - 1) + 1j * RNG.normal(size=d - 1)
    L = np.zeros((d, d), complex)
    for a, value in enumerate(ell):  # ℓ_m |m⟩⟨m+1| with m = -j + a at index j - m
        k = d - 1 - a
        L[k, k - 1] = value
    np.testing.assert_allclose(np.diag(L, -1)[::-1], ell)
    sx, sy, _ = spin_matrices(d)
    V, g_i, g_c = 0.8, 0.45, 0.6
    model = Model(d=d, hamiltonian=(term(V / j, sx, sx), term(-V / j, sy, sy)),
                  collective=(collective_jump(g_c / j, L),), local=(LocalJump(g_i / j, L),))
    mf = MeanField(model)
    rho = random_state(d)
    hx, hy = appendix_a(rho, ell, V, g_i, g_c)
    P = drho(mf, rho)[::-1, ::-1]
    np.testing.assert_allclose(np.real(P).T, hx, rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.imag(P).T, hy, rtol=0, atol=1e-12)


@pytest.mark.parametrize("d", [2, 3, 4, 5, 8, 13])
def test_eq14_exact_for_collective_spin_ladder(d):
    """Eq. 14 with γ_I = 0: spin coherent states stay coherent and (X, Y, Z) obey Eq. 14 exactly, for any d."""
    V, g_c = 0.9, 1.4
    mf = MeanField(qudit_lmg_model(QuditLMGParameters(d, V, 0.0, g_c, "spin")))
    for _ in range(4):
        rho = spin_coherent_state(d, RNG.normal(size=3))
        x, y, z = scaled_spin(rho)
        np.testing.assert_allclose(scaled_spin(drho(mf, rho)), eq14(x, y, z, V, g_c), rtol=0, atol=1e-12)


def test_eq14_is_the_large_spin_limit_with_local_decay():
    """With γ_I > 0 Eq. 14 is the j → ∞ limit (Sec. III C): the deviation falls like 1/j, it is not exact."""
    V, g_i, g_c = 1.0, 0.7, 0.4
    direction = [0.5, -0.3, 0.4]
    errors = {}
    for d in (5, 9, 13):
        mf = MeanField(qudit_lmg_model(QuditLMGParameters(d, V, g_i, g_c, "spin")))
        rho = spin_coherent_state(d, direction)
        x, y, z = scaled_spin(rho)
        errors[(d - 1) / 2] = np.max(np.abs(scaled_spin(drho(mf, rho)) - eq14(x, y, z, V, g_i + g_c)))
    js = sorted(errors)
    assert errors[js[0]] > 1e-2  # finite d: not Eq. 14
    scaled = [errors[j] * j for j in js]
    assert max(scaled) / min(scaled) < 1.5  # error ∝ 1/j


def test_jump_operators_follow_eqs_5_and_6():
    for d in range(2, 9):
        j = (d - 1) / 2
        m = -j + np.arange(d - 1)
        spin, uniform = ladder_coefficients(d, "spin"), ladder_coefficients(d, "uniform")
        np.testing.assert_allclose(spin, np.sqrt((j - m) * (j + m + 1)))  # A_{j,m}
        np.testing.assert_allclose(uniform, np.sqrt(2 * j))
        assert spin[0] == pytest.approx(np.sqrt(2 * j)) == uniform[0]  # convention ℓ_{-j} = √(2j)
        sx, sy, _ = spin_matrices(d)
        np.testing.assert_allclose(jump_operator(d, "spin"), sx - 1j * sy)
        same = np.allclose(jump_operator(d, "spin"), jump_operator(d, "uniform"))
        assert same == (d <= 3)  # identical for d = 2, 3 only (Sec. II)
    with pytest.raises(ValueError):
        QuditLMGParameters(3, dissipator="flat")
    with pytest.raises(ValueError):
        QuditLMGParameters(3, gamma_I=-1.0)


@pytest.mark.parametrize("d", [2, 3, 4, 6])
@pytest.mark.parametrize("dissipator", DISSIPATORS)
def test_polarized_state_stability_appendix_b(d, dissipator):
    """Eq. 12 is a fixed point; its Jacobian has the 2×2-block eigenvalues -(γ_I+γ_C) ± 2|V| (Eq. B2 with
    ℓ_{-j} = √(2j)) and is stable iff γ_I + γ_C > 2|V|, for every d and both dissipators."""
    V = 1.0
    for total, stable in ((1.9, False), (2.1, True)):
        g_i, g_c = total / 3, 2 * total / 3
        mf = MeanField(qudit_lmg_model(QuditLMGParameters(d, V, g_i, g_c, dissipator)))
        rho = np.zeros((d, d))
        rho[-1, -1] = 1.0
        y = mf.pack(rho)
        assert np.max(np.abs(mf(0.0, y))) < 1e-14
        ev = np.linalg.eigvals(mf.jacobian(0.0, y))
        for expected in (-total + 2 * V, -total - 2 * V):
            assert np.min(np.abs(ev - expected)) < 1e-10
        assert (ev.real.max() < 0) == stable
