"""Read `diary_assess.yaml`: how the diary becomes a profile (its header gives the grammar).

`load_diary_assess()` (cached per folder) raises `KnowledgeError` with file and line;
`check_diary_assess()` returns the problems instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ekbom.errors import KnowledgeIssue
from ekbom.knowledge import folder
from ekbom.knowledge.reader import read_yaml_file
from ekbom.yamlsource import line_of

FILE = "diary_assess.yaml"
MAX_SYMPTOM_DAYS = 365


class DiaryAssess(NamedTuple):
    """The checked contents of `diary_assess.yaml`."""

    symptom_days: int


def load_diary_assess(directory: Path | str | None = None) -> DiaryAssess:
    """The checked settings of the knowledge folder; KnowledgeError when they have problems."""
    return folder.load(PART, directory)


def check_diary_assess(directory: Path | str | None = None) -> list[KnowledgeIssue]:
    """Every problem in `diary_assess.yaml` (empty when all is well)."""
    return _build(Path(directory or folder.data_dir()))[1]


def _build(root: Path, _: object = None) -> tuple[DiaryAssess | None, list[KnowledgeIssue]]:
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


PART: folder.Part[DiaryAssess] = folder.Part("diary_assess", _build)
"""diary_assess.yaml (it refers to nothing else)."""
