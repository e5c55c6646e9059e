"""Half-half negativity of the paper-000 LMG steady state next to Fig. 1(b) (a figure no paper shows)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FixedFormatter, FixedLocator

from .style import apply_style, size_color


def negativity_figure(finite: pd.DataFrame, negativity: pd.DataFrame, limit: pd.DataFrame, title: str,
                      resolution: float = 1e-9):
    """(a) I_M/N against Γ/γ (the data of Fig. 1(b)); (b) 𝒩_{A|B} for N_A = N_B = N/2 on a log axis.

    The steady states are solved to a relative residual of 1e-9, so a negativity below ``resolution`` = 1e-9 is
    not resolved (it may be 0 or round-off of the state). Panel (b) plots 𝒩 itself, not 𝒩/N, so that one
    dashed line marks the resolution for every N: resolved values are filled markers above it, unresolved ones
    and exact zeros (positive partial transpose) open markers in a band at the bottom, one row per N (drawn on
    one line they would hide each other)."""
    apply_style()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.2))
    sizes = sorted(set(finite["N"]) | set(negativity["N"]))
    for i, N in enumerate(sizes):
        c = size_color(i, len(sizes))
        d = finite[finite["N"] == N].sort_values("Gamma")
        if len(d):
            ax1.plot(d["Gamma"] / d["gamma"], d["I_M_per_N"], ":", lw=0.8, color=c)
            ax1.plot(d["Gamma"] / d["gamma"], d["I_M_per_N"], "o", ms=3.5, color=c, label=f"N = {int(N)}")
    lim = limit.sort_values("Gamma")
    ax1.plot(lim["Gamma"] / lim["gamma"], lim["I_M_per_N"], "-", color="tab:green", lw=2, label=r"$N\to\infty$")
    ax1.set_xlabel(r"$\Gamma/\gamma$")
    ax1.set_ylabel(r"$I_M/N$")
    ax1.set_ylim(bottom=0)
    ax1.set_title("(a)  " + title, loc="left")
    ax1.legend(frameon=False)

    floor = resolution / 30
    ax2.axhline(resolution, ls="--", lw=0.8, color="0.5")
    for i, N in enumerate(sizes):
        c = size_color(i, len(sizes))
        d = negativity[negativity["N"] == N].sort_values("Gamma")
        if not len(d):
            continue
        x, y = (d["Gamma"] / d["gamma"]).to_numpy(), d["negativity"].to_numpy()
        ok = y >= resolution
        ax2.plot(x[ok], y[ok], "o:", ms=3.5, lw=0.8, color=c, label=f"N = {int(N)}")
        ax2.plot(x[~ok], np.full((~ok).sum(), floor * 1.6 ** (i + 1)), "o", ms=3.5, mfc="none", color=c)
    ax2.set_yscale("log")
    top = max(resolution * 10, float(negativity["negativity"].max()) * 2)
    ax2.set_ylim(floor, top)
    # The band below the dashed line holds no values, only the unresolved points: one tick names it instead of
    # decades that would read as values.
    decades = 10.0 ** np.arange(np.ceil(np.log10(resolution)), np.floor(np.log10(top)) + 1)
    band = floor * 1.6 ** ((len(sizes) + 1) / 2)
    ax2.yaxis.set_major_locator(FixedLocator([band, *decades]))
    ax2.yaxis.set_major_formatter(FixedFormatter(["$<10^{-9}$", *[f"$10^{{{int(np.log10(d))}}}$" for d in decades]]))
    ax2.yaxis.set_minor_locator(FixedLocator([d * k for d in decades for k in range(2, 10) if d * k < top]))
    ax2.set_xlabel(r"$\Gamma/\gamma$")
    ax2.set_ylabel(r"$\mathcal{N}_{A|B}$,  $N_A = N_B = N/2$")
    ax2.set_title("(b)  open markers: $\\mathcal{N} < 10^{-9}$ (dashed line; unresolved) or 0", loc="left",
                  fontsize="small")
    ax2.legend(frameon=False, fontsize="small")
    for ax in (ax1, ax2):
        ax.set_xlim(0, lim["Gamma"].max() / lim["gamma"].iloc[0])
    fig.tight_layout()
    return fig
