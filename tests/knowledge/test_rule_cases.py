"""Every rule's own example cases (`cases:` in the rules files) run through the engine."""

from __future__ import annotations

import pytest

import ekbom
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
    result = ekbom.assess(profile, as_of=KB.texts.cases_as_of).nutrient(rule.nutrient)
    fired = result.rule_ids[0] == rule.id
    assert fired == (case.expect == "fires"), (
        f"{rule.source.path}:{case.line}: expected the case to {case.expect}, "
        f"but {result.rule_ids[0]} decided ({result.verdict})"
    )
    if fired:
        assert result.verdict == rule.verdict
