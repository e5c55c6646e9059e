"""Benchmark of paper 004's four Z2 sector gaps at d = 2 (Fig. 6, d = 2): J-block route against the qudit engine.

    .venv/bin/python benchmarks/bench_jblock_gaps.py [N ...] [--baseline N ...] [--timeout 600] [--point 1.8,0.2]
    .venv/bin/python benchmarks/bench_jblock_gaps.py --corner [--corner-sizes 60 100 150] [--corner-gamma-I 0.2 0.6]

New: :func:`permqs.dicke.jblock_gaps` (the spin-1/2 J-block vector, one shift-invert Arnoldi per Π1 sector with
the graded colour preconditioner, eigenvectors split by T2). Baseline: :func:`permqs.qudit.gaps` with
``method="iterative"`` (PI occupation basis, level-sum Gauss-Seidel + GMRES), the engine Fig. 6 used so far, on the
same model at the --baseline sizes (default 24 and 40), timed in the same run, each baseline size right before
the new route at that size. Default new-route sizes: 40, 100, 150 (sectors up to 149k unknowns).

Every (engine, N) runs in a fresh subprocess (killed after --timeout s), so the peak memory (ru_maxrss) is per
run. Times are wall seconds and, in brackets, CPU seconds of that child (the reproducible number on a shared
machine). V = 1, dissipator "spin" (for d = 2 both dissipators are the same), (γ_I, γ_C) = --point (default the
critical point (1.8, 0.2) of Fig. 6b); --imag-range as the workflow's (default 4: gaps certified against slower
modes up to |Im λ| = 4, the J-block route growing k for it). "agree" is max |Δ_jblock - Δ_qudit| over the four
sectors where both engines succeeded. The load average is printed before and after.

Measured 2026-12-01 (2-core shared machine, load 1.1-3.0, OMP_NUM_THREADS = 1, defaults): qudit engine N = 24:
70 s CPU, (+1,+1) FAILED (108k inner iterations), the other three within 3e-7 of the J-block gaps; N = 40: stopped
after 300 s. J-block, four gaps: N = 24 0.2 s; N = 40 0.5 s, 0.16 GB; N = 100 12.9 s, 0.31 GB; N = 150 151 s
CPU, 0.86 GiB (sectors 143-149k unknowns; 84 s with --imag-range 0). Rates ≪ V are harder: at (γ_I, γ_C) =
(0.2, 0.2) the inner solves need ~1000 iterations (N = 40: 45 s with maxiter=2000; the default maxiter 300
failed there, reported as breakdown, before the LU fallback of --corner below).

--corner: the Hamiltonian-dominated corner of Fig. 6(a) (γ_C = 0.2, γ_I = --corner-gamma-I, default 0.2 and 0.6, at
N = --corner-sizes, default 60, 100, 150), where the colour-sweep GMRES breaks down. Baseline: the J-block route
with ``inner="gmres"`` only (the route before the sparse-LU fallback: its failures are reported, as the workflow
recorded them, NaN gaps); new: ``inner="auto"`` (the LU of a Π1 sector whose GMRES pass breaks down), each
baseline right before the new route at that point. "agree" is then max |Δ_new - Δ_gmres| where both succeeded.

Measured 2026-12-01 with --corner (defaults; load 3.1-3.8, OMP_NUM_THREADS = 1). GMRES alone: every sector FAILED
at N = 60, 100, 150 for γ_I = 0.2 and at N = 100, 150 for γ_I = 0.6 (breakdown on the first inner solve, 0.3-8.6 s);
N = 60, γ_I = 0.6 succeeds in 52 s (~180 iterations per solve). auto (LU after a GMRES breakdown or 100
iterations): N = 60 8.8 / 8.4 s (γ_I = 0.2 / 0.6; 0.40 GB; the N = 60, 0.6 gaps equal GMRES's to 5e-15), N = 100
72 / 70 s (1.20 GB; LU 53.6M and 70.0M entries), N = 150 (Π1 sectors of 292k unknowns) 418 / 423 s (4.99 GB; LU
290M and 373M entries), every sector ok. At N = 100, γ_I = 0.2: Δ = 0.2235935446, 0.4458336644, 0.0001842023,
0.4458291071; γ_I = 0.6: 0.6110937595, 1.3337857085, 0.0000081297, 1.3337855147 ((+1,+1), (+1,-1), (-1,+1),
(-1,-1)).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
from permqs.qudit import SECTORS, gaps
from permqs.dicke import jblock_gaps
engine, N, gI, gC, imag = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
model = qudit_lmg_model(QuditLMGParameters(d=2, V=1.0, gamma_I=gI, gamma_C=gC))
t = (time.perf_counter(), time.process_time())
if engine.startswith("jblock"):
    inner = engine.partition("-")[2] or "auto"
    g = jblock_gaps(model, N, raise_on_failure=False, imag_range=imag, inner=inner)
else:
    g = gaps(model, N, method="iterative", raise_on_failure=False, imag_range=imag)
out = {"wall": time.perf_counter() - t[0], "cpu": time.process_time() - t[1],
       "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
       "sectors": {str(s): {"size": g[s].size, "gap": g[s].gap, "ok": g[s].success, "its": g[s].iterations,
                             "solves": g[s].solves, "lu_nnz": g[s].stats.get("lu_nnz", 0),
                             "residual": g[s].residual, "cert": g[s].imag_certified} for s in SECTORS}}
print(json.dumps(out), flush=True)
"""


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _run(engine: str, N: int, gI: float, gC: float, imag: float, timeout: float, env: dict):
    try:
        p = subprocess.run([sys.executable, "-c", CHILD, engine, str(N), str(gI), str(gC), str(imag)],
                           capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"stopped after {timeout:.0f} s"
    if p.returncode:
        return None, (p.stderr.strip().splitlines() or ["failed"])[-1]
    return json.loads(p.stdout.strip().splitlines()[-1]), ""


def _print_rows(engine: str, N: int, point: str, r: dict, agree: str) -> None:
    first = True
    for s, row in r["sectors"].items():
        head = (f"| {engine} | {N} | {point} | {r['wall']:.1f} ({r['cpu']:.1f}) | {r['peak_gb']:.2f} |" if first
                else "| | | | | |")
        lu = f"{row['lu_nnz'] / 1e6:.1f}M" if row["lu_nnz"] else ""
        print(f"{head} {s} | {row['size']} | {row['gap']:.10f} | {row['cert']:.3g} | {row['solves']} | "
              f"{row['its']} | {lu} | {'ok' if row['ok'] else 'FAILED'} | {agree if first else ''} |")
        first = False
    sys.stdout.flush()


def _agree(r: dict, ref: dict) -> str:
    both = [abs(row["gap"] - ref["sectors"][s]["gap"]) for s, row in r["sectors"].items()
            if row["ok"] and ref["sectors"][s]["ok"]]
    return f"{max(both):.1e} ({len(both)} sectors)" if both else "–"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, default=[40, 100, 150])
    ap.add_argument("--baseline", nargs="*", type=int, default=[24, 40])
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    ap.add_argument("--point", default="1.8,0.2")
    ap.add_argument("--imag-range", type=float, default=4.0, help="as the workflow's paper004_finite.imag_range")
    ap.add_argument("--corner", action="store_true", help="the corner points instead: GMRES only against auto")
    ap.add_argument("--corner-sizes", nargs="*", type=int, default=[60, 100, 150])
    ap.add_argument("--corner-gamma-I", nargs="*", type=float, default=[0.2, 0.6])
    args = ap.parse_args()
    gI, gC = (float(v) for v in args.point.split(","))
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
    if args.corner:
        runs = [(engine, N, g, gC) for N in args.corner_sizes for g in args.corner_gamma_I
                for engine in ("jblock-gmres", "jblock")]
        what = f"corner points γ_C = {gC}, γ_I in {args.corner_gamma_I}"
    else:
        runs = []
        for N in sorted(set(args.sizes) | set(args.baseline)):
            if N in args.baseline:
                runs.append(("qudit", N, gI, gC))
            runs.append(("jblock", N, gI, gC))
        what = f"(γ_I, γ_C) = ({gI}, {gC})"
    print(f"paper 004 model, d = 2, V = 1, {what}, imag_range {args.imag_range}, "
          f"OMP_NUM_THREADS = {env['OMP_NUM_THREADS']}; load average (1, 5, 15 min) at start: {_load()}\n")
    print("| engine | N | (γ_I, γ_C) | time wall s (CPU s) | peak GB | sector | size | gap | certified |Im λ| < "
          "| inner solves | inner its | LU entries | status | agree |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    base = {}
    for engine, N, g1, g2 in runs:
        point = f"({g1}, {g2})"
        r, failed = _run(engine, N, g1, g2, args.imag_range, args.timeout, env)
        if r is None:
            print(f"| {engine} | {N} | {point} | {failed} (load {_load()}) | | | | | | | | | | |")
            continue
        if engine in ("qudit", "jblock-gmres"):
            base[N, g1] = r
        agree = _agree(r, base[N, g1]) if engine == "jblock" and (N, g1) in base else ""
        _print_rows(engine, N, point, r, agree)
    print(f"\nload average at end: {_load()}")


if __name__ == "__main__":
    main()
