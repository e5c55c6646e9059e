"""Benchmark of permqs.collective against qutip on the same collective models (paper 002, issue 14 item 6).

    .venv/bin/python benchmarks/bench_collective.py [--paper | --only-paper | --cases btc-evolve:256 ...]
                                                    [--timeout 900] [--skip-qutip]

Cases (κ = 1; ω_b = 1 for Fig. 4), each timed for both backends in the same run, every solve in a fresh
subprocess (cold start: assembly and factorization included; peak memory is that child's ru_maxrss):

    pair-ness     NESS of the Fig. 3 pair (ω_zz = 0.35): ours = pair_ness_cumulants (sparse LU up to N = 7, the
                  block-preconditioned GMRES of permqs.collective.pair beyond); ours-lu = the same by sparse LU
                  of the (N+1)⁴ generator (N ≤ 10); qutip.steadystate (direct) on jmat ⊗ jmat
    pair-gap      slowest Liouvillian eigenvalue of the pair: ours dense eig (N ≤ 7) or shift-invert Arnoldi at
                  σ = 0 with the pair solver on the traceless operators; qutip.liouvillian + scipy
                  shift-invert eigs (σ = 0, k = 6, the usual recipe)
    btc-evolve    BTC (ω_x/κ = 2) from the north pole to t = 200/κ on 201 points: ours scipy expm_multiply on
                  the uniform grid (collective.evolve);
                  qutip.mesolve (atol 1e-10, rtol 1e-8) with e_ops J_x, J_y, J_z
    floquet-gap   Eq. 15-16 Floquet gap at d_b = 65: ours Arnoldi on the one-period map per parity sector;
                  qutip: dense super-propagators (liouvillian·t).expm() composed, numpy eig

Default sizes are minutes on 2 cores; --paper adds the issue's sizes (pair NESS N = 20, 30; pair gap N = 20;
BTC N = 256; Floquet N = 60), which take tens of minutes. The machine is shared: times are noisy (they only
ever grow with load), and the table says which run hit the timeout.
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
case, backend, N = sys.argv[1], sys.argv[2], int(sys.argv[3])


def qutip_pair(N):
    # The Fig. 3 pair (ω_zz = 0.35) built by hand in qutip, the baseline's own model: S, J1, J2, H, c_ops.
    import qutip
    S = N / 2
    I = qutip.qeye(N + 1)
    J1 = {k: qutip.tensor(qutip.jmat(S, k), I) for k in "xyz-"}
    J2 = {k: qutip.tensor(I, qutip.jmat(S, k)) for k in "xyz-"}
    H = 2 * J1["x"] + 0.1 * J1["z"] + 2 * J2["x"] + 0.02 * J2["z"] + (3 * J1["x"] * J2["x"] + 0.35 * J1["z"] * J2["z"]) / S
    return S, J1, J2, H, [np.sqrt(1 / S) * J1["-"], np.sqrt(1 / S) * J2["-"]]

t0 = time.perf_counter()
out = {}
if case == "pair-ness":
    if backend in ("ours", "ours-lu"):
        from permqs.collective import pair_ness_cumulants
        r = pair_ness_cumulants(N, 0.35, method="auto" if backend == "ours" else "direct")
        out.update(value=r.C, residual=r.result.residual, method=f"{r.result.method} ({r.result.iterations} it)")
    else:
        import qutip
        S, J1, J2, H, c_ops = qutip_pair(N)
        rho = qutip.steadystate(H, c_ops)
        ops = [J[k] / S for J in (J1, J2) for k in "xyz"]
        m = [qutip.expect(o, rho) for o in ops]
        C = 0.0
        for j in range(2):
            for l in range(j, 2):
                for a in range(3):
                    for b in range(3):
                        A, B = ops[3 * j + a], ops[3 * l + b]
                        C += np.real(qutip.expect(A * B, rho)) - m[3 * j + a] * m[3 * l + b]
        out.update(value=float(C), residual=float((qutip.liouvillian(H, c_ops) * qutip.operator_to_vector(rho)).norm()),
                   method="qutip.steadystate")
elif case == "pair-gap":
    if backend == "ours":
        from permqs.collective import pair_slowest_eigenvalues
        r = pair_slowest_eigenvalues(N, 0.35, k=4)
        out.update(value=str(np.round(r.gap, 6)), residual=float(r.residuals.max()), method=r.result.method)
    else:
        import qutip, scipy.sparse.linalg as spla
        S, J1, J2, H, c_ops = qutip_pair(N)
        L = qutip.liouvillian(H, c_ops).data.as_scipy().tocsc()
        vals = spla.eigs(L, k=6, sigma=0, return_eigenvectors=False)
        vals = vals[np.abs(vals) > 1e-9]
        lam = vals[np.argmax(vals.real)]
        out.update(value=str(np.round(lam, 6)), method="scipy eigs sigma=0")
elif case == "btc-evolve":
    times = np.linspace(0, 200, 201)
    if backend == "ours":
        from permqs.collective import collective_generator, evolve, macroscopic_observables, product_state
        from permqs.models.time_crystal import boundary_time_crystal
        g = collective_generator(boundary_time_crystal(2.0), N)
        r = evolve(g.static, product_state(g.space, [(0.0, 0.0)]), times, trace=g.space.trace_weights)
        m = macroscopic_observables(g.space).means(r.states)[-1]
        out.update(value=[float(v) for v in m], residual=r.residual, method=r.method)
    else:
        import qutip
        S = N / 2
        J = {k: qutip.jmat(S, k) for k in "xyz-"}
        psi = qutip.basis(N + 1, 0)
        res = qutip.mesolve(2.0 * J["x"], psi * psi.dag(), times, [np.sqrt(1 / S) * J["-"]],
                            e_ops=[J["x"] / S, J["y"] / S, J["z"] / S], options={"atol": 1e-10, "rtol": 1e-8})
        out.update(value=[float(np.real(e[-1])) for e in res.expect], method="qutip.mesolve adams")
elif case == "floquet-gap":
    if backend == "ours":
        from permqs.collective import floquet_gap
        r = floquet_gap(N, 65)
        out.update(value=r.gap, residual=float(max(r.even.residual, r.odd.residual)), method="Arnoldi, parity sectors")
    else:
        import qutip
        d = 65
        a = qutip.destroy(d)
        X = a + a.dag()
        H0 = a.dag() * a
        H1 = H0 - 1.5 / 4 * X * X + 1.5 / (32 * N) * X * X * X * X
        c = [np.sqrt(0.1) * a]
        U_on = (qutip.liouvillian(H1, c) * np.pi).expm().full()
        U_off = (qutip.liouvillian(H0, c) * 0.9 * np.pi).expm().full()
        mu = np.linalg.eigvals(U_off @ U_on)
        mu = mu[np.argsort(-np.abs(mu))]
        out.update(value=float(1 - abs(mu[1])), method="dense expm + eig (truncated X^4)")
ru = resource.getrusage(resource.RUSAGE_SELF)
out.update(seconds=time.perf_counter() - t0, cpu=ru.ru_utime + ru.ru_stime, rss_gb=ru.ru_maxrss / 2**20)
print(json.dumps(out))
"""

