"""Errors of the finite-N solvers, in a module of their own so that each solver imports only these."""


class ConvergenceError(RuntimeError):
    """A steady-state solve whose residual ||𝓛ρ||/||ρ|| stayed above the tolerance."""


class MemoryLimitError(MemoryError):
    """A solve refused because its estimated memory exceeds the limit."""
