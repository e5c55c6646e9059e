# Paper 004 (Pausch, Damanet, Bastin, Martin): dissipative phase transition from qubits to qudits, mean field.
# Fig. 2: Eq. 10 streamlines (one job); Fig. 3: d-level trajectories (one job per dissipator);
# Fig. 4: fixed-point branches vs γ_I and the numbers of Sec. III B (one job each per d and dissipator).
P4 = config["paper004"]
P4_DISSIPATORS = ["spin", "uniform"]

REPRODUCTION_ROWS.append("results/reproduction/paper004.parquet")
FIGURES["figures/paper004_fig2"] = "Fig. 2"
FIGURES["figures/paper004_fig3"] = "Fig. 3"
FIGURES["figures/paper004_fig4"] = "Fig. 4"
ALL_TARGETS.extend(["results/paper004/table.csv", "results/paper004/table.md"])

localrules: paper004_measurements, paper004_fig2, paper004_fig3, paper004_fig4


rule paper004_fig2_data:
    output: "results/paper004/fig2/streams.parquet"
    log: "logs/paper004/fig2/streams.log"
    params:
        ratios=" ".join(fmt(r) for r in P4["fig2"]["ratios"]),
        seeds=P4["fig2"]["n_seeds"],
        length=fmt(P4["fig2"]["length"]),
        code=code_fingerprint("paper004"),
    run: stage("paper004 fig2 --out {output} --ratios {params.ratios} --n-seeds {params.seeds} --length {params.length}")


rule paper004_fig3_data:
    output: "results/paper004/fig3/d={d}/dissipator={dissipator}.parquet"
    log: "logs/paper004/fig3/d={d}/dissipator={dissipator}.log"
    wildcard_constraints: d=r"[0-9]+", dissipator="spin|uniform"
    params:
        ratios=" ".join(fmt(r) for r in P4["fig3"]["ratios"]),
        n_traj=P4["fig3"]["n_traj"],
        seed=P4["fig3"]["seed"],
        n_samples=P4["fig3"]["n_samples"],
        t_max=fmt(P4["fig3"]["t_max"]),
        code=code_fingerprint("paper004"),
    run: stage("paper004 fig3 --out {output} --d {wildcards.d} --dissipator {wildcards.dissipator} --ratios {params.ratios} --n-traj {params.n_traj} --seed {params.seed} --t-max {params.t_max} --n-samples {params.n_samples}")


rule paper004_branches:
    output: "results/paper004/branches/d={d}/dissipator={dissipator}.parquet"
    log: "logs/paper004/branches/d={d}/dissipator={dissipator}.log"
    wildcard_constraints: d=r"[0-9]+", dissipator="spin|uniform"
    params:
        num=P4["fig4"]["num"],
        num_critical=P4["fig4"]["num_critical"],
        inset_num=P4["fig4"]["inset_num"],
        lo=fmt(P4["fig4"]["gamma_min"]),
        hi=fmt(P4["fig4"]["gamma_max"]),
        code=code_fingerprint("paper004"),
    run: stage("paper004 branches --out {output} --d {wildcards.d} --dissipator {wildcards.dissipator} --gamma-min {params.lo} --gamma-max {params.hi} --num {params.num} --num-critical {params.num_critical} --inset-num {params.inset_num}")


rule paper004_summary:
    output: "results/paper004/summary/d={d}/dissipator={dissipator}.parquet"
    log: "logs/paper004/summary/d={d}/dissipator={dissipator}.log"
    wildcard_constraints: d=r"[0-9]+", dissipator="spin|uniform"
    params:
        fit=" ".join(fmt(x) for x in P4["fit_window"]),
        inset=" ".join(fmt(x) for x in P4["inset_window"]),
        code=code_fingerprint("paper004"),
    run: stage("paper004 summary --out {output} --d {wildcards.d} --dissipator {wildcards.dissipator} --fit-window {params.fit} --inset-window {params.inset}")


rule paper004_measurements:
    input: p4_files(P4, "summary")
    output:
        rows="results/paper004/numbers.parquet",
        csv="results/paper004/table.csv",
        md="results/paper004/table.md",
    log: "logs/paper004/measurements.log"
    params: code=code_fingerprint("paper004")
    run: stage("paper004 measurements --out {output.rows} --csv {output.csv} --md {output.md} {input}")


rule paper004_fig2:
    input: rules.paper004_fig2_data.output
    output:
        pdf="figures/paper004_fig2.pdf",
        png=figure_png("figures/paper004_fig2", "paper004_fig2.rst"),
    log: "logs/figures/paper004_fig2.log"
    params: code=code_fingerprint("plot_paper004")
    run: stage("plot_paper004 --figure fig2 --stem figures/paper004_fig2 {input}")


rule paper004_fig3:
    input: expand("results/paper004/fig3/d={d}/dissipator={dis}.parquet", d=P4["fig3"]["d"], dis=P4_DISSIPATORS)
    output:
        pdf="figures/paper004_fig3.pdf",
        png=figure_png("figures/paper004_fig3", "paper004_fig3.rst"),
    log: "logs/figures/paper004_fig3.log"
    params: code=code_fingerprint("plot_paper004")
    run: stage("plot_paper004 --figure fig3 --stem figures/paper004_fig3 {input}")


rule paper004_fig4:
    input:
        branches=p4_files(P4, "branches"),
        summaries=p4_files(P4, "summary"),
    output:
        pdf="figures/paper004_fig4.pdf",
        png=figure_png("figures/paper004_fig4", "paper004_fig4.rst"),
    log: "logs/figures/paper004_fig4.log"
    params: code=code_fingerprint("plot_paper004")
    run: stage("plot_paper004 --figure fig4 --stem figures/paper004_fig4 --summaries {input.summaries} -- {input.branches}")
