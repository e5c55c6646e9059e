"""Rerun scope (DESIGN "Data flow and caching"): a stage's code fingerprint is its import closure inside permqs,
so placement decides what a change reruns. Changing how an observable is computed (an entropy formula, a cumulant)
must rerun no solver job. These tests read the closures directly; tests/test_workflow.py proves the same on
Snakemake's dry-run job lists."""
import pytest

from permqs.fingerprint import import_closure

SOLVER_STAGES = ["lmg_steady", "lmg_rates"]
OBSERVABLE_MODULES = ("permqs.dicke.observables", "permqs.information")


@pytest.mark.parametrize("stage", SOLVER_STAGES)
def test_solver_stages_do_not_depend_on_observables(stage):
    closure = import_closure(f"permqs.stages.{stage}")
    leaked = [m for m in closure if m.startswith(OBSERVABLE_MODULES)]
    assert not leaked, f"{stage} reruns when these change: {leaked}"


def test_solver_stage_depends_on_the_solver_and_the_state_serialization():
    closure = import_closure("permqs.stages.lmg_steady")
    assert {"permqs.solvers.steady", "permqs.solvers.graded", "permqs.dicke.state"} <= set(closure)


def test_observables_stage_depends_on_the_state_format_not_on_the_solver():
    closure = import_closure("permqs.stages.lmg_observables")
    assert "permqs.dicke.state" in closure
    assert not [m for m in closure if m.startswith("permqs.solvers")]
