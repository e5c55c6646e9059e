"""Entropies and multipartite mutual information (paper 000 Eqs. 7, 13, A8).

Purity, entropies, I_M and negativity of permutation-invariant states (paper 004 Sec. V) live in the submodules
:mod:`.pi` (occupation form, any d) and :mod:`.qubit` (J blocks). They are not re-exported here on purpose: the
solver stages import this package, and a workflow stage's code fingerprint follows its imports, so re-exports
would make a change of the post-processing code rerun every solver.
"""
from .entropy import binary_entropy, entropy_of_eigenvalues, qubit_entropy, von_neumann_entropy
from .mmi import qubit_mmi

__all__ = ["binary_entropy", "entropy_of_eigenvalues", "qubit_entropy", "qubit_mmi", "von_neumann_entropy"]
