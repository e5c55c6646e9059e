"""Paper 004 (qubits to qudits, d-level LMG): mean-field tables and measurements (figures: ``plot_paper004``).

``python -m permqs paper004 <step> --out FILE ...`` with steps

  fig2          streamlines + fixed points of Eq. 10 (d = 2), 3 rows × the given ratios (γ_I+γ_C)/|V|
                columns: row, ratio, gamma_I, gamma_C, what (stream | fixed_point), line, k, X, Y, Z, speed, type
  fig3          trajectories of Eq. 9 from random maximal-spin-length states + the states they reach, one dissipator
                columns: dissipator, row, ratio, gamma_I, gamma_C, what (trajectory | state), traj, t, X, Y, Z, type
  branches      polarized and broken-symmetry fixed points vs γ_I at γ_C = 0, one (d, dissipator)
                columns: d, dissipator, grid (main | inset), branch, gamma_I, X, Y, Z, max_re_eig, stable, residual
  summary       bistability end, exponents, prefactors of one (d, dissipator) (analysis.paper004.summary_row)
  measurements  summaries -> one table of computed values (+ CSV, Markdown); the paper's values, tolerances and
                verdicts are applied by stage ``reproduction_rows`` (permqs.reproduction.paper004)

Rates are in units of |V| (V = 1).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis import paper004 as A
from ..io import read_table, write_table

V = 1.0


def _fig2(a: argparse.Namespace) -> None:
    frames = []
    for row in A.PANEL_ROWS:
        for ratio in a.ratios:
            g_i, g_c = A.panel_rates(row, ratio, V)
            s = A.qubit_streamlines(g_i, g_c, V, n_seeds=a.n_seeds, length=a.length)
            f = A.qubit_fixed_points(g_i, g_c, V)
            for part, what in ((s, "stream"), (f, "fixed_point")):
                frames.append(part.assign(row=row, ratio=ratio, gamma_I=g_i, gamma_C=g_c, what=what))
    table = pd.concat(frames, ignore_index=True)
    write_table(a.out, table, {"stage": "paper004 fig2", "parameters": vars(a) | {"V": V}})


def _fig3(a: argparse.Namespace) -> None:
    starts = A.random_coherent_starts(a.d, a.n_traj, a.seed)  # the same initial states in every panel
    frames = []
    for row in A.PANEL_ROWS:
        for ratio in a.ratios:
            g_i, g_c = A.panel_rates(row, ratio, V)
            tr, ends = A.trajectories(a.d, a.dissipator, g_i, g_c, starts, a.t_max, a.n_samples, V)
            st = A.reached_steady_states(a.d, a.dissipator, g_i, g_c, ends, V)
            for part, what in ((tr, "trajectory"), (st, "state")):
                frames.append(part.assign(dissipator=a.dissipator, row=row, ratio=ratio, gamma_I=g_i, gamma_C=g_c,
                                          what=what))
    write_table(a.out, pd.concat(frames, ignore_index=True), {"stage": "paper004 fig3", "parameters": vars(a)})


def _branches(a: argparse.Namespace) -> None:
    # a linear grid plus points accumulating at the transition γ_I = 2|V|, where X changes fastest
    main = np.unique(np.concatenate([np.linspace(a.gamma_min, a.gamma_max, a.num),
                                     2 * V - np.logspace(-1, -4, a.num_critical)]))
    inset = np.geomspace(0.01, 0.1, a.inset_num)
    frames = []
    for grid, g in (("main", main), ("inset", inset)):
        t = A.steady_state_branches(a.d, a.dissipator, g * abs(V), 0.0, V)
        frames.append(t.assign(gamma_I=t["gamma_I"] / abs(V), d=a.d, dissipator=a.dissipator, grid=grid))
    table = pd.concat(frames, ignore_index=True)
    write_table(a.out, table, {"stage": "paper004 branches", "parameters": vars(a),
                               "max_residual": float(table["residual"].max())})


def _summary(a: argparse.Namespace) -> None:
    row = A.summary_row(a.d, a.dissipator, tuple(a.fit_window), tuple(a.inset_window), V=V)
    write_table(a.out, pd.DataFrame([row]), {"stage": "paper004 summary", "parameters": vars(a)})


def _measurements(a: argparse.Namespace) -> None:
    summary = pd.concat([read_table(f)[0] for f in a.summaries], ignore_index=True)
    summary = summary.sort_values(["dissipator", "d"], kind="stable", ignore_index=True)
    write_table(a.out, summary, {"stage": "paper004 measurements", "summaries": a.summaries})
    Path(a.csv).parent.mkdir(parents=True, exist_ok=True)
    summary.to_csv(a.csv, index=False)
    Path(a.md).write_text("# Paper 004: computed values (mean field, γ_C = 0, units of |V|)\n\n"
                          "The paper's numbers and the verdicts are in results/reproduction.md.\n\n"
                          + summary.to_markdown(index=False, floatfmt=".4g") + "\n")


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m permqs paper004", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="step", required=True)

    def step(name: str, help: str, out: bool = True) -> argparse.ArgumentParser:
        s = sub.add_parser(name, help=help)
        if out:
            s.add_argument("--out", required=True, help="output parquet file")
        return s

    s = step("fig2", "streamlines and fixed points of Eq. 10")
    s.add_argument("--ratios", type=float, nargs="+", required=True, help="(γ_I+γ_C)/|V| of the columns")
    s.add_argument("--n-seeds", type=int, required=True, help="streamlines per panel")
    s.add_argument("--length", type=float, default=0.35, help="arclength of a streamline")
    s.set_defaults(run=_fig2)

    s = step("fig3", "trajectories of Eq. 9")
    s.add_argument("--d", type=int, required=True)
    s.add_argument("--dissipator", choices=["spin", "uniform"], required=True)
    s.add_argument("--ratios", type=float, nargs="+", required=True)
    s.add_argument("--n-traj", type=int, required=True)
    s.add_argument("--seed", type=int, required=True, help="seed of the random initial states")
    s.add_argument("--t-max", type=float, required=True, help="integration time in units of 1/|V|")
    s.add_argument("--n-samples", type=int, required=True)
    s.set_defaults(run=_fig3)

    s = step("branches", "fixed-point branches versus γ_I at γ_C = 0")
    s.add_argument("--d", type=int, required=True)
    s.add_argument("--dissipator", choices=["spin", "uniform"], required=True)
    s.add_argument("--gamma-min", type=float, required=True)
    s.add_argument("--gamma-max", type=float, required=True)
    s.add_argument("--num", type=int, required=True)
    s.add_argument("--num-critical", type=int, required=True, help="extra points 2 - 10^[-1..-4]")
    s.add_argument("--inset-num", type=int, required=True, help="points in γ_I/|V| ∈ [0.01, 0.1]")
    s.set_defaults(run=_branches)

    s = step("summary", "bistability end, exponents, prefactors")
    s.add_argument("--d", type=int, required=True)
    s.add_argument("--dissipator", choices=["spin", "uniform"], required=True)
    s.add_argument("--fit-window", type=float, nargs=2, default=[1e-3, 1e-1])
    s.add_argument("--inset-window", type=float, nargs=2, default=[0.01, 0.1])
    s.set_defaults(run=_summary)

    s = step("measurements", "the summaries of every (d, dissipator) in one table, with CSV and Markdown copies")
    s.add_argument("--csv", required=True)
    s.add_argument("--md", required=True)
    s.add_argument("summaries", nargs="+")
    s.set_defaults(run=_measurements)

    a = p.parse_args(argv)
    run = a.run
    del a.run
    run(a)
