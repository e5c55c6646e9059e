# Shared by every rules file: configuration checks, path helpers, and how a rule runs a permqs stage.
import atexit
import html
import json
import math
import os
import platform
import shlex
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from datetime import datetime, timezone
from pathlib import Path

import yaml

from snakemake.logging import logger
from snakemake.utils import format as snakemake_format

from permqs.analysis.paper004_finite import critical_gamma_I
from permqs.configcheck import ConfigError, validate_config
from permqs.fingerprint import code_fingerprint
from permqs.paths import fmt

# ---------------------------------------------------------------------------------------------------
# Configuration: validated before any job runs (wrong type, out of range, unknown key: the key is named).
# A paper whose section is absent is left out (the Snakefile includes its rules only when present).
# ---------------------------------------------------------------------------------------------------
PAPERS = ("paper000", "paper002", "paper002_finite", "paper003", "paper004", "paper004_finite")
if not any(p in config for p in PAPERS):
    raise ConfigError(f"the configuration has none of the sections {', '.join(PAPERS)}; nothing to do")
validate_config(config, Path(workflow.basedir) / "schemas")

PY = sys.executable
FLOAT = r"-?[0-9.]+(e-?[0-9]+)?"
wildcard_constraints:
    N=r"[0-9]+",
    h=FLOAT, Gamma=FLOAT, J=FLOAT, gamma=FLOAT,

# Each rules file appends the figures it draws (FIGURES: path stem -> caption for the report), other
# final files (ALL_TARGETS) and its reproduction rows (paper numbers vs ours).
FIGURES = {}
ALL_TARGETS = []
REPRODUCTION_ROWS = []


# Memory of a cluster job, in MB, before the computation's own: the Snakemake wrapper runs two Python
# processes inside the allocation (~300 MB RSS measured under cgroup limits) and the stage's imports
# take ~200 MB more (numpy, scipy, pandas, pyarrow). Rules add their estimate of the solve on top.
JOB_BASE_MB = 600


def config_files():
    return ", ".join(os.path.relpath(f) for f in workflow.configfiles) or "none (--config only)"


def figure_png(stem, caption):
    """The PNG of a figure as a report item: captioned by workflow/report/<caption> (which paper figure,
    its parameters from the config), filed under its paper, labelled with the config files of the run."""
    paper = Path(stem).name.split("_")[0]
    return report(f"{stem}.png", caption=f"../report/{caption}", category=paper,
                  labels=lambda wc: {"figure": FIGURES[stem.format(**dict(wc.items()))],
                                     "file": f"{stem.format(**dict(wc.items()))}.png",
                                     "config": config_files()})


def figure_targets():
    return [f"{stem}.{ext}" for stem in FIGURES for ext in ("pdf", "png")]


def log_of(path):
    """The log file of the job writing ``path`` (a results/ pattern): the same place under logs/."""
    return f"logs/{Path(path).relative_to('results').with_suffix('.log')}"


# ---------------------------------------------------------------------------------------------------
# Running a stage. Most jobs are small (one (N, Γ) point each), so a fresh Python per job would cost
# more start-up (imports of numpy, scipy, pandas) than computation. Rules that run many small jobs use
# `run: stage("...")`: in a local run the stage runs in a pool of warm worker processes (one per core,
# started once per snakemake run); elsewhere (cluster jobs, --force-use-threads off) as its own process,
# exactly `python -m permqs ...`. Either way its output goes to the rule's log, and the log starts with
# the equivalent command line, to rerun a job by hand.
# ---------------------------------------------------------------------------------------------------
_POOL = None


def _pool():
    global _POOL
    if _POOL is None:
        workers = max(1, int(workflow.resource_settings.cores or 1))
        # spawn: never fork snakemake's threaded main process.
        _POOL = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
        atexit.register(_POOL.shutdown, wait=False, cancel_futures=True)
    return _POOL


