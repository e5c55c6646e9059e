"""Purity, entropies, multipartite mutual information and negativity of a PI state of N qudits, any d.

Input: ρ = Σ_n c_n E_n in the occupation-number basis (:mod:`.occupation`): an :class:`OccupationOperator`, any
object with ``occupations`` (M, d, d) and ``coefficients`` (M,) attributes (the qudit engine's state), or those
two arrays. Definitions (natural logarithms):

* purity Tr ρ² (paper 004 Sec. V, Fig. 7), from the multinomial sum Σ_n N!/Π n_ab! |c_n|²;
* S(ρ) = -Tr ρ ln ρ from the S_{N_A} × S_{N_B} blocks with their multiplicities f^λ f^μ (:mod:`.bipartite`);
* ρ_1 and S(ρ_1); I_M = N S(ρ_1) - S(ρ) (paper 000 Eq. 7: all sites are equivalent);
* 𝒩_{A|B} = (‖ρ^{T_B}‖₁ - 1)/2 = Σ |negative eigenvalues of ρ^{T_B}| (paper 004 Eq. 17), not logarithmic.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Optional

import numpy as np

from .bipartite import (DEFAULT_MEMORY_LIMIT, bipartite_blocks, block_spectra, hermiticity_error,
                        negativity_from_blocks)
from .entropy import entropy_of_eigenvalues, von_neumann_entropy
from .occupation import OccupationOperator


def purity(state: Any) -> float:
    """Tr ρ² = Σ_n N!/Π n_ab! |c_n|² for Hermitian ρ (spec §5.3 (i))."""
    return OccupationOperator.from_any(state).frobenius_norm_squared()


def trace(state: Any) -> float:
    """Re Tr ρ."""
    return OccupationOperator.from_any(state).trace().real


def single_site_state(state: Any) -> np.ndarray:
    """ρ_1 = Tr_{2..N} ρ (d×d)."""
    return OccupationOperator.from_any(state).single_site()


def entropy(state: Any, memory_limit: int = DEFAULT_MEMORY_LIMIT) -> float:
    """S(ρ) = -Σ_{λμ} f^λ f^μ Σ_e e ln e over the spectra of the blocks X_λμ (split ⌈N/2⌉ | ⌊N/2⌋)."""
    blocks = bipartite_blocks(state, memory_limit=memory_limit)
    return _entropy(blocks.multiplicity, block_spectra(blocks))


def _entropy(mult, spectra) -> float:
    return float(sum(m * entropy_of_eigenvalues(e) for m, e in zip(mult, spectra)))


def mutual_information(state: Any, memory_limit: int = DEFAULT_MEMORY_LIMIT) -> float:
    """I_M = N S(ρ_1) - S(ρ) (paper 000 Eq. 7)."""
    rho = OccupationOperator.from_any(state)
    rho1 = rho.single_site()
    return rho.N * von_neumann_entropy((rho1 + rho1.conj().T) / 2) - entropy(rho, memory_limit)


def negativity(state: Any, N_A: Optional[int] = None, memory_limit: int = DEFAULT_MEMORY_LIMIT) -> float:
    """𝒩_{A|B} of the split N_A | N - N_A (default N_A = ⌈N/2⌉, paper 004 Fig. 8), Eq. 17."""
    return negativity_from_blocks(bipartite_blocks(state, N_A, memory_limit))


@dataclass(frozen=True)
class PIInformation:
    """Every information quantity of one PI state, from one block decomposition."""

    N: int
    d: int
    N_A: int
    trace: float
    purity: float             # multinomial sum (Hermitian ρ)
    purity_blocks: float      # Σ f^λ f^μ ‖X_λμ‖²: the same number by the other route (a consistency check)
    S: float                  # S(ρ)
    S_1: float                # S(ρ_1)
    I_M: float                # N S(ρ_1) - S(ρ), paper 000 Eq. 7
    negativity: float         # 𝒩_{A|B}, paper 004 Eq. 17
    min_eigenvalue: float     # smallest eigenvalue of ρ (positivity of the input)
    hermiticity_error: float  # max |X - X†| over the blocks

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def information(state: Any, N_A: Optional[int] = None, memory_limit: int = DEFAULT_MEMORY_LIMIT) -> PIInformation:
    """Trace, purity, S(ρ), S(ρ_1), I_M and 𝒩_{A|B} (default N_A = ⌈N/2⌉) of a PI state."""
    rho = OccupationOperator.from_any(state)
    blocks = bipartite_blocks(rho, N_A, memory_limit)
    spectra = block_spectra(blocks)
    rho1 = rho.single_site()
    S = _entropy(blocks.multiplicity, spectra)
    S1 = von_neumann_entropy((rho1 + rho1.conj().T) / 2)
    pur_blocks = float(sum(m * np.sum(np.abs(X) ** 2) for m, X in zip(blocks.multiplicity, blocks.blocks)))
    return PIInformation(rho.N, rho.d, blocks.N_A, rho.trace().real, rho.frobenius_norm_squared(), pur_blocks, S, S1,
                         rho.N * S1 - S, negativity_from_blocks(blocks),
                         float(min(e.min() for e in spectra if e.size)), hermiticity_error(blocks))
