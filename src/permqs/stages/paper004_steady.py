"""Paper 004 at finite N (Sec. V): steady states ρ_ss of Eq. 3 on rate grids, in the (+1, +1) sector (permqs.qudit).

``python -m permqs paper004_steady --out FILE --d D --dissipator spin|uniform --N N... --gamma-I ... --gamma-C ...``
solves every (N, γ_C, γ_I) of the product, the generator parts built once per N (:class:`permqs.qudit.GapScan`).
This is the solver half of Figs. 7 and 8 and of the I_M/N scaling; stage ``paper004_information`` turns the states
into purity, negativity and I_M without solving again (so a change of the information code reruns no solve).

columns: N, d, dissipator, gamma_I, gamma_C, size (unknowns of the sector), ok, status, residual, iterations,
message, seconds, x (the sector coordinates of ρ_ss, :meth:`permqs.qudit.Sector.to_pi`; empty when not ok).
A point is ok when its relative residual ‖A x‖/(‖A‖∞‖x‖) is at most ``--accept``, whatever GMRES's own stopping test
on the trace-anchored system said (the two norms differ; the status column keeps the solver's verdict). Rates in
units of |V| (V = 1).
"""
from __future__ import annotations

import argparse
import logging

import numpy as np
import pandas as pd

from ..io import write_table
from ..qudit import GapScan
from ..solvers.result import STATUS_NAMES
from ._progress import progress

log = logging.getLogger("permqs")
V = 1.0


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs paper004_steady", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--d", type=int, required=True)
    p.add_argument("--dissipator", choices=["spin", "uniform"], required=True)
    p.add_argument("--N", type=int, nargs="+", required=True)
    p.add_argument("--gamma-I", type=float, nargs="+", required=True, help="γ_I/|V| values")
    p.add_argument("--gamma-C", type=float, nargs="+", required=True, help="γ_C/|V| values")
    p.add_argument("--tol", type=float, default=1e-11, help="GMRES relative tolerance")
    p.add_argument("--accept", type=float, default=1e-9, help="largest relative residual of a kept state")
    # Deep in the interaction-dominated phase short restarts stagnate: at (N, d) = (5, 5), γ_I = γ_C = 0.35, restarts
    # of 100 leave a residual of 7e-2 after 6000 iterations (L_spin), restarts of 400 converge for L_spin (485
    # iterations) but not for L_≡ (3e-2 after 6000), restarts of 1000 converge for L_≡ in 1149 iterations (64 s)
    p.add_argument("--restart", type=int, default=1000, help="GMRES restart length")
    p.add_argument("--maxiter", type=int, default=3, help="GMRES restart cycles")
    a = p.parse_args(argv)
    rows = []
    for N in a.N:
        scan = GapScan(N, a.d, a.dissipator, sectors=((1, 1),))
        points = [(gC, gI) for gC in a.gamma_C for gI in a.gamma_I]
        for gC, gI in progress(points, f"N = {N} steady states", log):
            r = scan.steady_state(gI, gC, V, tol=a.tol, restart=a.restart, maxiter=a.maxiter)
            ok = bool(np.isfinite(r.residual) and r.residual <= a.accept)
            rows.append(dict(N=N, d=a.d, dissipator=a.dissipator, gamma_I=gI, gamma_C=gC, size=r.x.size, ok=ok,
                             status=STATUS_NAMES[r.status], residual=r.residual, iterations=r.iterations,
                             message=r.message if ok else f"residual {r.residual:.2e} > {a.accept:.0e}: {r.message}",
                             seconds=r.seconds, x=r.x if ok else np.zeros(0)))
    table = pd.DataFrame(rows)
    write_table(a.out, table, {"stage": "paper004_steady", "parameters": vars(a) | {"V": V},
                               "residual": float(table["residual"].max())})
