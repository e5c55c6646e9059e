"""Paper 000 (Ptaszynski, Chudak, Esposito): the numbers its text states, against the measurements of stage
``paper000_numbers`` (keys below)."""
from __future__ import annotations

import pandas as pd

from . import Check, measured


def checks(m: pd.DataFrame) -> list[Check]:
    """Rows from measurements with keys argmax_closed_form, argmax_meanfield (with the Γ grid ``step``), hopf (per
    h), dip (with h), hyperbolic (per h, Gamma); J, gamma and h are columns of the table."""
    J = float(m["J"].dropna().iloc[0])
    out = []
    r = measured(m, "argmax_closed_form").iloc[0]
    out.append(Check("000", "argmax Γ/γ of lim I_M/N, closed form Eq. 18 (h=0)", 1.68, float(r.ours), 0.005,
                     "Fig. 1 text: maximum at Γ ≈ 1.68γ"))
    r = measured(m, "argmax_meanfield").iloc[0]
    # The maximum of a sampled curve is located to O(step²) (parabolic refinement).
    out.append(Check("000", f"argmax Γ/γ of lim I_M/N, integrated mean field (h=0, 𝒥={J:g}γ)", 1.68, float(r.ours),
                     0.005 + float(r.step) ** 2, "Fig. 1 text: maximum at Γ ≈ 1.68γ"))
    for r in measured(m, "hopf").itertuples():
        if r.h == 0:
            out.append(Check("000", "onset Γ/γ of the limit cycle = Hopf point (h=0; Eq. 17: Γ = γ)", 1.0,
                             float(r.ours), 1e-6, "text below Eq. 16: limit cycle for Γ > γ"))
        else:
            out.append(Check("000", f"onset Γ/γ of the limit cycle = Hopf point of the fixed point (h={r.h:g}γ)", 1.02,
                             float(r.ours), 0.01, "Supplement: limit-cycle phase Γ/γ ≳ 1.02"))
    for r in measured(m, "dip").itertuples():
        out.append(Check("000", f"position Γ/γ of the dip of lim I_M/N (h={r.h:g}γ)", 2.5, float(r.ours), 0.15,
                         "Fig. 1 text: dip around Γ ≈ 2.5γ"))
    for r in measured(m, "hyperbolic").itertuples():
        out.append(Check("000", f"limit cycle hyperbolic (1 = yes) at h={r.h:g}γ, Γ={r.Gamma:g}γ", 1.0, float(r.ours),
                         0.0, "App. C: the LMG limit cycle is hyperbolic"))
    return out