DEFAULT = [("pair-ness", 8), ("pair-ness", 10), ("pair-gap", 8), ("btc-evolve", 64), ("floquet-gap", 20)]
PAPER = [("pair-ness", 20), ("pair-ness", 30), ("pair-gap", 20), ("btc-evolve", 256), ("floquet-gap", 60)]
# qutip at these sizes is either a dense 4^N-scaling LU/eig or infeasible in memory: not attempted
QUTIP_SKIP = {("pair-ness", 20), ("pair-ness", 30), ("pair-gap", 20)}


def run(case: str, backend: str, N: int, timeout: float, threads: int = 1) -> dict:
    # BLAS single-threaded always; OMP_NUM_THREADS is what permqs.solvers.resources.available_threads reads
    # (the pair solver's preconditioner groups)
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    try:
        p = subprocess.run([sys.executable, "-c", CHILD, case, backend, str(N)], capture_output=True, text=True,
                           timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"seconds": timeout, "method": "timeout", "value": None}
    if p.returncode != 0:
        return {"seconds": float("nan"), "method": "error: " + p.stderr.strip().splitlines()[-1][:80], "value": None}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--paper", action="store_true", help="add the issue's paper sizes (tens of minutes)")
    ap.add_argument("--only-paper", action="store_true", help="only the paper sizes")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per child process")
    ap.add_argument("--skip-qutip", action="store_true")
    ap.add_argument("--threads", type=int, default=1, help="threads of our solvers (BLAS stays at one)")
    ap.add_argument("--cases", nargs="*", default=None, help="explicit case:N list, e.g. btc-evolve:256")
    args = ap.parse_args(argv)
    cases = (PAPER if args.only_paper else DEFAULT + (PAPER if args.paper else []))
    if args.cases:
        cases = [(c.split(":")[0], int(c.split(":")[1])) for c in args.cases]
    print(f"threads of ours: {args.threads}; load average at start: {os.getloadavg()[0]:.2f} (2 cores; cpu s = the child's user + system time, "
          "imports included, which load does not inflate)")
    print("| case | N | backend | seconds | cpu s | peak GB | value | residual | method |")
    print("|---|---|---|---|---|---|---|---|---|")
    for case, N in cases:
        for backend in ("ours", "ours-lu", "qutip"):
            if backend == "ours-lu" and not (case == "pair-ness" and N <= 10):
                continue
            if backend == "qutip" and (args.skip_qutip or (case, N) in QUTIP_SKIP):
                print(f"| {case} | {N} | qutip | – | – | – | – | – | not attempted (memory/time) |", flush=True)
                continue
            r = run(case, backend, N, args.timeout, args.threads if backend == "ours" else 1)
            val = r.get("value")
            if isinstance(val, float):
                val = f"{val:.6g}"
            elif isinstance(val, list):
                val = "(" + ", ".join(f"{v:.6f}" for v in val) + ")"
            res = r.get("residual")
            res = f"{res:.1e}" if isinstance(res, float) else "–"
            rss = r.get("rss_gb")
            cpu = r.get("cpu")
            print(f"| {case} | {N} | {backend} | {r['seconds']:.1f} | {cpu:.1f} | {rss:.2f} | {val} | {res} | "
                  f"{r['method']} |" if rss is not None else
                  f"| {case} | {N} | {backend} | {r['seconds']:.0f} | – | – | – | – | {r['method']} |", flush=True)


if __name__ == "__main__":
    main()
