"""Read the diary's knowledge files (each file's header explains its grammar):

* `effect_windows.yaml`: how long each supplement takes to act, and how "did it help?" is
  computed (`load_effect_windows`);
* `report_questions.yaml`: the questions to ask on the report's first page
  (`load_report_questions`).

The loaders (cached per folder) raise `KnowledgeError` listing every problem with its file and
line; `check_diary_knowledge()` returns the problems of both files instead. Citations and
nutrient ids are checked against the main knowledge files of the same folder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from ekbom.errors import KnowledgeError, KnowledgeIssue
from ekbom.knowledge import folder
from ekbom.knowledge.core_reader import CORE
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.reader import Reader, did_you_mean, read_yaml_file
from ekbom.yamlsource import line_of

FILE = "effect_windows.yaml"
QUESTIONS_FILE = "report_questions.yaml"
SCORES = ("nrs", "irls", "nights")
# Each question kind and the placeholders the report fills for it.
QUESTIONS: dict[str, frozenset[str]] = {
    "red_flags": frozenset(),
    "best_first_step": frozenset({"step"}),
    "needs_clinician": frozenset({"nutrient"}),
    "test": frozenset({"test"}),
    "trigger": frozenset({"medication"}),
    "stale": frozenset({"test", "date"}),
}
# Each message and the placeholders the code fills for it.
MESSAGES: dict[str, frozenset[str]] = {
    "lower_sure": frozenset({"score", "nutrient", "difference"}),
    "lower_unsure": frozenset({"score", "nutrient", "difference"}),
    "higher_sure": frozenset({"score", "nutrient", "difference"}),
    "higher_unsure": frozenset({"score", "nutrient", "difference"}),
    "same": frozenset({"score", "nutrient", "difference"}),
    "no_start": frozenset({"nutrient"}),
    "too_few": frozenset({"nutrient", "score", "side", "count", "needed", "first", "last"}),
    "other_change": frozenset({"nutrient", "other", "action", "day"}),
    "taken_before": frozenset({"nutrient", "day"}),
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class Method(NamedTuple):
    """The comparison settings shared by every nutrient."""

    min_scored_days: int
    before_days: int
    after_days: int
    block_days: int
    resamples: int
    confidence: float
    seed: int


class Window(NamedTuple):
    """When a supplement can start to act, and why."""

    nutrient: str
    onset_days: int
    note: str
    citations: tuple[str, ...]


class ReportQuestions(NamedTuple):
    """The question texts by kind, and how many questions the first page shows at most."""

    limit: int
    questions: dict[str, str]


class EffectWindows(NamedTuple):
    """Everything `effect_windows.yaml` holds, checked."""

    method: Method
    windows: dict[str, Window]
    scores: dict[str, str]
    messages: dict[str, str]


def load_effect_windows(directory: Path | str | None = None) -> EffectWindows:
    """The checked effect windows of the knowledge folder; KnowledgeError if they have problems."""
    return folder.load(EFFECT_WINDOWS, directory)


def load_report_questions(directory: Path | str | None = None) -> ReportQuestions:
    """The checked report questions of the knowledge folder; KnowledgeError on problems."""
    return folder.load(REPORT_QUESTIONS, directory)


def check_diary_knowledge(directory: Path | str | None = None) -> list[KnowledgeIssue]:
    """Every problem in the diary's knowledge files (empty when all is well)."""
    root = Path(directory or folder.data_dir())
    try:
        knowledge = folder.load(CORE, root)
    except KnowledgeError as exc:
        return list(exc.issues)
    return _build(root, knowledge)[1] + _build_questions(root)[1]


def _read(root: Path, name: str, issues: list[KnowledgeIssue]) -> tuple[Any, Reader]:
    """The parsed file (None when it cannot be read, with the problem reported)."""
    return read_yaml_file(root, name, issues)


def _build_questions(
    root: Path, _: object = None
) -> tuple[ReportQuestions | None, list[KnowledgeIssue]]:
    issues: list[KnowledgeIssue] = []
    node, reader = _read(root, QUESTIONS_FILE, issues)
    if node is None:
        return None, issues
    f = reader.fields(
        node, 1, {"version": "int", "limit": "int", "questions": "map"}, what=QUESTIONS_FILE
    )
    if "limit" in f and f["limit"] < 1:
        reader.report(line_of(node, "limit"), "range", "'limit' must be 1 or more")
    texts = read_texts(f.get("questions"), reader, line_of(node, "questions"), QUESTIONS)
    if issues:
        return None, issues
    return ReportQuestions(f["limit"], texts), issues


