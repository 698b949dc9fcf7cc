"""docs/report.md describes what the code and the knowledge files actually do."""

from __future__ import annotations

from pathlib import Path

from ekbom.knowledge.diary_knowledge import MESSAGES, load_effect_windows

DOC = Path(__file__).resolve().parents[2] / "docs" / "report.md"
REFUSALS = ("no_start", "taken_before", "other_change", "too_few")


def test_report_docs_list_every_refusal() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert set(REFUSALS) <= set(MESSAGES)
    for refusal in REFUSALS:
        assert f"`{refusal}`" in text, refusal


def test_report_docs_give_the_windows_and_method_of_the_knowledge() -> None:
    text = DOC.read_text(encoding="utf-8")
    windows = load_effect_windows()
    method = windows.method
    assert f"iron {windows.windows['iron'].onset_days}" in text
    assert f"magnesium {windows.windows['magnesium'].onset_days}" in text
    for key in ("before_days", "after_days", "min_scored_days", "block_days"):
        assert f"| `{key}` | {getattr(method, key)} |" in text, key
    assert f"{method.resamples}, {method.confidence}, {method.seed}" in text
