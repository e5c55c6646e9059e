# Paper 002 (Souza, Prazeres, Iemini) at finite N: Figs. 1, 2, 3(c) + S1, 4, S2 (permqs.collective, J = N/2).
# One job per figure table (the config values travel as params, so a changed value reruns its job), one plot job
# per figure, and the reproduction rows. Choices the text leaves open are config values, written into each table.
PF = config["paper002_finite"]


def _args(values):
    return " ".join(str(v) for v in values)


PF_FIG3C = {w: (f"results/paper002_finite/fig3c/wzz={fmt(w)}.parquet",
                f"results/paper002_finite/figS1/wzz={fmt(w)}.parquet") for w in PF["fig3c"]["omega_zz"]}


def _fig1_args(wildcards):
    return (f"--N {_args(PF['fig1']['N'])} --ratio {PF['fig1']['ratio']} " f"--starts {_args(x for s in PF['fig1']['starts'] for x in s)} " f"--t-max {PF['fig1']['t_max']} --n-t {PF['fig1']['n_t']}")

def _fig2_args(wildcards):
    return (f"--ratio {PF['fig2']['ratio']} --N-dyn {_args(PF['fig2']['N_dyn'])} " f"--t-max {PF['fig2']['t_max']} --n-t {PF['fig2']['n_t']} --N-ness {_args(PF['fig2']['N_ness'])} " f"--ratios {PF['fig2']['ratios']['start']} {PF['fig2']['ratios']['stop']} {PF['fig2']['ratios']['num']} " f"--N-diagram {_args(PF['fig2']['N_diagram'])}")

def _fig3c_args(wildcards):
    return (f"--N {_args(PF['fig3c']['N'])} --t-max {PF['fig3c']['t_max']} --n-t {PF['fig3c']['n_t']} " f"--window {_args(PF['fig3c']['window'])}")

def _fig4_args(wildcards):
    return (f"--N {_args(PF['fig4']['N'])} --boson-dim {PF['fig4']['boson_dim']} " f"--N-dyn {PF['fig4']['N_dyn']} --x0 {PF['fig4']['x0']} --periods {PF['fig4']['periods']}")

def _figS2_args(wildcards):
    return (f"--omega-x {PF['figS2']['omega_x']} --N {_args(PF['figS2']['N'])} " f"--kappa {_args(PF['figS2']['kappa'])} --N-dyn {_args(PF['figS2']['N_dyn'])} " f"--kappa-dyn {PF['figS2']['kappa_dyn']} --N-fixed {PF['figS2']['N_fixed']} " f"--kappa-fixed {_args(PF['figS2']['kappa_fixed'])} --theta {PF['figS2']['theta']} " f"--t-max {PF['figS2']['t_max']} --n-t {PF['figS2']['n_t']}")


REPRODUCTION_ROWS.append("results/reproduction/paper002_finite.parquet")
for _fig, _name in (("fig1", "Fig. 1"), ("fig2", "Fig. 2"), ("fig3c", "Fig. 3(c) and S1"), ("fig4", "Fig. 4"),
                    ("figS2", "Fig. S2")):
    FIGURES[f"figures/paper002_{_fig}"] = _name

localrules: paper002_finite_numbers, paper002_finite_plot, paper002_finite_plot_fig3c


rule paper002_finite_fig1:
    output: "results/paper002_finite/fig1.parquet"
    params:
        code=code_fingerprint("paper002_finite"),
        args=_fig1_args,
    log: "logs/paper002_finite/fig1.log"
    run: stage("paper002_finite fig1 --out {output} {params.args}")


rule paper002_finite_fig2:
    output: "results/paper002_finite/fig2.parquet"
    params:
        code=code_fingerprint("paper002_finite"),
        args=_fig2_args,
    log: "logs/paper002_finite/fig2.log"
    run: stage("paper002_finite fig2 --out {output} {params.args}")


rule paper002_finite_fig3c:
    output:
        ness="results/paper002_finite/fig3c/wzz={wzz}.parquet",
        dynamics="results/paper002_finite/figS1/wzz={wzz}.parquet",
    params:
        code=code_fingerprint("paper002_finite"),
        args=_fig3c_args,
    log: "logs/paper002_finite/fig3c_wzz={wzz}.log"
    run: stage("paper002_finite fig3c --out {output.ness} --out-dynamics {output.dynamics} --omega-zz {wildcards.wzz} {params.args}")


rule paper002_finite_fig4:
    output: "results/paper002_finite/fig4.parquet"
    params:
        code=code_fingerprint("paper002_finite"),
        args=_fig4_args,
    log: "logs/paper002_finite/fig4.log"
    run: stage("paper002_finite fig4 --out {output} {params.args}")


rule paper002_finite_figS2:
    output: "results/paper002_finite/figS2.parquet"
    params:
        code=code_fingerprint("paper002_finite"),
        args=_figS2_args,
    log: "logs/paper002_finite/figS2.log"
    run: stage("paper002_finite figS2 --out {output} {params.args}")


rule paper002_finite_numbers:
    input:
        fig2="results/paper002_finite/fig2.parquet",
        fig3c=[v[0] for v in PF_FIG3C.values()],
        fig4="results/paper002_finite/fig4.parquet",
        figS2="results/paper002_finite/figS2.parquet",
    output: "results/reproduction/paper002_finite.parquet"
    params: code=code_fingerprint("paper002_finite_numbers")
    log: "logs/paper002_finite/numbers.log"
    run: stage("paper002_finite_numbers --out {output} --fig2 {input.fig2} --fig3c {input.fig3c} --fig4 {input.fig4} --figS2 {input.figS2}")


rule paper002_finite_plot:
    input: "results/paper002_finite/{fig}.parquet"
    output:
        pdf="figures/paper002_{fig}.pdf",
        png=figure_png("figures/paper002_{fig}", "paper002_finite.rst"),
    wildcard_constraints: fig="fig1|fig2|fig4|figS2"
    params: code=code_fingerprint("plot_paper002_finite")
    log: "logs/paper002_finite/plot_{fig}.log"
    run: stage("plot_paper002_finite {wildcards.fig} --table {input} --stem figures/paper002_{wildcards.fig}")


rule paper002_finite_plot_fig3c:
    input:
        ness=[v[0] for v in PF_FIG3C.values()],
        dynamics=[v[1] for v in PF_FIG3C.values()],
    output:
        pdf="figures/paper002_fig3c.pdf",
        png=figure_png("figures/paper002_fig3c", "paper002_finite.rst"),
    params: code=code_fingerprint("plot_paper002_finite")
    log: "logs/paper002_finite/plot_fig3c.log"
    run: stage("plot_paper002_finite fig3c --table {input.ness} --dynamics {input.dynamics} --stem figures/paper002_fig3c")
