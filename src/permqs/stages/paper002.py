"""Paper 002 (time crystals): trajectories of the two coupled collective spins (Fig. 3(a, b)), the numbers the text states
(measurements; verdicts: stage ``reproduction_rows``; the figure is drawn by ``plot_paper002``).

    python -m permqs paper002 trajectory --out T --omega-zz 0.35 [--omega-xx 3 --omega-z 0.1 0.02 --omega-x-over-kappa 2]
    python -m permqs paper002 numbers    --out T --trajectories T1 T2
"""
from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from ..analysis.paper002 import btc_critical_ratio, trajectory_table
from ..io import read_table, write_table
from ..models.time_crystal import CoupledBTCParameters


def trajectory(a: argparse.Namespace) -> None:
    p = CoupledBTCParameters(a.omega_zz, a.omega_xx, tuple(a.omega_z), a.omega_x_over_kappa)
    table, s = trajectory_table(p, periods=a.periods)
    write_table(a.out, table, {"stage": "paper002 trajectory", "parameters": vars(p) | {"periods": a.periods},
                               "kind": s.kind, "period": s.period, "loops": s.loops,
                               "section_mz": s.section_mz.tolist(), "attracting": s.is_attracting,
                               "floquet_modulus": np.abs(s.multipliers).tolist()})


def numbers(a: argparse.Namespace) -> None:
    rows = [{"paper": "002", "key": "btc_critical_ratio", "ours": btc_critical_ratio(), "omega_zz": np.nan}]
    for path in a.trajectories:
        t = read_table(path)[0]
        rows.append({"paper": "002", "key": "loops", "ours": float(t["loops"].iloc[0]),
                     "omega_zz": float(t["omega_zz"].iloc[0])})
    write_table(a.out, pd.DataFrame(rows), {"stage": "paper002 numbers"})


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs paper002", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="task", required=True)
    s = sub.add_parser("trajectory", help="transient and attractor of Fig. 3 at one ω_zz")
    s.add_argument("--out", required=True)
    s.add_argument("--omega-zz", type=float, required=True)
    s.add_argument("--omega-xx", type=float, default=3.0)
    s.add_argument("--omega-z", type=float, nargs=2, default=[0.1, 0.02])
    s.add_argument("--omega-x-over-kappa", type=float, default=2.0)
    s.add_argument("--periods", type=int, default=3)
    s.set_defaults(run=trajectory)
    s = sub.add_parser("numbers", help="the numbers the paper states, as computed (measurements)")
    s.add_argument("--out", required=True)
    s.add_argument("--trajectories", nargs="+", required=True)
    s.set_defaults(run=numbers)
    a = p.parse_args(argv)
    a.run(a)
