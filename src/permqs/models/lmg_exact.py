"""Exact results of the driven-dissipative LMG model at h = 0 (paper 000 Eqs. 17-18).

Kept apart from the model description (:mod:`permqs.models.lmg`), which every finite-N solver imports: a change
to an entropy formula here reruns no solver.
"""
from __future__ import annotations

import numpy as np

from ..information import binary_entropy


def limit_cycle_h0(Gamma: float, gamma: float, J: float) -> tuple[float, float, float]:
    """(m_z, m_xy, ω) of the h = 0 limit cycle for Γ > γ (Eq. 17); the fixed point (1, 0, 0) for Γ <= γ."""
    if Gamma <= gamma:
        return 1.0, 0.0, 0.0
    return gamma / Gamma, float(np.sqrt(2 * gamma * (Gamma - gamma)) / Gamma), J * gamma / Gamma


def closed_form_mmi_h0(Gamma: float, gamma: float) -> float:
    """lim I_M/N at h = 0 (Eq. 18): b(m_z) - b(√(m_z² + m_xy²)) on the limit cycle, 0 for Γ <= γ."""
    m_z, m_xy, _ = limit_cycle_h0(Gamma, gamma, 0.0)
    return float(binary_entropy(m_z) - binary_entropy(np.hypot(m_z, m_xy)))
