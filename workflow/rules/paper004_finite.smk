# Paper 004 at finite N (Sec. IV): Z2-sector Liouvillian gaps Δ^(p1,p2) (Eqs. 15-16), permqs.qudit engine.
# Fig. 5: heat maps over (γ_C, γ_I), one job per (N, d, dissipator) row and chunk of gamma_C_per_job γ_C values;
# Fig. 6: cuts over γ_I at fixed γ_C for lists of N, and the 1/N fits at the transition γ_I = 2|V| − γ_C (1.8 in the
# paper). L_≡ = L_spin for d <= 3 (Sec. II), so "uniform" jobs exist only from d = 4 on.
P4F = config["paper004_finite"]
P4F_DISSIPATORS = ["spin", "uniform"]


FIGURES["figures/paper004_fig5"] = "Fig. 5"
FIGURES["figures/paper004_fig6"] = "Fig. 6"
ALL_TARGETS.append("results/paper004_finite/fig6_fits.parquet")
REPRODUCTION_ROWS.append("results/reproduction/paper004_finite.parquet")

localrules: paper004_fig5, paper004_fig6


rule paper004_finite_fig5_data:
    output: "results/paper004_finite/fig5/N={N}/d={d}/dissipator={dissipator}/part={part}.parquet"
    wildcard_constraints: N=r"[0-9]+", d=r"[0-9]+", dissipator="spin|uniform", part=r"[0-9]+"
    params:
        gI=p4f_grid(P4F["fig5"]["gamma_I"]),
        gC=lambda wildcards: p4f_gamma_C_chunks(P4F["fig5"])[int(wildcards.part)],
        imag=fmt(P4F["imag_range"]),
        code=code_fingerprint("paper004_finite"),
    resources:
        mem_mb=lambda wc: p4f_mem_mb(wc.N, wc.d),
        runtime=lambda wc: p4f_gap_runtime(wc.N, wc.d, P4F["fig5"]["gamma_I"]["num"] * P4F["fig5"]["gamma_C_per_job"]),
    log: "logs/paper004_finite/fig5/N={N}/d={d}/dissipator={dissipator}/part={part}.log"
    run: stage("paper004_finite fig5 --out {output} --N {wildcards.N} --d {wildcards.d} --dissipator {wildcards.dissipator} --gamma-I {params.gI} --gamma-C {params.gC} --imag-range {params.imag}")


# Fig. 6: one job per (d, dissipator, N), the transition point of panel (b) apart from the cut of panel (a), so that
# the Sec. IV fits (and their rows) need only the transition-point jobs, and a change of the cut reruns none of them.
rule paper004_finite_fig6_data:
    output: "results/paper004_finite/fig6_{kind}/d={d}/dissipator={dissipator}/N={N}.parquet"
    wildcard_constraints: kind="cut|transition", d=r"[0-9]+", dissipator="spin|uniform", N=r"[0-9]+"
    params:
        gI=lambda wildcards: " ".join(fmt(x) for x in (p4f_fig6_cut(P4F) if wildcards.kind == "cut"
                                                         else [p4f_fig6_transition(P4F)])),
        gC=fmt(P4F["fig6"]["gamma_C"]),
        imag=fmt(P4F["imag_range"]),
        code=code_fingerprint("paper004_finite"),
    resources:
        mem_mb=lambda wc: p4f_mem_mb(wc.N, wc.d),
        runtime=lambda wc: p4f_gap_runtime(wc.N, wc.d, len(p4f_fig6_cut(P4F)) if wc.kind == "cut" else 1),
    log: "logs/paper004_finite/fig6_{kind}/d={d}/dissipator={dissipator}/N={N}.log"
    run: stage("paper004_finite fig6 --out {output} --N {wildcards.N} --d {wildcards.d} --dissipator {wildcards.dissipator} --gamma-I {params.gI} --gamma-C {params.gC} --imag-range {params.imag}")


# Sec. IV numbers (block dimensions, N → ∞ intercepts of Fig. 6(b)), judged by rule reproduction_rows
rule paper004_finite_measurements:
    input: p4f_fig6_files(P4F, "transition")
    output: "results/paper004_finite/numbers.parquet"
    log: "logs/paper004_finite/measurements.log"
    params:
        dims=" ".join(f"{c['N']},{c['d']}" for c in P4F.get("dimensions", [])),
        code=code_fingerprint("paper004_finite"),
    run: stage("paper004_finite measurements --out {output} {input} --dimensions {params.dims}")


rule paper004_fig5:
    input: p4f_fig5_files(P4F)
    output:
        pdf="figures/paper004_fig5.pdf",
        png=figure_png("figures/paper004_fig5", "paper004_fig5.rst"),
    log: "logs/figures/paper004_fig5.log"
    params: code=code_fingerprint("plot_paper004_finite")
    run: stage("plot_paper004_finite --figure fig5 --stem figures/paper004_fig5 {input}")


rule paper004_fig6:
    input: p4f_fig6_files(P4F, "transition") + p4f_fig6_files(P4F, "cut")
    output:
        pdf="figures/paper004_fig6.pdf",
        png=figure_png("figures/paper004_fig6", "paper004_fig6.rst"),
        fits="results/paper004_finite/fig6_fits.parquet",
    log: "logs/figures/paper004_fig6.log"
    params: code=code_fingerprint("plot_paper004_finite")
    run: stage("plot_paper004_finite --figure fig6 --stem figures/paper004_fig6 --fits {output.fits} {input}")
