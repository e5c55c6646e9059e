"""Mean-field drift of a :class:`~permqs.model.Model` (paper 000 Eq. 5, paper 004 Eq. 9).

For N → ∞ every ensemble e stays in a product state ρ_e^{⊗N} and every boson mode in a coherent state with scaled
amplitude α_μ = ⟨a_μ⟩/√N. Dropping O(1/N) commutators in the Heisenberg equations gives

    dρ_e/dt = -i[H_mf,e, ρ_e] + Σ_local γ D[L](ρ_e)
              + ½ Σ_ab c_ab (⟨A_b†⟩[A_a, ρ_e] + ⟨A_a⟩[ρ_e, A_b†])               (each collective dissipator)
    dα_μ/dt = -iω_μ α_μ - (κ_μ/2) α_μ - i Σ_couplings g f(t) ⟨A⟩

    H_mf,e  = Σ_terms c f(t) Σ_{j: e_j = e} (Π_{l≠j} ⟨A_l⟩) A_j + Σ_couplings g f(t) (α_μ + α_μ*) A,

i.e. each Hamiltonian term contributes its derivative with respect to each of its factors on ensemble e, the
N^(1-k) scaling cancelling the N^(k-1) of the remaining collective expectations. For one jump,
(Γ/N) D[V[L]] → (Γ/2)(⟨L†⟩[L, ρ] + ⟨L⟩[ρ, L†]). For Hermitian c_ab the collective part equals -i[K, ρ] with the
Hermitian K = (i/2) Σ_ab c_ab (⟨A_b†⟩ A_a - ⟨A_a⟩ A_b†): collective dissipation is a nonlinear Hamiltonian at
mean-field level, so only local jumps change the purity of ρ_e.

State vector (real): per ensemble the d²-1 generalized Bloch components ξ_e (ρ_e = (1 + ξ_e·v)/d, paper 000
Eq. 3; for d = 2 the magnetization m), then (Re α_μ, Im α_μ) per mode. In these coordinates the drift is a real
polynomial of degree K (the largest number of factors in a term, at least 2 with collective dissipators or bosons),
so it is precomputed once as one tensor per time modulation and evaluated by K matrix-vector products.
"""
from __future__ import annotations

from itertools import permutations
from typing import Callable, Optional, Sequence

import numpy as np

from ..model import Model
from ..operators import bloch_vector, density_from_bloch, gell_mann, spin_matrices


