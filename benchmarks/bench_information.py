"""Benchmark of the information quantities of PI states (issue 13 item 6): one table.

    .venv/bin/python benchmarks/bench_information.py [--qubit-N 40 100] [--skip-qudit] [--tol 0]

Rows:
* qudit (N, d) = (5, 5), (7, 4): a random Hermitian PI operator in the occupation form (every one of the
  C(N + d² - 1, N) types), timed for the purity (multinomial sum) and the N_A = ⌈N/2⌉ negativity (S_{N_A} × S_{N_B}
  blocks), cold (Young tables built) and warm (tables cached, as along a parameter grid). The baseline in the same
  run is the dense route where it fits (d^N <= 4096: rebuild ρ, partial transpose, eigvalsh); at (5,5) and (7,4)
  d^N = 3125 and 16384, so only (5,5) has one.
* qubit N = 40, 100, 200: the paper-000 LMG steady state (𝒥 = 3γ, h = 0.5γ, Γ = 0.5γ: the stationary phase, where
  every large block is entangled or at round-off distance from it, the slowest case) from the J-block solver (not
  timed), its purity, and the half-half negativity by SU(2) recoupling: exact (tol = 0) on 1 thread, and with
  tol = 1e-10 (10x below the 1e-9 resolution of the states) on 1 and 2 threads. Wall and CPU seconds: on a shared
  machine the CPU time of a one-thread run is what it would take alone. The baseline in the same run is the
  implementation before issue 13 item 6 (:func:`baseline_negativity`: numpy eigvalsh of every block, one
  thread) where it takes minutes at most (N <= --baseline-max-N); above, the issue's number is cited. Above
  --full-max-N the new route is not run to the end: the row times one large block (J_A, J_B) = (N/2, N/4)
  end to end and scales it by Σ (n/n_timed)³ over the blocks that would be built (an estimate, marked so).

Targets on 2 cores (issue 13): negativity at (7,4) <= 10 s, qubit N = 100 <= 60 s. Timings on a shared machine
are noisy (only ever slower); the load average is printed next to each row. BLAS threads follow
OMP_NUM_THREADS / OPENBLAS_NUM_THREADS outside the thread pool and are 1 inside it.
"""
from __future__ import annotations

import argparse
import os
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


def baseline_negativity(state) -> float:
    """𝒩_{A|B} as permqs.information.qubit computed it before issue 13 item 6 (commit 062e8a6): every (J_A, J_B)
    block with a nonzero a-priori bound built and eigensolved in full by numpy's eigvalsh (zheevd), serially."""
    from permqs.dicke.basis import j_values, log_dim_j
    from permqs.information.bipartite import negative_part
    from permqs.information.qubit import recoupled_block

    N, N_A = state.N, (state.N + 1) // 2
    blocks = {float(J): b for J, b in state.blocks()}
    ld = dict(zip(blocks, log_dim_j(N, np.array(list(blocks)))))
    traces = {J: float(np.trace(b).real) for J, b in blocks.items()}
    JAs, JBs = j_values(N_A), j_values(N - N_A)
    lA, lB = dict(zip(JAs, log_dim_j(N_A, JAs))), dict(zip(JBs, log_dim_j(N - N_A, JBs)))
    mirror = N_A == N - N_A
    total = 0.0
    for JA in JAs:
        for JB in JBs:
            if mirror and JB > JA:
                continue
            w = {J: float(np.exp(lA[JA] + lB[JB] - ld[J])) for J in blocks if abs(JA - JB) <= J <= JA + JB}
            dA, dB = int(round(2 * JA)) + 1, int(round(2 * JB)) + 1
            if (min(dA, dB) - 1) * sum(w[J] * traces[J] for J in w) <= 0:
                continue
            X = recoupled_block(blocks, w, JA, JB)
            PT = X.reshape(dA, dB, dA, dB).transpose(0, 3, 2, 1).reshape(dA * dB, dA * dB)
            total += (2 if mirror and JA > JB else 1) * negative_part(np.linalg.eigvalsh((PT + PT.conj().T) / 2))
    return total


