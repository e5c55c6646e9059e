# Paper 000 (Ptaszynski, Chudak, Esposito): driven-dissipative LMG model, Eqs. 14-15.
# grid -> finite-N steady state (one job per point) -> observables -> aggregate -> figure;
# the mean field (N -> infinity) is one job per curve, the ground states (Fig. 2) one job per N.
from permqs.dicke import estimate_memory
from permqs.models.lmg import LMGParameters, lmg_model

P0 = config["paper000"]
LMG_PATH = "solver={solver}/J={J}/gamma={gamma}/h={h}/N={N}/Gamma={Gamma}.parquet"


def lmg_point(N, h, Gamma, kind="observables"):
    solver = "rates" if float(h) == 0 else P0["solver"]
    return f"results/lmg/{kind}/" + LMG_PATH.format(solver=solver, J=fmt(P0["J"]), gamma=fmt(P0["gamma"]),
                                                    h=fmt(h), N=N, Gamma=fmt(Gamma))


def meanfield_curve(h):
    return f"results/lmg/meanfield/J={fmt(P0['J'])}/gamma={fmt(P0['gamma'])}/h={fmt(h)}.parquet"


def theory_grid():
    g = P0["theory_Gamma"]
    return [g["start"] + (g["stop"] - g["start"]) * i / (g["num"] - 1) for i in range(g["num"])]


def steady_memory_mb(wc):
    model = lmg_model(LMGParameters(J=float(wc.J), h=float(wc.h), Gamma=float(wc.Gamma), gamma=float(wc.gamma)))
    return 500 + estimate_memory(model, int(wc.N)) // 2**20


REPRODUCTION_ROWS.append("results/reproduction/paper000.parquet")
ALL_TARGETS.extend(expand("figures/paper000_{fig}.{ext}", fig=["fig1a", "fig1b", "figS1", "figS2", "fig2"],
                          ext=["pdf", "png"]))


rule paper000_grid:
    output: "results/paper000/{fig}/grid.parquet"
    wildcard_constraints: fig="fig1a|fig1b"
    params:
        N=lambda wc: ",".join(str(n) for n in P0[wc.fig]["N"]),
        h=lambda wc: fmt(P0[wc.fig]["h"]),
        Gamma=lambda wc: ",".join(fmt(g) for g in P0[wc.fig]["Gamma"]),
        code=code_fingerprint("grid"),
    shell: "{PY} -m permqs grid --out {output} --param N={params.N} --param h={params.h} --param Gamma={params.Gamma}"


rule lmg_rates:
    output: "results/lmg/steady/solver=rates/J={J}/gamma={gamma}/h=0/N={N}/Gamma={Gamma}.parquet"
    params: code=code_fingerprint("lmg_rates")
    resources:
        mem_mb=lambda wc: 500 + int(wc.N) ** 2 // 400,
        runtime=lambda wc: 5 + int(wc.N) ** 2 // 100_000,
    shell: "{PY} -m permqs lmg_rates --out {output} --N {wildcards.N} --h 0 --Gamma {wildcards.Gamma} --J {wildcards.J} --gamma {wildcards.gamma}"


rule lmg_steady:
    output: "results/lmg/steady/" + LMG_PATH
    wildcard_constraints: solver="permqs|piqs"
    params: code=code_fingerprint("lmg_steady")
    resources:
        mem_mb=steady_memory_mb,
        runtime=lambda wc: 5 + int(wc.N) ** 3 // 500_000,
    shell: "{PY} -m permqs lmg_steady --out {output} --solver {wildcards.solver} --N {wildcards.N} --h {wildcards.h} --Gamma {wildcards.Gamma} --J {wildcards.J} --gamma {wildcards.gamma}"


rule lmg_observables:
    input: "results/lmg/steady/" + LMG_PATH
    output: "results/lmg/observables/" + LMG_PATH
    params: code=code_fingerprint("lmg_observables")
    shell: "{PY} -m permqs lmg_observables --out {output} --state {input}"


