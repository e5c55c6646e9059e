"""Figures of paper 000 (Ptaszynski, Chudak, Esposito): the driven-dissipative LMG model."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
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


def _derivative(d: pd.DataFrame, column: str) -> tuple:
    d = d.sort_values("Gamma")
    x = d["Gamma"].to_numpy() / d["gamma"].to_numpy()
    return x, np.gradient(d[column].to_numpy(), x)


def _two_panels(finite: pd.DataFrame, limit: pd.DataFrame, panels: tuple[tuple[str, str], tuple[str, str]]):
    """Panels (a) and (b) of Figs. S1 and S2: one (column, y label) each, against Γ/γ."""
    apply_style()
    fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.2))
    for ax, (col, label), tag in zip(axes, panels, ("(a)", "(b)")):
        _finite_n(ax, finite, col)
        _theory(ax, limit, col)
        ax.set_xlabel(r"$\Gamma/\gamma$")
        ax.set_ylabel(label)
        ax.set_xlim(0, limit["Gamma"].max() / limit["gamma"].iloc[0])
        ax.set_title(tag, loc="left")
    axes[0].legend(frameon=False)
    return fig, axes


def entropy_figure(finite: pd.DataFrame, limit: pd.DataFrame, inset_range: tuple[float, float]):
    """Fig. S1: (a) S(ρ_T)/N and (b) S(ρ_i) against Γ/γ; inset of (b): dS(ρ_i)/dΓ on a smaller range."""
    fig, (_, b) = _two_panels(finite, limit, (("S_T_per_N", r"$S(\rho_T)/N$"), ("S_i", r"$S(\rho_i)$")))
    inset = b.inset_axes([0.45, 0.12, 0.5, 0.42])
    lo, hi = inset_range
    sizes = sorted(finite["N"].unique())
    for i, N in enumerate(sizes):
        x, y = _derivative(finite[finite["N"] == N], "S_i")
        keep = (x >= lo) & (x <= hi)
        inset.plot(x[keep], y[keep], "o:", ms=2.5, lw=0.8, color=size_color(i, len(sizes)))
    x, y = _derivative(limit, "S_i")
    keep = (x >= lo) & (x <= hi)
    inset.plot(x[keep], y[keep], "-", color=THEORY_COLOR)
    inset.set_xlabel(r"$\Gamma/\gamma$", fontsize=7)
    inset.set_ylabel(r"$dS(\rho_i)/d\Gamma$", fontsize=7)
    inset.tick_params(labelsize=6)
    return fig


def magnetization_figure(finite: pd.DataFrame, limit: pd.DataFrame):
    """Fig. S2: (a) ⟨m_z⟩ and (b) m_xy = √(⟨m_x⟩² + ⟨m_y⟩²) against Γ/γ."""
    return _two_panels(finite, limit, (("m_z", r"$\langle m_z\rangle$"), ("m_xy", r"$m_{xy}$")))[0]


def ground_state_figure(curves: pd.DataFrame, inset_h_max: float):
    """Fig. 2: ground-state I_M/N of the ferromagnetic LMG model against h for several N, inset: small h."""
    apply_style()
    fig, ax = plt.subplots(figsize=(4.2, 3.2))
    inset = ax.inset_axes([0.45, 0.45, 0.5, 0.45])
    sizes = sorted(curves["N"].unique())
    J = abs(curves["J"].iloc[0])
    for i, N in enumerate(sizes):
        d = curves[curves["N"] == N].sort_values("h")
        c = size_color(i, len(sizes))
        ax.plot(d["h"] / J, d["I_M_per_N"], color=c, label=f"N = {int(N)}")
        small = d[d["h"] / J <= inset_h_max]
        inset.plot(small["h"] / J, small["I_M_per_N"], color=c)
    ax.axhline(np.log(2), color="0.6", lw=0.8, ls="--")
    ax.set_xlabel(r"$h/|\mathcal{J}|$")
    ax.set_ylabel(r"$I_M/N$")
    ax.set_xlim(0, curves["h"].max() / J)
    ax.set_ylim(0, 0.75)
    inset.set_xlim(0, inset_h_max)
    inset.set_ylim(0, 0.75)
    inset.tick_params(labelsize=6)
    ax.legend(frameon=False, loc="lower left")
    return fig
