"""Every rule's own example cases (`cases:` in the rules files) run through the engine."""

from __future__ import annotations

from typing import Any

import pytest

import ekbom
from ekbom.engine.assessment import Assessment
from ekbom.knowledge.models import Case, Rule

KB = ekbom.load_knowledge()
BASE = {"age": 45, "sex": "female"}
CASES = [(rule, case) for rule in KB.all_rules() for case in rule.cases]


def _case_id(item: tuple[Rule, Case]) -> str:
    rule, case = item
    return f"{rule.id}:{case.line}:{case.expect}"


@pytest.mark.parametrize("item", CASES, ids=[_case_id(c) for c in CASES])
def test_rule_case_fires_or_stays_silent(item: tuple[Rule, Case]) -> None:
    rule, case = item
    profile = {**BASE, **case.given}
    assessment = ekbom.assess(profile, as_of=KB.texts.cases_as_of)
    result = assessment.nutrient(rule.nutrient)
    fired = result.rule_ids[0] == rule.id
    assert fired == (case.expect == "fires"), (
        f"{rule.source.path}:{case.line}: expected the case to {case.expect}, "
        f"but {result.rule_ids[0]} decided ({result.verdict})"
    )
    if fired:
        assert result.verdict == rule.verdict
    if case.then:
        _check_then(case.then, assessment, result, f"{rule.source.path}:{case.line}")


def _check_then(then: dict[str, Any], assessment: Assessment, result: Any, where: str) -> None:
    """A case's `then`: the dose added, continue_current, the first step and red flags."""
    if "dose" in then:
        amount = result.dose["amount"] if result.dose is not None else None
        assert amount == then["dose"], f"{where}: dose {amount}, expected {then['dose']}"
    if "continue_current" in then:
        assert result.continue_current == then["continue_current"], where
    if "first_step" in then:
        step = assessment.best_first_step
        action = step["action"] if step else None
        assert action == then["first_step"], f"{where}: first step {step}"
    raised = {flag["id"] for flag in assessment.red_flags}
    for flag in then.get("red_flags", ()):
        assert flag in raised, f"{where}: {flag} not raised ({sorted(raised)})"
    for flag in then.get("no_red_flags", ()):
        assert flag not in raised, f"{where}: {flag} raised"
