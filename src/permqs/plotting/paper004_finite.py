"""Paper 004 Figs. 5 and 6: the Z2-sector gaps Δ^(p1,p2) at finite N (tables of stage ``paper004_finite``)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize

from ..analysis.paper004_finite import critical_gamma_I, fig6_intercepts
from .style import apply_style

SECTOR_ORDER = ["(+1,+1)", "(+1,-1)", "(-1,+1)", "(-1,-1)"]
DISSIPATORS = [("spin", r"(a) $L_{\mathrm{spin}}$"), ("uniform", r"(b) $L_{\equiv}$")]
D_STYLE = {2: ("tab:purple", "-", "o"), 3: ("tab:red", "-", "s"), 4: ("tab:blue", "--", "D"),
           5: ("tab:green", "-.", "^")}


def fig5_heatmaps(table: pd.DataFrame):
    """Rows d (ascending), columns (dissipator, sector); x = γ_C/|V|, y = γ_I/|V|; NaN (failed) drawn blank."""
    apply_style()
    ds = sorted(table["d"].unique())
    fig, axes = plt.subplots(len(ds), 8, figsize=(17, 2.3 * len(ds) + 0.8), squeeze=False, sharex=True, sharey=True)
    finite = table["gap"][np.isfinite(table["gap"])]
    norm = Normalize(0.0, float(finite.max()) if finite.size else 1.0)
    mesh = None
    for i, d in enumerate(ds):
        for j, (dis, label) in enumerate(DISSIPATORS):
            # L_≡ = L_spin for d <= 3 (paper 004 Sec. II): the spin table stands for both
            sub = table[(table["d"] == d) & (table["dissipator"] == (dis if d > 3 else "spin"))]
            for k, sec in enumerate(SECTOR_ORDER):
                ax = axes[i, 4 * j + k]
                s = sub[sub["sector"] == sec].pivot_table(index="gamma_I", columns="gamma_C", values="gap",
                                                         dropna=False)
                if s.size:
                    mesh = ax.pcolormesh(s.columns.values, s.index.values, np.ma.masked_invalid(s.values),
                                         cmap="viridis", norm=norm, shading="nearest")
                    gc = np.linspace(s.columns.min(), s.columns.max(), 50)
                    ax.plot(gc, 2.0 - gc, "k-", lw=1)  # mean-field transition γ_I + γ_C = 2|V|
                    ax.set_ylim(s.index.min(), s.index.max())
                    N = int(sub["N"].iloc[0])
                    ax.set_title(f"{label.split()[0]} {sec}  N={N}, d={d}", fontsize=8)
                if i == len(ds) - 1:
                    ax.set_xlabel(r"$\gamma_C/|V|$")
                if 4 * j + k == 0:
                    ax.set_ylabel(r"$\gamma_I/|V|$")
    if mesh is not None:
        fig.colorbar(mesh, ax=axes, shrink=0.8, label=r"$\Delta^{(p_1,p_2)}/|V|$")
    fig.suptitle("Liouvillian gaps per Z2 sector; (a) spin-ladder (left four), (b) m-independent (right four)")
    return fig


def _one_gamma_C(table: pd.DataFrame) -> float:
    values = np.unique(table["gamma_C"].to_numpy(float))
    if values.size != 1:
        raise ValueError(f"Fig. 6 is drawn at one γ_C/|V|; these tables hold {values.tolist()}")
    return float(values[0])


def fig6_cuts(table: pd.DataFrame):
    """Columns: (a) vs γ_I for each dissipator, (b) vs 1/N at the mean-field transition γ_I = 2|V| − γ_C (1.8 in
    the paper) with linear fits to the last three N. ``table``: the cut and transition-point tables together."""
    apply_style()
    gamma_C = _one_gamma_C(table)
    gamma_I_critical = critical_gamma_I(gamma_C)
    fig, axes = plt.subplots(4, 4, figsize=(15, 11), squeeze=False)
    fits = fig6_intercepts(table, gamma_I_critical)
    for j, (dis, label) in enumerate(DISSIPATORS):
        for k, sec in enumerate(SECTOR_ORDER):
            ax_a, ax_b = axes[k, j], axes[k, 2 + j]
            for d in sorted(table["d"].unique()):
                sub = table[(table["d"] == d) & (table["dissipator"] == (dis if d > 3 else "spin"))
                            & (table["sector"] == sec)]
                color, ls, marker = D_STYLE.get(d, ("k", "-", "x"))
                Ns = sorted(sub["N"].unique())
                for i, N in enumerate(Ns):
                    c = sub[sub["N"] == N].sort_values("gamma_I")
                    if d >= 3:
                        ax_a.plot(c["gamma_I"], c["gap"], ls=ls, color=color, alpha=0.35 + 0.65 * (i + 1) / len(Ns),
                                  label=f"d={d}" if i == len(Ns) - 1 else None)
                crit = sub[np.isclose(sub["gamma_I"], gamma_I_critical)].sort_values("N")
                if crit.empty:
                    continue
                x, y = 1.0 / crit["N"].values, crit["gap"].values
                ax_b.plot(x, y, marker=marker, ls="none", color=color, label=f"d={d}")
                fit = fits[(fits["dissipator"] == dis) & (fits["sector"] == sec) & (fits["d"] == d)]
                if len(fit):
                    xx = np.linspace(0, 1.0 / min(int(n) for n in fit["N"].iloc[0].split(",")), 20)
                    ax_b.plot(xx, fit["intercept"].iloc[0] + fit["slope"].iloc[0] * xx, ls="--", color=color, lw=0.8)
            ax_a.axvline(gamma_I_critical, color="k", ls="--", lw=0.8)
            ax_a.set_title(f"{label} {sec}", fontsize=9)
            ax_b.set_title(f"{label} {sec} at $\\gamma_I/|V|={gamma_I_critical}$", fontsize=9)
            ax_b.set_xlim(left=0)
            if k == 3:
                ax_a.set_xlabel(rf"$\gamma_I/|V|$  ($\gamma_C/|V| = {gamma_C:g}$)")
                ax_b.set_xlabel(r"$1/N$")
            if j == 0:
                ax_a.set_ylabel(r"$\Delta^{(p_1,p_2)}/|V|$")
    axes[0, 0].legend(fontsize=7)
    axes[0, 2].legend(fontsize=7)
    fig.tight_layout()
    return fig, fits
