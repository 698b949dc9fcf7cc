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
    line = edit(kb_copy, "interactions.yaml", "before_hours: 0\n", "before_hours: -1\n")
    issues = check_knowledge(kb_copy)
    assert found(issues, "interactions.yaml", "must not be negative")
    edit(kb_copy, "interactions.yaml", "before_hours: -1\n", "before_hours: six\n")
    issues = check_knowledge(kb_copy)
    assert ("interactions.yaml", line) in found(issues, "interactions.yaml", "six")


def test_knowledge_checks_separate_hours_is_the_larger_gap(kb_copy: Path) -> None:
    """Moxifloxacin: 4 before / 8 after, so separate_hours 8; 7.75 is refused, naming 8."""
    entry = edit(kb_copy, "interactions.yaml", "- id: minerals-moxifloxacin", "- id: moxi")
    edit(kb_copy, "interactions.yaml", "separate_hours: 8\n", "separate_hours: 7.75\n")
    issues = check_knowledge(kb_copy)
    message = "is 7.75 but must be the larger of before_hours (4) and after_hours (8): 8"
    assert found(issues, "interactions.yaml", message) == [("interactions.yaml", entry)]


def test_knowledge_checks_absorption_rows_need_both_directions(kb_copy: Path) -> None:
    edit(kb_copy, "interactions.yaml", "    after_hours: 6\n", "")
    issues = check_knowledge(kb_copy)
    assert found(issues, "interactions.yaml", "needs before_hours and after_hours")


def test_knowledge_checks_other_kinds_keep_no_hours(kb_copy: Path) -> None:
    edit(
        kb_copy,
        "interactions.yaml",
        "    separate_hours: null\n    advice: This water pill",
        "    separate_hours: null\n    before_hours: 2\n    advice: This water pill",
    )
    issues = check_knowledge(kb_copy)
    assert found(issues, "interactions.yaml", "a depletion interaction keeps no hours apart")


def test_knowledge_checks_old_one_way_keys_are_refused(kb_copy: Path) -> None:
    """One way to say a directional gap: the 1.0 keys are unknown now."""
    edit(kb_copy, "interactions.yaml", "    after_hours: 6\n", "    hours_before_partner: 6\n")
    issues = check_knowledge(kb_copy)
    assert found(issues, "interactions.yaml", "hours_before_partner")


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
