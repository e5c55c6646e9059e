"""``python -m permqs <stage> [args]``: run one workflow stage (the entry points the rules call).

Each stage is a module ``permqs.stages.<stage>`` with ``main(argv)``; ``python -m permqs --list``
lists them and ``python -m permqs <stage> --help`` documents its arguments.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys

from . import stages


def available_stages() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(stages.__path__) if not m.name.startswith("_"))


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    names = available_stages()
    if not argv or argv[0] in ("-h", "--help", "--list"):
        print("usage: python -m permqs <stage> [--help | args]\nstages:\n  " + "\n  ".join(names))
        return
    stage, rest = argv[0], argv[1:]
    if stage not in names:
        sys.exit(f"permqs: unknown stage {stage!r}; available: {', '.join(names)}")
    importlib.import_module(f"permqs.stages.{stage}").main(rest)
