"""Figures of paper 000 (Ptaszynski, Chudak, Esposito): the driven-dissipative LMG model."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .style import apply_style, size_color

THEORY_COLOR = "tab:green"


def _finite_n(ax, finite: pd.DataFrame, column: str) -> None:
    """Dots per N with thin dotted guides (the finite-N data of Figs. 1, S1, S2)."""
    sizes = sorted(finite["N"].unique())
    for i, N in enumerate(sizes):
        d = finite[finite["N"] == N].sort_values("Gamma")
        c = size_color(i, len(sizes))
        ax.plot(d["Gamma"] / d["gamma"], d[column], ":", lw=0.8, color=c)
        ax.plot(d["Gamma"] / d["gamma"], d[column], "o", ms=3.5, color=c, label=f"N = {int(N)}")


def _theory(ax, limit: pd.DataFrame, column: str) -> None:
    d = limit.sort_values("Gamma")
    ax.plot(d["Gamma"] / d["gamma"], d[column], "-", color=THEORY_COLOR, lw=2, label=r"$N\to\infty$", zorder=5)


def mmi_panel(finite: pd.DataFrame, limit: pd.DataFrame, title: str):
    """Fig. 1(a) or 1(b): I_M/N against Γ/γ."""
    apply_style()
    fig, ax = plt.subplots(figsize=(4.2, 3.2))
    _finite_n(ax, finite, "I_M_per_N")
    _theory(ax, limit, "I_M_per_N")
    ax.set_xlabel(r"$\Gamma/\gamma$")
    ax.set_ylabel(r"$I_M/N$")
    ax.set_xlim(0, limit["Gamma"].max() / limit["gamma"].iloc[0])
    ax.set_ylim(bottom=0)
    ax.set_title(title, loc="left")
    ax.legend(frameon=False)
    return fig
