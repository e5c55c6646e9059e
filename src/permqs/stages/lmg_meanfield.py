"""Thermodynamic limit of the LMG model along a Γ sweep: the mean-field attractor (Eq. 16), its time
averages and lim I_M/N (paper 000 Eq. 13); at h = 0 also the closed form Eq. 18."""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..analysis.paper000 import lmg_limit
from ..io import write_table
from ..models.lmg import LMGParameters
from ..models.lmg_exact import closed_form_mmi_h0
from ._args import parser
from ._progress import progress

log = logging.getLogger(__name__)


def main(argv: list[str]) -> None:
    p = parser(__doc__)
    p.add_argument("--h", type=float, required=True)
    p.add_argument("--J", type=float, required=True)
    p.add_argument("--gamma", type=float, required=True)
    p.add_argument("--Gamma", type=float, nargs="+", required=True, help="Γ values of the sweep")
    a = p.parse_args(argv)
    rows = []
    for Gamma in progress(a.Gamma, "Γ points", log):
        lim = lmg_limit(LMGParameters(J=a.J, h=a.h, Gamma=Gamma, gamma=a.gamma))
        m = lim.bloch_mean[0]
        rows.append({"Gamma": Gamma, "h": a.h, "J": a.J, "gamma": a.gamma, "kind": lim.kind,
                     "period": lim.period, "m_x": m[0], "m_y": m[1], "m_z": m[2], "m_xy": float(np.hypot(m[0], m[1])),
                     "S_T_per_N": float(lim.entropy_mean[0]), "S_i": float(lim.entropy_of_mean[0]),
                     "I_M_per_N": float(lim.mutual_information),
                     "I_M_per_N_closed_form": closed_form_mmi_h0(Gamma, a.gamma) if a.h == 0 else np.nan})
    write_table(a.out, pd.DataFrame(rows), {"stage": "lmg_meanfield",
                                            "parameters": {"h": a.h, "J": a.J, "gamma": a.gamma, "Gamma": a.Gamma}})
