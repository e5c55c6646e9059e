"""Fixed points of the mean-field drift and their linear stability.

Fixed points solve g(y) = 0 (scipy.optimize.root with the exact Jacobian); a fixed point is stable when every
eigenvalue of ∂g/∂y has negative real part (paper 004 Sec. II C). Branches y*(p) of a model family and their
bifurcations are followed by :mod:`permqs.meanfield.continuation`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

import numpy as np
from scipy.optimize import root

from .drift import MeanField


@dataclass(frozen=True)
class FixedPoint:
    """y with g(y) = 0; ``eigenvalues`` of the Jacobian sorted by decreasing real part."""

    y: np.ndarray
    eigenvalues: np.ndarray
    residual: float

    @property
    def leading(self) -> complex:
        """The eigenvalue with the largest real part (the one that decides stability)."""
        return self.eigenvalues[0]

    def is_stable(self, tol: float = 1e-9) -> bool:
        """All Re λ < -tol. Conserved quantities (e.g. spin length without local jumps) give Re λ = 0: marginal."""
        return bool(self.leading.real < -tol)


def stability(mf: MeanField, y: np.ndarray, t: float = 0.0) -> np.ndarray:
    """Eigenvalues of ∂g/∂y at y, sorted by decreasing real part."""
    ev = np.linalg.eigvals(mf.jacobian(t, y))
    return ev[np.argsort(-ev.real, kind="stable")]


def refine_fixed_point(mf: MeanField, y_guess: np.ndarray, xtol: float = 1e-13, max_residual: float = 1e-10) -> Optional[FixedPoint]:
    """Newton-type root of g from y_guess (autonomous models); None when it does not converge."""
    sol = root(lambda y: mf(0.0, y), np.asarray(y_guess, dtype=float), jac=lambda y: mf.jacobian(0.0, y),
               method="hybr", options={"xtol": xtol})
    residual = float(np.linalg.norm(mf(0.0, sol.x)))
    if not np.all(np.isfinite(sol.x)) or residual > max_residual:
        return None
    return FixedPoint(sol.x, stability(mf, sol.x), residual)


def _is_physical(mf: MeanField, y: np.ndarray, tol: float = 1e-8) -> bool:
    """ρ_e ≥ 0 for every ensemble: roots outside the state space are not states."""
    return bool(np.all(np.linalg.eigvalsh(mf.rhos(y)) > -tol))


def find_fixed_points(mf: MeanField, starts: Iterable[np.ndarray], distinct: float = 1e-7,
                      physical_only: bool = True) -> list[FixedPoint]:
    """All distinct fixed points reached from the given starting points, stable ones first."""
    found: list[FixedPoint] = []
    for y0 in starts:
        fp = refine_fixed_point(mf, y0)
        if fp is None or (physical_only and not _is_physical(mf, fp.y)):
            continue
        if all(np.linalg.norm(fp.y - other.y) > distinct for other in found):
            found.append(fp)
    return sorted(found, key=lambda fp: fp.leading.real)
