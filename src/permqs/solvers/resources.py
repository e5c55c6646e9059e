"""Threads and memory of a finite-N solve: how many CPUs a job may use, BLAS threading, the memory guard."""
from __future__ import annotations

import os
from contextlib import nullcontext
from functools import lru_cache

import psutil
from threadpoolctl import ThreadpoolController

from ..errors import MemoryLimitError

# Unknowns below which BLAS may keep its threads: two BLAS threads cost nothing measurable there (N = 40
# J-block: 37-47 ms either way) while threadpoolctl's library scan costs ~10 ms once per process.
SMALL_PROBLEM = 20_000


def available_threads() -> int:
    """CPUs this process may use (its affinity), capped by OMP_NUM_THREADS when that is set (as Snakemake
    sets it to each job's threads)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    omp = os.environ.get("OMP_NUM_THREADS", "")
    return max(1, min(cpus, int(omp))) if omp.isdigit() else cpus


def default_memory_limit() -> int:
    """80 % of the memory available now, in bytes."""
    return int(0.8 * psutil.virtual_memory().available)


def check_memory(need: int, limit: int | None, what: str) -> int:
    """The limit in force; raises MemoryLimitError (with both numbers) when ``need`` exceeds it."""
    limit = default_memory_limit() if limit is None else limit
    if need > limit:
        raise MemoryLimitError(f"{what} needs about {need / 2**30:.1f} GB, more than the limit of "
                               f"{limit / 2**30:.1f} GB")
    return limit


@lru_cache(maxsize=1)
def _threadpools() -> ThreadpoolController:
    """One controller per process: scanning the loaded BLAS libraries costs ~15 ms."""
    return ThreadpoolController()


def blas_threads(limit: int):
    """Context in which BLAS uses at most ``limit`` threads (e.g. 1 inside each worker of a thread pool)."""
    return _threadpools().limit(limits=limit)


def one_blas_thread(unknowns: int):
    """Context in which BLAS runs single-threaded: SuperLU's many small dense kernels get slower with two
    BLAS threads (J-block N = 80: 0.44-0.50 s with one, 0.57-0.72 s with two). A no-op when the environment
    already pins one thread (Snakemake does, for every job) and for problems below SMALL_PROBLEM unknowns."""
    pinned = os.environ.get("OMP_NUM_THREADS") == "1" and all(
        os.environ.get(v, "1") == "1" for v in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "GOTO_NUM_THREADS"))
    return nullcontext() if pinned or unknowns < SMALL_PROBLEM else _threadpools().limit(limits=1)
