"""Paper 000's stated numbers next to ours (reproduction rows) and the Floquet multipliers of the LMG
limit cycle (App. C), from the mean-field curves at h = 0 and h = 0.5γ."""
from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from ..analysis.paper000 import closed_form_maximum, extremum, hopf_point, lmg_floquet
from ..io import read_table, write_table
from ..models.lmg import LMGParameters
from ..reproduction import Check, write_rows


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs paper000_numbers", description=__doc__)
    p.add_argument("--curve-h0", required=True)
    p.add_argument("--curve-h", required=True, help="mean-field curve at the Fig. 1(b) field")
    p.add_argument("--floquet-Gamma", type=float, nargs="+", required=True)
    p.add_argument("--out", required=True, help="reproduction rows (parquet)")
    p.add_argument("--floquet-out", required=True, help="Floquet multipliers (parquet)")
    a = p.parse_args(argv)
    c0, ch = read_table(a.curve_h0)[0], read_table(a.curve_h)[0]
    J, gamma, h = float(c0["J"].iloc[0]), float(c0["gamma"].iloc[0]), float(ch["h"].iloc[0])
    step = float(np.diff(np.sort(c0["Gamma"]))[0])
    x0, xh = c0["Gamma"].to_numpy() / gamma, ch["Gamma"].to_numpy() / gamma
    checks = [
        Check("000", "argmax Γ/γ of lim I_M/N, closed form Eq. 18 (h=0)", 1.68, closed_form_maximum(gamma) / gamma,
              0.005, "Fig. 1 text: maximum at Γ ≈ 1.68γ"),
        Check("000", f"argmax Γ/γ of lim I_M/N, integrated mean field (h=0, 𝒥={J:g}γ)", 1.68,
              extremum(x0, c0["I_M_per_N"].to_numpy(), 1.0, 5.0), 0.005 + step ** 2,
              "Fig. 1 text: maximum at Γ ≈ 1.68γ"),
        Check("000", f"onset Γ/γ of the limit cycle = Hopf point of the fixed point (h={h:g}γ)", 1.02,
              hopf_point(h, J, gamma) / gamma, 0.01, "Supplement: limit-cycle phase Γ/γ ≳ 1.02"),
        Check("000", "onset Γ/γ of the limit cycle = Hopf point (h=0; Eq. 17: Γ = γ)", 1.0,
              hopf_point(0.0, J, gamma) / gamma, 1e-6, "text below Eq. 16: limit cycle for Γ > γ"),
        Check("000", f"position Γ/γ of the dip of lim I_M/N (h={h:g}γ)", 2.5,
              extremum(xh, ch["I_M_per_N"].to_numpy(), 2.0, 3.0, kind="min"), 0.15,
              "Fig. 1 text: dip around Γ ≈ 2.5γ"),
    ]
    rows = []
    for field in (0.0, h):
        for Gamma in a.floquet_Gamma:
            f = lmg_floquet(LMGParameters(J=J, h=field, Gamma=Gamma, gamma=gamma))
            mu = np.sort_complex(f.multipliers.astype(complex))
            rows.append({"h": field, "Gamma": Gamma, "J": J, "gamma": gamma, "period": f.period,
                         **{f"mu{k}_re": m.real for k, m in enumerate(mu)},
                         **{f"mu{k}_im": m.imag for k, m in enumerate(mu)},
                         "max_nontrivial_modulus": float(np.sort(np.abs(mu))[:-1].max()),
                         "hyperbolic": f.hyperbolic, "attracting": f.attracting})
            checks.append(Check("000", f"limit cycle hyperbolic (1 = yes) at h={field:g}γ, Γ={Gamma:g}γ", 1.0,
                                float(f.hyperbolic), 0.0, "App. C: the LMG limit cycle is hyperbolic"))
    params = {"J": J, "gamma": gamma, "h": h, "floquet_Gamma": a.floquet_Gamma}
    write_rows(a.out, checks, {"stage": "paper000_numbers", "parameters": params})
    write_table(a.floquet_out, pd.DataFrame(rows), {"stage": "paper000_numbers", "parameters": params})
