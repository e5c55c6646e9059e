"""Canonical spelling of parameters in cache paths (DESIGN.md, "Data flow and caching").

``fmt(0.5) == fmt(0.50) == "0.5"``, ``fmt(2.0) == "2"``: one value, one file name.
"""
from __future__ import annotations

import math


def fmt(x: float | int) -> str:
    """Shortest decimal spelling of a number that survives a round trip to 12 significant digits."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"cannot spell non-finite value {x!r} in a path")
    if x == 0:
        return "0"
    s = format(x, ".12g")
    if "e" in s:
        mantissa, exp = s.split("e")
        return f"{mantissa}e{int(exp)}"
    return s


def parse(s: str) -> float:
    """Inverse of :func:`fmt`."""
    return float(s)
