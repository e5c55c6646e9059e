"""Von Neumann entropies with natural logarithms, S(ρ) = -Tr ρ ln ρ."""
from __future__ import annotations

import numpy as np


def entropy_of_eigenvalues(p: np.ndarray) -> float:
    """-Σ p ln p over the positive entries; tiny negative round-off eigenvalues are ignored."""
    p = np.asarray(p, dtype=float)
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)))


def von_neumann_entropy(rho: np.ndarray) -> float:
    """S(ρ) of a Hermitian density matrix."""
    return entropy_of_eigenvalues(np.linalg.eigvalsh(rho))


def binary_entropy(x: float | np.ndarray) -> float | np.ndarray:
    """b(x) = -Σ_± (1±x)/2 ln((1±x)/2) (paper 000 Eq. 18): the entropy of a qubit with |m| = x."""
    x = np.clip(np.abs(np.asarray(x, dtype=float)), 0.0, 1.0)
    out = np.zeros_like(x)
    for sign in (1.0, -1.0):
        q = (1 + sign * x) / 2
        out -= np.where(q > 0, q * np.log(np.where(q > 0, q, 1.0)), 0.0)
    return out if out.ndim else float(out)


def qubit_entropy(m: np.ndarray) -> float | np.ndarray:
    """S(ρ_i) of ρ_i = (1 + m·σ)/2 (paper 000 Eq. A9), for Bloch vectors along the last axis."""
    return binary_entropy(np.linalg.norm(np.asarray(m, dtype=float), axis=-1))