def _warm_workers():
    """Warm workers only where the stage runs inside this (main, local) snakemake process: the local
    profile sets force-use-threads, without which Snakemake runs every `run:` job in a fresh process."""
    return workflow.is_main_process and workflow.local_exec and workflow.use_threads


def stage(command, threads=1):
    """Run ``python -m permqs <command>`` for the calling `run:` block; ``command`` is formatted like a
    `shell:` command ({output}, {wildcards.N}, {params.x}, ...), and its output goes to the block's log."""
    global _POOL
    command = snakemake_format(command, stepout=2)
    job = sys._getframe(1).f_locals  # the run: block's arguments
    log_path = str(job["log"])
    argv = shlex.split(command)
    # One line per job on the console (`make figures` runs with --quiet rules): what runs, and where its
    # progress goes; Snakemake's "n of m steps done" lines say how far the run is.
    what = ", ".join(f"{k}={v}" for k, v in job["wildcards"].items())
    logger.info(f"{datetime.now():%H:%M:%S} {job['rule']}{f' ({what})' if what else ''} -> {log_path}")
    if _warm_workers():
        from permqs.cli import run_logged
        try:
            _pool().submit(run_logged, argv, log_path, threads).result()
        except BrokenProcessPool:
            # a worker died (killed, out of memory): the next job gets a fresh pool, this one fails
            _POOL = None
            raise RuntimeError(f"the worker running `permqs {command}` died; see {log_path}")
    else:
        with open(log_path, "w") as out:
            from permqs.cli import THREAD_VARIABLES
            env = {**os.environ, **{v: str(threads) for v in THREAD_VARIABLES}}
            subprocess.run([PY, "-m", "permqs", *argv], stdout=out, stderr=subprocess.STDOUT, env=env, check=True)


# ---------------------------------------------------------------------------------------------------
# Paths of the papers' cached results (each takes its config section, so nothing here needs a section
# that the config leaves out).
# ---------------------------------------------------------------------------------------------------
LMG_PATH = "solver={solver}/J={J}/gamma={gamma}/h={h}/N={N}/Gamma={Gamma}.parquet"


def lmg_point(p0, N, h, Gamma, kind="observables"):
    """Paper 000: the file of one finite-N point; h = 0 is solved by the rate equations."""
    solver = "rates" if float(h) == 0 else p0["solver"]
    path = LMG_PATH.format(solver=solver, J=fmt(p0["J"]), gamma=fmt(p0["gamma"]), h=fmt(h), N=N, Gamma=fmt(Gamma))
    return f"results/lmg/{kind}/{path}"


def meanfield_curve(p0, h):
    """Paper 000: the N → ∞ curve at field h along the theory Γ grid."""
    return f"results/lmg/meanfield/J={fmt(p0['J'])}/gamma={fmt(p0['gamma'])}/h={fmt(h)}.parquet"


def theory_grid(p0):
    g = p0["theory_Gamma"]
    return [g["start"] + (g["stop"] - g["start"]) * i / (g["num"] - 1) for i in range(g["num"])]


def steady_memory_mb(p0, wc):
    """Paper 000: memory of a J-block steady-state job, MB (the solver's own estimate on top of the base)."""
    from permqs.dicke import estimate_memory
    from permqs.models.lmg import LMGParameters, lmg_model

    model = lmg_model(LMGParameters(J=float(wc.J), h=float(wc.h), Gamma=float(wc.Gamma), gamma=float(wc.gamma)))
    return JOB_BASE_MB + estimate_memory(model, int(wc.N)) // 2**20


def paper002_trajectory(p2, omega_zz):
    wxx, wx, periods = fmt(p2["omega_xx"]), fmt(p2["omega_x_over_kappa"]), p2["periods"]
    wz = ",".join(fmt(w) for w in p2["omega_z"])
    return f"results/paper002/fig3/wxx={wxx}/wz={wz}/wx={wx}/periods={periods}/wzz={fmt(omega_zz)}.parquet"


