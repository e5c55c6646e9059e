"""Entropies, multipartite mutual information (paper 000 Eqs. 7, 13, A8), purity and negativity (paper 004 Sec. V)
of permutation-invariant states: occupation-number form for any d (:mod:`.pi`), J blocks for qubits
(:mod:`.qubit`)."""
from .entropy import binary_entropy, entropy_of_eigenvalues, qubit_entropy, von_neumann_entropy
from .mmi import qubit_mmi
from .occupation import OccupationOperator
from .pi import (PIInformation, entropy, information, mutual_information, negativity, purity, single_site_state,
                 trace)

__all__ = ["OccupationOperator", "PIInformation", "binary_entropy", "entropy", "entropy_of_eigenvalues", "information",
           "mutual_information", "negativity", "purity", "qubit_entropy", "qubit_mmi", "single_site_state", "trace",
           "von_neumann_entropy"]
