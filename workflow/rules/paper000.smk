# Paper 000 (Ptaszynski, Chudak, Esposito): driven-dissipative LMG model, Eqs. 14-15.
# grid -> finite-N steady state (one job per point) -> observables -> aggregate -> figure;
# mean field (N -> infinity) is one job per curve.
P0 = config["paper000"]


def lmg_point(N, h, Gamma, kind="observables"):
    solver = "rates" if float(h) == 0 else P0["solver"]
    return (f"results/lmg/{kind}/solver={solver}/J={fmt(P0['J'])}/gamma={fmt(P0['gamma'])}"
            f"/h={fmt(h)}/N={N}/Gamma={fmt(Gamma)}.parquet")


def theory_grid():
    g = P0["theory_Gamma"]
    return [g["start"] + (g["stop"] - g["start"]) * i / (g["num"] - 1) for i in range(g["num"])]


ALL_TARGETS.extend(expand("figures/paper000_{fig}.{ext}", fig=["fig1a"], ext=["pdf", "png"]))


rule paper000_grid:
    output: "results/paper000/{fig}/grid.parquet"
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


rule lmg_observables:
    input: "results/lmg/steady/solver={solver}/J={J}/gamma={gamma}/h={h}/N={N}/Gamma={Gamma}.parquet"
    output: "results/lmg/observables/solver={solver}/J={J}/gamma={gamma}/h={h}/N={N}/Gamma={Gamma}.parquet"
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
        limit=lambda wc: f"results/lmg/meanfield/J={fmt(P0['J'])}/gamma={fmt(P0['gamma'])}/h={fmt(P0[wc.fig]['h'])}.parquet",
    output: multiext("figures/paper000_{fig}", ".pdf", ".png")
    wildcard_constraints: fig="fig1a|fig1b"
    params: code=code_fingerprint("plot_paper000")
    shell: "{PY} -m permqs plot_paper000 --figure {wildcards.fig} --finite {input.finite} --limit {input.limit} --stem figures/paper000_{wildcards.fig}"
