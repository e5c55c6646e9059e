"""Benchmark of the J-block steady-state solver against qutip.piqs (LMG model, paper 000 Eqs. 14-15).

    .venv/bin/python benchmarks/bench_dicke.py [N ...] [--large] [--piqs-max 60] [--repeat 3] [--threads 1]

Default sizes N = 20 40 60 80 160; --large appends N = 320 (about 5.5 GB and a minute of CPU). qutip.piqs
solves every N <= --piqs-max as well (default 60, about 25 s per solve at N = 60), and the table gives
the ratio of its time to ours, by wall clock and by CPU time.

Every solve runs in a fresh subprocess (a cold start: first assembly, first factorization), so the
peak memory (ru_maxrss of that child) is per N. Each solver is run --repeat times per N (default 3;
N = 320 once), the two alternating, and the table shows the best time of each, as timeit does: on a
shared machine the noise only ever adds time. CPU seconds count all threads.

--threads sets the BLAS/OpenMP threads of both solvers (OPENBLAS/OMP/MKL_NUM_THREADS in the
children). The default, 1, is what every workflow job gets (Snakemake sets these variables to the
rule's threads) and reproduces the issue's baseline (piqs 4.7 s at N = 40, 54 s at N = 60); with
--threads 2 piqs runs on both cores of the target machine.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

PARAMS = dict(J=3.0, h=0.5, Gamma=2.0, gamma=1.0)
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

CHILD = r"""
import json, resource, sys, time
from permqs.dicke import observables, steady_state
from permqs.models.lmg import LMGParameters, lmg_model
N, backend, params = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
model = lmg_model(LMGParameters(**params))
c0 = time.process_time()
if backend == "dicke":
    r = steady_state(model, N)
    out = dict(build=r.stats["build_seconds"], total=r.seconds, its=r.iterations, residual=r.residual,
               estimate_gb=r.stats["memory_estimate"] / 2**30)
else:
    from permqs.dicke import piqs_steady_state
    r = piqs_steady_state(model, N)
    out = dict(total=r.seconds, residual=r.residual)
out.update(cpu=time.process_time() - c0, rss_gb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
           m_z=observables(r.state).m_z)
print(json.dumps(out))
"""


def _child(N: int, backend: str, threads: int) -> dict:
    env = dict(os.environ, **{v: str(threads) for v in THREAD_VARIABLES})
    proc = subprocess.run([sys.executable, "-c", CHILD, str(N), backend, json.dumps(PARAMS)],
                          capture_output=True, text=True, check=True, env=env)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(N: int, backends: list[str], repeat: int, threads: int) -> dict[str, dict]:
    """Best wall and CPU time of ``repeat`` cold solves per backend, the largest peak memory. The
    backends alternate, so that both see the same spells of load on a shared machine."""
    runs: dict[str, list[dict]] = {b: [] for b in backends}
    for _ in range(repeat):
        for b in backends:
            runs[b].append(_child(N, b, threads))
    best = {}
    for b, rs in runs.items():
        fastest = min(rs, key=lambda r: r["total"])
        best[b] = dict(fastest, cpu=min(r["cpu"] for r in rs), rss_gb=max(r["rss_gb"] for r in rs))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("N", nargs="*", type=int, default=[20, 40, 60, 80, 160])
    parser.add_argument("--large", action="store_true", help="append N = 320 (about 5.5 GB, a minute of CPU)")
    parser.add_argument("--piqs-max", type=int, default=60, help="largest N also solved with qutip.piqs")
    parser.add_argument("--repeat", type=int, default=3, help="cold solves per N and solver (best is shown)")
    parser.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads of both solvers")
    args = parser.parse_args()
    Ns = args.N + ([320] if args.large and 320 not in args.N else [])
    from permqs.dicke import n_unknowns
    print(f"LMG {PARAMS}, best of {args.repeat} cold solves (N = 320: one), {args.threads} BLAS thread(s)")
    header = (f"{'N':>4} {'unknowns':>9} {'build s':>8} {'solve s':>8} {'wall s':>7} {'cpu s':>7} {'its':>4} "
              f"{'peak GB':>8} {'est GB':>7} {'residual':>9} {'piqs s':>8} {'piqs cpu':>8} {'ratio':>6} "
              f"{'cpu rat':>7} {'|Δm_z|':>8}")
    print(header)
    for N in Ns:
        repeat = 1 if N >= 320 else args.repeat
        best = run(N, ["dicke", "piqs"] if N <= args.piqs_max else ["dicke"], repeat, args.threads)
        d = best["dicke"]
        line = (f"{N:>4} {n_unknowns(N):>9} {d['build']:>8.3f} {d['total'] - d['build']:>8.3f} {d['total']:>7.3f} "
                f"{d['cpu']:>7.3f} {d['its']:>4} {d['rss_gb']:>8.2f} {d['estimate_gb']:>7.2f} {d['residual']:>9.1e}")
        if "piqs" in best:
            p = best["piqs"]
            line += (f" {p['total']:>8.2f} {p['cpu']:>8.2f} {p['total'] / d['total']:>6.1f} "
                     f"{p['cpu'] / d['cpu']:>7.1f} {abs(p['m_z'] - d['m_z']):>8.1e}")
        print(line, flush=True)


if __name__ == "__main__":
    main()
