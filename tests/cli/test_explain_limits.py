"""`ekbom explain NUTRIENT` shows the adult limits and says children's limits differ by age,
with the table (spec 1.1 §4)."""

from __future__ import annotations

import ekbom
from ekbom.cli.explain import explain_nutrient

KB = ekbom.load_knowledge()


def _limit_lines(nutrient: str) -> list[str]:
    text = explain_nutrient(nutrient, KB)
    start = text.index("Upper limits per day")
    return text[start : text.index("References:")].strip().splitlines()


def test_explain_iron_gives_adult_limits_then_the_childrens_table() -> None:
    assert _limit_lines("iron") == [
        "Upper limits per day from supplements (elemental iron), age 18 and over:",
        "  us         45 mg",
        "  eu         40 mg",
        "  strictest  40 mg",
        "",
        "Children's limits differ by age (us / eu / strictest):",
        "  age 0      40 mg / 5 mg / 5 mg",
        "  age 1-3    40 mg / 10 mg / 10 mg",
        "  age 4-6    40 mg / 15 mg / 15 mg",
        "  age 7-10   40 mg / 20 mg / 20 mg",
        "  age 11-13  40 mg / 30 mg / 30 mg",
        "  age 14     45 mg / 30 mg / 30 mg",
        "  age 15-17  45 mg / 35 mg / 35 mg",
    ]


def test_explain_cites_the_childrens_sources() -> None:
    text = explain_nutrient("vitamin_d", KB)
    assert "[efsa-vitamin-d-2023]" in text and "[iom-2011-vitamin-d]" in text


def test_explain_vitamin_b12_has_no_childrens_table() -> None:
    lines = _limit_lines("vitamin_b12")
    assert "  strictest  none set" in lines
    assert not any(line.startswith("Children's") for line in lines)
