"""Paper 004 Figs. 7 (purity) and 8 (negativity) and the finite-N I_M/N against its mean-field limit.

Figs. 7 and 8: rows (a) L_spin at each N, then (b) L_≡ at each N; columns d; x = γ_C/|V|, y = γ_I/|V|; one colour
bar per figure; the black line is the mean-field transition γ_I + γ_C = 2|V|. L_≡ = L_spin for d ≤ 3 (paper 004
Sec. II), so the (b) panels of d ≤ 3 show the spin-ladder states. A point without a state is blank; an (N, d) that
was not computed is an empty panel saying so.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize

from ..analysis.paper004_information import INTERACTION_DOMINATED, scaling_fit
from .style import apply_style

DISSIPATORS = [("spin", r"(a) $L_{\mathrm{spin}}$"), ("uniform", r"(b) $L_{\equiv}$")]
D_STYLE = {2: ("tab:purple", "o"), 3: ("tab:red", "s"), 4: ("tab:blue", "D"), 5: ("tab:green", "^")}
QUANTITY = {"purity": (r"$\mathrm{Tr}\,\rho_{ss}^2$", Normalize(0.0, 1.0)),
            "negativity": (r"$\mathcal{N}_{A|B}[\rho_{ss}]$, $N_A = \lceil N/2 \rceil$", None)}


def heatmaps(table: pd.DataFrame, column: str, title: str):
    """Figs. 7 (``column`` = "purity") and 8 ("negativity") from the rows of stage ``paper004_information``."""
    apply_style()
    Ns, ds = sorted(table["N"].unique()), sorted(table["d"].unique())
    label, norm = QUANTITY[column]
    if norm is None:
        top = table[column].max()
        norm = Normalize(0.0, float(top) if np.isfinite(top) and top > 0 else 1.0)
    fig, axes = plt.subplots(2 * len(Ns), len(ds), figsize=(2.4 * len(ds) + 1.2, 2.1 * 2 * len(Ns) + 0.6),
                             squeeze=False, sharex=True, sharey=True)
    mesh = None
    for j, (dis, name) in enumerate(DISSIPATORS):
        for i, N in enumerate(Ns):
            for k, d in enumerate(ds):
                ax = axes[j * len(Ns) + i, k]
                sub = table[(table["N"] == N) & (table["d"] == d) & (table["dissipator"] == (dis if d > 3 else "spin"))]
                ax.set_title(f"{name}  N={N}, d={d}", fontsize=8)
                if sub.empty:
                    ax.text(0.5, 0.5, "not computed", ha="center", va="center", transform=ax.transAxes, fontsize=8)
                    continue
                s = sub.pivot_table(index="gamma_I", columns="gamma_C", values=column, dropna=False)
                mesh = ax.pcolormesh(s.columns.values, s.index.values, np.ma.masked_invalid(s.values),
                                     cmap="viridis", norm=norm, shading="nearest")
                gc = np.linspace(s.columns.min(), s.columns.max(), 50)
                ax.plot(gc, 2.0 - gc, "k-", lw=1)  # mean-field transition γ_I + γ_C = 2|V|
                ax.set_xlim(s.columns.min(), s.columns.max())
                ax.set_ylim(s.index.min(), s.index.max())
    for ax in axes[-1]:
        ax.set_xlabel(r"$\gamma_C/|V|$")
    for ax in axes[:, 0]:
        ax.set_ylabel(r"$\gamma_I/|V|$")
    if mesh is not None:
        fig.colorbar(mesh, ax=axes, shrink=0.6, label=label)
    fig.suptitle(title)
    return fig


def scaling(table: pd.DataFrame):
    """I_M/N versus 1/N at each rate point (one panel each): finite N (markers), the mean-field limit (solid line,
    its value at 1/N = 0 as an open marker) and, in the interaction-dominated phase, the line a + b/N through the
    three largest N (dashed; :func:`~permqs.analysis.paper004_information.scaling_fit`)."""
    apply_style()
    points = sorted({(r.gamma_I, r.gamma_C) for r in table.itertuples()})
    fig, axes = plt.subplots(1, len(points), figsize=(4.2 * len(points), 3.4), squeeze=False)
    for ax, (gI, gC) in zip(axes[0], points):
        at = table[(table["gamma_I"] == gI) & (table["gamma_C"] == gC)]
        phase = at.loc[at["kind"] == "meanfield", "phase"]
        phase = phase.iloc[0] if len(phase) else ""
        for (d, dis), t in at.groupby(["d", "dissipator"]):
            color, marker = D_STYLE.get(int(d), ("k", "x"))
            fin = t[(t["kind"] == "finite_N") & t["ok"]].sort_values("N")
            x, y = 1.0 / fin["N"].to_numpy(dtype=float), fin["I_M_per_N"].to_numpy(dtype=float)
            ax.plot(x, y, marker=marker, ls="none", color=color,
                    label=f"d={d}, N={int(fin['N'].min())}-{int(fin['N'].max())}" if len(fin) else f"d={d}")
            fit = scaling_fit(fin) if phase == INTERACTION_DOMINATED else None
            if fit is not None:
                xx = np.linspace(0.0, 1.0 / (fit[2] - 2), 20)
                ax.plot(xx, fit[0] + fit[1] * xx, ls="--", color=color, lw=0.8)
            mf = t[(t["kind"] == "meanfield") & t["ok"]]
            if len(mf):
                v = float(mf["I_M_per_N"].iloc[0])
                ax.axhline(v, color=color, lw=1.0)
                ax.plot([0.0], [v], marker=marker, mfc="none", color=color, ls="none", clip_on=False)
        ax.set_title(rf"$\gamma_I/|V|={gI:g}$, $\gamma_C/|V|={gC:g}$" + (f" ({phase})" if phase else ""), fontsize=9)
        ax.set_xlim(left=-0.01)
        ax.set_ylim(bottom=-0.02)
        ax.set_xlabel(r"$1/N$")
        ax.set_ylabel(r"$I_M/N$")
        ax.legend(fontsize=7)
    return fig