def p4_dissipators(d):
    """Paper 004 dissipators with jobs of their own at d levels: L_≡ equals L_spin for d = 2, 3 (Sec. II), so
    "uniform" starts at d = 4."""
    return ("spin", "uniform") if int(d) >= 4 else ("spin",)


def p4_cases(p4):
    """Paper 004: (d, dissipator) pairs of Fig. 4."""
    return [(d, dis) for d in p4["fig4"]["d"] for dis in p4_dissipators(d)]


def p4_files(p4, kind):
    return [f"results/paper004/{kind}/d={d}/dissipator={dis}.parquet" for d, dis in p4_cases(p4)]


# ---------------------------------------------------------------------------------------------------
# Report pages beside the figures: the reproduction table and the provenance of the run.
# ---------------------------------------------------------------------------------------------------
REPORT_PACKAGES = ["permqs", "numpy", "scipy", "pandas", "pyarrow", "matplotlib", "qutip", "snakemake",
                   "snakemake-executor-plugin-slurm", "jsonschema", "threadpoolctl", "psutil"]
PAGE_STYLE = ("body{font-family:sans-serif;margin:1em} table{border-collapse:collapse;font-size:14px} "
              "td,th{border:1px solid #bbb;padding:3px 8px;text-align:left} th{background:#eee} "
              "tr.bad td{background:#fdd} pre{background:#f6f6f6;padding:8px;font-size:13px}")


