"""Steady state of the driven-dissipative LMG model at h = 0 from the rate equations
(paper 000 App. A, Eqs. A11-A13).

At h = 0 the stationary blocks ρ_J are diagonal in the Dicke basis, so only the populations
p_{J,J_z} (O(N²) of them) are unknown. They obey a classical master equation whose generator
is assembled here with vectorized numpy and solved with the normalization Σ p = 1 imposed by
replacing one balance equation.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.special import gammaln

from ..information import entropy_of_eigenvalues


@dataclass(frozen=True)
class DiagonalLadder:
    """All (J, J_z) pairs of N spins-1/2, J = N/2, N/2-1, ..., J_z = -J..J, flattened."""

    N: int
    J: np.ndarray
    Jz: np.ndarray

    @classmethod
    def build(cls, N: int) -> "DiagonalLadder":
        if N < 1:
            raise ValueError(f"N must be >= 1, got {N}")
        js = N / 2 - np.arange(N // 2 + 1)
        sizes = (2 * js + 1).astype(int)
        J = np.repeat(js, sizes)
        start = np.repeat(np.cumsum(sizes) - sizes, sizes)
        Jz = -J + (np.arange(J.size) - start)
        return cls(N, J, Jz)

    def index(self, J: np.ndarray, Jz: np.ndarray) -> np.ndarray:
        """Flat index of (J, J_z); J runs downward from N/2, so block k = N/2 - J starts at Σ_{j>J}(2j+1)."""
        k = np.rint(self.N / 2 - J).astype(np.int64)
        top = self.N / 2
        # Σ_{i<k} (2(top-i)+1) = k(2 top + 1) - k(k-1)
        block_start = k * (2 * top + 1) - k * (k - 1)
        return np.rint(block_start + J + Jz).astype(np.int64)


def log_dim_J(N: int, J: np.ndarray) -> np.ndarray:
    """ln dim_J with dim_J = (2J+1) N! / ((N/2+J+1)! (N/2-J)!) (Eq. A2), exact through log-gamma."""
    J = np.asarray(J, dtype=float)
    return np.log(2 * J + 1) + gammaln(N + 1) - gammaln(N / 2 + J + 2) - gammaln(N / 2 - J + 1)


def _safe_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    # Where the denominator vanishes (J = 0 or J = 1/2) the numerator vanishes too (Eqs. A12d-e).
    return np.divide(num, den, out=np.zeros_like(num), where=den != 0)


def rate_matrix(N: int, Gamma: float, gamma: float) -> tuple[DiagonalLadder, sp.csr_matrix]:
    """Generator W of dp/dt = W p (Eqs. A11-A12); columns sum to zero."""
    lad = DiagonalLadder.build(N)
    J, Jz = lad.J, lad.Jz
    half = N / 2
    # Each rate C_k multiplies a source population; write W[target, source] for every source.
    rows, cols, vals = [], [], []

    def add(src_J, src_Jz, tgt_J, tgt_Jz, rate):
        ok = (rate != 0) & (np.abs(tgt_Jz) <= tgt_J) & (tgt_J >= half % 1) & (tgt_J <= half)
        ok &= (np.abs(src_Jz) <= src_J) & (src_J >= half % 1) & (src_J <= half)
        rows.append(lad.index(tgt_J[ok], tgt_Jz[ok]))
        cols.append(lad.index(src_J[ok], src_Jz[ok]))
        vals.append(rate[ok])

    # C2: p_{J,Jz+1} -> p_{J,Jz}; C3: p_{J+1,Jz-1}; C4: p_{J,Jz-1}; C5: p_{J-1,Jz-1} (targets (J,Jz)).
    add(J, Jz + 1, J, Jz, Gamma / N * (J - Jz) * (J + Jz + 1))
    add(J + 1, Jz - 1, J, Jz, gamma * (J - Jz + 1) * (J - Jz + 2) * (half + J + 2) / (2 * (J + 1) * (2 * J + 3)))
    add(J, Jz - 1, J, Jz, gamma * _safe_ratio((J - Jz + 1) * (J + Jz) * (half + 1), 2 * J * (J + 1)))
    add(J - 1, Jz - 1, J, Jz, gamma * _safe_ratio((J + Jz - 1) * (J + Jz) * (half - J + 1), 2 * J * (2 * J - 1)))
    n = J.size
    C1 = Gamma / N * (1 + J - Jz) * (J + Jz) + gamma * (half - Jz)
    rows.append(np.arange(n))
    cols.append(np.arange(n))
    vals.append(-C1)
    W = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    return lad, W


@dataclass(frozen=True)
class RateSteadyState:
    """Stationary populations p_{J,J_z} and the solver's diagnostics."""

    N: int
    J: np.ndarray
    Jz: np.ndarray
    p: np.ndarray
    residual: float      # ||W p||_2 / ||p||_2
    seconds: float

    def magnetization_z(self) -> float:
        """⟨m_z⟩ = (2/N) Σ J_z p_{J,J_z} (below Eq. A13)."""
        return float(2 / self.N * np.sum(self.Jz * self.p))

    def total_entropy(self) -> float:
        """S(ρ_T) = Σ p (-ln p + ln dim_J) (Eq. A13)."""
        return entropy_of_eigenvalues(self.p) + float(np.sum(self.p * log_dim_J(self.N, self.J)))


class ConvergenceError(RuntimeError):
    """A steady-state solve whose residual exceeds the tolerance."""


def solve_rate_equations(N: int, Gamma: float, gamma: float, tol: float = 1e-10) -> RateSteadyState:
    """Stationary solution of Eqs. A11-A12 with Σ p = 1.

    The balance equation of the fully polarized state (J = N/2, J_z = N/2) is replaced by the
    normalization; the relative residual ||W p||/||p|| is checked against ``tol``.
    """
    if Gamma < 0 or gamma < 0:
        raise ValueError(f"rates must be >= 0, got Gamma={Gamma}, gamma={gamma}")
    t0 = time.perf_counter()
    lad, W = rate_matrix(N, Gamma, gamma)
    n = W.shape[0]
    A = W.tolil()
    replaced = int(lad.index(np.array([N / 2]), np.array([N / 2]))[0])
    A[replaced, :] = np.ones(n)
    b = np.zeros(n)
    b[replaced] = 1.0
    p = spla.spsolve(A.tocsc(), b)
    p = np.where(np.abs(p) < 1e-300, 0.0, p)
    residual = float(np.linalg.norm(W @ p) / np.linalg.norm(p))
    seconds = time.perf_counter() - t0
    if not np.isfinite(residual) or residual > tol:
        raise ConvergenceError(f"rate equations N={N}, Γ={Gamma}, γ={gamma}: residual {residual:.3e} > tol {tol:.1e}")
    return RateSteadyState(N, lad.J, lad.Jz, p, residual, seconds)
