"""Workflow behaviour: minimal reruns after config and code changes, config errors before any job, the
HTML report, and the warm stage workers.

A copy of the workflow (workflow/Snakefile and the rest of workflow/, .test/) and of the library runs in a temporary folder on
the paper 000 part of the tiny configuration .test/config.yaml (so the run also shows that a config
without the other papers' sections runs paper 000 alone); dry runs after each change must list exactly
the dependent jobs.
"""
import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TEST_CONFIG = yaml.safe_load((ROOT / ".test" / "config.yaml").read_text())
TINY = {"paper000": TEST_CONFIG["paper000"]}
PAPER000_FIGURES = ["fig1a", "fig1b", "figS1", "figS2", "fig2"]


def snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(workdir / "src")}  # the copied library shadows the installed one
    proc = subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2", *args], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(proc.stdout + proc.stderr)
    return proc


def planned_jobs(workdir: Path) -> dict[str, int]:
    """Rule -> number of jobs of a dry run (from Snakemake's job-stats table)."""
    out = snakemake(workdir, "--dry-run").stdout
    if "Nothing to be done" in out:
        return {}
    table = out.split("Job stats:")[1].split("total")[0]
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\w+)\s+(\d+)\s*$", table, re.M)}


def write_config(workdir: Path, config: dict) -> None:
    (workdir / "config" / "config.yaml").write_text(yaml.safe_dump(config))


@pytest.fixture(scope="module")
def workflow_copy(tmp_path_factory):
    wd = tmp_path_factory.mktemp("wf")
    shutil.copytree(ROOT / "workflow", wd / "workflow", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / ".test", wd / ".test")
    shutil.copytree(ROOT / "src", wd / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (wd / "config").mkdir()
    write_config(wd, TINY)
    snakemake(wd)  # with workflow/profiles/default, which Snakemake picks up by itself
    for fig in PAPER000_FIGURES:
        assert (wd / "figures" / f"paper000_{fig}.png").stat().st_size > 0
    return wd


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))
    return text


def test_complete_run_leaves_nothing_to_do(workflow_copy):
    assert planned_jobs(workflow_copy) == {}


def test_stage_logs_name_the_command_and_the_cost(workflow_copy):
    """Every job's log starts with the command that reruns it by hand and ends with time and memory;
    the steady-state solver's log carries its iterations and residual, a curve's log the points done."""
    logs = workflow_copy / "logs"
    state = logs / "lmg/steady/solver=permqs/J=3/gamma=1/h=0.5/N=4/Gamma=2.log"
    text = state.read_text()
    assert "python -m permqs lmg_steady --out results/lmg/steady/solver=permqs/J=3/gamma=1/h=0.5/N=4/Gamma=2" in text
    assert re.search(r"iterations \d+, residual [0-9.e+-]+", text), text
    assert re.search(r"lmg_steady done in [0-9.]+ s \(imports [0-9.]+ s\), peak memory \d+ MB", text), text
    curve = (logs / "lmg/meanfield/J=3/gamma=1/h=0.5.log").read_text()  # progress along a curve
    assert "Γ points 7 of 7 done" in curve, curve
    n_logs = sum(1 for _ in logs.rglob("*.log"))
    n_done = sum("done in" in f.read_text() for f in logs.rglob("*.log"))
    assert n_done >= n_logs - 2  # all but the two report pages, which are written by the workflow itself


@pytest.mark.parametrize("key,value", [("N", 8), ("Gamma", 1.5)])
def test_adding_one_value_reruns_only_the_new_points(workflow_copy, key, value):
    """One more N (or Γ): its two points (2 Γ values or 2 N values) plus grid, aggregate and figure (and the
    provenance page, which records the configuration)."""
    config = copy.deepcopy(TINY)
    config["paper000"]["fig1a"][key].append(value)
    write_config(workflow_copy, config)
    try:
        assert planned_jobs(workflow_copy) == {"lmg_rates": 2, "lmg_observables": 2, "paper000_grid": 1,
                                               "paper000_aggregate": 1, "paper000_mmi_figure": 1,
                                               "provenance_page": 1, "all": 1}
    finally:
        write_config(workflow_copy, TINY)


