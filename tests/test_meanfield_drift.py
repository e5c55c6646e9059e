"""The generic mean-field drift (paper 000 Eq. 5) against hand-written equations and its own definition."""
import numpy as np
import pytest

from permqs.dense import DenseSystem
from permqs.meanfield import MeanField, random_spin_coherent_state, spin_coherent_state
from permqs.model import BosonCoupling, BosonMode, CollectiveDissipator, Factor, HamiltonianTerm, LocalJump, Model, term
from permqs.models.lmg import LMGParameters, lmg_model
from permqs.operators import SIGMA_X, SIGMA_Z, spin_matrices


def eq16(m, p: LMGParameters, h=None):
    """Paper 000 Eq. 16."""
    mx, my, mz = m
    J, G, g = p.J, p.Gamma, p.gamma
    h = p.h if h is None else h
    return np.array([
        J * my * mz + G * mx * mz / 2 - g * mx / 2,
        -J * mx * mz - h * mz + G * my * mz / 2 - g * my / 2,
        h * my - G * (mx**2 + my**2) / 2 + g * (1 - mz),
    ])


def random_rho(d, rng):
    a = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    r = a @ a.conj().T
    return r / np.trace(r)


def random_hermitian(d, rng):
    a = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    return a + a.conj().T


def test_lmg_drift_is_eq16():
    rng = np.random.default_rng(0)
    for _ in range(20):
        p = LMGParameters(J=rng.uniform(-4, 4), h=rng.uniform(-2, 2), Gamma=rng.uniform(0, 3), gamma=rng.uniform(0, 3))
        mf = MeanField(lmg_model(p))
        m = rng.normal(size=3)
        m *= rng.uniform(0, 1) / np.linalg.norm(m)
        y = mf.from_bloch(m)
        assert np.allclose(mf(0.0, y), eq16(m, p), atol=1e-12, rtol=0)
        drho, _ = mf.rho_derivative(0.0, mf.rhos(y))
        assert np.allclose(mf.pack(drho), eq16(m, p), atol=1e-12, rtol=0)  # ξ(ρ) is linear: pack(dρ) = dξ


def test_time_modulated_term():
    p = LMGParameters(J=3.0, h=0.0, Gamma=2.0, gamma=1.0)
    base = lmg_model(p)
    model = Model(d=2, hamiltonian=base.hamiltonian + (term(0.8 / 2, SIGMA_X, modulation=np.cos),),
                  collective=base.collective, local=base.local)
    mf = MeanField(model)
    m = np.array([0.3, -0.2, 0.5])
    for t in (0.0, 0.7, 2.5):
        assert np.allclose(mf(t, mf.from_bloch(m)), eq16(m, p, h=0.8 * np.cos(t)), atol=1e-12, rtol=0)


def test_open_dicke_drift_by_hand():
    """H = ω a†a + (ω0/2) V_z + g cos(νt)/√N (a + a†) V_x, loss κ: derived by hand from Heisenberg equations."""
    w, w0, g, kappa, nu = 1.3, 0.7, 0.9, 0.4, 2.1
    model = Model(d=2, hamiltonian=(term(w0 / 2, SIGMA_Z),), modes=(BosonMode(w, kappa),),
                  couplings=(BosonCoupling(0, g, Factor(SIGMA_X), modulation=lambda t: np.cos(nu * t)),))
    mf = MeanField(model)
    m, alpha, t = np.array([0.2, -0.5, 0.6]), 0.3 - 0.8j, 0.9
    bx = 4 * g * np.cos(nu * t) * alpha.real  # H_mf = (B·σ)/2 with B = (4 g f Re α, 0, ω0), dm/dt = B × m
    dm = np.cross([bx, 0.0, w0], m)
    dalpha = -1j * w * alpha - kappa / 2 * alpha - 1j * g * np.cos(nu * t) * m[0]
    expected = np.concatenate([dm, [dalpha.real, dalpha.imag]])
    assert np.allclose(mf(t, mf.from_bloch(m, [alpha])), expected, atol=1e-12, rtol=0)


def generic_model(rng) -> Model:
    """d = 3, two ensembles, a three-body term across ensembles, a 2×2 Kossakowski dissipator, local jumps,
    two boson modes and modulated terms: every feature of the Model description at once."""
    d = 3
    a, b, c = (random_hermitian(d, rng) for _ in range(3))
    l1, l2 = (rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)) for _ in range(2))
    ladder = l1 - l1.T  # a non-Hermitian operator for the c V[L]V[L] + h.c. pair
    k = rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2))
    return Model(
        d=d,
        n_ensembles=2,
        hamiltonian=(
            term(0.7, a, b),
            term(0.4 + 0.3j, ladder, ladder, ensemble=1),
            term(0.4 - 0.3j, ladder.conj().T, ladder.conj().T, ensemble=1),
            HamiltonianTerm(-0.5, (Factor(a, 0), Factor(c, 1), Factor(b, 0)), modulation=lambda t: np.sin(3 * t)),
            term(0.9, c, ensemble=1, modulation=np.cos),
        ),
        collective=(CollectiveDissipator((l1, l2), k @ k.conj().T, ensemble=0),
                    CollectiveDissipator((spin_matrices(d)[0] - 1j * spin_matrices(d)[1],), np.array([[1.3]]), 1)),
        local=(LocalJump(0.6, l2), LocalJump(0.3, ladder, ensemble=1)),
        modes=(BosonMode(1.1, 0.5), BosonMode(-0.4, 0.2)),
        couplings=(BosonCoupling(0, 0.8, Factor(a, 1)), BosonCoupling(1, 0.3, Factor(c, 0), modulation=np.cos)),
    )