def git_commit():
    """The source tree's commit, marked dirty when tracked files differ from it (a parameter of the
    provenance page, so a new commit rewrites it)."""
    root = workflow.basedir
    try:
        commit = subprocess.run(["git", "-C", root, "rev-parse", "HEAD"], capture_output=True, text=True,
                                check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return f"{commit}+dirty" if dirty else commit


def html_page(title, body):
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{PAGE_STYLE}</style></head><body>\n<h2>{title}</h2>\n{body}\n</body></html>\n")


def write_reproduction_page(csv_path, out_path):
    import pandas as pd

    table = pd.read_csv(csv_path, dtype={"paper": str})  # "000", not 0
    rows = "\n".join(
        f"<tr class='{'ok' if r.agrees else 'bad'}'><td>{html.escape(str(r.paper))}</td>"
        f"<td>{html.escape(str(r.quantity))}</td><td>{r.paper_value:g}</td><td>{r.ours:.6g}</td>"
        f"<td>{r.tolerance:g}</td><td>{'yes' if r.agrees else 'NO'}</td><td>{html.escape(str(r.source))}</td></tr>"
        for r in table.itertuples())
    body = (f"<p>{int(table['agrees'].sum())} of {len(table)} numbers stated in the papers agree with ours within "
            "the stated tolerance.</p>\n<table id='reproduction'><tr><th>paper</th><th>quantity</th>"
            "<th>paper value</th><th>ours</th><th>tolerance</th><th>agrees</th><th>source</th></tr>\n"
            f"{rows}\n</table>")
    Path(out_path).write_text(html_page("Reproduction table", body))


def write_provenance_page(out_path, commit, configfiles):
    from importlib.metadata import PackageNotFoundError, version

    def installed(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    rows = [("permqs git commit", commit), ("config files", configfiles),
            ("written", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
            ("Python", f"{platform.python_version()} ({sys.executable})"), ("platform", platform.platform())]
    rows += [(name, installed(name)) for name in REPORT_PACKAGES]
    cells = "\n".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    config_text = yaml.safe_dump(dict(config), sort_keys=False, allow_unicode=True)
    body = (f"<table id='provenance'>\n{cells}\n</table>\n<h3>Configuration of the run</h3>\n"
            f"<pre id='config'>{html.escape(config_text)}</pre>")
    Path(out_path).write_text(html_page("Provenance", body))


# ---------------------------------------------------------------------------------------------------
# Paper 002 at finite N (rules/paper002_finite.smk): the command-line arguments of each figure table.

def _joined(values):
    return " ".join(str(v) for v in values)


def _p2f_fig1(pf):
    return (f"--N {_joined(pf['fig1']['N'])} --ratio {pf['fig1']['ratio']} " f"--starts {_joined(x for s in pf['fig1']['starts'] for x in s)} " f"--t-max {pf['fig1']['t_max']} --n-t {pf['fig1']['n_t']}")

def _p2f_fig2(pf):
    return (f"--ratio {pf['fig2']['ratio']} --N-dyn {_joined(pf['fig2']['N_dyn'])} " f"--t-max {pf['fig2']['t_max']} --n-t {pf['fig2']['n_t']} --N-ness {_joined(pf['fig2']['N_ness'])} " f"--ratios {pf['fig2']['ratios']['start']} {pf['fig2']['ratios']['stop']} {pf['fig2']['ratios']['num']} " f"--N-diagram {_joined(pf['fig2']['N_diagram'])}")

def _p2f_fig3c(pf):
    ness = f"--N-ness {_joined(pf['fig3c']['N_ness'])}" if pf["fig3c"].get("N_ness") else ""
    return (f"--N {_joined(pf['fig3c']['N'])} --t-max {pf['fig3c']['t_max']} --n-t {pf['fig3c']['n_t']} "
            f"--window {_joined(pf['fig3c']['window'])} {ness}").rstrip()

def _p2f_fig4(pf):
    return (f"--N {_joined(pf['fig4']['N'])} --boson-dim {pf['fig4']['boson_dim']} " f"--N-dyn {pf['fig4']['N_dyn']} --x0 {pf['fig4']['x0']} --periods {pf['fig4']['periods']}")

def _p2f_figS2(pf):
    return (f"--omega-x {pf['figS2']['omega_x']} --N {_joined(pf['figS2']['N'])} " f"--kappa {_joined(pf['figS2']['kappa'])} --N-dyn {_joined(pf['figS2']['N_dyn'])} " f"--kappa-dyn {pf['figS2']['kappa_dyn']} --N-fixed {pf['figS2']['N_fixed']} " f"--kappa-fixed {_joined(pf['figS2']['kappa_fixed'])} --theta {pf['figS2']['theta']} " f"--t-max {pf['figS2']['t_max']} --n-t {pf['figS2']['n_t']}")



def paper002_finite_args(pf, fig):
    return {"fig1": _p2f_fig1, "fig2": _p2f_fig2, "fig3c": _p2f_fig3c, "fig4": _p2f_fig4, "figS2": _p2f_figS2}[fig](pf)


# ---------------------------------------------------------------------------------------------------
# Paper 004 at finite N (rules/paper004_finite.smk): grids and files. L_≡ = L_spin for d <= 3.

def p4f_grid(g):
    """start, stop, num -> the grid values, formatted (endpoints included)."""
    n = g["num"]
    return " ".join(fmt(g["start"] + i * (g["stop"] - g["start"]) / max(n - 1, 1)) for i in range(n))


def p4f_mem_mb(N, d, gaps=True):
    """Paper 004 gap (``gaps``) and steady-state jobs: the engine's own estimate of one (N, d) solve on top of the
    base (qudit engine, measured peaks of gap jobs: 3.0 GB for the four sectors of (6, 5) against 5.2 GB estimated;
    0.6 against 0.9 GB at (12, 3)); for the d = 2 gaps (J-block route) its estimate including the sparse LU that
    "auto" may fall back to (N = 150: 5.0 GB measured in the Hamiltonian-dominated corner, 7.0 GB estimated)."""
    if gaps and int(d) == 2:
        from permqs.dicke.z2 import estimate_gaps_memory
        from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model

        model = qudit_lmg_model(QuditLMGParameters(2, 1.0, 1.0, 1.0, "spin"))  # every term present
        return JOB_BASE_MB + estimate_gaps_memory(model, int(N), with_lu=True) // 2**20
    from permqs.qudit.solve import estimate_memory

    return JOB_BASE_MB + estimate_memory(int(N), int(d)) // 2**20


def p4f_gap_runtime(N, d, points):
    """Minutes for ``points`` rate points of four sector gaps: 3 ms per sector unknown and gap, about twice the
    slowest sector measured at the Fig. 6(b) point with imag_range 4 on a busy 2-core machine (84 s at 32k
    unknowns, 218 s at 148k)."""
    from permqs.qudit import pi_dimension

    return 10 + math.ceil(points * 4 * 3e-3 * pi_dimension(int(N), int(d)) / 4 / 60)


def p4f_gamma_C_chunks(section):
    """The γ_C grid of a Fig. 5 or Figs. 7-8 section in chunks of gamma_C_per_job values (one solver job each)."""
    values = p4f_grid(section["gamma_C"]).split()
    k = section["gamma_C_per_job"]
    return [" ".join(values[i:i + k]) for i in range(0, len(values), k)]


def p4f_fig5_files(p4f):
    return [f"results/paper004_finite/fig5/N={r['N']}/d={r['d']}/dissipator={dis}/part={part}.parquet"
            for r in p4f["fig5"]["rows"] for dis in p4_dissipators(r["d"])
            for part in range(len(p4f_gamma_C_chunks(p4f["fig5"])))]


def p4f_fig6_transition(p4f):
    """γ_I/|V| of Fig. 6(b): the mean-field transition 2|V| − γ_C (V = 1), which has jobs of its own."""
    return critical_gamma_I(p4f["fig6"]["gamma_C"])


def p4f_fig6_cut(p4f):
    """γ_I/|V| of the Fig. 6(a) cut jobs: the configured list without the transition point."""
    return [g for g in p4f["fig6"]["gamma_I"] if not math.isclose(g, p4f_fig6_transition(p4f))]


def p4f_fig6_files(p4f, kind):
    """One table per (d, dissipator, N): kind "transition" (panel (b), the Sec. IV fits) or "cut" (panel (a), which
    shows d >= 3 as the paper's does; d = 2 is in (b) only)."""
    if kind == "cut" and not p4f_fig6_cut(p4f):
        return []
    return [f"results/paper004_finite/fig6_{kind}/d={c['d']}/dissipator={dis}/N={N}.parquet"
            for c in p4f["fig6"]["cases"] if kind == "transition" or c["d"] >= 3
            for dis in p4_dissipators(c["d"]) for N in c["N"]]


# Paper 004 Sec. V (rules/paper004_information.smk): Figs. 7, 8 and the I_M/N scaling.

def p4i_fig78_files(p4f, kind):
    return [f"results/paper004_finite/{kind}/fig78/N={c['N']}/d={d}/dissipator={dis}/part={part}.parquet"
            for c in p4f["fig78"]["cases"] for d in c["d"] for dis in p4_dissipators(d)
            for part in range(len(p4f_gamma_C_chunks(p4f["fig78"])))]


def p4i_scaling_files(p4f, kind):
    s = p4f["im_scaling"]
    return [f"results/paper004_finite/{kind}/scaling/d={c['d']}/dissipator={s['dissipator']}/"
            f"gamma_I={fmt(gI)}/gamma_C={fmt(gC)}.parquet" for c in s["cases"] for gI, gC in s["points"]]


def p4i_meanfield_files(p4f):
    s = p4f["im_scaling"]
    return [f"results/paper004_finite/meanfield_im/d={c['d']}/dissipator={s['dissipator']}.parquet"
            for c in s["cases"]]


def p4i_scaling_N(p4f, d):
    return " ".join(str(n) for c in p4f["im_scaling"]["cases"] if c["d"] == int(d) for n in c["N"])



# ---------------------------------------------------------------------------------------------------
# Half-half negativity next to paper 000 Fig. 1(b) (rules/paper000_negativity.smk).

def negativity_points(p0, n_max):
    fig = p0["fig1b"]
    return [lmg_point(p0, N, fig["h"], G, kind="negativity") for N in fig["N"] if N <= n_max for G in fig["Gamma"]]
