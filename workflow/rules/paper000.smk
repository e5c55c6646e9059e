# Paper 000 (Ptaszynski, Chudak, Esposito): driven-dissipative LMG model, Eqs. 14-15.
# grid -> finite-N steady state (one job per point) -> observables -> aggregate -> figure;
# the mean field (N -> infinity) is one job per curve, the ground states (Fig. 2) one job per N.
P0 = config["paper000"]
RATES_STATE = "results/lmg/steady/solver=rates/J={J}/gamma={gamma}/h=0/N={N}/Gamma={Gamma}.parquet"
LMG_STATE = f"results/lmg/steady/{LMG_PATH}"
LMG_OBSERVABLES = f"results/lmg/observables/{LMG_PATH}"
REPRODUCTION_ROWS.append("results/reproduction/paper000.parquet")
FIGURES["figures/paper000_fig1a"] = "Fig. 1(a)"
FIGURES["figures/paper000_fig1b"] = "Fig. 1(b)"
FIGURES["figures/paper000_figS1"] = "Fig. S1"
FIGURES["figures/paper000_figS2"] = "Fig. S2"
FIGURES["figures/paper000_fig2"] = "Fig. 2"

localrules: paper000_grid, paper000_aggregate, paper000_mmi_figure, paper000_supplement_figure,
    paper000_ground_state_figure


rule paper000_grid:
    output: "results/paper000/{fig}/grid.parquet"
    log: "logs/paper000/{fig}/grid.log"
    wildcard_constraints: fig="fig1a|fig1b"
    params:
        N=lambda wc: ",".join(str(n) for n in P0[wc.fig]["N"]),
        h=lambda wc: fmt(P0[wc.fig]["h"]),
        Gamma=lambda wc: ",".join(fmt(g) for g in P0[wc.fig]["Gamma"]),
        code=code_fingerprint("grid"),
    run: stage("grid --out {output} --param N={params.N} --param h={params.h} --param Gamma={params.Gamma}")


rule lmg_rates:
    output: RATES_STATE
    log: log_of(RATES_STATE)
    group: "lmg_point"
    params: code=code_fingerprint("lmg_rates")
    resources:
        mem_mb=lambda wc: JOB_BASE_MB + int(wc.N) ** 2 // 400,
        runtime=lambda wc: 5 + int(wc.N) ** 2 // 100_000,
    run: stage("lmg_rates --out {output} --N {wildcards.N} --h 0 --Gamma {wildcards.Gamma} --J {wildcards.J} --gamma {wildcards.gamma}")


rule lmg_steady:
    output: LMG_STATE
    log: log_of(LMG_STATE)
    group: "lmg_point"
    wildcard_constraints: solver="permqs|piqs"
    params: code=code_fingerprint("lmg_steady")
    resources:
        mem_mb=lambda wc: steady_memory_mb(P0, wc),
        runtime=lambda wc: 5 + int(wc.N) ** 3 // 500_000,
    run: stage("lmg_steady --out {output} --solver {wildcards.solver} --N {wildcards.N} --h {wildcards.h} --Gamma {wildcards.Gamma} --J {wildcards.J} --gamma {wildcards.gamma}")


rule lmg_observables:
    input: LMG_STATE
    output: LMG_OBSERVABLES
    log: log_of(LMG_OBSERVABLES)
    group: "lmg_point"
    params: code=code_fingerprint("lmg_observables")
    run: stage("lmg_observables --out {output} --state {input}")


rule lmg_meanfield:
    output: "results/lmg/meanfield/J={J}/gamma={gamma}/h={h}.parquet"
    log: "logs/lmg/meanfield/J={J}/gamma={gamma}/h={h}.log"
    params:
        Gamma=lambda wc: " ".join(fmt(g) for g in theory_grid(P0)),
        code=code_fingerprint("lmg_meanfield"),
    run: stage("lmg_meanfield --out {output} --h {wildcards.h} --J {wildcards.J} --gamma {wildcards.gamma} --Gamma {params.Gamma}")


