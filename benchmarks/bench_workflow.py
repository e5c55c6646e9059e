"""Per-job overhead of the workflow: Python start-up per stage, the warm workers' round trip, and the wall
time of a fresh run (optionally against a baseline git revision, run alternately in the same session).

    python benchmarks/bench_workflow.py startup                 start-up per stage (fresh process vs warm worker)
    python benchmarks/bench_workflow.py run [--baseline REV] [--config FILE] [--target T ...] [--repeat K]

`run` copies the workflow of the working tree (and of REV, e.g. main) into temporary folders and times
`snakemake --cores 2` from empty results, alternating the two so both see the same spells of load.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def fresh_seconds(code: str, repeat: int) -> float:
    """Median wall time of a new Python process running ``code``."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def startup(repeat: int) -> None:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from permqs.cli import available_stages, run_logged

    bare = fresh_seconds("pass", repeat)
    print(f"bare Python start-up: {bare:.3f} s (median of {repeat})\n")
    print("| stage | new process: start-up + imports, s | of which imports, s |")
    print("|---|---|---|")
    for stage in available_stages():
        t = fresh_seconds(f"import permqs.stages.{stage}", repeat)
        print(f"| {stage} | {t:.2f} | {t - bare:.2f} |")

    # The warm worker's round trip for one task: submit, redirect the log, run the stage, restore.
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        argv = ["grid", "--out", f"{tmp}/grid.parquet", "--param", "N=4,6", "--param", "Gamma=0.5"]
        pool.submit(run_logged, argv, f"{tmp}/log").result()  # start the worker, import the stage
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            pool.submit(run_logged, argv, f"{tmp}/log").result()
            times.append(time.perf_counter() - t0)
        fresh = fresh_seconds(f"from permqs.cli import main; main({argv!r})", repeat)
    print(f"\none `grid` job: new process {fresh:.3f} s, warm worker {statistics.median(times):.3f} s "
          f"(median of 20)")


def copy_workflow(rev: str | None, dest: Path) -> None:
    if rev is None:
        files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.split("\0")
        for f in filter(None, files):
            src = ROOT / f
            if src.is_file():
                (dest / f).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / f)
    else:
        archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)


def timed_run(workdir: Path, config: str | None, targets: list[str]) -> tuple[float, int, float, float]:
    """Wall seconds, jobs, CPU seconds of the whole process tree (snakemake, its workers and subprocesses:
    independent of other users' load), and the 1-minute load average around the run."""
    # targets first: --quiet and --configfile take every word after them
    args = [sys.executable, "-m", "snakemake", *targets, "--workflow-profile", "workflow/profiles/default",
            "--cores", "2", "--quiet", "rules"]
    if config:
        args += ["--configfile", config]
    env = {**os.environ, "PYTHONPATH": str(workdir / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=workdir, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(proc.stdout[-3000:] + proc.stderr[-3000:])
    jobs = proc.stdout.count("Finished jobid") + proc.stderr.count("Finished jobid")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, jobs, cpu, (load + os.getloadavg()[0]) / 2


def run(baseline: str | None, config: str | None, targets: list[str], repeat: int) -> None:
    variants = {"working tree": None} | ({f"baseline {baseline}": baseline} if baseline else {})
    results: dict[str, list[float]] = {name: [] for name in variants}
    for i in range(repeat):
        for name, rev in variants.items():
            with tempfile.TemporaryDirectory() as tmp:
                copy_workflow(rev, Path(tmp))
                seconds, jobs, cpu, load = timed_run(Path(tmp), config, targets)
            results[name].append(seconds)
            print(f"run {i + 1}: {name}: {seconds:.1f} s wall, {cpu:.1f} s CPU, {jobs} jobs, load average {load:.1f}",
                  flush=True)
    for name, times in results.items():
        print(f"{name}: best {min(times):.1f} s, median {statistics.median(times):.1f} s")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    s = sub.add_parser("startup")
    s.add_argument("--repeat", type=int, default=5)
    r = sub.add_parser("run")
    r.add_argument("--baseline", help="git revision to time against, e.g. main")
    r.add_argument("--config", help="config file passed with --configfile (default: config/config.yaml alone)")
    r.add_argument("--target", action="append", default=[], help="target files (default: all)")
    r.add_argument("--repeat", type=int, default=1)
    a = p.parse_args()
    if a.what == "startup":
        startup(a.repeat)
    else:
        run(a.baseline, a.config, a.target, a.repeat)


if __name__ == "__main__":
    main()
