"""The numbers paper 000 states, as computed (measurements: the verdicts are applied by stage
``reproduction_rows``), and the Floquet multipliers of the LMG limit cycle (App. C), from the mean-field curves at
h = 0 and h = 0.5γ."""
from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from ..analysis.paper000 import closed_form_maximum, extremum, hopf_point, lmg_floquet
from ..io import read_table, write_table
from ..models.lmg import LMGParameters


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs paper000_numbers", description=__doc__)
    p.add_argument("--curve-h0", required=True)
    p.add_argument("--curve-h", required=True, help="mean-field curve at the Fig. 1(b) field")
    p.add_argument("--floquet-Gamma", type=float, nargs="+", required=True)
    p.add_argument("--out", required=True, help="measurements (parquet)")
    p.add_argument("--floquet-out", required=True, help="Floquet multipliers (parquet)")
    a = p.parse_args(argv)
    c0, ch = read_table(a.curve_h0)[0], read_table(a.curve_h)[0]
    J, gamma, h = float(c0["J"].iloc[0]), float(c0["gamma"].iloc[0]), float(ch["h"].iloc[0])
    step = float(np.diff(np.sort(c0["Gamma"]))[0])
    x0, xh = c0["Gamma"].to_numpy() / gamma, ch["Gamma"].to_numpy() / gamma
    measured = [
        {"key": "argmax_closed_form", "ours": closed_form_maximum(gamma) / gamma},
        {"key": "argmax_meanfield", "ours": extremum(x0, c0["I_M_per_N"].to_numpy(), 1.0, 5.0), "step": step},
        {"key": "hopf", "h": h, "ours": hopf_point(h, J, gamma) / gamma},
        {"key": "hopf", "h": 0.0, "ours": hopf_point(0.0, J, gamma) / gamma},
        {"key": "dip", "h": h, "ours": extremum(xh, ch["I_M_per_N"].to_numpy(), 2.0, 3.0, kind="min")},
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
            measured.append({"key": "hyperbolic", "h": field, "Gamma": Gamma, "ours": float(f.hyperbolic)})
    params = {"J": J, "gamma": gamma, "h": h, "floquet_Gamma": a.floquet_Gamma}
    table = pd.DataFrame(measured, columns=["key", "ours", "h", "Gamma", "step"]).assign(paper="000", J=J, gamma=gamma)
    write_table(a.out, table, {"stage": "paper000_numbers", "parameters": params})
    write_table(a.floquet_out, pd.DataFrame(rows), {"stage": "paper000_numbers", "parameters": params})
