"""Figures of paper 003 (Carollo, Lesanovsky)."""
from __future__ import annotations

import pandas as pd

from .style import apply_style, plt


def _color(nu: int, M: int):
    return plt.get_cmap("plasma")(0.1 + 0.7 * (nu - 1) / max(M - 1, 1))


def fig3(lines: pd.DataFrame, points: pd.DataFrame) -> "plt.Figure":
    """Fig. 3: stationary overlap |ξ_μ| (a) and boson occupation |α_μ|² = lim ⟨a_μ†a_μ⟩/N (b) versus g0, from the
    initial condition ξ_μ = 1; lines: Eq. 12, circles: mean-field stationary states (integration + root finding)."""
    apply_style()
    M = int(lines["nu"].max())
    fig, axes = plt.subplots(1, 2, figsize=(7.0, 2.9))
    for ax, col, label in [(axes[0], "overlap", "$|\\xi_\\mu|$"), (axes[1], "occupation", "$|\\alpha_\\mu|^2$")]:
        for nu in range(1, M + 1):
            c = _color(nu, M)
            ln = lines[lines["nu"] == nu]
            pt = points[points["nu"] == nu]
            ax.plot(ln["g0"], ln[col], color=c, label=f"$\\mu={nu}$")
            ax.plot(pt["g0"], pt[col], "o", mfc="none", color=c, ms=4)
        ax.set(xlabel="$g_0$ (units of $\\kappa$)", ylabel=label, xlim=(lines["g0"].min(), lines["g0"].max()))
    axes[0].set_ylim(-0.03, 1.05)  # keep the circles at |ξ| = 0 visible
    axes[0].annotate("", xy=(1.55, 0.35), xytext=(1.05, 0.35), arrowprops={"arrowstyle": "->"})
    axes[0].text(1.3, 0.39, "$\\mu$", ha="center")
    axes[0].legend(loc="lower right", fontsize=7)
    axes[0].set_title("(a)", loc="left")
    axes[1].set_title("(b)", loc="left")
    return fig
