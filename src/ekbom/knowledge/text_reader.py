"""Read and check the wording files: `text.yaml` (the knowledge version, the disclaimer, the
engine's messages, the display labels, the best first step's sentences and every report label)
and `rls_questions.yaml` (the five diagnostic questions in plain words)."""

from __future__ import annotations

from typing import Any

from ekbom.knowledge import models as m
from ekbom.knowledge.language import CRITERIA, VERDICTS
from ekbom.knowledge.reader import Reader
from ekbom.yamlsource import line_of

RLS_QUESTIONS = "rls_questions.yaml"

LABEL_KEYS = (
    "red_flags_title",
    "meds_intro",
    "unrecognised_intro",
    "first_step_title",
    "no_first_step",
    "current_title",
    "current_iv",
    "current_unknown",
    "current_part_known",
    "dose_title",
    "keep_on",
    "self_directed",
    "clinician_led",
    "evidence",
    "nutrients_title",
    "needs_clinician",
    "why_title",
    "cautions_title",
    "forms_title",
    "foods_title",
    "labs_title",
    "references_title",
    "tests_title",
    "triggers_title",
    "unrecognised_title",
    "interactions_title",
    "habits_title",
    "severity_title",
    "irls_score",
    "severity_rating",
    "nights_with_symptoms",
    "rls_criteria",
    "criteria_met",
    "criteria_not_met",
    "red_flag",
    "disclaimer_title",
    "report_title",
    "doctor_report_title",
    "doctor_report_subtitle",
    "not_a_diagnosis",
    "with_whom_title",
    "self_directed_step",
    "red_flags_none",
    "avoid_title",
    "acting_title",
    "not_likely_title",
    "not_likely_why",
    "tests_intro",
    "latest_labs_title",
    "stale",
    "questions_title",
    "trends_title",
    "no_chart_entries",
    "effects_title",
    "log_title",
    "no_supplements",
    "print_button",
    "pdf_link",
    "start_again",
    "back_to_diary",
    "assessed_for",
    "knowledge",
    "upper_limits",
    "rule_label",
    "limit_title",
    "limit_flagged",
    "checkbox",
)
"""text.yaml `labels`: every key is needed (besides the tables' column heads and the verdict
icons)."""

LAB_COLUMN_COUNT = 5
# The column heads of the other tables, and how many each needs.
LIST_LABELS = {"latest_lab_columns": 3, "log_columns": 5}

_FIRST_STEP_KEYS = (
    "carers",
    "stop",
    "stop_prescribed",
    "flags",
    "start",
    "start_more",
    "start_clinician",
    "continue",
    "test",
    "consider",
)


def read_rls_questions(node: Any, reader: Reader) -> dict[str, str]:
    """criterion key -> its question in plain words, in the spec's order; every key needed."""
    f = reader.fields(node, 1, {"version": "int", "criteria": "map"}, what=RLS_QUESTIONS)
    if "criteria" not in f:
        return {}
    wanted = dict.fromkeys(CRITERIA, "str")
    found = reader.fields(f["criteria"], line_of(node, "criteria"), wanted, what="criteria")
    return {key: " ".join(found[key].split()) for key in CRITERIA if key in found}


def read_texts(node: Any, reader: Reader) -> m.Texts | None:
    f = reader.fields(
        node,
        1,
        {
            "knowledge_version": "str",
            "cases_as_of": "str",
            "disclaimer": "str",
            "messages": "map",
            "populations": "map",
            "irls_bands": "list",
            "verdicts": "map",
            "priorities": "map",
            "first_step": "map",
            "labels": "map",
        },
        what="text.yaml",
    )
    if len(f) != 10:
        return None
    _check_first_step(f["first_step"], reader)
    for verdict in VERDICTS:
        if verdict not in f["verdicts"]:
            reader.report(1, "missing-key", f"verdicts needs a label for '{verdict}'")
    labels = _read_labels(f["labels"], line_of(node, "labels", 1), reader)
    if labels is None:
        return None
    return m.Texts(
        f["knowledge_version"],
        f["cases_as_of"],
        " ".join(f["disclaimer"].split()),
        dict(f["messages"]),
        {k: dict(v) for k, v in f["populations"].items()},
        tuple((int(b["max"]), str(b["band"])) for b in f["irls_bands"]),
        dict(f["verdicts"]),
        dict(f["priorities"]),
        dict(f["first_step"]),
        *labels,
    )


def _read_labels(
    node: Any, line: int, reader: Reader
) -> tuple[dict[str, str], tuple[str, ...], dict[str, tuple[str, ...]], dict[str, str]] | None:
    """text.yaml `labels`: (label key -> words, the lab table's column heads, the other tables'
    heads, the verdict icons); None on a problem (a missing label is an issue naming its key)."""
    counts = {"lab_columns": LAB_COLUMN_COUNT, **LIST_LABELS}
    wanted = {**dict.fromkeys(LABEL_KEYS, "str"), **dict.fromkeys(counts, "list")}
    wanted["verdict_icons"] = "map"
    f = reader.fields(node, line, wanted, what="labels")
    if len(f) != len(wanted):
        return None
    lists: dict[str, tuple[str, ...]] = {}
    for key, count in counts.items():
        heads = f[key]
        if len(heads) != count or not all(isinstance(c, str) for c in heads):
            message = f"labels.{key} needs {count} texts"
            if key == "lab_columns":
                message += " (test, result, date, status, used)"
            reader.report(line_of(node, key, line), "shape", message)
            return None
        lists[key] = tuple(heads)
    icons = {str(k): str(v) for k, v in f["verdict_icons"].items()}
    missing = [v for v in VERDICTS if v not in icons]
    if missing:
        line_icons = line_of(node, "verdict_icons", line)
        reader.report(line_icons, "missing-key", f"verdict_icons needs {', '.join(missing)}")
        return None
    columns = lists.pop("lab_columns")
    return {key: f[key] for key in LABEL_KEYS}, columns, lists, icons


def _check_first_step(node: Any, reader: Reader) -> None:
    """text.yaml `first_step`: every action's sentence, the carers and the flags' order."""
    line = line_of(node, "flags", 1)
    for key in _FIRST_STEP_KEYS:
        if key not in node:
            reader.report(line, "missing-key", f"first_step needs '{key}'")
    for key in node:
        if key not in _FIRST_STEP_KEYS:
            reader.report(line, "unknown-key", f"first_step has no '{key}'")
    carers = node.get("carers") or {}
    for group in ("default", "dialysis", "pregnant", "child"):
        if group not in carers:
            reader.report(line, "missing-key", f"first_step.carers needs '{group}'")
    for flag, entry in (node.get("flags") or {}).items():
        if not isinstance(entry, dict) or "text" not in entry or "nutrient" not in entry:
            reader.report(line, "first-step", f"first_step.flags.{flag} needs nutrient and text")
