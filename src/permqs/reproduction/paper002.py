"""Paper 002 (Souza, Prazeres, Iemini): the numbers its text states, against the measurements of stage
``paper002 numbers``."""
from __future__ import annotations

import pandas as pd

from . import Check, measured

#: the caption of Fig. 3 names the attractor at each ω_zz: loops per period on the global section
PAPER_LOOPS = {0.35: 1, 1.0: 2}


def checks(m: pd.DataFrame) -> list[Check]:
    """Rows from measurements with keys btc_critical_ratio and loops (per omega_zz)."""
    out = [Check("002", "critical ω_x/κ of the single BTC (Eq. 12, (κ/S)D[S_-])", 1.0,
                 float(measured(m, "btc_critical_ratio")["ours"].iloc[0]), 1e-5, "text after Eq. 12")]
    for r in measured(m, "loops").itertuples():
        if r.omega_zz in PAPER_LOOPS:
            out.append(Check("002", f"loops per period of the Fig. 3 attractor, ω_zz={r.omega_zz:g}",
                             PAPER_LOOPS[r.omega_zz], float(r.ours), 0.0,
                             "Fig. 3 caption (limit cycle / period doubling)"))
    return out
