# Paper 003 (Carollo, Lesanovsky): pattern retrieval in the open multimode Dicke model, Fig. 3.
# Circles: mean-field stationary states from xi_mu = 1 (integration + root finding, one job per curve);
# lines: Eq. 12. Conventions: docs/conventions-002-003.md.
P3 = config["paper003"]
PAPER003_MODEL = f"M={P3['M']}/Omega={fmt(P3['Omega'])}/kappa={fmt(P3['kappa'])}"
PAPER003_G0 = ",".join(fmt(g) for g in P3["g0_points"])
PAPER003_POINTS = f"results/paper003/fig3/{PAPER003_MODEL}/stationary/relax={fmt(P3['relax_time'])}/g0={PAPER003_G0}.parquet"
PAPER003_LINES = (f"results/paper003/fig3/{PAPER003_MODEL}/eq12/"
                  f"g0={fmt(P3['g0_lines']['start'])}-{fmt(P3['g0_lines']['stop'])}-{P3['g0_lines']['num']}.parquet")
REPRODUCTION_ROWS.append("results/reproduction/paper003.parquet")
FIGURES["figures/paper003_fig3"] = "Fig. 3"

localrules: paper003_eq12, paper003_numbers, paper003_fig3


rule paper003_stationary:
    output: PAPER003_POINTS
    log: log_of(PAPER003_POINTS)
    params:
        g0=" ".join(fmt(g) for g in P3["g0_points"]),
        code=code_fingerprint("paper003"),
    resources: runtime=lambda wc: 5 + len(P3["g0_points"]) // 10
    run: stage("paper003 stationary --out {output} --M {P3[M]} --Omega {P3[Omega]} --kappa {P3[kappa]} --relax-time {P3[relax_time]} --g0 {params.g0}")


rule paper003_eq12:
    output: PAPER003_LINES
    log: log_of(PAPER003_LINES)
    params: code=code_fingerprint("paper003")
    run: stage("paper003 eq12 --out {output} --M {P3[M]} --Omega {P3[Omega]} --kappa {P3[kappa]} --g0-start {P3[g0_lines][start]} --g0-stop {P3[g0_lines][stop]} --num {P3[g0_lines][num]}")


rule paper003_numbers:
    input: PAPER003_POINTS
    output: "results/paper003/numbers.parquet"
    log: "logs/paper003/numbers.log"
    params: code=code_fingerprint("paper003")
    run: stage("paper003 numbers --out {output} --points {input}")


rule paper003_fig3:
    input:
        lines=PAPER003_LINES,
        points=PAPER003_POINTS,
    output:
        pdf="figures/paper003_fig3.pdf",
        png=figure_png("figures/paper003_fig3", "paper003_fig3.rst"),
    log: "logs/figures/paper003_fig3.log"
    params: code=code_fingerprint("plot_paper003")
    run: stage("plot_paper003 --lines {input.lines} --points {input.points} --stem figures/paper003_fig3")
