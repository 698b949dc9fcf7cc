"""`diary_assess.yaml`: read strictly, with file and line for every problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ekbom.errors import KnowledgeError
from ekbom.knowledge.diary_assess import check_diary_assess, load_diary_assess
from ekbom.knowledge.loader import DATA_DIR


def test_packaged_diary_assess_loads() -> None:
    assert load_diary_assess().symptom_days == 28
    assert check_diary_assess() == []


@pytest.mark.parametrize(
    ("text", "line", "check"),
    [
        ("version: 1\nsymptom_days: 0\n", 2, "range"),
        ("version: 1\nsymptom_days: 400\n", 2, "range"),
        ("version: 1\nsymptom_days: four\n", 2, "type"),
        ("version: 1\nsymptom_days: 28\nwindow: 3\n", 3, "unknown-key"),
        ("version: 1\n", 1, "missing-key"),
        ("version: 1\nsymptom_days: [\n", 3, "yaml"),
    ],
)
def test_bad_diary_assess_is_reported_with_its_line(
    tmp_path: Path, text: str, line: int, check: str
) -> None:
    (tmp_path / "diary_assess.yaml").write_text(text, encoding="utf-8")
    issues = check_diary_assess(tmp_path)
    assert [(i.path, i.line, i.check) for i in issues][:1] == [("diary_assess.yaml", line, check)]
    with pytest.raises(KnowledgeError):
        load_diary_assess(tmp_path)


def test_missing_diary_assess_is_an_issue(tmp_path: Path) -> None:
    shutil.copytree(DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("diary_assess*"))
    assert [i.check for i in check_diary_assess(tmp_path / "data")] == ["missing-file"]


def test_kb_check_reports_diary_assess_problems(tmp_path: Path) -> None:
    from ekbom.knowledge.loader import check_knowledge

    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    (folder / "diary_assess.yaml").write_text("version: 1\nsymptom_days: 0\n", encoding="utf-8")
    assert [(i.path, i.line, i.check) for i in check_knowledge(folder)] == [
        ("diary_assess.yaml", 2, "range")
    ]
