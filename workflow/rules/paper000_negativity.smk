# Half-half negativity (paper 004 Eq. 17) of the paper-000 LMG steady states of Fig. 1(b), by SU(2) recoupling of
# the stored J-block states (permqs.information.qubit): post-processing only, it never re-solves.
# Uses the Fig. 1(b) grid (P0 = config["paper000"], from paper000.smk) up to negativity_N_max spins (default 40):
# the cost grows like N^7 (blocks of (N/2 + 1)^2 rows; one core: N = 40 under a second, N = 80 ~20 s, N = 100 ~1.5
# min, N = 160 hours).
NEGATIVITY_N_MAX = P0.get("negativity_N_max", 40)
NEGATIVITY_TOL = 1e-10   # error budget (reported per point as truncation_bound): 10x below the 1e-9 resolution
LMG_NEGATIVITY = f"results/lmg/negativity/{LMG_PATH}"
FIGURES["figures/paper000_fig1b_negativity"] = "Fig. 1(b) with half-half negativity (no paper)"

localrules: paper000_negativity_figure


rule lmg_negativity:
    input: LMG_STATE
    output: LMG_NEGATIVITY
    log: log_of(LMG_NEGATIVITY)
    wildcard_constraints: solver="permqs|piqs"
    params:
        tol=NEGATIVITY_TOL,
        code=code_fingerprint("lmg_negativity"),
    resources:
        mem_mb=lambda wc: JOB_BASE_MB + (int(wc.N) // 2 + 1) ** 4 * 48 // 2**20,
        runtime=lambda wc: 5 + int(wc.N) ** 7 // 10**13,
    run: stage("lmg_negativity --out {output} --state {input} --tol {params.tol}")


rule paper000_negativity_figure:
    input:
        finite="results/paper000/fig1b/finite_n.parquet",
        limit=lambda wc: meanfield_curve(P0, P0["fig1b"]["h"]),
        points=lambda wc: negativity_points(P0, NEGATIVITY_N_MAX),
    output:
        pdf="figures/paper000_fig1b_negativity.pdf",
        png=figure_png("figures/paper000_fig1b_negativity", "paper000_negativity.rst"),
    log: "logs/figures/paper000_fig1b_negativity.log"
    params: code=code_fingerprint("plot_paper000_negativity")
    run: stage("plot_paper000_negativity --finite {input.finite} --limit {input.limit} --negativity {input.points} --stem figures/paper000_fig1b_negativity")
