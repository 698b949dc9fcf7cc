"""A lone diary entry and the basics are checked without inventing a person (issue 12): the
profile parser reads their sections with age and sex optional, and `parse_profile` is never run."""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

import pytest

import ekbom.profile.parsing
from ekbom.diary.basics_rules import validate_basics
from ekbom.diary.entry_rules import check, validate
from ekbom.errors import EntryError, ProfileError
from ekbom.profile import parse_profile, parse_sections

TODAY = date(2026, 11, 28)


@pytest.fixture
def no_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any call of parse_profile (wherever imported from) fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise AssertionError(f"parse_profile was called with {args[:1]}")

    monkeypatch.setattr(ekbom.profile.parsing, "parse_profile", refuse)
    monkeypatch.setattr(ekbom.profile, "parse_profile", refuse)
    for module in ("ekbom.diary.entry_rules", "ekbom.diary.basics_rules"):
        monkeypatch.setattr(f"{module}.parse_profile", refuse, raising=False)


@pytest.mark.usefixtures("no_profile")
def test_entries_are_checked_without_parsing_a_profile() -> None:
    lab = validate(
        "lab",
        {"date": "2026-10-01", "test": "ferritin", "value": 40, "unit": "ng/mL"},
        today=TODAY,
    )
    assert lab.kind == "lab"
    taken = {"from": "2026-10-01", "nutrient": "magnesium", "amount": 200, "unit": "mg"}
    assert validate("supplement", taken, today=TODAY).kind == "supplement"
    assert validate("symptoms", {"date": "2026-10-01", "irls_score": 12}, today=TODAY)
    entry, problems = check(
        "lab", {"date": "2026-10-01", "test": "ferritin", "value": 40, "unit": "kg"}, today=TODAY
    )
    assert entry is None
    assert [p.location for p in problems] == ["unit"]


@pytest.mark.usefixtures("no_profile")
def test_basics_are_checked_without_parsing_a_profile() -> None:
    basics = validate_basics({"diet": "vegan", "smoker": True}, today=TODAY)
    assert (basics.age, basics.sex, basics.diet, basics.smoker) == (None, None, "vegan", True)


def test_basics_pregnant_with_no_sex_are_kept_without_a_sex() -> None:
    """Nothing invents 'female': the basics stay sexless, and a profile still asks for the sex."""
    basics = validate_basics({"pregnant": True, "pregnancy_trimester": 2}, today=TODAY)
    assert (basics.sex, basics.pregnant, basics.pregnancy_trimester) == (None, True, 2)
    with pytest.raises(ProfileError) as caught:
        parse_profile({"age": 30, "pregnant": True})
    assert [p.location for p in caught.value.problems] == ["sex"]


def test_basics_pregnant_with_sex_male_are_refused() -> None:
    with pytest.raises(EntryError, match="contradicts 'sex: male'") as caught:
        validate_basics({"sex": "male", "pregnant": True}, today=TODAY)
    assert [p.location for p in caught.value.problems] == ["pregnant"]


def test_basics_with_a_bad_age_are_refused_with_the_profile_message() -> None:
    with pytest.raises(EntryError) as caught:
        validate_basics({"age": 130}, today=TODAY)
    assert [p.location for p in caught.value.problems] == ["age"]


def test_parse_sections_reads_parts_without_age_and_sex_and_lists_problems() -> None:
    sections, problems = parse_sections({"diet": "vegan", "labs": [{"test": "ferritin"}]})
    assert (sections.age, sections.sex, sections.diet) == (None, None, "vegan")
    assert [p.location for p in problems] == ["labs[0].value", "labs[0].unit"]
    _, problems = parse_sections(["not", "a", "mapping"])
    assert [p.location for p in problems] == ["profile"]


def test_parse_profile_still_requires_age_and_sex() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"diet": "vegan"})
    assert [p.location for p in caught.value.problems] == ["age", "sex"]
