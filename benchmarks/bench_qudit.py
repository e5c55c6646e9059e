"""Benchmark of the qudit PI engine (paper 004 Sec. IV): build, steady state and the four sector gaps.

    .venv/bin/python benchmarks/bench_qudit.py [N,d ...] [--two-sectors N,d ...] [--baseline N,d]
        [--baseline-sectors pp pm mp mm] [--workers 2] [--timeout 900] [--dissipator uniform] [--point 1.8,0.2]

Default sizes (N, d) = (12,3) (7,4) (5,5): the rows of paper 004 Fig. 5 (sectors 30-43k). ``--two-sectors`` sizes
(e.g. 6,5 and 18,3: sectors 150k and 394k) solve only the two sectors of the Sec. IV extrapolations: (+1,+1),
which holds the steady state, and the symmetry-breaking (-1,+1). The baseline is scipy's
sparse shift-invert (``eigs`` with ``sigma``: SuperLU of the whole sector, COLAMD ordering, the default
``OPinv``) on the SAME sector matrices at the same σ, timed in the same run, at --baseline (default (8,3), sectors
~3k). SuperLU's fill in d >= 3 sectors is ~50 % of dense (measured here: 5.8e7 entries at (10,3), 10.9k unknowns,
18 s CPU for one factorization; the spec's 89 s at (8,3) is not reproduced, 1 s here), so its time grows like
n^2.5-3; pass --baseline 12,3 --baseline-sectors mp to time it at a Fig. 5 size. It runs after our solves, so a
baseline that runs out of time loses nothing else.

Every size runs in a fresh subprocess (killed after --timeout s), so the peak memory (ru_maxrss of that child) is
per size. Times are wall seconds and, in brackets, CPU seconds of that child: on a shared machine the CPU time is
the reproducible number (the steady-state column is the wall time of the solve, without assembling 𝓛). With
--workers 2 each default size also times ``gaps(model, N, workers=2)`` (assembly, projection and the four sectors
in two processes; wall seconds). V = 1 and (γ_I, γ_C) = --point (default the critical point (1.8, 0.2) of
Fig. 6b, the hardest point for the gaps). The load average is printed before and after.
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
from permqs.qudit import PIBasis, SECTORS, gaps, liouvillian, sector, sector_spectrum, steady_state
N, d, diss, gI, gC = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
baseline, only, workers = sys.argv[6], sys.argv[7] == "1", int(sys.argv[8])
NAMES = {"pp": (1, 1), "pm": (1, -1), "mp": (-1, 1), "mm": (-1, -1)}
base_sectors = [NAMES[s] for s in baseline.split(",")] if baseline else []
model = qudit_lmg_model(QuditLMGParameters(d=d, V=1.0, gamma_I=gI, gamma_C=gC, dissipator=diss))
clock = lambda: (time.perf_counter(), time.process_time())
since = lambda t: (time.perf_counter() - t[0], time.process_time() - t[1])
out = {"N": N, "d": d}
t = clock(); b = PIBasis(N, d); L = liouvillian(model, N, b); out["build"] = since(t)
out["pi_dim"] = b.size; out["nnz_per_row"] = L.nnz / b.size
if not only:
    ss = steady_state(model, N)
    out["steady"] = ss.seconds - ss.build_seconds; out["steady_its"] = ss.iterations
out["sectors"] = {}
for s in ([(1, 1), (-1, 1)] if only else SECTORS):
    sec = sector(b, s); A = sec.project(L)
    t = clock()
    r = sector_spectrum(model, N, s, matrix=(sec, A), method="iterative")
    row = {"size": sec.size, "gap": r.gap, "time": since(t), "solves": r.solves, "its": r.iterations,
           "residual": r.residual, "sigma": r.sigma}
    out["sectors"][str(s)] = row
    print(json.dumps(out), flush=True)
del L
if workers > 1 and not only:
    t = clock(); g = gaps(model, N, workers=workers); out["workers"] = (since(t)[0], workers)
    out["workers_gaps"] = [g[s].gap for s in SECTORS]
    print(json.dumps(out), flush=True)
for s in base_sectors:  # last, so that a baseline that runs out of time loses nothing else
    row = out["sectors"][str(s)]
    sec = sector(b, s); A = sec.project(liouvillian(model, N, b)).tocsc()
    t = clock()
    lam, vec = spla.eigs(A, k=6, sigma=row["sigma"], which="LM", tol=1e-9)
    row["scipy"] = since(t)
    lam = lam[np.argsort(np.abs(lam.real))]
    row["scipy_gap"] = float(-(lam[1] if s == (1, 1) else lam[0]).real)
    print(json.dumps(out), flush=True)
out["peak_gb"] = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 2**20
print(json.dumps(out), flush=True)
"""


