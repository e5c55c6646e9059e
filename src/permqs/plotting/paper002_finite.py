"""Finite-N figures of paper 002 (Souza, Prazeres, Iemini) from the tables of ``paper002_finite``.

Captions (``CAPTIONS``) say what the paper leaves open and what we chose; units κ = 1 (spins), ω_b = 1 (Fig. 4),
ω_x = 1 (Fig. S2).
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from .paper002 import _sphere
from .style import apply_style, plt, size_color

CAPTIONS = {
    "fig1": "Fig. 1: BTC (ω_x/κ = 2) ⟨m̂⟩(t) from spin coherent starts (ours: the same starts for every N), finite N "
            "(colours), mean field (black, on the sphere), exact finite-N NESS (crosses, Puri-Lawande).",
    "fig2": "Fig. 2: (a) C(t) = Σ_α K(m̂^α, m̂^α) from the north pole (C(0) = 2/N), inset C_NESS vs 1/N (exact NESS) "
            "with the a + b/N fit; (b) C_NESS vs ω_x/κ for several N (exact NESS).",
    "fig3c": "Fig. 3(c): pair NESS C = Σ_{j≤ℓ} Σ_{α,β} K(m̂_j^α, m̂_ℓ^β) vs N (literal reading; open: α = β reading), "
             "inset: |λ_ADR| from C(t) (Eq. S11) and |Re λ_1| (lines), for the N with dynamics (larger N: NESS only). "
             "Fig. S1: |C(t) − C_NESS| from m_j ∝ (0.1, 0, 1).",
    "fig4": "Fig. 4 (Eqs. 15-16, ω_b = 1): (a) stroboscopic ⟨x̂⟩(nT) from a coherent state (our ⟨x̂⟩(0)); "
            "(b) Floquet NESS K(x̂,x̂), sym. K(x̂,p̂), K(p̂,p̂) vs N; inset Floquet gap Δ_N (Eq. 14) with exponential fit.",
    "figS2": "Fig. S2 (Hermitian jumps, ω_x = 1): Re λ_1 and |Im λ_1| vs N for several κ (markers numerical, lines "
             "exact); ⟨m̂^z⟩(t) from e^{−iπ/4 S^y}|↑…↑⟩ at κ = 10 for several N, and at N = 256 for several κ "
             "(closed form; dots: evolution where N ≤ 64).",
}


def _caption(fig, key: str) -> "plt.Figure":
    """The caption (what we chose where the paper is silent) printed under the panels."""
    text = textwrap.fill(CAPTIONS[key], int(20 * fig.get_size_inches()[0]))  # ~20 characters per inch at 6 pt
    lines = text.count("\n") + 1
    w, h = fig.get_size_inches()
    bottom = 0.11 * lines / h
    fig.set_size_inches(w, h + 0.11 * lines)
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    fig.text(0.01, 0.005, text, fontsize=6, va="bottom", ha="left", color="0.25")
    return fig


def fig1(t: pd.DataFrame) -> "plt.Figure":
    apply_style()
    fig = plt.figure(figsize=(5.2, 5.0))
    ax = fig.add_subplot(projection="3d")
    _sphere(ax)
    Ns = sorted(n for n in t.N.unique() if n > 0)
    for i, N in enumerate(Ns):
        c = size_color(i, len(Ns))
        for s, d in t[(t.kind == "finite") & (t.N == N)].groupby("start"):
            ax.plot(d.m_x, d.m_y, d.m_z, color=c, lw=0.9, label=f"N = {N}" if s == 0 else None)
        n = t[(t.kind == "ness") & (t.N == N)]
        ax.scatter(n.m_x, n.m_y, n.m_z, marker="x", s=50, color=c, depthshade=False)
    for s, d in t[t.kind == "meanfield"].groupby("start"):
        ax.plot(d.m_x, d.m_y, d.m_z, color="k", lw=1.0, label="N → ∞" if s == 0 else None)
    ax.legend(loc="upper left")
    ax.set_title("BTC, ω_x/κ = 2")
    return _caption(fig, "fig1")


def fig2(t: pd.DataFrame) -> "plt.Figure":
    apply_style()
    fig, (a, b) = plt.subplots(1, 2, figsize=(8.0, 3.4))
    dyn = t[t.kind == "dynamics"]
    Ns = sorted(dyn.N.unique())
    for i, N in enumerate(Ns):
        d = dyn[dyn.N == N]
        a.plot(d.t, d.C, color=size_color(i, len(Ns)), lw=1.0, label=f"N = {N}")
    a.set(xlabel="κt", ylabel="C", title="(a) ω_x/κ = 2")
    a.legend(loc="lower right")
    ins = a.inset_axes([0.55, 0.5, 0.4, 0.35])
    sc = t[t.kind == "scaling"].sort_values("N")
    ins.plot(1 / sc.N, sc.C, "o", ms=3)
    big = sc[sc.N >= 32]
    if len(big) >= 2:
        p = np.polyfit(1 / big.N, big.C, 1)
        x = np.linspace(0, 1 / sc.N.min(), 50)
        ins.plot(x, np.polyval(p, x), "k--", lw=0.8)
        ins.annotate(f"C(∞) ≈ {p[1]:.3f}", (0.05, 0.8), xycoords="axes fraction", fontsize=7)
    ins.set_xlabel("1/N", fontsize=7)
    ins.set_ylabel("$C_{NESS}$", fontsize=7)
    ins.tick_params(labelsize=6)
    dia = t[t.kind == "diagram"]
    Nd = sorted(dia.N.unique())
    for i, N in enumerate(Nd):
        d = dia[dia.N == N].sort_values("ratio")
        b.plot(d.ratio, d.C, color=size_color(i, len(Nd)), label=f"N = {N}")
    b.axvline(1.0, color="0.6", ls=":", lw=1)
    b.set(xlabel="ω_x/κ", ylabel="$C_{NESS}$", title="(b) NESS cumulants")
    b.legend()
    return _caption(fig, "fig2")


def fig3c(ness: pd.DataFrame, dyn: pd.DataFrame) -> "plt.Figure":
    apply_style()
    fig, (a, s1) = plt.subplots(1, 2, figsize=(8.0, 3.4))
    for k, (wzz, d) in enumerate(ness.groupby("omega_zz")):
        d = d.sort_values("N")
        a.plot(d.N, d.C, "o-", color=f"C{k}", label=f"ω_zz = {wzz:g}")
        a.plot(d.N, d.C_same_axis, "o:", mfc="none", color=f"C{k}", lw=0.8, label=f"α = β reading, ω_zz = {wzz:g}")
    a.set(xlabel="N (per ensemble)", ylabel="$C_{NESS}$", title="(c) pair NESS cumulants", ylim=(0, None))
    a.legend(fontsize=6, loc="upper right")
    ins = a.inset_axes([0.32, 0.07, 0.63, 0.24])  # below the curves, which reach C ≈ 1.7 at N = 30
    for k, (wzz, d) in enumerate(ness.groupby("omega_zz")):
        d = d.sort_values("N")
        ins.plot(d.N, -d.adr, "s", color=f"C{k}", ms=3)
        ins.plot(d.N, -d.gap_re, "-", color=f"C{k}", lw=0.8)
    ins.text(0.98, 0.92, "$|λ_{ADR}|$ (squares), $|Re\\,λ_1|$ (lines)", ha="right", va="top", fontsize=6,
             transform=ins.transAxes)
    ins.tick_params(labelsize=6)
    wzz0 = sorted(dyn.omega_zz.unique())[0]
    d0 = dyn[dyn.omega_zz == wzz0]
    Ns = sorted(d0.N.unique())
    for i, N in enumerate(Ns):
        d = d0[d0.N == N]
        s1.semilogy(d.t, np.abs(d.C - d.C_ness), color=size_color(i, len(Ns)), lw=0.9, label=f"N = {N}")
    s1.set(xlabel="κt", ylabel="$|C(t) - C_{NESS}|$", title=f"Fig. S1, ω_zz = {wzz0:g}", ylim=(1e-12, None))
    s1.legend(fontsize=7)
    return _caption(fig, "fig3c")


def fig4(t: pd.DataFrame) -> "plt.Figure":
    apply_style()
    fig, (a, b) = plt.subplots(1, 2, figsize=(8.0, 3.4))
    st = t[t.kind == "strobe"]
    a.plot(st.n, st.x, "o-", ms=2.5, lw=0.6)
    a.axhline(0, color="0.7", lw=0.6)
    a.set(xlabel="n (t = nT)", ylabel="⟨x̂⟩(nT)", title=f"(a) N = {int(st.N.iloc[0])}")
    g = t[t.kind == "gap"].sort_values("N")
    b.plot(g.N, g.K_xx, "o-", label="K(x̂, x̂)")
    b.plot(g.N, g.K_xp, "s-", label="K(x̂, p̂) sym.")
    b.plot(g.N, g.K_pp, "^-", label="K(p̂, p̂)")
    b.set(xlabel="N", ylabel="NESS cumulant", title="(b) Floquet NESS", ylim=(0, 1.35 * g.K_xx.max()))
    b.legend(loc="upper center", fontsize=6, ncol=3)
    ins = b.inset_axes([0.3, 0.3, 0.4, 0.32])
    ins.semilogy(g.N, g.gap, "ko", ms=3)
    if len(g) >= 2:
        p = np.polyfit(g.N, np.log(g.gap), 1)
        ins.semilogy(g.N, np.exp(np.polyval(p, g.N)), "r--", lw=0.8)
        ins.set_title(f"Δ_N ∝ e^{{{p[0]:.3f} N}}", fontsize=7)
    ins.set_xlabel("N", fontsize=7)
    ins.set_ylabel("$Δ_N$", fontsize=7)
    ins.tick_params(labelsize=6)
    return _caption(fig, "fig4")


def figS2(t: pd.DataFrame) -> "plt.Figure":
    apply_style()
    fig, ax = plt.subplots(2, 2, figsize=(8.0, 6.0))
    g = t[t.kind == "gap"]
    for k, (kappa, d) in enumerate(g.groupby("kappa")):
        d = d.sort_values("N")
        ax[0, 0].loglog(d.N, -d.gap_re, "o", color=f"C{k}", label=f"κ = {kappa:g}")
        ax[0, 0].loglog(d.N, -d.exact_re, "-", color=f"C{k}", lw=0.8)
        ax[0, 1].semilogx(d.N, d.gap_im, "o", color=f"C{k}", label=f"κ = {kappa:g}")
        ax[0, 1].semilogx(d.N, d.exact_im, "-", color=f"C{k}", lw=0.8)
    ax[0, 0].set(xlabel="N", ylabel="−Re λ_1", title="exact: κ/2N (N > κ/2ω_x)")
    ax[0, 1].set(xlabel="N", ylabel="|Im λ_1| / ω_x", title="→ ω_x (Supplement: 2ω_x)")
    ax[0, 0].legend()
    for panel, axis, key in (("mz_N", ax[1, 0], "N"), ("mz_kappa", ax[1, 1], "kappa")):
        d = t[t.kind == panel]
        vals = sorted(d[key].unique())
        for i, v in enumerate(vals):
            c = d[d[key] == v]
            col = size_color(i, len(vals))
            axis.plot(c.t, c.m_z, color=col, lw=0.9, label=f"{'N' if key == 'N' else 'κ'} = {v:g}")
            chk = c.dropna(subset=["m_z_numerical"])
            if len(chk):
                axis.plot(chk.t[::10], chk.m_z_numerical[::10], ".", color=col, ms=3)
        axis.set(xlabel="ω_x t", ylabel="⟨m̂^z⟩")
        axis.legend(fontsize=7, loc="upper right")
    ax[1, 0].set_title(f"κ/ω_x = {t[t.kind == 'mz_N'].kappa.iloc[0]:g}")
    ax[1, 1].set_title(f"N = {int(t[t.kind == 'mz_kappa'].N.iloc[0])}")
    return _caption(fig, "figS2")
