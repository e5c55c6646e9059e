"""Figures of paper 004 (Pausch, Damanet, Bastin, Martin): Figs. 2, 3 and 4, one function each.

Each function takes the cached tables (see :mod:`permqs.stages.paper004` for their columns) and returns a
matplotlib figure; saving is :func:`permqs.plotting.style.save_figure`.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import apply_style

ROW_ORDER = ("individual", "both", "collective")
ROW_LABEL = {"individual": r"only $\gamma_I$", "both": r"$\gamma_C = 2\gamma_I$", "collective": r"only $\gamma_C$"}
STATE_STYLE = {  # Fig. 2 caption: red = steady states (or centres), blue = unstable fixed points
    "stable": dict(color="red", s=28, marker="o"),
    "steady": dict(color="red", s=28, marker="o"),
    "center": dict(color="red", s=28, marker="o", facecolors="none"),
    "unstable": dict(color="tab:blue", s=28, marker="o"),
}
DISSIPATOR_LABEL = {"spin": r"$L_{\rm spin}$", "uniform": r"$L_{\equiv}$"}


def _sphere(ax) -> None:
    u, v = np.linspace(0, 2 * np.pi, 25), np.linspace(0, np.pi, 13)
    ax.plot_wireframe(np.outer(np.cos(u), np.sin(v)), np.outer(np.sin(u), np.sin(v)),
                      np.outer(np.ones_like(u), np.cos(v)), color="0.85", linewidth=0.3)
    ax.set(xlim=(-1, 1), ylim=(-1, 1), zlim=(-1, 1), xticks=[-1, 0, 1], yticks=[-1, 0, 1], zticks=[-1, 0, 1])
    ax.set_box_aspect((1, 1, 1))
    ax.tick_params(labelsize=6, pad=0)
    ax.view_init(elev=20, azim=-60)


def _axis_labels(ax) -> None:
    for axis, name in ((ax.xaxis, "X"), (ax.yaxis, "Y"), (ax.zaxis, "Z")):
        axis.set_label_text(name, fontsize=8)
        axis.labelpad = -6


def _states(ax, states: pd.DataFrame) -> None:
    for kind, style in STATE_STYLE.items():
        s = states[states["type"] == kind]
        if len(s):
            ax.scatter(s["X"], s["Y"], s["Z"], depthshade=False, zorder=10, **style)


def _panel_title(ax, ratio: float, row: str, first_row: bool) -> None:
    title = ROW_LABEL[row]
    if first_row:
        title = rf"$(\gamma_I+\gamma_C)/|V| = {ratio:g}$" + "\n" + title
    ax.set_title(title, fontsize=8, pad=0)


def fig2_streams(table: pd.DataFrame) -> plt.Figure:
    """Fig. 2: streamlines of Eq. 10 (d = 2) in the Bloch ball, rows only γ_I / γ_C = 2γ_I / only γ_C, columns
    (γ_I + γ_C)/|V| = 1.7, 2.3; red dots steady states (bottom left: centres), blue dots unstable fixed points."""
    apply_style()
    ratios = sorted(table["ratio"].unique())
    fig = plt.figure(figsize=(5.2, 7.4))
    speed_max = table.loc[table["what"] == "stream", "speed"].quantile(0.98)
    for i, row in enumerate(ROW_ORDER):
        for j, ratio in enumerate(ratios):
            ax = fig.add_subplot(len(ROW_ORDER), len(ratios), i * len(ratios) + j + 1, projection="3d")
            _sphere(ax)
            panel = table[(table["row"] == row) & (table["ratio"] == ratio)]
            streams = panel[panel["what"] == "stream"]
            for _, line in streams.groupby("line"):
                c = plt.cm.viridis(min(line["speed"].iloc[0] / speed_max, 1.0))
                ax.plot(line["X"], line["Y"], line["Z"], color=c, linewidth=0.7)
                a, b = line.iloc[-2], line.iloc[-1]  # arrow head along the last segment
                ax.quiver(a["X"], a["Y"], a["Z"], b["X"] - a["X"], b["Y"] - a["Y"], b["Z"] - a["Z"], color=c,
                          length=4, normalize=False, arrow_length_ratio=0.9, linewidth=0.7)
            _states(ax, panel[panel["what"] == "fixed_point"])
            _panel_title(ax, ratio, row, i == 0)
            if i == 0 and j == 0:
                _axis_labels(ax)
    fig.suptitle(r"Eq. (10), $d=2$, $V>0$: streamlines (colour: speed), red = steady states / centres, "
                 "blue = unstable", fontsize=7)
    return fig


def fig3_trajectories(table: pd.DataFrame) -> plt.Figure:
    """Fig. 3: d = 4 trajectories (X, Y, Z)(t) of Eq. 9 from 20 random maximal-spin-length states, (a) L_spin and
    (b) L_≡, same 3 × 2 layout as Fig. 2; red dots steady states (open: centres); in (b) bottom left the
    trajectory that comes closest to the centre of the sphere is highlighted in red."""
    apply_style()
    dissipators = [d for d in ("spin", "uniform") if d in set(table["dissipator"])]
    ratios = sorted(table["ratio"].unique())
    fig = plt.figure(figsize=(4.6 * len(dissipators), 7.4))
    subfigs = np.atleast_1d(fig.subfigures(1, len(dissipators)))
    for sf, (letter, diss) in zip(subfigs, zip("ab", dissipators)):
        sub = table[table["dissipator"] == diss]
        for i, row in enumerate(ROW_ORDER):
            for j, ratio in enumerate(ratios):
                ax = sf.add_subplot(len(ROW_ORDER), len(ratios), i * len(ratios) + j + 1, projection="3d")
                _sphere(ax)
                panel = sub[(sub["row"] == row) & (sub["ratio"] == ratio)]
                trajs = panel[panel["what"] == "trajectory"]
                highlight = None
                if diss == "uniform" and row == "collective" and ratio < 2 and len(trajs):
                    r = np.sqrt(trajs["X"] ** 2 + trajs["Y"] ** 2 + trajs["Z"] ** 2)
                    highlight = trajs.loc[r.idxmin(), "traj"]
                for k, tr in trajs.groupby("traj"):
                    ax.plot(tr["X"], tr["Y"], tr["Z"], color="0.35" if k != highlight else "red",
                            linewidth=0.5 if k != highlight else 1.0, zorder=5 if k != highlight else 6)
                _states(ax, panel[panel["what"] == "state"])
                _panel_title(ax, ratio, row, i == 0)
                if i == 0 and j == 0:
                    _axis_labels(ax)
        sf.suptitle(f"({letter}) d = 4, {DISSIPATOR_LABEL[diss]}", fontsize=9)
    return fig


def fig4_branches(branches: pd.DataFrame, summary: pd.DataFrame) -> plt.Figure:
    """Fig. 4: steady-state |X| and Z versus γ_I/|V| at γ_C = 0 for d = 2…7, L_spin solid, L_≡ dashed; the
    polarized state (X = 0, Z = -1) stable above γ_I = 2|V| (black dashed line); broken-symmetry curves of L_≡ end
    at the upper end of the bistable region (dots); inset |X| for γ_I/|V| ∈ [0.01, 0.1] with a √γ_I power law."""
    apply_style()
    ds = sorted(branches["d"].unique())
    colors = {d: plt.cm.plasma(0.05 + 0.8 * i / max(len(ds) - 1, 1)) for i, d in enumerate(ds)}
    ls = {"spin": "-", "uniform": "--"}
    fig, (ax_x, ax_z) = plt.subplots(2, 1, figsize=(4.6, 5.6), sharex=True)
    main = branches[(branches["grid"] == "main") & branches["stable"]]
    g_max = branches.loc[branches["grid"] == "main", "gamma_I"].max()
    for (d, diss), br in main[main["branch"] == "broken"].groupby(["d", "dissipator"]):
        if diss == "uniform" and d < 4:
            continue  # identical to L_spin for d = 2, 3 (Sec. II)
        br = br.sort_values("gamma_I")
        g, x, z = br["gamma_I"].to_numpy(), br["X"].abs().to_numpy(), br["Z"].to_numpy()
        end = summary[(summary["d"] == d) & (summary["dissipator"] == diss)]
        if len(end) and end["end_kind"].iloc[0] == "fold":
            # close the curve at the located end of the bistable region
            g, x, z = np.append(g, end["bistability_end"]), np.append(x, end["end_X"]), np.append(z, end["end_Z"])
            ax_x.plot(g[-1:], x[-1:], "o", color=colors[d], ms=3)
            ax_z.plot(g[-1:], z[-1:], "o", color=colors[d], ms=3)
        elif len(end):
            # second-order transition: the branch meets the polarized state at γ_c = 2|V|
            g, x, z = np.append(g, end["bistability_end"]), np.append(x, 0.0), np.append(z, -1.0)
        label = f"d = {d}" if diss == "spin" else None
        ax_x.plot(g, x, ls[diss], color=colors[d], label=label, lw=1.2)
        ax_z.plot(g, z, ls[diss], color=colors[d], lw=1.2)
    pol = main[(main["branch"] == "polarized")]
    g_pol = np.sort(pol["gamma_I"].unique())
    if len(g_pol):
        ax_x.plot(g_pol, np.zeros_like(g_pol), "k-", lw=1.2)
        ax_z.plot(g_pol, -np.ones_like(g_pol), "k-", lw=1.2)
    for ax in (ax_x, ax_z):
        ax.axvline(2.0, color="k", ls="--", lw=0.8)
        ax.set_xlim(0, g_max)
    ax_x.plot([], [], "k-", label=r"$L_{\rm spin}$")
    ax_x.plot([], [], "k--", label=r"$L_{\equiv}$")
    ax_x.set_ylabel(r"$|X|$")
    ax_z.set_ylabel(r"$Z$")
    ax_z.set_xlabel(r"$\gamma_I/|V|$")
    ax_z.legend(*ax_x.get_legend_handles_labels(), ncol=2, fontsize=6, loc="lower left")
    ax_x.set_ylim(-0.01, 0.62)
    ax_z.set_ylim(-1.02, 0.0)
    # inset: small-γ_I power law X ~ (γ_I/|V|)^{1/2}
    ins = ax_x.inset_axes([0.24, 0.07, 0.33, 0.38])  # below the curves, between γ_I ≈ 0.7 and 1.7
    inset = branches[(branches["grid"] == "inset") & (branches["branch"] == "broken")]
    for (d, diss), br in inset.groupby(["d", "dissipator"]):
        if diss == "uniform" and d < 4:
            continue
        br = br.sort_values("gamma_I")
        ins.loglog(br["gamma_I"], br["X"].abs(), ls[diss], color=colors[d], lw=1)
    if len(inset):
        g = np.geomspace(inset["gamma_I"].min(), inset["gamma_I"].max(), 20)
        ins.loglog(g, g**0.5 / np.sqrt(2), "k--", lw=0.8)
    ins.tick_params(labelsize=5, which="both")
    ins.yaxis.set_minor_formatter(plt.NullFormatter())
    ins.set_title(r"$|X|$ vs $\gamma_I/|V|$; dashed: $(\gamma_I/2|V|)^{1/2}$", fontsize=5, pad=1)
    return fig
