"""The clinical constants live in the knowledge data, not in code: the adult age
(nutrients.yaml `adult_age`) and when a lab result goes stale (labs.yaml `stale_after_days`).
Changing the data changes what an assessment says, and bad values are reported by the check."""

from __future__ import annotations

from pathlib import Path

import pytest

import ekbom
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")

AS_OF = "2026-06-01"


def _iron(folder: Path | None, **person: object) -> dict:
    profile = {"age": 45, "sex": "female", **person}
    knowledge = ekbom.load_knowledge(folder) if folder else None
    found = ekbom.assess(profile, as_of=AS_OF, knowledge=knowledge).to_dict()
    return next(n for n in found["nutrients"] if n["nutrient"] == "iron")


def _issues(folder: Path, path: str) -> list[tuple[str, str]]:
    return [(i.check, i.message) for i in ekbom.check_knowledge(folder) if i.path == path]


def test_the_shipped_values() -> None:
    knowledge = ekbom.load_knowledge()
    assert (knowledge.adult_age, knowledge.stale_after_days) == (18, 365)


def test_a_later_adult_age_makes_a_19_year_old_a_child(kb_copy: Path) -> None:
    labs = [
        {"test": "ferritin", "value": 20, "unit": "ug/L"},
        {"test": "tsat", "value": 15, "unit": "%"},
    ]
    low_iron = {"age": 19, "labs": labs}
    shipped = _iron(None, **low_iron)
    assert shipped["verdict"] in ("recommended", "consider")
    child = "Because this is for a child, check this with your children's doctor before you start."
    assert child not in shipped["cautions"]
    edit(kb_copy, "nutrients.yaml", "adult_age: 18", "adult_age: 20")
    text = (kb_copy / "nutrients.yaml").read_text(encoding="utf-8")
    (kb_copy / "nutrients.yaml").write_text(text.replace("to_age: 17", "to_age: 19"), "utf-8")
    assert ekbom.check_knowledge(kb_copy) == []
    moved = _iron(kb_copy, **low_iron)
    assert moved["verdict"] == shipped["verdict"]
    assert child in moved["cautions"]  # children's active verdicts need a clinician
    assert ekbom.load_knowledge(kb_copy).nutrients["iron"].limit("eu", 19) == 35  # a band
    assert ekbom.load_knowledge().nutrients["iron"].limit("eu", 19) == 40  # the adults'


@pytest.mark.parametrize(("days", "stale"), [(365, False), (100, False), (99, True)])
def test_stale_after_days_decides_when_a_result_is_stale(
    kb_copy: Path, days: int, stale: bool
) -> None:
    edit(kb_copy, "labs.yaml", "stale_after_days: 365", f"stale_after_days: {days}")
    knowledge = ekbom.load_knowledge(kb_copy)
    ferritin = {"test": "ferritin", "value": 20, "unit": "ug/L", "date": "2026-02-21"}  # 100 d
    found = ekbom.assess(
        {"age": 45, "sex": "female", "labs": [ferritin]}, as_of=AS_OF, knowledge=knowledge
    )
    assert [row.stale for row in found.labs] == [stale]


@pytest.mark.parametrize(
    ("path", "old", "new", "words"),
    [
        ("nutrients.yaml", "adult_age: 18", "adult_age: 0", "'adult_age' must be from 1 to 120"),
        ("nutrients.yaml", "adult_age: 18\n", "", "nutrients.yaml needs 'adult_age'"),
        ("nutrients.yaml", "adult_age: 18", "adult_age: 16", "to_age must be from 14 to 15"),
        ("labs.yaml", "stale_after_days: 365", "stale_after_days: 0", "must be from 1 to 36500"),
        ("labs.yaml", "stale_after_days: 365", "stale_after_days: a year", "a whole number"),
    ],
    ids=["adult-age-zero", "adult-age-missing", "bands-past-adult-age", "stale-zero", "stale-text"],
)
def test_bad_constants_are_reported(
    kb_copy: Path, path: str, old: str, new: str, words: str
) -> None:
    edit(kb_copy, path, old, new)
    found = _issues(kb_copy, path)
    assert any(words in message for _, message in found), found
    with pytest.raises(ekbom.KnowledgeError):
        ekbom.load_knowledge(kb_copy)