@pytest.mark.parametrize("module,old,new,expected", [
    # a comment in the solver: nothing
    ("dicke/rate_equations.py", "\nimport time\n", "\n# a new comment\nimport time\n", {}),
    # plotting code: the figure only
    ("plotting/paper000.py", 'THEORY_COLOR = "tab:green"', 'THEORY_COLOR = "green"',
     {"paper000_mmi_figure": 2, "paper000_supplement_figure": 2, "paper000_ground_state_figure": 1, "all": 1}),
    # solver code (the population solve, which the one steady-state dispatch may call for any field): every
    # solve, the observables of the new states and what depends on them
    ("dicke/rate_equations.py", "_ND_LEAF = 64", "_ND_LEAF = 65",
     {"lmg_rates": 4, "lmg_steady": 2, "lmg_observables": 6, "paper000_aggregate": 2, "paper000_mmi_figure": 2,
      "paper000_supplement_figure": 2, "lmg_negativity": 2, "paper000_negativity_figure": 1, "all": 1}),
    # code of a module that no stage imports (the Snakefile's config checker): nothing
    ("configcheck.py", "lines = []", "lines: list[str] = []", {}),
    # a reproduction tolerance: the rows and the table, no mean-field curve, no solve
    ("reproduction/paper000.py", "0.15,", "0.2,",
     {"reproduction_rows": 1, "reproduction_table": 1, "reproduction_page": 1, "all": 1}),
    # how an observable is computed (an entropy formula): observables and what depends on them, no solver job
    ("dicke/observables.py", "herm = max(", "herm = 1.0 * max(",
     {"lmg_observables": 6, "paper000_aggregate": 2, "paper000_mmi_figure": 2, "paper000_supplement_figure": 2,
      "lmg_negativity": 2, "paper000_negativity_figure": 1, "all": 1}),
])
def test_code_changes_rerun_exactly_the_dependent_jobs(workflow_copy, module, old, new, expected):
    path = workflow_copy / "src" / "permqs" / module
    original = edit(path, old, new)
    try:
        assert planned_jobs(workflow_copy) == expected
    finally:
        path.write_text(original)


def test_bad_config_fails_before_any_job_with_the_key(workflow_copy):
    config = copy.deepcopy(TINY)
    config["paper000"]["fig1a"]["N"] = [1]
    write_config(workflow_copy, config)
    try:
        proc = snakemake(workflow_copy, "--dry-run", check=False)
    finally:
        write_config(workflow_copy, TINY)
    assert proc.returncode != 0
    assert "config key 'paper000.fig1a.N[0]'" in proc.stdout + proc.stderr
    assert "Job stats" not in proc.stdout


def test_tiny_config_plans_every_rule(workflow_copy):
    """The whole .test config (all four papers) plans every figure; used as the CI's dry run too."""
    proc = snakemake(workflow_copy, "--configfile", ".test/config.yaml", "--dry-run")
    for stem in ["paper000_fig1a", "paper000_fig2", "paper002_fig3", "paper003_fig3", "paper004_fig2",
                 "paper004_fig3", "paper004_fig4", "paper004_fig7", "paper004_fig8", "paper004_im_scaling"]:
        assert f"figures/{stem}.png" in proc.stdout
    assert re.search(r"^paper004_branches\s+3\s*$", proc.stdout, re.M)


