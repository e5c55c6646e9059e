"""Benchmark of the information quantities of PI states (issue 13 item 6): one table.

    .venv/bin/python benchmarks/bench_information.py [--qubit-N 40 100] [--skip-qudit] [--tol 0]

Rows:
* qudit (N, d) = (5, 5), (7, 4): a random Hermitian PI operator in the occupation form (every one of the
  C(N + d² - 1, N) types), timed for the purity (multinomial sum) and the N_A = ⌈N/2⌉ negativity (S_{N_A} × S_{N_B}
  blocks), cold (Young tables built) and warm (tables cached, as along a parameter grid). The baseline in the same
  run is the dense route where it fits (d^N <= 4096: rebuild ρ, partial transpose, eigvalsh); at (5,5) and (7,4)
  d^N = 3125 and 16384, so only (5,5) has one.
* qubit N = 40, 100, 200: the paper-000 LMG steady state (𝒥 = 3γ, h = 0.5γ, Γ = 0.5γ) from the J-block solver
  (not timed), then the half-half negativity by SU(2) recoupling (``tol`` = 0: exact, no block skipped).

Targets on 2 cores (issue 13): negativity at (7,4) <= 10 s, qubit N = 100 <= 60 s. Timings on a shared machine
are noisy (only ever slower); BLAS threads follow OMP_NUM_THREADS / OPENBLAS_NUM_THREADS.
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np


def random_pi_operator(N: int, d: int, rng: np.random.Generator):
    from permqs.information.occupation import OccupationOperator, all_occupations, occupation_hash

    occ = all_occupations(N, d)
    c = rng.normal(size=len(occ)) + 1j * rng.normal(size=len(occ))
    flat = occ.reshape(len(occ), -1)
    k, kT = occupation_hash(flat), occupation_hash(occ.transpose(0, 2, 1).reshape(len(occ), -1))
    order = np.argsort(k)
    c = (c + np.conj(c[order[np.searchsorted(k[order], kT)]])) / 2     # c_{n^T} = conj(c_n): Hermitian
    return OccupationOperator(occ, c)


def dense_negativity_seconds(op, N_A: int) -> float:
    """Rebuild the d^N matrix from c_n and take the dense partial transpose (baseline)."""
    N, d = op.N, op.d
    t = time.perf_counter()
    from permqs.information.occupation import _WEIGHTS
    words = np.array(np.unravel_index(np.arange(d ** N), (d,) * N)).T
    keys = [np.zeros((d ** N, d ** N), dtype=np.uint64) for _ in range(2)]
    with np.errstate(over="ignore"):
        for i in range(N):
            cell = words[:, i, None] * d + words[None, :, i]          # the additive key, one site at a time
            for w, k in zip(_WEIGHTS, keys):
                k += w[cell]
    rho = op.lookup(*keys)
    dA, dB = d ** N_A, d ** (N - N_A)
    pt = rho.reshape(dA, dB, dA, dB).transpose(0, 3, 2, 1).reshape(dA * dB, dA * dB)
    np.linalg.eigvalsh((pt + pt.conj().T) / 2)
    return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qubit-N", type=int, nargs="*", default=[40, 100],
                    help="qubit sizes (N = 200 takes hours: the cost grows like N^7)")
    ap.add_argument("--skip-qudit", action="store_true")
    ap.add_argument("--tol", type=float, default=0.0, help="truncation tolerance of the qubit negativity")
    args = ap.parse_args(argv)

    from permqs.information.pi import negativity, purity
    from permqs.information.young import young_tables

    rows = []
    if not args.skip_qudit:
        for N, d in [(5, 5), (7, 4)]:
            op = random_pi_operator(N, d, np.random.default_rng(0))
            t = time.perf_counter(); purity(op); t_pur = time.perf_counter() - t
            young_tables.cache_clear()
            t = time.perf_counter(); neg = negativity(op); t_cold = time.perf_counter() - t
            t = time.perf_counter(); negativity(op); t_warm = time.perf_counter() - t
            base = f"{dense_negativity_seconds(op, (N + 1) // 2):.2f}" if d ** N <= 4096 else "-"
            rows.append((f"qudit (N,d)=({N},{d})", f"{len(op.coefficients)} types", f"{t_pur:.3f}",
                         f"{t_cold:.2f} / {t_warm:.2f}", base, "(random operator)"))
            print(*rows[-1], sep=" | ", file=sys.stderr)
    if args.qubit_N:
        from permqs.dicke import steady_state
        from permqs.information.qubit import jblock_negativity, jblock_purity
        from permqs.models.lmg import LMGParameters, lmg_model

        model = lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=0.5, gamma=1.0))
        for N in args.qubit_N:
            state = steady_state(model, N).state
            t = time.perf_counter(); jblock_purity(state); t_pur = time.perf_counter() - t
            neg = jblock_negativity(state, tol=args.tol)
            rows.append((f"qubit LMG N={N}", f"{neg.blocks_used} blocks (<= {neg.largest_block})", f"{t_pur:.3f}",
                         f"{neg.seconds:.2f}", "-", f"{neg.negativity:.6g} (bound {neg.truncation_bound:.1g})"))
            print(*rows[-1], sep=" | ", file=sys.stderr)
    header = ("case", "size", "purity [s]", "negativity [s] (cold / warm)", "dense baseline [s]", "negativity")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for r in [header, tuple("-" * w for w in widths)] + rows:
        print(" | ".join(str(x).ljust(w) for x, w in zip(r, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
