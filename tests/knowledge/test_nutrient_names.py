"""`nutrient_names.yaml`: the names people type resolve to one nutrient id; clashes are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekbom.knowledge.loader import check_knowledge
from ekbom.knowledge.nutrient_names import resolve_nutrient
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")
ALL = (
    "iron",
    "vitamin_b12",
    "folate",
    "vitamin_d",
    "magnesium",
    "vitamin_b6",
    "vitamin_c",
    "vitamin_e",
)


@pytest.mark.parametrize(
    ("text", "nutrient"),
    [
        ("vitamin D", "vitamin_d"),
        ("vitamin_d", "vitamin_d"),
        ("vit d", "vitamin_d"),
        ("D3", "vitamin_d"),
        ("b12", "vitamin_b12"),
        ("Vitamin B-12", "vitamin_b12"),
        ("magnesium citrate", "magnesium"),
        ("Magnesium glycinate tablets", "magnesium"),
        ("folic acid", "folate"),
        ("IRON", "iron"),
    ],
)
def test_names_people_type_resolve(text: str, nutrient: str) -> None:
    assert resolve_nutrient(text, ALL) == nutrient


@pytest.mark.parametrize("text", ["vitamin", "citrate", "irn", "vitamin e d", "zinc", ""])
def test_names_that_name_no_candidate_resolve_to_none(text: str) -> None:
    assert resolve_nutrient(text, ALL) is None


def test_a_known_name_outside_the_candidates_is_not_taken() -> None:
    assert resolve_nutrient("vit d", ("iron", "magnesium")) is None


def test_packaged_names_check_clean() -> None:
    assert check_knowledge() == []


def test_a_name_given_to_two_nutrients_is_reported(kb_copy: Path) -> None:
    line = edit(kb_copy, "nutrient_names.yaml", "  calcium: [ca]", "  calcium: [ca, b12]")
    issues = check_knowledge(kb_copy)
    assert [(i.path, i.line, i.check) for i in issues] == [
        ("nutrient_names.yaml", line, "duplicate-id")
    ]
    assert "'b12' of 'calcium' already names 'vitamin_b12'" in issues[0].message


def test_an_unknown_nutrient_id_is_reported(kb_copy: Path) -> None:
    line = edit(kb_copy, "nutrient_names.yaml", "  zinc: [zn]", "  zink: [zn]")
    issues = check_knowledge(kb_copy)
    assert [(i.line, i.check) for i in issues] == [(line, "nutrient")]
    assert "did you mean 'zinc'" in issues[0].message
