"""`ekbom kb check` finds broken limits and lab checks (spec 1.1 §1, §4, §5.2): age bands with a
gap or overlap or not reaching 17, a wrong strictest, a missing children's table, a stand-in
test that does not exist, a fraction check on a test not in %."""

from __future__ import annotations

from pathlib import Path

import pytest

import ekbom
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")

IRON_EU_BANDS = """        - {from_age: 4, to_age: 6, limit: 15}
        - {from_age: 7, to_age: 10, limit: 20}
"""


def _checks(folder: Path, path: str) -> list[tuple[str, str]]:
    return [(i.check, i.message) for i in ekbom.check_knowledge(folder) if i.path == path]


@pytest.mark.parametrize(
    ("bands", "words"),
    [
        (
            "        - {from_age: 4, to_age: 6, limit: 15}\n"
            "        - {from_age: 8, to_age: 10, limit: 20}\n",
            "starts at age 8, but the bands before it end at age 6",
        ),
        (
            "        - {from_age: 4, to_age: 7, limit: 15}\n"
            "        - {from_age: 7, to_age: 10, limit: 20}\n",
            "starts at age 7, but the bands before it end at age 7",
        ),
        (
            "        - {from_age: 4, to_age: 6, limit: 15}\n"
            "        - {from_age: 7, to_age: 10, limit: 0}\n",
            "a limit must be above 0 (or null), not 0",
        ),
        (
            "        - {from_age: 4, to_age: 3, limit: 15}\n"
            "        - {from_age: 7, to_age: 10, limit: 20}\n",
            "to_age must be from 4 to 17, not 3",
        ),
    ],
    ids=["gap", "overlap", "zero-limit", "backwards"],
)
def test_bad_age_bands_are_reported(kb_copy: Path, bands: str, words: str) -> None:
    edit(kb_copy, "nutrients.yaml", IRON_EU_BANDS, bands)
    found = _checks(kb_copy, "nutrients.yaml")
    assert any(words in message for _, message in found), found


def test_bands_must_reach_17(kb_copy: Path) -> None:
    edit(
        kb_copy,
        "nutrients.yaml",
        "        - {from_age: 15, to_age: 17, limit: 35}\n",
        "        - {from_age: 15, to_age: 16, limit: 35}\n",
    )
    found = _checks(kb_copy, "nutrients.yaml")
    assert ("age-bands", "the bands must cover ages 0 to 17; they end at age 16") in found


def test_strictest_must_be_the_lower_of_us_and_eu(kb_copy: Path) -> None:
    edit(
        kb_copy,
        "nutrients.yaml",
        "limits: {us: 45, eu: 40, strictest: 40}",
        "limits: {us: 45, eu: 40, strictest: 45}",
    )
    found = _checks(kb_copy, "nutrients.yaml")
    assert ("limits", "strictest must be the lower of us and eu (40), not 45") in found


def test_a_nutrient_with_adult_limits_needs_child_limits(kb_copy: Path) -> None:
    path = kb_copy / "nutrients.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    child_limits:", text.index("  - id: vitamin_e"))
    end = text.index("    limits:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    found = _checks(kb_copy, "nutrients.yaml")
    assert any("'vitamin_e' has adult limits, so it needs child_limits" in m for _, m in found)


def test_stand_in_must_name_a_test_with_the_same_unit(kb_copy: Path) -> None:
    edit(kb_copy, "labs.yaml", "    stands_in_for: vitamin_d\n", "    stands_in_for: ferritin\n")
    found = _checks(kb_copy, "labs.yaml")
    assert any("stands in for 'ferritin'" in message for _, message in found), found


def test_fraction_check_only_for_a_test_in_percent(kb_copy: Path) -> None:
    edit(
        kb_copy,
        "labs.yaml",
        "    units: {ug/L: 1, ng/mL: 1}\n",
        "    units: {ug/L: 1, ng/mL: 1}\n"
        "    fraction: {at_most: 1, message: '{value} {percent}'}\n",
    )
    found = _checks(kb_copy, "labs.yaml")
    assert ("unit", "only a test measured in % can have a fraction check") in found
