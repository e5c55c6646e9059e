"""``python -m permqs <stage> [args]``: run one workflow stage (the entry points the rules call).

Each stage is a module ``permqs.stages.<stage>`` with ``main(argv)``; ``python -m permqs --list``
lists them and ``python -m permqs <stage> --help`` documents its arguments.

Every run logs to stderr (the rule's log file in the workflow): the command, what the stage reports
while it works (solver iterations, points done of a curve), and at the end the wall time and the peak
resident memory. :func:`run_logged` runs a stage the same way inside a long-lived worker process,
with its output sent to a log file, so that many small stages do not each pay Python's start-up.
"""
from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import shlex
import sys
import time
import traceback
from typing import Sequence

from . import stages

log = logging.getLogger("permqs")

# What Snakemake exports to a shell job that has ``threads`` threads; a worker sets the same per task.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "GOTO_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


class StageFailed(RuntimeError):
    """A stage run by :func:`run_logged` exited with an error (the log holds the traceback)."""


def available_stages() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(stages.__path__) if not m.name.startswith("_"))


def _configure_logging() -> None:
    """INFO and above from every ``permqs.*`` logger to the current stderr, stamped with the time."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s", "%H:%M:%S"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False


def _reset_peak_memory() -> bool:
    """Restart the kernel's peak-RSS counter of this process (Linux ≥ 4.0), so that a worker reports the
    peak of each task rather than of its lifetime; False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_memory_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # peak over the process lifetime (kB on Linux)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_stage(argv: Sequence[str]) -> None:
    """Run ``permqs.stages.<argv[0]>.main(argv[1:])`` with the start and end logged."""
    argv = list(argv)
    names = available_stages()
    stage, rest = argv[0], argv[1:]
    if stage not in names:
        sys.exit(f"permqs: unknown stage {stage!r}; available: {', '.join(names)}")
    _configure_logging()
    per_task = _reset_peak_memory()
    log.info("python -m permqs %s", shlex.join(argv))
    t0 = time.perf_counter()
    module = importlib.import_module(f"permqs.stages.{stage}")
    t1 = time.perf_counter()
    module.main(rest)
    log.info("%s done in %.2f s (imports %.2f s), peak memory %.0f MB%s", stage, time.perf_counter() - t0,
             t1 - t0, _peak_memory_mb(), "" if per_task else " (process lifetime)")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help", "--list"):
        print("usage: python -m permqs <stage> [--help | args]\nstages:\n  " + "\n  ".join(available_stages()))
        return
    run_stage(argv)


def _fresh_matplotlib() -> None:
    """Give a task matplotlib as a new process has it (rc settings of the rc file, no open figures), so that
    a figure never depends on which figures the same worker drew before."""
    mpl = sys.modules.get("matplotlib")
    if mpl is not None:
        mpl.rc_file_defaults()
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")


def run_logged(argv: Sequence[str], log_path: str, threads: int = 1) -> None:
    """Run one stage as ``python -m permqs argv > log_path 2>&1`` would, in the calling process.

    Meant for a worker process that runs one task at a time (a ``concurrent.futures`` process pool):
    file descriptors 1 and 2 point at the log for the duration of the task, BLAS and OpenMP are limited
    to ``threads`` threads, and a failing stage raises :class:`StageFailed` after writing its traceback
    to the log.
    """
    from threadpoolctl import threadpool_limits

    saved_env = {v: os.environ.get(v) for v in THREAD_VARIABLES}
    sys.stdout.flush()
    sys.stderr.flush()
    saved_fds = os.dup(1), os.dup(2)
    failure = None
    with open(log_path, "w") as out:
        os.dup2(out.fileno(), 1)
        os.dup2(out.fileno(), 2)
        try:
            _fresh_matplotlib()
            os.environ.update({v: str(threads) for v in THREAD_VARIABLES})
            with threadpool_limits(limits=threads):
                run_stage(argv)
        except SystemExit as e:  # argparse errors and the stages' own exits
            if e.code not in (None, 0):
                print(e.code if isinstance(e.code, str) else f"exit status {e.code}", file=sys.stderr)
                failure = f"exit status {e.code!r}"
        except BaseException as e:  # noqa: BLE001 - reported through the log, raised below as StageFailed
            traceback.print_exc()
            failure = f"{type(e).__name__}: {e}"
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved_fds[0], 1)
            os.dup2(saved_fds[1], 2)
            for fd in saved_fds:
                os.close(fd)
            for v, value in saved_env.items():
                if value is None:
                    os.environ.pop(v, None)
                else:
                    os.environ[v] = value
    if failure is not None:
        raise StageFailed(f"permqs {argv[0]} failed ({failure}); see {log_path}")
