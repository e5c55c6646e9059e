"""Paper 002 (time crystals): trajectories of the two coupled collective spins (Fig. 3(a, b)), reproduction rows
(the figure is drawn by ``plot_paper002``).

    python -m permqs paper002 trajectory --out T --omega-zz 0.35 [--omega-xx 3 --omega-z 0.1 0.02 --omega-x-over-kappa 2]
    python -m permqs paper002 numbers    --out T --trajectories T1 T2
"""
from __future__ import annotations

import argparse

import numpy as np

from ..analysis.paper002 import btc_critical_ratio, trajectory_table
from ..io import read_table, write_table
from ..models.time_crystal import CoupledBTCParameters
from ..reproduction import Check, write_rows

#: the caption of Fig. 3 names the attractor at each ω_zz: loops per period on the global section
PAPER_LOOPS = {0.35: 1, 1.0: 2}


def trajectory(a: argparse.Namespace) -> None:
    p = CoupledBTCParameters(a.omega_zz, a.omega_xx, tuple(a.omega_z), a.omega_x_over_kappa)
    table, s = trajectory_table(p, periods=a.periods)
    write_table(a.out, table, {"stage": "paper002 trajectory", "parameters": vars(p) | {"periods": a.periods},
                               "kind": s.kind, "period": s.period, "loops": s.loops,
                               "section_mz": s.section_mz.tolist(), "attracting": s.is_attracting,
                               "floquet_modulus": np.abs(s.multipliers).tolist()})


def numbers(a: argparse.Namespace) -> None:
    checks = [Check("002", "critical ω_x/κ of the single BTC (Eq. 12, (κ/S)D[S_-])", 1.0, btc_critical_ratio(), 1e-5,
                    "text after Eq. 12")]
    for path in a.trajectories:
        t = read_table(path)[0]
        wzz = float(t["omega_zz"].iloc[0])
        if wzz in PAPER_LOOPS:
            checks.append(Check("002", f"loops per period of the Fig. 3 attractor, ω_zz={wzz:g}", PAPER_LOOPS[wzz],
                                float(t["loops"].iloc[0]), 0.0, "Fig. 3 caption (limit cycle / period doubling)"))
    write_rows(a.out, checks, {"stage": "paper002 numbers"})


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
    s = sub.add_parser("numbers", help="reproduction rows")
    s.add_argument("--out", required=True)
    s.add_argument("--trajectories", nargs="+", required=True)
    s.set_defaults(run=numbers)
    a = p.parse_args(argv)
    a.run(a)
