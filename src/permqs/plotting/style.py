"""Shared figure style and saving: every figure is written as PDF and PNG."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # figures are files; no display is needed or assumed
import matplotlib.pyplot as plt  # noqa: E402

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "font.size": 9,
    "axes.labelsize": 10,
    "legend.fontsize": 8,
    "axes.grid": False,
    "lines.linewidth": 1.5,
    "lines.markersize": 4,
    "figure.constrained_layout.use": True,
}

#: colours for a sequence of system sizes N, small to large
SIZE_COLORS = plt.get_cmap("viridis")


def apply_style() -> None:
    plt.rcParams.update(STYLE)


def size_color(i: int, n: int):
    """Colour of the i-th of n system sizes (dark = small N, bright = large N)."""
    return SIZE_COLORS(0.1 + 0.75 * i / max(n - 1, 1))


def save_figure(fig, stem: str | Path) -> list[Path]:
    """Write ``stem.pdf`` and ``stem.png``, creating the folder; return the two paths."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".pdf"), stem.with_suffix(".png")]
    for path in paths:
        fig.savefig(path)
    plt.close(fig)
    return paths
