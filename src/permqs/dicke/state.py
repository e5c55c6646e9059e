"""A permutation-invariant state of N spins-1/2 as its reduced J-block vector (paper 000 Eq. A1), and its lossless
table form (the parquet file a solver stage writes; serialization lives with the state, so that changing an
observable reruns no solver)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

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


def state_to_frame(state: DickeState) -> pd.DataFrame:
    """Columns J, m, mp, re, im: one row per ρ_{J,m,m'}, in :class:`DickeBasis` order (lossless)."""
    J, m, mp = state.basis.labels
    return pd.DataFrame({"J": J, "m": m, "mp": mp, "re": state.vector.real, "im": state.vector.imag})


def state_from_frame(frame: pd.DataFrame) -> DickeState:
    """Inverse of :func:`state_to_frame`; rows may come in any order but must cover every entry."""
    N = int(round(2 * frame["J"].max()))
    basis = DickeBasis(N)
    idx = basis.index(frame["J"].to_numpy(), frame["m"].to_numpy(), frame["mp"].to_numpy())
    if len(frame) != basis.size or np.unique(idx).size != basis.size:
        raise ValueError(f"table has {len(frame)} rows, {np.unique(idx).size} distinct; "
                         f"a state of N={N} needs all {basis.size} entries")
    vector = np.empty(basis.size, dtype=complex)
    vector[idx] = frame["re"].to_numpy() + 1j * frame["im"].to_numpy()
    return DickeState(N, vector)
