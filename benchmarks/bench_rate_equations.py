"""Benchmark of the h = 0 rate-equation solver (paper 000 Eqs. A11-A12).

Each case runs in a fresh process so that the peak resident memory (ru_maxrss) is its own.
Usage: .venv/bin/python benchmarks/bench_rate_equations.py [--full-grid]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

CASES = [(N, 2.0) for N in (100, 200, 400, 800, 1600)] + [(1600, 0.5), (1600, 5.0)]
GAMMA = 1.0


def run_case(N: int, Gamma: float, cutoff: float) -> dict:
    from permqs.dicke.observables import population_magnetization_z
    from permqs.dicke.rate_equations import solve_rate_equations

    cpu = time.process_time()
    res = solve_rate_equations(N, Gamma, GAMMA, cutoff=cutoff)
    return {"N": N, "Gamma": Gamma, "unknowns": int(res.p.size), "support": res.support, "seconds": res.seconds,
            "cpu": time.process_time() - cpu, "residual": res.residual, "m_z": population_magnetization_z(res),
            "peak_MiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full-grid", action="store_true", help="cutoff=0: solve every (J, J_z) state")
    parser.add_argument("--case", nargs=2, type=float, help=argparse.SUPPRESS)   # child process: N Gamma
    args = parser.parse_args()
    cutoff = 0.0 if args.full_grid else 1e-20
    if args.case:
        print(json.dumps(run_case(int(args.case[0]), args.case[1], cutoff)))
        return
    print(f"{'N':>5} {'Γ/γ':>4} {'unknowns':>9} {'p > 0':>8} {'wall s':>7} {'cpu s':>6} {'peak MiB':>9} "
          f"{'residual':>9} {'<m_z>':>10}")
    for N, Gamma in CASES:
        cmd = [sys.executable, __file__, "--case", str(N), str(Gamma)] + (["--full-grid"] if args.full_grid else [])
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        print(f"{r['N']:>5} {r['Gamma']:>4} {r['unknowns']:>9} {r['support']:>8} {r['seconds']:>7.2f} {r['cpu']:>6.2f} "
              f"{r['peak_MiB']:>9.0f} {r['residual']:>9.1e} {r['m_z']:>10.7f}", flush=True)


if __name__ == "__main__":
    main()
