"""Read `diary_assess.yaml`: how the diary becomes a profile (its header gives the grammar).

`load_diary_assess()` (cached per folder) raises `KnowledgeError` with file and line;
`check_diary_assess()` returns the problems instead.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

from ekbom.errors import KnowledgeError, KnowledgeIssue
from ekbom.knowledge.loader import data_dir
from ekbom.knowledge.reader import read_yaml_file
from ekbom.yamlsource import line_of

FILE = "diary_assess.yaml"
MAX_SYMPTOM_DAYS = 365


class DiaryAssess(NamedTuple):
    """The checked contents of `diary_assess.yaml`."""

    symptom_days: int


def load_diary_assess(directory: Path | str | None = None) -> DiaryAssess:
    """The checked settings of the knowledge folder; KnowledgeError when they have problems."""
    return _cached(str(directory or data_dir()))


def check_diary_assess(directory: Path | str | None = None) -> list[KnowledgeIssue]:
    """Every problem in `diary_assess.yaml` (empty when all is well)."""
    return _build(Path(directory or data_dir()))[1]


@cache
def _cached(directory: str) -> DiaryAssess:
    settings, issues = _build(Path(directory))
    if issues or settings is None:
        raise KnowledgeError(issues)
    return settings


def _build(root: Path) -> tuple[DiaryAssess | None, list[KnowledgeIssue]]:
    issues: list[KnowledgeIssue] = []
    node, reader = read_yaml_file(root, FILE, issues)
    if node is None:
        return None, issues
    fields = reader.fields(node, 1, {"version": "int", "symptom_days": "int"}, what=FILE)
    days = fields.get("symptom_days")
    if days is not None and not 1 <= days <= MAX_SYMPTOM_DAYS:
        reader.report(
            line_of(node, "symptom_days"),
            "range",
            f"'symptom_days' must be a whole number from 1 to {MAX_SYMPTOM_DAYS}, not {days}",
        )
    if issues or days is None:
        return None, issues
    return DiaryAssess(days), issues