rule paper000_aggregate:
    input:
        grid="results/paper000/{fig}/grid.parquet",
        points=lambda wc: [lmg_point(P0, N, P0[wc.fig]["h"], G) for N in P0[wc.fig]["N"] for G in P0[wc.fig]["Gamma"]],
    output: "results/paper000/{fig}/finite_n.parquet"
    log: "logs/paper000/{fig}/aggregate.log"
    params: code=code_fingerprint("aggregate")
    run: stage("aggregate --out {output} --grid {input.grid} {input.points}")


rule paper000_mmi_figure:
    input:
        finite="results/paper000/{fig}/finite_n.parquet",
        limit=lambda wc: meanfield_curve(P0, P0[wc.fig]["h"]),
    output:
        pdf="figures/paper000_{fig}.pdf",
        png=figure_png("figures/paper000_{fig}", "paper000_mmi.rst"),
    log: "logs/figures/paper000_{fig}.log"
    wildcard_constraints: fig="fig1a|fig1b"
    params: code=code_fingerprint("plot_paper000")
    run: stage("plot_paper000 --figure {wildcards.fig} --finite {input.finite} --limit {input.limit} --stem figures/paper000_{wildcards.fig}")


# Figs. S1 and S2 show the data of Fig. 1(b) ("parameters and notations as in Fig. 1(b)").
rule paper000_supplement_figure:
    input:
        finite="results/paper000/fig1b/finite_n.parquet",
        limit=lambda wc: meanfield_curve(P0, P0["fig1b"]["h"]),
    output:
        pdf="figures/paper000_{fig}.pdf",
        png=figure_png("figures/paper000_{fig}", "paper000_supplement.rst"),
    log: "logs/figures/paper000_{fig}.log"
    wildcard_constraints: fig="figS1|figS2"
    params:
        inset=" ".join(fmt(x) for x in P0["figS1_inset_Gamma"]),
        code=code_fingerprint("plot_paper000"),
    run: stage("plot_paper000 --figure {wildcards.fig} --finite {input.finite} --limit {input.limit} --inset {params.inset} --stem figures/paper000_{wildcards.fig}")


rule lmg_ground_state:
    output: "results/lmg/ground_state/J={J}/N={N}.parquet"
    log: "logs/lmg/ground_state/J={J}/N={N}.log"
    params:
        h=lambda wc: " ".join(fmt(P0["fig2"]["h"]["stop"] * i / (P0["fig2"]["h"]["num"] - 1))
                              for i in range(P0["fig2"]["h"]["num"])),
        code=code_fingerprint("lmg_ground_state"),
    run: stage("lmg_ground_state --out {output} --N {wildcards.N} --J {wildcards.J} --h {params.h}")


rule paper000_ground_state_figure:
    input: expand("results/lmg/ground_state/J={J}/N={N}.parquet", J=fmt(P0["fig2"]["J"]), N=P0["fig2"]["N"])
    output:
        pdf="figures/paper000_fig2.pdf",
        png=figure_png("figures/paper000_fig2", "paper000_fig2.rst"),
    log: "logs/figures/paper000_fig2.log"
    params:
        inset=fmt(P0["fig2"]["inset_h_max"]),
        code=code_fingerprint("plot_paper000"),
    run: stage("plot_paper000 --figure fig2 --finite {input} --inset {params.inset} --stem figures/paper000_fig2")


rule paper000_numbers:
    input:
        h0=meanfield_curve(P0, 0.0),
        h=meanfield_curve(P0, P0["fig1b"]["h"]),
    output:
        rows="results/paper000/numbers.parquet",
        floquet="results/paper000/floquet.parquet",
    log: "logs/paper000/numbers.log"
    params:
        Gamma=" ".join(fmt(g) for g in P0["floquet_Gamma"]),
        code=code_fingerprint("paper000_numbers"),
    run: stage("paper000_numbers --curve-h0 {input.h0} --curve-h {input.h} --floquet-Gamma {params.Gamma} --out {output.rows} --floquet-out {output.floquet}")
