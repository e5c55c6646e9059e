"""Benchmark of the qudit PI engine (paper 004 Sec. IV): build, steady state and the four sector gaps.

    .venv/bin/python benchmarks/bench_qudit.py [N,d ...] [--baseline N,d] [--dissipator uniform] [--point 1.8,0.2]

Default sizes (N, d) = (12,3) (7,4) (5,5): the rows of paper 004 Fig. 5 (sectors 30-43k). The issue also asks for
(6,5) and (18,3) (sectors 150k and 394k); pass them explicitly (minutes, GBs). The baseline is scipy's sparse
shift-invert (``eigs`` with ``sigma``: SuperLU of the whole sector, COLAMD ordering) on the SAME sector matrices,
timed in the same run, at --baseline (default (7,3), sectors ~1.4k; SuperLU fill of d >= 3 sectors is ~50 % of
dense, so its time grows like n³: (8,3) took 89 s per factorization in the spec's measurement).

Every size runs in a fresh subprocess, so the peak memory (ru_maxrss of that child) is per size. V = 1 and
(γ_I, γ_C) = --point (default the critical point (1.8, 0.2) of Fig. 6b, the hardest point for the gaps).
Timings on a shared machine are noisy; both methods are timed in the same child.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
import numpy as np
import scipy.sparse.linalg as spla
from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
from permqs.qudit import PIBasis, SECTORS, liouvillian, sector, sector_spectrum, steady_state
N, d, diss, gI, gC, baseline = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6] == "1"
model = qudit_lmg_model(QuditLMGParameters(d=d, V=1.0, gamma_I=gI, gamma_C=gC, dissipator=diss))
out = {"N": N, "d": d}
t = time.perf_counter(); b = PIBasis(N, d); L = liouvillian(model, N, b); out["build"] = time.perf_counter() - t
out["pi_dim"] = b.size; out["nnz_per_row"] = L.nnz / b.size
ss = steady_state(model, N)
out["steady"] = ss.seconds - ss.build_seconds; out["steady_its"] = ss.iterations; out["steady_res"] = ss.residual
out["sectors"] = {}
for s in SECTORS:
    sec = sector(b, s); A = sec.project(L)
    r = sector_spectrum(model, N, s, matrix=(sec, A), method="iterative")
    row = {"size": sec.size, "gap": r.gap, "seconds": r.seconds, "solves": r.solves, "its": r.iterations,
           "residual": r.residual}
    if baseline:
        t = time.perf_counter()
        lam, vec = spla.eigs(A.tocsc(), k=4, sigma=r.sigma, which="LM", tol=1e-9)
        row["scipy_seconds"] = time.perf_counter() - t
        lam = lam[np.argsort(np.abs(lam.real))]
        row["scipy_gap"] = float(-(lam[1] if s == (1, 1) else lam[0]).real)
    out["sectors"][str(s)] = row
out["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
print(json.dumps(out))
"""


def _size(text: str) -> tuple[int, int]:
    n, d = text.split(",")
    return int(n), int(d)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=_size, default=[(12, 3), (7, 4), (5, 5)])
    ap.add_argument("--baseline", type=_size, default=(7, 3))
    ap.add_argument("--dissipator", default="uniform")
    ap.add_argument("--point", default="1.8,0.2")
    args = ap.parse_args()
    gI, gC = (float(v) for v in args.point.split(","))
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
    runs = [(args.baseline, True)] + [(s, False) for s in args.sizes if s != args.baseline]
    print(f"paper 004 model, V = 1, (γ_I, γ_C) = ({gI}, {gC}), dissipator {args.dissipator}, "
          f"OMP_NUM_THREADS = {env['OMP_NUM_THREADS']}\n")
    print("| (N,d) | PI dim | nnz/row | build s | steady s (its) | sector | size | gap | gap s (solves/its) "
          "| scipy SuperLU s | scipy gap | peak GB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (N, d), base in runs:
        p = subprocess.run([sys.executable, "-c", CHILD, str(N), str(d), args.dissipator, str(gI), str(gC),
                            "1" if base else "0"], capture_output=True, text=True, env=env)
        if p.returncode != 0:
            print(f"| ({N},{d}) | failed: {p.stderr.strip().splitlines()[-1] if p.stderr.strip() else p.returncode} |")
            continue
        r = json.loads(p.stdout.strip().splitlines()[-1])
        first = True
        for s, row in r["sectors"].items():
            head = (f"| ({N},{d}) | {r['pi_dim']} | {r['nnz_per_row']:.0f} | {r['build']:.1f} | "
                    f"{r['steady']:.2f} ({r['steady_its']}) |") if first else "| | | | | |"
            tail = f" {r['peak_gb']:.2f} |" if first else " |"
            sc = (f" {row['scipy_seconds']:.1f} | {row['scipy_gap']:.6f} |" if "scipy_seconds" in row else " – | – |")
            print(f"{head} {s} | {row['size']} | {row['gap']:.6f} | {row['seconds']:.1f} ({row['solves']}/{row['its']}) |"
                  f"{sc}{tail}")
            first = False
        sys.stdout.flush()


if __name__ == "__main__":
    main()
