# Paper 002 (Souza, Prazeres, Iemini): two coupled collective spins in the thermodynamic limit, Fig. 3(a, b).
# One mean-field job per panel (omega_zz) -> reproduction rows and the figure. Conventions: docs/conventions-002-003.md.
P2 = config["paper002"]


PAPER002_TRAJECTORY = "results/paper002/fig3/wxx={wxx}/wz={wz1},{wz2}/wx={wx}/periods={periods}/wzz={wzz}.parquet"
PAPER002_TRAJECTORIES = [paper002_trajectory(P2, w) for w in P2["omega_zz"]]
REPRODUCTION_ROWS.append("results/reproduction/paper002.parquet")
FIGURES["figures/paper002_fig3"] = "Fig. 3(a, b)"

localrules: paper002_numbers, paper002_fig3


rule paper002_trajectory:
    output: PAPER002_TRAJECTORY
    log: log_of(PAPER002_TRAJECTORY)
    params: code=code_fingerprint("paper002")
    run: stage("paper002 trajectory --out {output} --omega-zz {wildcards.wzz} --omega-xx {wildcards.wxx} --omega-z {wildcards.wz1} {wildcards.wz2} --omega-x-over-kappa {wildcards.wx} --periods {wildcards.periods}")


rule paper002_numbers:
    input: PAPER002_TRAJECTORIES
    output: "results/paper002/numbers.parquet"
    log: "logs/paper002/numbers.log"
    params: code=code_fingerprint("paper002")
    run: stage("paper002 numbers --out {output} --trajectories {input}")


rule paper002_fig3:
    input: PAPER002_TRAJECTORIES
    output:
        pdf="figures/paper002_fig3.pdf",
        png=figure_png("figures/paper002_fig3", "paper002_fig3.rst"),
    log: "logs/figures/paper002_fig3.log"
    params: code=code_fingerprint("plot_paper002")
    run: stage("plot_paper002 --trajectories {input} --stem figures/paper002_fig3")