class MeanField:
    """The mean-field drift g(y) of a model, its Jacobian, and the packing of (ρ_e, α_μ) into a real vector y.

    ``mf(t, y)`` and ``mf.jacobian(t, y)`` have the signatures scipy's ``solve_ivp`` expects.
    :meth:`rho_derivative` evaluates the same drift directly from the density-matrix formulas above (slow,
    the readable definition); the tensor evaluation of ``__call__`` is checked against it in the tests.
    """

    def __init__(self, model: Model):
        self.model = model
        self.d = model.d
        self.n_ensembles = model.n_ensembles
        self.n_modes = len(model.modes)
        self.n_bloch = self.d**2 - 1
        self.n_spin = self.n_ensembles * self.n_bloch
        self.dim = self.n_spin + 2 * self.n_modes
        self._basis = gell_mann(self.d)
        self._groups = self._build_tensors()

    # ------------------------------------------------------------------ packing
    def pack(self, rhos: np.ndarray, alphas: Optional[Sequence[complex]] = None) -> np.ndarray:
        """y from single-site states (one d×d matrix for all ensembles, or shape (n_ensembles, d, d)) and α_μ."""
        rhos = np.broadcast_to(np.asarray(rhos, dtype=complex), (self.n_ensembles, self.d, self.d))
        return self.from_bloch(bloch_vector(rhos), alphas)

    def from_bloch(self, xi: np.ndarray, alphas: Optional[Sequence[complex]] = None) -> np.ndarray:
        """y from Bloch vectors (shape (d²-1,) for all ensembles, or (n_ensembles, d²-1)) and α_μ (default 0)."""
        xi = np.broadcast_to(np.asarray(xi, dtype=float), (self.n_ensembles, self.n_bloch))
        alphas = np.zeros(self.n_modes, dtype=complex) if alphas is None else np.asarray(alphas, dtype=complex)
        if alphas.shape != (self.n_modes,):
            raise ValueError(f"expected {self.n_modes} boson amplitudes, got shape {alphas.shape}")
        return np.concatenate([xi.ravel(), np.column_stack([alphas.real, alphas.imag]).ravel()])

    def random_coherent_state(self, rng: np.random.Generator) -> np.ndarray:
        """y with every ensemble in an independent random spin coherent state and α_μ = 0 (paper 004 Fig. 3)."""
        return self.pack(np.array([random_spin_coherent_state(self.d, rng) for _ in range(self.n_ensembles)]))

    def bloch(self, y: np.ndarray) -> np.ndarray:
        """Bloch vectors ξ_e, shape (..., n_ensembles, d²-1), for y of shape (..., dim)."""
        y = np.asarray(y, dtype=float)
        return y[..., : self.n_spin].reshape(y.shape[:-1] + (self.n_ensembles, self.n_bloch))

    def alphas(self, y: np.ndarray) -> np.ndarray:
        """Scaled boson amplitudes α_μ = ⟨a_μ⟩/√N, shape (..., n_modes)."""
        y = np.asarray(y, dtype=float)
        b = y[..., self.n_spin :].reshape(y.shape[:-1] + (self.n_modes, 2))
        return b[..., 0] + 1j * b[..., 1]

    def rhos(self, y: np.ndarray) -> np.ndarray:
        """Single-site states ρ_e = (1 + ξ_e·v)/d, shape (..., n_ensembles, d, d)."""
        return density_from_bloch(self.bloch(y), self.d)

    def unpack(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(ρ_e, α_μ) from y (inverse of :meth:`pack`); leading batch axes of y are kept."""
        return self.rhos(y), self.alphas(y)

    # ------------------------------------------------------------------ drift
    def rho_derivative(
        self, t: float, rhos: np.ndarray, alphas: Optional[Sequence[complex]] = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(dρ_e/dt, dα_μ/dt) straight from the formulas of the module docstring (reference implementation)."""
        m = self.model
        rhos = np.broadcast_to(np.asarray(rhos, dtype=complex), (self.n_ensembles, self.d, self.d))
        alphas = np.zeros(self.n_modes, complex) if alphas is None else np.asarray(alphas, dtype=complex)

        def mean(a: np.ndarray, e: int) -> complex:
            return np.trace(a @ rhos[e])

        h = np.zeros((self.n_ensembles, self.d, self.d), dtype=complex)
        for tm in m.hamiltonian:
            f = 1.0 if tm.modulation is None else tm.modulation(t)
            means = [mean(fa.matrix, fa.ensemble) for fa in tm.factors]
            for j, fa in enumerate(tm.factors):
                h[fa.ensemble] += tm.coefficient * f * np.prod(means[:j] + means[j + 1 :]) * fa.matrix
        for c in m.couplings:
            f = 1.0 if c.modulation is None else c.modulation(t)
            h[c.factor.ensemble] += c.strength * f * 2 * alphas[c.mode].real * c.factor.matrix
        drho = -1j * (h @ rhos - rhos @ h)
        for diss in m.collective:
            r = rhos[diss.ensemble]
            ops = [np.asarray(o, dtype=complex) for o in diss.operators]
            for a, la in enumerate(ops):
                for b, lb in enumerate(ops):
                    lbd = lb.conj().T
                    drho[diss.ensemble] += 0.5 * diss.kossakowski[a, b] * (
                        mean(lbd, diss.ensemble) * (la @ r - r @ la) + mean(la, diss.ensemble) * (r @ lbd - lbd @ r)
                    )
        for jump in m.local:
            ens = range(self.n_ensembles) if jump.ensemble is None else [jump.ensemble]
            L = np.asarray(jump.operator, dtype=complex)
            ld = L.conj().T
            for e in ens:
                r = rhos[e]
                drho[e] += jump.rate * (L @ r @ ld - 0.5 * (ld @ L @ r + r @ ld @ L))
        dalpha = (-1j * np.array([mo.frequency for mo in m.modes]) - 0.5 * np.array([mo.loss for mo in m.modes])) * alphas
        for c in m.couplings:
            f = 1.0 if c.modulation is None else c.modulation(t)
            dalpha[c.mode] += -1j * c.strength * f * mean(c.factor.matrix, c.factor.ensemble)
        return drho, dalpha

    def __call__(self, t: float, y: np.ndarray) -> np.ndarray:
        """dy/dt = g(t, y): Σ_groups f(t) T(z, …, z) with z = (1, y)."""
        z = np.empty(self.dim + 1)
        z[0] = 1.0
        z[1:] = y
        out = np.zeros(self.dim)
        for f, tensor, degree in self._groups:
            v = tensor
            for _ in range(degree):
                v = v @ z
            out += v if f is None else f(t) * v
        return out

    def jacobian(self, t: float, y: np.ndarray) -> np.ndarray:
        """∂g/∂y (paper 000 Eq. C1), exact: the tensors are symmetric, so ∂T(z,…,z)/∂z = K T(z,…,z,·)."""
        z = np.empty(self.dim + 1)
        z[0] = 1.0
        z[1:] = y
        out = np.zeros((self.dim, self.dim))
        for f, tensor, degree in self._groups:
            v = tensor
            for _ in range(degree - 1):
                v = v @ z
            v = degree * v[:, 1:]
            out += v if f is None else f(t) * v
        return out

    # ------------------------------------------------------------------ precomputation
    def _build_tensors(self) -> list[tuple[Optional[Callable[[float], float]], np.ndarray, int]]:
        """One symmetric real tensor of shape (dim, dim+1, …, dim+1) per distinct modulation f(t)."""
        m, d, n = self.model, self.d, self.dim
        # ρ_e(z) = Σ_j R[e, j] z_j: affine in the augmented coordinates z = (1, y).
        R = np.zeros((self.n_ensembles, n + 1, d, d), dtype=complex)
        for e in range(self.n_ensembles):
            R[e, 0] = np.eye(d) / d
            R[e, 1 + e * self.n_bloch : 1 + (e + 1) * self.n_bloch] = self._basis / d

        def mean(a: np.ndarray, e: int) -> np.ndarray:
            """⟨A⟩_e as a linear form in z."""
            return np.einsum("jkl,lk->j", R[e], a)

        def bloch_rows(e: int, action: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
            """(dim, dim+1) matrix of z ↦ (d/2) Tr(v_a action(ρ_e(z))) on the rows of ensemble e."""
            out = np.zeros((n, n + 1), dtype=complex)
            images = np.array([action(r) for r in R[e]])
            out[e * self.n_bloch : (e + 1) * self.n_bloch] = (d / 2) * np.einsum("aij,zji->az", self._basis, images)
            return out

        def commutator(a: np.ndarray, e: int) -> np.ndarray:
            return bloch_rows(e, lambda r: -1j * (a @ r - r @ a))

        pieces: dict[int, tuple[Optional[Callable], list[np.ndarray]]] = {}

        def add(f: Optional[Callable], tensor: np.ndarray) -> None:
            pieces.setdefault(id(f), (f, []))[1].append(tensor)

        def outer(rows: np.ndarray, forms: Sequence[np.ndarray]) -> np.ndarray:
            out = rows
            for form in forms:
                out = np.multiply.outer(out, form)
            return out

        for tm in m.hamiltonian:
            means = [mean(fa.matrix, fa.ensemble) for fa in tm.factors]
            for j, fa in enumerate(tm.factors):
                add(tm.modulation, tm.coefficient * outer(commutator(fa.matrix, fa.ensemble), means[:j] + means[j + 1 :]))
        for c in m.couplings:
            re = np.zeros(n + 1)
            re[1 + self.n_spin + 2 * c.mode] = 1.0
            # H_mf ∋ g f (α + α*) A = 2 g f Re(α) A
            add(c.modulation, c.strength * outer(commutator(c.factor.matrix, c.factor.ensemble), [2 * re]))
        for diss in m.collective:
            e, cab = diss.ensemble, np.asarray(diss.kossakowski, dtype=complex)
            ops = [np.asarray(o, dtype=complex) for o in diss.operators]
            for a, la in enumerate(ops):
                for b, lb in enumerate(ops):
                    lbd = lb.conj().T
                    # ½ c_ab ⟨A_b†⟩[A_a, ρ] = -i[(i/2) c_ab ⟨A_b†⟩ A_a, ρ], and likewise for ⟨A_a⟩[ρ, A_b†].
                    add(None, 0.5j * cab[a, b] * outer(commutator(la, e), [mean(lbd, e)]))
                    add(None, -0.5j * cab[a, b] * outer(commutator(lbd, e), [mean(la, e)]))
        for jump in m.local:
            L = np.asarray(jump.operator, dtype=complex)
            Ld = L.conj().T
            LdL = Ld @ L
            ens = range(self.n_ensembles) if jump.ensemble is None else [jump.ensemble]
            for e in ens:
                add(None, jump.rate * bloch_rows(e, lambda r: L @ r @ Ld - 0.5 * (LdL @ r + r @ LdL)))
        for mu, mode in enumerate(m.modes):
            row = np.zeros(n + 1, dtype=complex)  # dα/dt as a complex linear form in z
            row[1 + self.n_spin + 2 * mu] = 1.0
            row[2 + self.n_spin + 2 * mu] = 1.0j
            add(None, self._boson_rows(mu, (-1j * mode.frequency - 0.5 * mode.loss) * row))
        for c in m.couplings:
            add(c.modulation, self._boson_rows(c.mode, -1j * c.strength * mean(c.factor.matrix, c.factor.ensemble)))

        degree = max((t.ndim - 1 for _, ts in pieces.values() for t in ts), default=1)
        groups = []
        for f, tensors in pieces.values():
            total = np.zeros((n,) + (n + 1,) * degree, dtype=complex)
            for t in tensors:
                # A lower-degree piece is padded with the constant slot z_0 = 1.
                total[(Ellipsis,) + (0,) * (degree + 1 - t.ndim)] += t
            # Hermitian models give a real drift; the imaginary part only holds cancelling round-off.
            total = total.real
            axes = list(permutations(range(1, degree + 1)))
            total = sum(total.transpose((0,) + p) for p in axes) / len(axes)
            groups.append((f, np.ascontiguousarray(total), degree))
        return groups

    def _boson_rows(self, mode: int, row: np.ndarray) -> np.ndarray:
        """(dim, dim+1) matrix putting a complex linear form dα/dt = row·z into the rows (Re α, Im α)."""
        out = np.zeros((self.dim, self.dim + 1), dtype=complex)
        out[self.n_spin + 2 * mode] = row
        out[self.n_spin + 2 * mode + 1] = -1j * row  # Re(-i w) = Im(w), and z is real
        return out


def spin_coherent_state(d: int, direction: Sequence[float]) -> np.ndarray:
    """Pure single-site state of maximal spin length s = (d-1)/2 along ``direction`` (|n·S| eigenvalue s)."""
    n = np.asarray(direction, dtype=float)
    n = n / np.linalg.norm(n)
    sx, sy, sz = spin_matrices(d)
    _, vecs = np.linalg.eigh(n[0] * sx + n[1] * sy + n[2] * sz)
    v = vecs[:, -1]
    return np.outer(v, v.conj())


def random_spin_coherent_state(d: int, rng: np.random.Generator) -> np.ndarray:
    """Spin coherent state along a direction uniform on the sphere (random states of paper 004 Fig. 3)."""
    return spin_coherent_state(d, rng.normal(size=3))
