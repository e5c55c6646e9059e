"""Paper 003 (Carollo, Lesanovsky): the numbers its text states, against the measurements of stage
``paper003 numbers``."""
from __future__ import annotations

import pandas as pd

from . import Check, measured


def checks(m: pd.DataFrame) -> list[Check]:
    """Rows from measurements with keys g_crit (per pattern nu, with the formula's value ``paper``) and
    eq12_deviation; Omega and kappa are columns of the table."""
    out = []
    for r in measured(m, "g_crit").itertuples():
        out.append(Check("003", f"g_crit, pattern μ={int(r.nu)} (Ω={r.Omega:g}, Ω_μ=Ω(μ+2), κ={r.kappa:g})",
                         float(r.formula), float(r.ours), 1e-9,
                         "Eq. 12 / g_crit (value of the formula; ours: normal state loses stability)"))
    out.append(Check("003", "max_g0,μ | |ξ_μ| stationary − Eq. 12 | (Fig. 3a circles vs lines)", 0.0,
                     float(measured(m, "eq12_deviation")["ours"].iloc[0]), 1e-8, "Fig. 3(a)"))
    return out
