"""Entropies and multipartite mutual information (paper 000 Eqs. 7, 13, A8)."""
from .entropy import binary_entropy, entropy_of_eigenvalues, qubit_entropy, von_neumann_entropy
from .mmi import qubit_mmi

__all__ = ["binary_entropy", "entropy_of_eigenvalues", "qubit_entropy", "qubit_mmi", "von_neumann_entropy"]