def _build(root: Path, knowledge: Knowledge) -> tuple[EffectWindows | None, list[KnowledgeIssue]]:
    issues: list[KnowledgeIssue] = []
    node, reader = _read(root, FILE, issues)
    if node is None:
        return None, issues
    f = reader.fields(
        node,
        1,
        {"version": "int", "method": "map", "windows": "list", "scores": "map", "messages": "map"},
        what=FILE,
    )
    method = _method(f.get("method"), reader, line_of(node, "method"))
    windows = _windows(node, reader, knowledge)
    scores = read_texts(f.get("scores"), reader, line_of(node, "scores"), dict.fromkeys(SCORES))
    messages = read_texts(f.get("messages"), reader, line_of(node, "messages"), MESSAGES)
    if issues or method is None:
        return None, issues
    return EffectWindows(method, windows, scores, messages), issues


def _method(node: Any, reader: Reader, line: int) -> Method | None:
    if node is None:
        return None
    keys = ("min_scored_days", "before_days", "after_days", "block_days", "resamples", "seed")
    f = reader.fields(
        node, line, {**dict.fromkeys(keys, "int"), "confidence": "number"}, what="method"
    )
    if len(f) != len(keys) + 1:
        return None
    lowest = {"min_scored_days": 2, "before_days": 1, "after_days": 1, "block_days": 1}
    lowest.update(resamples=200, seed=0)
    ok = True
    for key, low in lowest.items():
        if f[key] < low:
            reader.report(line_of(node, key, line), "range", f"'{key}' must be {low} or more")
            ok = False
    if not 0.5 < f["confidence"] < 1:
        reader.report(
            line_of(node, "confidence", line), "range", "'confidence' must be in (0.5, 1)"
        )
        ok = False
    return Method(**{key: f[key] for key in Method._fields}) if ok else None


def _windows(node: Any, reader: Reader, knowledge: Knowledge) -> dict[str, Window]:
    result: dict[str, Window] = {}
    for f, item, line in reader.entries(
        node,
        "windows",
        {"nutrient": "str", "onset_days": "int", "note": "str", "citations": "list"},
        what="window",
        unique=("nutrient", "nutrient"),
    ):
        if f["nutrient"] not in knowledge.nutrients:
            hint = did_you_mean(f["nutrient"], knowledge.nutrients)
            reader.report(line, "reference", f"unknown nutrient '{f['nutrient']}'{hint}")
            continue
        if f["onset_days"] < 0:
            reader.report(line_of(item, "onset_days", line), "range", "onset_days must be >= 0")
        for cid in f["citations"]:
            if cid not in knowledge.citations:
                reader.report(
                    line_of(item, "citations", line), "citation", f"unknown citation id '{cid}'"
                )
        result[f["nutrient"]] = Window(
            f["nutrient"], f["onset_days"], f["note"], tuple(f["citations"])
        )
    return result


def read_texts(
    node: Any, reader: Reader, line: int, wanted: Mapping[str, frozenset[str] | None]
) -> dict[str, str]:
    """A mapping of id -> text with exactly the ids of `wanted`; placeholders checked."""
    if node is None:
        return {}
    f = reader.fields(node, line, dict.fromkeys(wanted, "str"), what="texts")
    for key, text in f.items():
        allowed = wanted[key] or frozenset()
        for name in _PLACEHOLDER.findall(text):
            if name not in allowed:
                choices = ", ".join(sorted(allowed)) or "none"
                reader.report(
                    line_of(node, key, line),
                    "placeholder",
                    f"unknown placeholder '{{{name}}}' in '{key}'; use {choices}",
                )
    return {key: " ".join(text.split()) for key, text in f.items()}


EFFECT_WINDOWS: folder.Part[EffectWindows] = folder.Part("effect_windows", _build, CORE)
"""effect_windows.yaml, read against the core knowledge (nutrients and citations)."""
REPORT_QUESTIONS: folder.Part[ReportQuestions] = folder.Part("report_questions", _build_questions)
"""report_questions.yaml."""