def estimate_large(state, tol: float) -> tuple[float, int, int, float]:
    """(seconds of the block (J_A, J_B) = (N/4, N/8) end to end, its rows, blocks that would be built,
    Σ (n/n_timed)³ over them)."""
    from permqs.information import qubit

    blocks = {float(J): b for J, b in state.blocks()}
    plan = qubit._plan(state, (state.N + 1) // 2, tol)
    JA = max(p[1] for p in plan.kept)
    item = min(plan.kept, key=lambda p: abs(p[1] - JA) + abs(p[2] - JA / 2))
    n = qubit._rows(item)
    t = time.perf_counter()
    qubit._one_block(blocks, item, plan.shift, plan.split, plan.mirror)
    sec = time.perf_counter() - t
    return sec, n, len(plan.kept), sum((qubit._rows(p) / n) ** 3 for p in plan.kept)


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qubit-N", type=int, nargs="*", default=[40, 100, 200])
    ap.add_argument("--skip-qudit", action="store_true")
    ap.add_argument("--tol", type=float, default=1e-10, help="error budget of the third qubit variant")
    ap.add_argument("--baseline-max-N", type=int, default=60,
                    help="largest N at which the old implementation is timed (N = 100: ~15 min)")
    ap.add_argument("--full-max-N", type=int, default=100, help="largest N run to the end (N = 200: hours)")
    args = ap.parse_args(argv)

    from permqs.information.pi import negativity, purity
    from permqs.information.young import young_tables

    rows = []

    def add(*row):
        rows.append(tuple(str(x) for x in row) + (load(),))
        print(*rows[-1], sep=" | ", file=sys.stderr)

    if not args.skip_qudit:
        for N, d in [(5, 5), (7, 4)]:
            op = random_pi_operator(N, d, np.random.default_rng(0))
            t = time.perf_counter(); purity(op); t_pur = time.perf_counter() - t
            young_tables.cache_clear()
            t = time.perf_counter(); neg = negativity(op); t_cold = time.perf_counter() - t
            t = time.perf_counter(); negativity(op); t_warm = time.perf_counter() - t
            base = f"{dense_negativity_seconds(op, (N + 1) // 2):.2f} (dense)" if d ** N <= 4096 else "-"
            add(f"qudit (N,d)=({N},{d})", f"{len(op.coefficients)} types", f"{t_pur:.3f}", base,
                f"{t_cold:.2f} cold / {t_warm:.2f} warm", f"{neg:.6g}", "random operator")
    if args.qubit_N:
        from permqs.dicke import steady_state
        from permqs.information.qubit import clebsch_gordan, jblock_negativity, jblock_purity
        from permqs.models.lmg import LMGParameters, lmg_model

        model = lmg_model(LMGParameters(J=3.0, h=0.5, Gamma=0.5, gamma=1.0))
        threads = min(2, len(os.sched_getaffinity(0)))
        for N in args.qubit_N:
            state = steady_state(model, N).state
            t = time.perf_counter(); jblock_purity(state); t_pur = f"{time.perf_counter() - t:.4f}"
            if N <= args.baseline_max_N:
                t, c = time.perf_counter(), time.process_time()
                ref = baseline_negativity(state)
                base, ref_s = f"{time.perf_counter() - t:.2f} (cpu {time.process_time() - c:.2f})", f"{ref:.4g}"
            else:
                base, ref_s = ("869 (cited, issue 13)" if N == 100 else "-"), "-"
            if N > args.full_max_N:
                c = time.process_time()
                sec, n, kept, scale = estimate_large(state, args.tol)
                cpu = time.process_time() - c
                add(f"qubit LMG N={N}, tol={args.tol:g}", f"{kept} blocks (<= {(N // 2 + 1) ** 2})", t_pur, base,
                    f"~{sec * scale:.0f} (estimate: {sec:.1f} s, cpu {cpu:.1f}, for n={n}; x {scale:.1f})", "-",
                    "1 thread, extrapolated")
                continue
            for tol, thr in ((0.0, 1), (args.tol, 1), (args.tol, threads)):
                clebsch_gordan.cache_clear()
                c = time.process_time()
                neg = jblock_negativity(state, tol=tol, threads=thr)
                cpu = time.process_time() - c
                add(f"qubit LMG N={N}, tol={tol:g}", f"{neg.blocks_used} built, {neg.blocks_certified} certified, "
                    f"{neg.blocks_skipped} skipped (<= {neg.largest_block})", t_pur, base,
                    f"{neg.seconds:.2f} (cpu {cpu:.2f})",
                    f"{neg.negativity:.4g} (baseline {ref_s}, bound {neg.truncation_bound:.1g})",
                    f"{neg.threads} thread(s), {neg.eigensolver}")
    header = ("case", "size", "purity [s]", "baseline [s]", "negativity [s]", "negativity", "notes", "load")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    for r in [header, tuple("-" * w for w in widths)] + rows:
        print(" | ".join(x.ljust(w) for x, w in zip(r, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
