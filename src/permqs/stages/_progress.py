"""Progress of a stage's sweep in its log (the workflow sends each job's stderr to the rule's log)."""
from __future__ import annotations

import logging
import time
from typing import Iterator, Sequence, TypeVar

T = TypeVar("T")


def progress(items: Sequence[T], what: str, logger: logging.Logger, reports: int = 10) -> Iterator[T]:
    """Yield ``items``, logging "<what> i of n (elapsed)" about ``reports`` times, the last one included."""
    n = len(items)
    step = max(1, -(-n // reports))
    t0 = time.perf_counter()
    for i, item in enumerate(items, 1):
        yield item
        if i % step == 0 or i == n:
            logger.info("%s %d of %d done (%.1f s)", what, i, n, time.perf_counter() - t0)
