"""`ekbom kb check` checks the new files strictly: timing.yaml, the plan fields of
interactions.yaml, foods/advice.yaml and foods/foods.csv; each problem has its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekbom.errors import KnowledgeIssue
from ekbom.knowledge.loader import DATA_DIR, check_knowledge
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")


def found(issues: list[KnowledgeIssue], path: str, fragment: str) -> list[tuple[str, int]]:
    return [(i.path, i.line) for i in issues if i.path == path and fragment in i.message]


def test_knowledge_checks_shipped_files_are_clean() -> None:
    assert check_knowledge(DATA_DIR) == []


def test_knowledge_checks_timing_unknown_when_and_ingredient(kb_copy: Path) -> None:
    line = edit(kb_copy, "timing.yaml", "    when: before_breakfast\n", "    when: at_lunch\n")
    edit(kb_copy, "timing.yaml", "ingredients: [levodopa]", "ingredients: [levodopamine]")
    issues = check_knowledge(kb_copy)
    assert found(issues, "timing.yaml", "when must be one of")
    assert found(issues, "timing.yaml", "unknown ingredient 'levodopamine'")
    assert found(issues, "timing.yaml", "needs a medicines entry for levodopa")
    assert line > 1


def test_knowledge_checks_timing_unknown_key_has_its_line(kb_copy: Path) -> None:
    line = edit(kb_copy, "timing.yaml", "    alone_minutes: 30\n", "    alone_minute: 30\n")
    assert ("timing.yaml", line) in found(check_knowledge(kb_copy), "timing.yaml", "alone_minute")


def test_knowledge_checks_interaction_plan_fields(kb_copy: Path) -> None:
    line = edit(kb_copy, "interactions.yaml", "hours_before_partner: 6", "hours_before_partner: -6")
    issues = check_knowledge(kb_copy)
    assert found(issues, "interactions.yaml", "must not be negative")
    edit(kb_copy, "interactions.yaml", "hours_before_partner: -6", "hours_before_partner: six")
    issues = check_knowledge(kb_copy)
    assert ("interactions.yaml", line) in found(issues, "interactions.yaml", "six")


def test_knowledge_checks_food_advice(kb_copy: Path) -> None:
    edit(kb_copy, "foods/advice.yaml", "  vitamin_e: 15\n", "")
    edit(kb_copy, "foods/advice.yaml", "such as {vitamin_c}", "such as {fruit}")
    issues = check_knowledge(kb_copy)
    assert found(issues, "foods/advice.yaml", "unknown placeholder '{fruit}'")
    assert found(issues, "foods/foods.csv", "needs a daily value for 'vitamin_e'")


def test_knowledge_checks_food_table_edited_by_hand(kb_copy: Path) -> None:
    edit(kb_copy, "foods/foods.csv", "16070,Lentils,", "16070,Lentils (tasty),")
    issues = check_knowledge(kb_copy)
    assert found(issues, "foods/foods.csv", "rows_sha256")
