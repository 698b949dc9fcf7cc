"""Every patient-facing text in the knowledge data reads at US school grade 8 or below.

Spec assessment-v1 §2: patient text (summaries, reasons, cautions, advice, messages) reads at
Flesch-Kincaid grade 8 or below, and never calls a person "deficient" from an RLS-specific ferritin
threshold (ferritin 75-100 is an RLS target, not general iron deficiency). Failures are collected
and reported together, each with its grade and where it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
import textstat

import ekbom
from ekbom.knowledge import models

MAX_GRADE = 8.0
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
DEFICIENT = re.compile(r"\bdeficien(t|cy|cies)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PatientText:
    where: str  # e.g. "rules/iron.yaml:7 iron.known-overload summary"
    text: str
    about_ferritin: bool


def mentions_ferritin(node: Any) -> bool:
    """True when a `when:` condition tests ferritin anywhere inside it."""
    if isinstance(node, Mapping):
        if node.get("lab") == "ferritin" or node.get("missing") == "ferritin":
            return True
        return any(mentions_ferritin(value) for value in node.values())
    if isinstance(node, list | tuple):
        return any(mentions_ferritin(item) for item in node)
    return False


def _tests(
    where: str, requests: tuple[models.TestRequest, ...], ferritin: bool
) -> Iterator[tuple[str, str, bool]]:
    for request in requests:
        yield (
            f"{where} test {request.test} why",
            request.why,
            ferritin or request.test == "ferritin",
        )


def _raw_texts(kb: models.Knowledge) -> Iterator[tuple[str, str, bool]]:
    for rule in kb.all_rules():
        where = f"{rule.source.path}:{rule.source.line} {rule.id}"
        ferritin = mentions_ferritin(rule.when)
        yield f"{where} summary", rule.summary, ferritin
        for i, text in enumerate(rule.reasons):
            yield f"{where} reasons[{i}]", text, ferritin
        for i, text in enumerate(rule.cautions):
            yield f"{where} cautions[{i}]", text, ferritin
        yield from _tests(where, rule.tests, ferritin)
    for group in kb.rules.values():
        for modifier in group.modifiers:
            where = f"{modifier.source.path}:{modifier.source.line} {modifier.id} (modifier)"
            ferritin = mentions_ferritin(modifier.when)
            for i, text in enumerate(modifier.cautions):
                yield f"{where} cautions[{i}]", text, ferritin
            yield from _tests(where, modifier.tests, ferritin)
    for interaction in kb.interactions:
        yield f"interactions.yaml {interaction.id} advice", interaction.advice, False
    for advice in kb.advice:
        yield f"lifestyle.yaml {advice.id} message", advice.message, mentions_ferritin(advice.when)
    for flag in kb.red_flags.values():
        yield f"red_flags.yaml {flag.id} message", flag.message, mentions_ferritin(flag.when)
    for cls in kb.classes.values():
        if cls.advice is not None:
            yield f"medications.yaml class {cls.id} advice", cls.advice, False
    for key, text in kb.texts.messages.items():
        yield f"text.yaml messages.{key}", text, False
    for key, text in kb.rls_questions.items():
        yield f"rls_questions.yaml criteria.{key}", text, False
    yield "text.yaml disclaimer", kb.texts.disclaimer, False


def patient_texts(kb: models.Knowledge) -> list[PatientText]:
    return [
        PatientText(where, text, about or "ferritin" in text.lower())
        for where, text, about in _raw_texts(kb)
    ]


def readable(text: str) -> str:
    """The text as it is scored: placeholders removed, spaces collapsed."""
    return " ".join(PLACEHOLDER.sub("", text).split())


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(readable(text)))


TEXTS = patient_texts(ekbom.load_knowledge())


def test_readability_collects_every_kind_of_patient_text() -> None:
    kinds = {
        "summary",
        "reasons[",
        "cautions[",
        "(modifier)",
        "why",
        "interactions.yaml",
        "lifestyle.yaml",
        "red_flags.yaml",
        "medications.yaml",
        "text.yaml messages.",
        "text.yaml disclaimer",
        "rls_questions.yaml criteria.",
    }
    missing = sorted(kind for kind in kinds if not any(kind in t.where for t in TEXTS))
    assert not missing, f"no patient texts found for: {missing}"
    assert all(t.text.strip() for t in TEXTS), "empty patient text"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Your ferritin is {ferritin}.", "Your ferritin is ."),
        ("Take {amount}  a day,\n  with food.", "Take a day, with food."),
    ],
)
def test_readability_strips_placeholders(text: str, expected: str) -> None:
    assert readable(text) == expected


def test_readability_grade_detects_hard_text() -> None:
    hard = (
        "Supplementation with elemental iron necessitates comprehensive haematological "
        "evaluation, particularly considering gastrointestinal malabsorption syndromes."
    )
    assert grade(hard) > MAX_GRADE
    assert grade("Take one pill a day with food.") <= MAX_GRADE


def test_readability_patient_texts_at_most_grade_8() -> None:
    failures = sorted(
        ((grade(t.text), t) for t in TEXTS if grade(t.text) > MAX_GRADE),
        key=lambda pair: (-pair[0], pair[1].where),
    )
    report = "\n".join(
        f"  grade {g:4.1f}  {t.where}\n              {t.text!r}" for g, t in failures
    )
    assert not failures, (
        f"{len(failures)} of {len(TEXTS)} patient texts read above grade {MAX_GRADE:g}:\n{report}"
    )


def test_readability_no_deficiency_wording_about_ferritin() -> None:
    offending = [t for t in TEXTS if t.about_ferritin and DEFICIENT.search(t.text)]
    report = "\n".join(f"  {t.where}: {t.text!r}" for t in offending)
    assert not offending, f"ferritin targets for RLS are not a deficiency diagnosis:\n{report}"


def test_readability_ferritin_scope_covers_iron_rules() -> None:
    about = {t.where for t in TEXTS if t.about_ferritin}
    assert any("iron.low-stores" in where for where in about)
    assert any("red_flags.yaml iron_overload_suspected" in where for where in about)
