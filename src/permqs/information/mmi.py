"""Multipartite mutual information I_M = Σ_i S(ρ_i) - S(ρ_T) (paper 000 Eq. 7) of N identical qubits."""
from __future__ import annotations

import numpy as np

from .entropy import qubit_entropy


def qubit_mmi(N: int, m: np.ndarray, S_total: float) -> tuple[float, float]:
    """(S(ρ_i), I_M) for N qubits with local Bloch vector m (Eq. A9) and total entropy S(ρ_T)."""
    S_local = float(qubit_entropy(m))
    return S_local, N * S_local - S_total
