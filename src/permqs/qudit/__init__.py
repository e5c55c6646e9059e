"""Finite-N engine for N identical d-level units in the permutation-invariant occupation basis (paper 004, Sec. IV)."""
from .basis import PIBasis, pi_dimension
from .generator import check_model, collective_operator, liouvillian

__all__ = ["PIBasis", "check_model", "collective_operator", "liouvillian", "pi_dimension"]
from .sectors import SECTORS, Sector, sector, sector_dimensions

__all__ += ["SECTORS", "Sector", "sector", "sector_dimensions"]
