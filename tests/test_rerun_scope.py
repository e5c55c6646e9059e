"""Rerun scope (DESIGN "Data flow and caching"): a stage's code fingerprint is its import closure inside permqs,
so placement decides what a change reruns. Changing how an observable is computed (an entropy formula, a cumulant)
must rerun no solver job. These tests read the closures directly; tests/test_workflow.py proves the same on
Snakemake's dry-run job lists."""
import pytest

from permqs.fingerprint import import_closure

SOLVER_STAGES = ["lmg_steady", "lmg_rates", "paper004_steady"]
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


def test_qudit_information_stage_reads_states_and_solves_nothing_new():
    """Paper 004 Sec. V: the information stage depends on the information code and the state format (the qudit
    package); the solver stage does not depend on the information code (above), so changing it reruns no solve."""
    closure = set(import_closure("permqs.stages.paper004_information"))
    assert {"permqs.information.pi", "permqs.information.bipartite", "permqs.qudit.sectors"} <= closure
    assert "permqs.information.pi" not in import_closure("permqs.stages.paper004_steady")
