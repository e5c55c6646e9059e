"""Figures of paper 002 (Souza, Prazeres, Iemini)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .style import apply_style, plt

ENSEMBLE_COLORS = {1: "tab:blue", 2: "tab:orange"}


def _sphere(ax) -> None:
    u, v = np.meshgrid(np.linspace(0, 2 * np.pi, 37), np.linspace(0, np.pi, 19))
    ax.plot_wireframe(np.cos(u) * np.sin(v), np.sin(u) * np.sin(v), np.cos(v), color="0.85", lw=0.3)
    ax.set(xlim=(-1, 1), ylim=(-1, 1), zlim=(-1, 1), xlabel="$m^x$", ylabel="$m^y$", zlabel="$m^z$")
    ax.set_box_aspect((1, 1, 1))
    ax.view_init(elev=20, azim=-60)


def fig3(table: pd.DataFrame) -> "plt.Figure":
    """Fig. 3(a, b): two coupled collective spins in the thermodynamic limit, one column per ω_zz.

    Top: Bloch-sphere orbits m_j(t) of both ensembles (thin: transient from the initial state; thick: attractor).
    Bottom: m_1^z(t) over three periods of the attractor, with the crossings of the Poincaré section marked
    (one loop per period: limit cycle; two: period doubling).
    """
    apply_style()
    panels = sorted(table["omega_zz"].unique())
    fig = plt.figure(figsize=(3.4 * len(panels), 6.0))
    grid = fig.add_gridspec(2, len(panels), height_ratios=[2.2, 1])
    for c, wzz in enumerate(panels):
        d = table[table["omega_zz"] == wzz]
        ax = fig.add_subplot(grid[0, c], projection="3d")
        _sphere(ax)
        for e, color in ENSEMBLE_COLORS.items():
            tr = d[(d["ensemble"] == e) & (d["segment"] == "transient")]
            at = d[(d["ensemble"] == e) & (d["segment"] == "attractor")]
            ax.plot(tr["m_x"], tr["m_y"], tr["m_z"], color=color, lw=0.4, alpha=0.5)
            ax.plot(at["m_x"], at["m_y"], at["m_z"], color=color, lw=1.8, label=f"ensemble {e}")
        kind = str(d["kind"].iloc[0]).replace("_", " ")
        ax.set_title(f"({chr(97 + c)}) $\\omega_{{zz}}={wzz:g}$: {kind}, {int(d['loops'].iloc[0])} loop(s)")
        if c == 0:
            ax.legend(loc="upper left", fontsize=7)
        ax2 = fig.add_subplot(grid[1, c])
        for e, color in ENSEMBLE_COLORS.items():
            at = d[(d["ensemble"] == e) & (d["segment"] == "attractor")]
            ax2.plot(at["t"] - at["t"].iloc[0], at["m_z"], color=color, lw=1)
        ax2.set(xlabel="$t - t_0$ ($1/\\kappa$)", ylabel="$m_j^z$")
    return fig
