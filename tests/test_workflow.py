"""Workflow behaviour: minimal reruns after config and code changes, config errors before any job.

A copy of the workflow (Snakefile, paper 000 rules, schemas) and of the library runs in a temporary
folder on a tiny configuration; dry runs after each change must list exactly the dependent jobs.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

TINY = {
    "paper000": {
        "J": 3.0, "gamma": 1.0, "solver": "permqs",
        "theory_Gamma": {"start": 0.0, "stop": 3.0, "num": 3},
        "fig1a": {"h": 0.0, "N": [4, 6], "Gamma": [0.5, 2.0]},
        "fig1b": {"h": 0.5, "N": [4], "Gamma": [0.5, 2.0]},
        "floquet_Gamma": [2.0],
        "figS1_inset_Gamma": [1.0, 3.0],
        "fig2": {"J": -1.0, "N": [4, 6], "h": {"stop": 1.0, "num": 3}, "inset_h_max": 0.5},
    }
}


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
    shutil.copy(ROOT / "Snakefile", wd)
    shutil.copytree(ROOT / "workflow" / "schemas", wd / "workflow" / "schemas")
    (wd / "workflow" / "rules").mkdir()
    shutil.copy(ROOT / "workflow" / "rules" / "paper000.smk", wd / "workflow" / "rules")
    shutil.copytree(ROOT / "src", wd / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (wd / "config").mkdir()
    write_config(wd, TINY)
    snakemake(wd)
    assert (wd / "figures" / "paper000_fig1a.png").stat().st_size > 0
    return wd


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))
    return text


def test_complete_run_leaves_nothing_to_do(workflow_copy):
    assert planned_jobs(workflow_copy) == {}


@pytest.mark.parametrize("key,value", [("N", 8), ("Gamma", 1.5)])
def test_adding_one_value_reruns_only_the_new_points(workflow_copy, key, value):
    """One more N (or Γ): its two points (2 Γ values or 2 N values) plus grid, aggregate and figure."""
    config = yaml.safe_load(yaml.safe_dump(TINY))
    config["paper000"]["fig1a"][key].append(value)
    write_config(workflow_copy, config)
    try:
        assert planned_jobs(workflow_copy) == {"lmg_rates": 2, "lmg_observables": 2, "paper000_grid": 1,
                                               "paper000_aggregate": 1, "paper000_mmi_figure": 1, "all": 1}
    finally:
        write_config(workflow_copy, TINY)


@pytest.mark.parametrize("module,old,new,expected", [
    # a comment in the solver: nothing
    ("dicke/rate_equations.py", "\nimport time\n", "\n# a new comment\nimport time\n", {}),
    # plotting code: the figure only
    ("plotting/paper000.py", 'THEORY_COLOR = "tab:green"', 'THEORY_COLOR = "green"',
     {"paper000_mmi_figure": 2, "paper000_supplement_figure": 2, "paper000_ground_state_figure": 1, "all": 1}),
    # solver code: solves, the observables that import the state class, and what depends on them
    # (the observables stage reads h = 0 states with the rate-equation module, so all observables rerun)
    ("dicke/rate_equations.py", "_ND_LEAF = 64", "_ND_LEAF = 65",
     {"lmg_rates": 4, "lmg_observables": 6, "paper000_aggregate": 2, "paper000_mmi_figure": 2,
      "paper000_supplement_figure": 2, "all": 1}),
    # code of a module that no stage imports (the Snakefile's config checker): nothing
    ("configcheck.py", "lines = []", "lines: list[str] = []", {}),
    # a reproduction tolerance: the rows and the table, no mean-field curve, no solve
    ("reproduction/paper000.py", "0.15,", "0.2,", {"reproduction_rows": 1, "reproduction_table": 1, "all": 1}),
    # how an observable is computed (an entropy formula): observables and what depends on them, no solver job
    ("dicke/observables.py", "herm = max(", "herm = 1.0 * max(",
     {"lmg_observables": 6, "paper000_aggregate": 2, "paper000_mmi_figure": 2, "paper000_supplement_figure": 2,
      "all": 1}),
])
def test_code_changes_rerun_exactly_the_dependent_jobs(workflow_copy, module, old, new, expected):
    path = workflow_copy / "src" / "permqs" / module
    original = edit(path, old, new)
    try:
        assert planned_jobs(workflow_copy) == expected
    finally:
        path.write_text(original)


def test_bad_config_fails_before_any_job_with_the_key(workflow_copy):
    config = yaml.safe_load(yaml.safe_dump(TINY))
    config["paper000"]["fig1a"]["N"] = [1]
    write_config(workflow_copy, config)
    try:
        proc = snakemake(workflow_copy, "--dry-run", check=False)
    finally:
        write_config(workflow_copy, TINY)
    assert proc.returncode != 0
    assert "config key 'paper000.fig1a.N[0]'" in proc.stdout + proc.stderr
    assert "Job stats" not in proc.stdout
