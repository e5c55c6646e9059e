"""A permutation-invariant state of N spins-1/2 as its reduced J-block vector (paper 000 Eq. A1)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .basis import DickeBasis


@dataclass(frozen=True, eq=False)
class DickeState:
    """ρ_T = ⊕_J ρ_J ⊗ 1/dim_J, stored as the flat vector of ρ_{J,m,m'} in :class:`DickeBasis` order.

    Tr ρ_T = Σ_J Tr ρ_J: the blocks carry the weights p_J = Tr ρ_J.
    """

    N: int
    vector: np.ndarray

    def __post_init__(self):
        v = np.asarray(self.vector, dtype=complex)
        if v.shape != (self.basis.size,):
            raise ValueError(f"state vector of N={self.N} needs {self.basis.size} entries, got shape {v.shape}")
        v.setflags(write=False)
        object.__setattr__(self, "vector", v)

    @cached_property
    def basis(self) -> DickeBasis:
        return DickeBasis(self.N)

    def block(self, J: float) -> np.ndarray:
        """ρ_J as a (2J+1)×(2J+1) matrix, rows m and columns m' ascending."""
        d = int(round(2 * J)) + 1
        start = self.basis.block_offset(J)
        return self.vector[start:start + d * d].reshape(d, d)

    def blocks(self) -> list[tuple[float, np.ndarray]]:
        """[(J, ρ_J)] for every J, ascending."""
        return [(float(J), self.block(J)) for J in self.basis.J_values]
