# Paper 002 (Souza, Prazeres, Iemini): two coupled collective spins in the thermodynamic limit, Fig. 3(a, b).
# One mean-field job per panel (omega_zz) -> reproduction rows and the figure. Conventions: docs/conventions-002-003.md.
P2 = config["paper002"]


def paper002_trajectory(omega_zz):
    return (f"results/paper002/fig3/wxx={fmt(P2['omega_xx'])}/wz={fmt(P2['omega_z'][0])},{fmt(P2['omega_z'][1])}"
            f"/wx={fmt(P2['omega_x_over_kappa'])}/periods={P2['periods']}/wzz={fmt(omega_zz)}.parquet")


PAPER002_TRAJECTORIES = [paper002_trajectory(w) for w in P2["omega_zz"]]
REPRODUCTION_ROWS.append("results/reproduction/paper002.parquet")
ALL_TARGETS.extend(expand("figures/paper002_fig3.{ext}", ext=["pdf", "png"]))


rule paper002_trajectory:
    output: "results/paper002/fig3/wxx={wxx}/wz={wz1},{wz2}/wx={wx}/periods={periods}/wzz={wzz}.parquet"
    params: code=code_fingerprint("paper002")
    shell: "{PY} -m permqs paper002 trajectory --out {output} --omega-zz {wildcards.wzz} --omega-xx {wildcards.wxx} --omega-z {wildcards.wz1} {wildcards.wz2} --omega-x-over-kappa {wildcards.wx} --periods {wildcards.periods}"


rule paper002_numbers:
    input: PAPER002_TRAJECTORIES
    output: "results/paper002/numbers.parquet"
    params: code=code_fingerprint("paper002")
    shell: "{PY} -m permqs paper002 numbers --out {output} --trajectories {input}"


rule paper002_fig3:
    input: PAPER002_TRAJECTORIES
    output: multiext("figures/paper002_fig3", ".pdf", ".png")
    params: code=code_fingerprint("plot_paper002")
    shell: "{PY} -m permqs plot_paper002 --trajectories {input} --stem figures/paper002_fig3"