def test_tensor_drift_equals_definition_for_generic_model():
    rng = np.random.default_rng(1)
    mf = MeanField(generic_model(rng))
    assert mf.dim == 2 * 8 + 4
    for _ in range(5):
        rhos = np.array([random_rho(3, rng) for _ in range(2)])
        alphas = rng.normal(size=2) + 1j * rng.normal(size=2)
        t = rng.uniform(0, 5)
        y = mf.pack(rhos, alphas)
        drho, dalpha = mf.rho_derivative(t, rhos, alphas)
        assert np.allclose(mf(t, y), mf.pack(drho, dalpha), atol=1e-12, rtol=0)


def test_drift_preserves_trace_and_hermiticity():
    rng = np.random.default_rng(2)
    mf = MeanField(generic_model(rng))
    rhos = np.array([random_rho(3, rng) for _ in range(2)])
    drho, _ = mf.rho_derivative(0.3, rhos, [0.2 + 0.1j, -0.4j])
    assert np.allclose(np.trace(drho, axis1=1, axis2=2), 0, atol=1e-12)
    assert np.allclose(drho, drho.conj().transpose(0, 2, 1), atol=1e-12)


def test_jacobian_matches_finite_differences():
    rng = np.random.default_rng(3)
    mf = MeanField(generic_model(rng))
    y = mf.pack(np.array([random_rho(3, rng) for _ in range(2)]), [0.3 - 0.2j, 0.1j])
    t, eps = 0.4, 1e-6
    fd = np.column_stack([(mf(t, y + eps * e) - mf(t, y - eps * e)) / (2 * eps) for e in np.eye(mf.dim)])
    assert np.allclose(mf.jacobian(t, y), fd, atol=1e-7, rtol=0)


def test_pack_unpack_round_trip():
    rng = np.random.default_rng(4)
    mf = MeanField(generic_model(rng))
    rhos = np.array([random_rho(3, rng) for _ in range(2)])
    alphas = np.array([0.5 + 0.25j, -1.0 + 0.0j])
    r, a = mf.unpack(mf.pack(rhos, alphas))
    assert np.allclose(r, rhos) and np.allclose(a, alphas)
    ys = np.stack([mf.pack(rhos, alphas)] * 4)
    assert mf.rhos(ys).shape == (4, 2, 3, 3) and mf.bloch(ys).shape == (4, 2, 8)


@pytest.mark.parametrize("d", [2, 3, 4, 5])
def test_spin_coherent_state_has_maximal_spin_length(d):
    rho = random_spin_coherent_state(d, np.random.default_rng(d))
    s = np.array([np.trace(rho @ sk).real for sk in spin_matrices(d)])
    assert np.isclose(np.linalg.norm(s), (d - 1) / 2) and np.isclose(np.trace(rho @ rho).real, 1)
    assert np.allclose(spin_coherent_state(2, [0, 0, 1]), [[1, 0], [0, 0]])


def exact_single_site_derivative(model: Model, rho: np.ndarray, n: int) -> np.ndarray:
    """d/dt Tr_{2..N} ρ_T at ρ_T = ρ^{⊗N} from the full N-unit master equation of the model (one ensemble),
    built by the dense full-space oracle (permqs.dense)."""
    d = model.d
    system = DenseSystem(model, n)
    rho_t = system.product_state(np.asarray(rho, dtype=complex))
    drho = (system.liouvillian() @ rho_t.ravel()).reshape(rho_t.shape)
    return np.trace(drho.reshape(d, d ** (n - 1), d, d ** (n - 1)), axis1=1, axis2=3)


def test_drift_is_the_large_n_limit_of_the_master_equation():
    """Independent of the mean-field derivation: on a product state the exact single-site derivative is a
    polynomial in 1/N of degree k-1 (k = most factors in a term); its value at 1/N = 0, extrapolated from
    N = 2, 3, 4, must be the drift. Covers k = 1, 2, 3 terms, a non-diagonal Kossakowski matrix and local jumps."""
    rng = np.random.default_rng(5)
    d = 3
    a, b, c = (random_hermitian(d, rng) for _ in range(3))
    l1, l2 = (rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)) for _ in range(2))
    k = rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2))
    model = Model(d=d, hamiltonian=(term(0.7, a, b), term(-0.3, a, c, b), term(0.5, c)),
                  collective=(CollectiveDissipator((l1, l2), k @ k.conj().T),), local=(LocalJump(0.6, l2),))
    rho = random_rho(d, rng)
    ns = np.array([2, 3, 4])
    exact = np.array([exact_single_site_derivative(model, rho, n) for n in ns])
    x = 1.0 / ns
    weights = [np.prod([-x[j] / (x[i] - x[j]) for j in range(3) if j != i]) for i in range(3)]  # Lagrange at x = 0
    extrapolated = np.tensordot(weights, exact, axes=1)
    drho, _ = MeanField(model).rho_derivative(0.0, rho)
    assert np.allclose(extrapolated, drho, atol=1e-10)