def _size(text: str) -> tuple[int, int]:
    n, d = text.split(",")
    return int(n), int(d)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _t(pair) -> str:
    return f"{pair[0]:.1f} ({pair[1]:.1f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=_size, default=[(12, 3), (7, 4), (5, 5)])
    ap.add_argument("--two-sectors", nargs="*", type=_size, default=[],
                    help="sizes solved in sectors (+1,+1) and (-1,+1) only")
    ap.add_argument("--baseline", type=_size, default=(8, 3))
    ap.add_argument("--baseline-sectors", nargs="*", default=["pp", "pm", "mp", "mm"],
                    help="sectors of the baseline: pp = (+1,+1), pm = (+1,-1), mp = (-1,+1), mm = (-1,-1)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per size")
    ap.add_argument("--dissipator", default="uniform")
    ap.add_argument("--point", default="1.8,0.2")
    args = ap.parse_args()
    gI, gC = (float(v) for v in args.point.split(","))
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
    runs = [(args.baseline, ",".join(args.baseline_sectors), False)]
    runs += [(s, "", False) for s in args.sizes if s != args.baseline] + [(s, "", True) for s in args.two_sectors]
    print(f"paper 004 model, V = 1, (γ_I, γ_C) = ({gI}, {gC}), dissipator {args.dissipator}, "
          f"OMP_NUM_THREADS = {env['OMP_NUM_THREADS']}; load average (1, 5, 15 min) at start: {_load()}\n")
    print("times: wall s (CPU s)\n")
    print("| (N,d) | PI dim | nnz/row | build | steady (its) | sector | size | gap | gap time (solves/its) "
          "| scipy SuperLU eigs | scipy gap | four gaps, workers | peak GB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (N, d), base, only in runs:
        try:
            p = subprocess.run([sys.executable, "-c", CHILD, str(N), str(d), args.dissipator, str(gI), str(gC), base,
                                "1" if only else "0", str(args.workers)], capture_output=True, text=True, env=env,
                               timeout=args.timeout)
            lines, failed = p.stdout.strip().splitlines(), (p.stderr.strip().splitlines() or [""])[-1] \
                if p.returncode else ""
        except subprocess.TimeoutExpired as exc:
            text = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            lines, failed = text.strip().splitlines(), f"stopped after {args.timeout:.0f} s"
        if not lines:
            print(f"| ({N},{d}) | {failed} |")
            continue
        r = json.loads(lines[-1])
        first = True
        for s, row in r["sectors"].items():
            steady = f"{r['steady']:.2f} ({r['steady_its']})" if "steady" in r else "–"
            head = (f"| ({N},{d}) | {r['pi_dim']} | {r['nnz_per_row']:.0f} | {_t(r['build'])} | {steady} |"
                    if first else "| | | | | |")
            workers = (f" {r['workers'][0]:.1f} ({r['workers'][1]} processes) |" if "workers" in r else " – |")
            tail = (workers + (f" {r['peak_gb']:.2f} |" if "peak_gb" in r else " – |")) if first else " | |"
            sc = f" {_t(row['scipy'])} | {row['scipy_gap']:.8f} |" if "scipy" in row else " – | – |"
            print(f"{head} {s} | {row['size']} | {row['gap']:.8f} | {_t(row['time'])} ({row['solves']}/{row['its']}) |"
                  f"{sc}{tail}")
            first = False
        if failed and "peak_gb" not in r:
            print(f"| ({N},{d}) | {failed} (sectors above finished) |")
        sys.stdout.flush()
    print(f"\nload average at end: {_load()}")


if __name__ == "__main__":
    main()