rule lmg_meanfield:
    output: "results/lmg/meanfield/J={J}/gamma={gamma}/h={h}.parquet"
    params:
        Gamma=lambda wc: " ".join(fmt(g) for g in theory_grid()),
        code=code_fingerprint("lmg_meanfield"),
    shell: "{PY} -m permqs lmg_meanfield --out {output} --h {wildcards.h} --J {wildcards.J} --gamma {wildcards.gamma} --Gamma {params.Gamma}"


rule paper000_aggregate:
    input:
        grid="results/paper000/{fig}/grid.parquet",
        points=lambda wc: [lmg_point(N, P0[wc.fig]["h"], G) for N in P0[wc.fig]["N"] for G in P0[wc.fig]["Gamma"]],
    output: "results/paper000/{fig}/finite_n.parquet"
    params: code=code_fingerprint("aggregate")
    shell: "{PY} -m permqs aggregate --out {output} --grid {input.grid} {input.points}"


rule paper000_mmi_figure:
    input:
        finite="results/paper000/{fig}/finite_n.parquet",
        limit=lambda wc: meanfield_curve(P0[wc.fig]["h"]),
    output: multiext("figures/paper000_{fig}", ".pdf", ".png")
    wildcard_constraints: fig="fig1a|fig1b"
    params: code=code_fingerprint("plot_paper000")
    shell: "{PY} -m permqs plot_paper000 --figure {wildcards.fig} --finite {input.finite} --limit {input.limit} --stem figures/paper000_{wildcards.fig}"


# Figs. S1 and S2 show the data of Fig. 1(b) ("parameters and notations as in Fig. 1(b)").
rule paper000_supplement_figure:
    input:
        finite="results/paper000/fig1b/finite_n.parquet",
        limit=lambda wc: meanfield_curve(P0["fig1b"]["h"]),
    output: multiext("figures/paper000_{fig}", ".pdf", ".png")
    wildcard_constraints: fig="figS1|figS2"
    params:
        inset=" ".join(fmt(x) for x in P0["figS1_inset_Gamma"]),
        code=code_fingerprint("plot_paper000"),
    shell: "{PY} -m permqs plot_paper000 --figure {wildcards.fig} --finite {input.finite} --limit {input.limit} --inset {params.inset} --stem figures/paper000_{wildcards.fig}"


rule lmg_ground_state:
    output: "results/lmg/ground_state/J={J}/N={N}.parquet"
    params:
        h=lambda wc: " ".join(fmt(P0["fig2"]["h"]["stop"] * i / (P0["fig2"]["h"]["num"] - 1))
                              for i in range(P0["fig2"]["h"]["num"])),
        code=code_fingerprint("lmg_ground_state"),
    shell: "{PY} -m permqs lmg_ground_state --out {output} --N {wildcards.N} --J {wildcards.J} --h {params.h}"


rule paper000_ground_state_figure:
    input: expand("results/lmg/ground_state/J={J}/N={N}.parquet", J=fmt(P0["fig2"]["J"]), N=P0["fig2"]["N"])
    output: multiext("figures/paper000_fig2", ".pdf", ".png")
    params:
        inset=fmt(P0["fig2"]["inset_h_max"]),
        code=code_fingerprint("plot_paper000"),
    shell: "{PY} -m permqs plot_paper000 --figure fig2 --finite {input} --inset {params.inset} --stem figures/paper000_fig2"


rule paper000_numbers:
    input:
        h0=meanfield_curve(0.0),
        h=meanfield_curve(P0["fig1b"]["h"]),
    output:
        rows="results/paper000/numbers.parquet",
        floquet="results/paper000/floquet.parquet",
    params:
        Gamma=" ".join(fmt(g) for g in P0["floquet_Gamma"]),
        code=code_fingerprint("paper000_numbers"),
    shell: "{PY} -m permqs paper000_numbers --curve-h0 {input.h0} --curve-h {input.h} --floquet-Gamma {params.Gamma} --out {output.rows} --floquet-out {output.floquet}"
