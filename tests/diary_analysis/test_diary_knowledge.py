"""The diary's knowledge files load strictly, with file:line problems, and read at grade 8."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import textstat

from ekbom.knowledge.diary_knowledge import (
    MESSAGES,
    QUESTIONS,
    check_diary_knowledge,
    load_effect_windows,
    load_report_questions,
)
from ekbom.knowledge.loader import DATA_DIR, load_knowledge

MAX_GRADE = 8.0
SAMPLE = {
    "step": "Ask your doctor about starting iron.",
    "score": "severity score (0 to 10)",
    "nutrient": "magnesium",
    "difference": "1.5",
    "side": "before",
    "count": "9",
    "needed": "14",
    "first": "2026-01-04",
    "last": "2026-02-28",
    "other": "iron",
    "action": "started",
    "day": "2026-03-01",
    "message": "Your magnesium level is high.",
    "verdict": "worth considering",
    "summary": "A magnesium supplement may be worth a try.",
    "test": "ferritin",
    "date": "2025-01-01",
    "medication": "Zoloft",
}


def copy_knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(DATA_DIR, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> int:
    """Replace the first `old` with `new`; return the (1-based) line of the edit."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_diary_knowledge_packaged_files_are_clean() -> None:
    assert check_diary_knowledge() == []
    windows = load_effect_windows()
    assert windows.method.min_scored_days == 14
    assert set(windows.windows) == set(load_knowledge().rules)  # every assessed nutrient
    assert set(load_report_questions().questions) == set(QUESTIONS)


def test_diary_knowledge_windows_cite_known_sources() -> None:
    citations = load_knowledge().citations
    for window in load_effect_windows().windows.values():
        assert all(cid in citations for cid in window.citations), window


@pytest.mark.parametrize(
    ("name", "old", "new", "check", "words"),
    [
        (
            "effect_windows.yaml",
            "  block_days: 7",
            "  block_size: 7",
            "unknown-key",
            "did you mean 'block_days'",
        ),
        (
            "effect_windows.yaml",
            "  - nutrient: folate",
            "  - nutrient: folic",
            "reference",
            "unknown nutrient 'folic'",
        ),
        (
            "effect_windows.yaml",
            "citations: [jadidi-2022]",
            "citations: [jadidi-2023]",
            "citation",
            "unknown citation id 'jadidi-2023'",
        ),
        ("effect_windows.yaml", "  confidence: 0.95", "  confidence: 95", "range", "confidence"),
        (
            "effect_windows.yaml",
            "at least {needed}",
            "at least {need}",
            "placeholder",
            "unknown placeholder '{need}'",
        ),
        (
            "effect_windows.yaml",
            "  - nutrient: vitamin_b6",
            "  - nutrient: magnesium",
            "duplicate-id",
            "duplicate nutrient",
        ),
        ("report_questions.yaml", "limit: 7", "limit: 0", "range", "'limit'"),
        (
            "report_questions.yaml",
            "order a {test} test",
            "order a {lab} test",
            "placeholder",
            "'{lab}'",
        ),
    ],
)
def test_diary_knowledge_problems_name_file_and_line(
    tmp_path: Path, name: str, old: str, new: str, check: str, words: str
) -> None:
    folder = copy_knowledge(tmp_path)
    line = edit(folder, name, old, new)
    issues = check_diary_knowledge(folder)
    assert any(
        i.path == name and i.line == line and i.check == check and words in i.message
        for i in issues
    ), issues


def test_diary_knowledge_missing_text_is_an_error(tmp_path: Path) -> None:
    folder = copy_knowledge(tmp_path)
    edit(folder, "effect_windows.yaml", "  same: ", "  # same: ")
    issues = check_diary_knowledge(folder)
    assert any("needs 'same'" in i.message for i in issues), issues


def test_diary_knowledge_duplicate_keys_are_errors(tmp_path: Path) -> None:
    folder = copy_knowledge(tmp_path)
    line = edit(folder, "effect_windows.yaml", "  seed: 20261128", "  seed: 20261128\n  seed: 1")
    issues = check_diary_knowledge(folder)
    assert [(i.line, i.check) for i in issues] == [(line + 1, "yaml")]


def test_diary_knowledge_loader_raises_with_every_problem(tmp_path: Path) -> None:
    from ekbom.errors import KnowledgeError

    folder = copy_knowledge(tmp_path)
    edit(folder, "effect_windows.yaml", "  resamples: 2000", "  resamples: 20")
    edit(folder, "effect_windows.yaml", "onset_days: 42", "onset_days: -1")
    with pytest.raises(KnowledgeError) as caught:
        load_effect_windows(folder)
    assert {i.check for i in caught.value.issues} == {"range"}
    assert len(caught.value.issues) == 2


def patient_texts() -> list[tuple[str, str]]:
    windows = load_effect_windows()
    texts = [(f"effect_windows.yaml messages.{k}", v) for k, v in windows.messages.items()]
    texts += [
        (f"report_questions.yaml questions.{k}", v)
        for k, v in load_report_questions().questions.items()
    ]
    return texts


def test_diary_knowledge_every_message_has_its_placeholders_declared() -> None:
    for key, text in load_effect_windows().messages.items():
        assert set(re.findall(r"\{(\w+)\}", text)) <= MESSAGES[key]


def test_diary_knowledge_patient_texts_read_at_grade_8() -> None:
    too_hard = []
    for where, template in patient_texts():
        text = template.format(**SAMPLE)
        grade = textstat.flesch_kincaid_grade(text)
        if grade > MAX_GRADE:
            too_hard.append(f"{where}: grade {grade:.1f}: {text}")
    assert not too_hard, "\n".join(too_hard)


def test_diary_knowledge_sentences_never_claim_a_cause() -> None:
    for key in ("lower_sure", "lower_unsure", "higher_sure", "higher_unsure", "same"):
        text = load_effect_windows().messages[key].lower()
        assert "proves" not in text and "because of" not in text and "worked" not in text
