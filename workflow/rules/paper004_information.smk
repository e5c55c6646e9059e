# Paper 004 at finite N (Sec. V): steady states (solver, stage paper004_steady), their purity, negativity and I_M
# (post-processing, stage paper004_information: a change there reruns no solve), Figs. 7 and 8, the I_M/N scaling
# next to its mean-field limit, and the Sec. V reproduction rows. L_≡ = L_spin for d <= 3 (Sec. II), so "uniform"
# jobs exist only from d = 4 on. One solver job per (N, d, dissipator) and chunk of gamma_C_per_job γ_C values.
P4I = P4F["fig78"]


FIGURES["figures/paper004_fig7"] = "Fig. 7"
FIGURES["figures/paper004_fig8"] = "Fig. 8"
FIGURES["figures/paper004_im_scaling"] = "I_M/N vs 1/N (Sec. V states, not in the paper)"
REPRODUCTION_ROWS.append("results/reproduction/paper004_information.parquet")

localrules: paper004_fig7, paper004_fig8, paper004_im_scaling, paper004_information_numbers


rule paper004_steady_fig78:
    output: "results/paper004_finite/steady/fig78/N={N}/d={d}/dissipator={dissipator}/part={part}.parquet"
    wildcard_constraints: N=r"[0-9]+", d=r"[0-9]+", dissipator="spin|uniform", part=r"[0-9]+"
    params:
        gI=p4f_grid(P4I["gamma_I"]),
        gC=lambda wildcards: p4f_gamma_C_chunks(P4I)[int(wildcards.part)],
        gmres=f"--restart {P4I['gmres']['restart']} --maxiter {P4I['gmres']['maxiter']}",
        code=code_fingerprint("paper004_steady"),
    resources: mem_mb=lambda wc: p4f_mem_mb(wc.N, wc.d, gaps=False),
    log: "logs/paper004_finite/steady/fig78/N={N}/d={d}/dissipator={dissipator}/part={part}.log"
    run: stage("paper004_steady --out {output} --N {wildcards.N} --d {wildcards.d} --dissipator {wildcards.dissipator} --gamma-I {params.gI} --gamma-C {params.gC} {params.gmres}")


rule paper004_steady_scaling:
    output: "results/paper004_finite/steady/scaling/d={d}/dissipator={dissipator}/gamma_I={gI}/gamma_C={gC}.parquet"
    wildcard_constraints: d=r"[0-9]+", dissipator="spin|uniform", gI=FLOAT, gC=FLOAT
    params:
        N=lambda wildcards: p4i_scaling_N(P4F, wildcards.d),
        code=code_fingerprint("paper004_steady"),
    resources: mem_mb=lambda wc: p4f_mem_mb(max(map(int, p4i_scaling_N(P4F, wc.d).split())), wc.d, gaps=False),
    log: "logs/paper004_finite/steady/scaling/d={d}/dissipator={dissipator}/gamma_I={gI}/gamma_C={gC}.log"
    run: stage("paper004_steady --out {output} --N {params.N} --d {wildcards.d} --dissipator {wildcards.dissipator} --gamma-I {wildcards.gI} --gamma-C {wildcards.gC}")


rule paper004_information:
    input: "results/paper004_finite/steady/{path}.parquet"
    output: "results/paper004_finite/information/{path}.parquet"
    params: code=code_fingerprint("paper004_information")
    log: "logs/paper004_finite/information/{path}.log"
    run: stage("paper004_information --out {output} {input}")


rule paper004_meanfield_im:
    output: "results/paper004_finite/meanfield_im/d={d}/dissipator={dissipator}.parquet"
    wildcard_constraints: d=r"[0-9]+", dissipator="spin|uniform"
    params:
        points=" ".join(f"{fmt(gI)},{fmt(gC)}" for gI, gC in P4F["im_scaling"]["points"]),
        code=code_fingerprint("paper004_information_analysis"),
    log: "logs/paper004_finite/meanfield_im/d={d}/dissipator={dissipator}.log"
    run: stage("paper004_information_analysis meanfield --out {output} --d {wildcards.d} --dissipator {wildcards.dissipator} --point {params.points}")


rule paper004_fig7:
    input: p4i_fig78_files(P4F, "information")
    output:
        pdf="figures/paper004_fig7.pdf",
        png=figure_png("figures/paper004_fig7", "paper004_fig7.rst"),
        table="results/paper004_finite/fig7.parquet",
    log: "logs/figures/paper004_fig7.log"
    params: code=code_fingerprint("plot_paper004_information")
    run: stage("plot_paper004_information --figure fig7 --stem figures/paper004_fig7 --table {output.table} {input}")


rule paper004_fig8:
    input: p4i_fig78_files(P4F, "information")
    output:
        pdf="figures/paper004_fig8.pdf",
        png=figure_png("figures/paper004_fig8", "paper004_fig8.rst"),
        table="results/paper004_finite/fig8.parquet",
    log: "logs/figures/paper004_fig8.log"
    params: code=code_fingerprint("plot_paper004_information")
    run: stage("plot_paper004_information --figure fig8 --stem figures/paper004_fig8 --table {output.table} {input}")


rule paper004_im_scaling:
    input:
        info=p4i_scaling_files(P4F, "information"),
        meanfield=p4i_meanfield_files(P4F),
    output:
        pdf="figures/paper004_im_scaling.pdf",
        png=figure_png("figures/paper004_im_scaling", "paper004_im_scaling.rst"),
        table="results/paper004_finite/im_scaling.parquet",
    log: "logs/figures/paper004_im_scaling.log"
    params: code=code_fingerprint("plot_paper004_information")
    run: stage("plot_paper004_information --figure scaling --stem figures/paper004_im_scaling --table {output.table} {input.info} --meanfield {input.meanfield}")


rule paper004_information_numbers:
    input:
        fig7="results/paper004_finite/fig7.parquet",
        fig8="results/paper004_finite/fig8.parquet",
        scaling="results/paper004_finite/im_scaling.parquet",
    output: "results/paper004_information/numbers.parquet"
    log: "logs/paper004_information/numbers.log"
    params: code=code_fingerprint("paper004_information_analysis")
    run: stage("paper004_information_analysis numbers --out {output} --fig7 {input.fig7} --fig8 {input.fig8} --scaling {input.scaling}")