def test_config_without_a_paper_section_runs_the_other_papers(workflow_copy):
    config = copy.deepcopy(TEST_CONFIG)
    del config["paper004"]
    write_config(workflow_copy, config)
    try:
        proc = snakemake(workflow_copy, "--dry-run", check=False)
    finally:
        write_config(workflow_copy, TINY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The mean-field rules of paper 004 are gone; its finite-N section (paper004_finite) is a section of its own.
    assert not re.search(r"^\s*paper004_(fig[234]|branches|summary|measurements)", proc.stdout, re.M)
    assert "paper002_fig3" in proc.stdout and "paper003_fig3" in proc.stdout and "paper004_fig5" in proc.stdout


@pytest.mark.parametrize("config,message", [
    ({"paper004": {k: v for k, v in TEST_CONFIG["paper004"].items() if k != "fig4"}},
     "config key 'paper004': 'fig4' is a required property"),
    ({"paper005": {}}, "none of the sections paper000, paper002"),
])
def test_incomplete_config_fails_before_any_job_naming_the_section(workflow_copy, config, message):
    write_config(workflow_copy, config)
    try:
        proc = snakemake(workflow_copy, "--dry-run", check=False)
    finally:
        write_config(workflow_copy, TINY)
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr
    assert "KeyError" not in proc.stdout + proc.stderr
    assert "Job stats" not in proc.stdout


def test_report_holds_every_figure_the_table_and_the_provenance(workflow_copy):
    report = workflow_copy / "report.html"
    snakemake(workflow_copy, "--report", str(report))
    text = report.read_text()
    for fig in PAPER000_FIGURES:
        assert f"paper000_{fig}.png" in text
    for caption in ["Fig. 1(a)", "Fig. 1(b)", "Fig. S1", "Fig. S2", "Fig. 2"]:
        assert caption in text
    assert "reproduction.html" in text and "provenance.html" in text
    # the pages themselves, as they are embedded
    table = (workflow_copy / "results/report/reproduction.html").read_text()
    assert "<table id='reproduction'>" in table and "<td>000</td><td>argmax Γ/γ of lim I_M/N" in table
    provenance = (workflow_copy / "results/report/provenance.html").read_text()
    assert "permqs git commit" in provenance and "numpy" in provenance and "fig1a" in provenance


def test_failing_stage_fails_its_job_with_the_traceback_in_its_log(workflow_copy):
    """A stage that raises inside a warm worker fails its job (nothing written) and leaves the traceback in
    the job's log; the next jobs still run."""
    target = "results/lmg/steady/solver=rates/J=3/gamma=1/h=0/N=4/Gamma=-1.parquet"  # Γ < 0: ValueError
    proc = snakemake(workflow_copy, target, check=False)
    assert proc.returncode != 0
    assert not (workflow_copy / target).exists()
    log = (workflow_copy / "logs/lmg/steady/solver=rates/J=3/gamma=1/h=0/N=4/Gamma=-1.log").read_text()
    assert "python -m permqs lmg_rates" in log and "Traceback" in log and "ValueError: need Gamma >= 0" in log
    assert "lmg_rates failed" in proc.stdout + proc.stderr
    assert planned_jobs(workflow_copy) == {}


def test_workflow_lint_is_clean():
    proc = subprocess.run([sys.executable, "-m", "snakemake", "--lint", "--configfile", ".test/config.yaml"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "Congratulations, your workflow is in a good condition!" in proc.stdout + proc.stderr, proc.stdout


def test_warm_workers_compute_what_a_fresh_process_computes(workflow_copy, tmp_path):
    """The pool's results equal those of `python -m permqs ...` in a new process: a solver point (the table)
    and a figure drawn by a worker that drew other figures before (the PNG, byte for byte)."""
    import pandas as pd

    env = {**os.environ, "PYTHONPATH": str(workflow_copy / "src")}
    state = "results/lmg/steady/solver=permqs/J=3/gamma=1/h=0.5/N=4/Gamma=2.parquet"
    fresh_state = tmp_path / "state.parquet"
    subprocess.run([sys.executable, "-m", "permqs", "lmg_steady", "--out", str(fresh_state), "--solver", "permqs",
                    "--N", "4", "--h", "0.5", "--Gamma", "2", "--J", "3", "--gamma", "1"],
                   cwd=workflow_copy, env=env, check=True, capture_output=True, timeout=120)
    pd.testing.assert_frame_equal(pd.read_parquet(workflow_copy / state), pd.read_parquet(fresh_state))

    stem = tmp_path / "fig1b"
    subprocess.run([sys.executable, "-m", "permqs", "plot_paper000", "--figure", "fig1b",
                    "--finite", "results/paper000/fig1b/finite_n.parquet",
                    "--limit", "results/lmg/meanfield/J=3/gamma=1/h=0.5.parquet", "--stem", str(stem)],
                   cwd=workflow_copy, env=env, check=True, capture_output=True, timeout=120)
    assert (workflow_copy / "figures/paper000_fig1b.png").read_bytes() == stem.with_suffix(".png").read_bytes()


@pytest.fixture(scope="module")
def qudit_workflow_copy(tmp_path_factory):
    """The paper004_finite part of the tiny config, run to the end in its own copy (Figs. 5-8, I_M/N scaling)."""
    wd = tmp_path_factory.mktemp("wf_qudit")
    shutil.copytree(ROOT / "workflow", wd / "workflow", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "src", wd / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (wd / "config").mkdir()
    write_config(wd, {"paper004_finite": TEST_CONFIG["paper004_finite"]})
    snakemake(wd)
    for stem in ["paper004_fig7", "paper004_fig8", "paper004_im_scaling"]:
        assert (wd / "figures" / f"{stem}.png").stat().st_size > 0
    return wd


# .test: fig78 at N = 3, d = 2 (spin) and d = 4 (spin, uniform), two γ_C chunks each: 6 state files; im_scaling:
# one d at one rate point: 1
QUDIT_INFO_JOBS = 7
QUDIT_DOWNSTREAM = {"paper004_fig7": 1, "paper004_fig8": 1, "paper004_im_scaling": 1, "paper004_information_numbers": 1,
                    "reproduction_rows": 1, "reproduction_table": 1, "reproduction_page": 1, "all": 1}


@pytest.mark.parametrize("module,old,new,expected", [
    # how the negativity is computed (paper 004 Eq. 17): the information of every state and what depends on it,
    # no steady-state solve (issue 13, item 7)
    ("information/bipartite.py", "    total = 0.0\n", "    total = 0.0 * 1.0\n",
     {"paper004_information": QUDIT_INFO_JOBS, **QUDIT_DOWNSTREAM}),
    # the steady-state solver: every solve, then the same post-processing (and the gap jobs of Figs. 5, 6)
    ("solvers/levels.py", "LEVEL_EXACT_MAX = 400", "LEVEL_EXACT_MAX = 401",
     {"paper004_steady_fig78": 6, "paper004_steady_scaling": 1, "paper004_information": QUDIT_INFO_JOBS,
      "paper004_finite_fig5_data": 2, "paper004_finite_fig6_data": 9, "paper004_fig5": 1, "paper004_fig6": 1,
      "paper004_finite_measurements": 1, **QUDIT_DOWNSTREAM, "reproduction_rows": 2}),
    # a Sec. V tolerance: the rows (the judging stage is one code unit: Sec. IV's rows too) and the table only
    ("reproduction/paper004_information.py", "BOUNDARY_TOL = 0.3", "BOUNDARY_TOL = 0.31",
     {"reproduction_rows": 2, "reproduction_table": 1, "reproduction_page": 1, "all": 1}),
])
def test_qudit_information_changes_rerun_no_solver(qudit_workflow_copy, module, old, new, expected):
    path = qudit_workflow_copy / "src" / "permqs" / module
    original = edit(path, old, new)
    try:
        assert planned_jobs(qudit_workflow_copy) == expected
    finally:
        path.write_text(original)


def test_fig6_cut_change_reruns_no_transition_point_job(qudit_workflow_copy):
    """One more γ_I on the cuts of Fig. 6(a): the three cut jobs (.test: d = 3, three N; d = 2 is in (b) only), the
    figure and the provenance page that lists it, but no job at the transition point and neither the Sec. IV fits
    nor their rows, which read only those."""
    changed = copy.deepcopy(TEST_CONFIG["paper004_finite"])
    changed["fig6"]["gamma_I"] = [1.0, 1.4, 1.8]
    write_config(qudit_workflow_copy, {"paper004_finite": changed})
    try:
        assert planned_jobs(qudit_workflow_copy) == {"paper004_finite_fig6_data": 3, "paper004_fig6": 1,
                                                     "provenance_page": 1, "all": 1}
    finally:
        write_config(qudit_workflow_copy, {"paper004_finite": TEST_CONFIG["paper004_finite"]})


def test_paper_config_gap_and_steady_jobs_ask_for_their_memory():
    """At paper resolution every paper 004 solver job asks Slurm for at least its engine's memory estimate (the
    1,000 MB default would kill the (9,4) and (18,3) jobs; d = 2 gaps: with the sparse LU their "auto" route may
    fall back to) and for more than the default 30 minutes where the work needs it."""
    from permqs.dicke.z2 import estimate_gaps_memory
    from permqs.models.qudit_lmg import QuditLMGParameters, qudit_lmg_model
    from permqs.qudit.solve import estimate_memory

    qubits = qudit_lmg_model(QuditLMGParameters(2, 1.0, 1.0, 1.0, "spin"))

    proc = subprocess.run([sys.executable, "-m", "snakemake", "--cores", "1", "--dry-run", "--configfile",
                           "config/paper.yaml"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    jobs = re.findall(r"rule (paper004_\w+):\n(?:    .*\n)*?    output: (\S+)\n(?:    .*\n)*?    resources: (.*)",
                      proc.stdout)
    seen = set()
    for rule, output, resources in jobs:
        if rule not in ("paper004_finite_fig5_data", "paper004_finite_fig6_data", "paper004_steady_fig78"):
            continue
        N, d = (int(re.search(rf"{k}=(\d+)", output)[1]) for k in ("N", "d"))
        mem_mb = int(re.search(r"mem_mb=(\d+)", resources)[1])
        gaps_on_jblocks = d == 2 and rule != "paper004_steady_fig78"
        need = estimate_gaps_memory(qubits, N, with_lu=True) if gaps_on_jblocks else estimate_memory(N, d)
        assert mem_mb * 2**20 >= need, (output, resources)
        seen.add((rule, N, d))
        if (rule, N, d) in {("paper004_finite_fig6_data", 18, 3), ("paper004_finite_fig5_data", 7, 4)}:
            assert int(re.search(r"runtime=(\d+)", resources)[1]) > 60, (output, resources)
    assert {("paper004_finite_fig6_data", 18, 3), ("paper004_finite_fig6_data", 9, 4), ("paper004_finite_fig6_data", 150, 2),
            ("paper004_finite_fig5_data", 7, 4), ("paper004_steady_fig78", 7, 4)} <= seen
