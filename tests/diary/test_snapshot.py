"""What the diary says on a day: the profile for `assess --diary` and the analysis data."""

from __future__ import annotations

from datetime import date, timedelta

import ekbom
from ekbom.diary.snapshot import diary_data, diary_profile
from ekbom.knowledge.loader import load_knowledge
from ekbom.store import Basics, LabEntry, Stamp, SupplementEntry, SymptomEntry

DAY = date(2026, 11, 28)
BASICS = Basics(
    age=52,
    age_on=date(2025, 11, 28),
    sex="female",
    medications=("Zoloft",),
    rls_criteria={"urge_to_move": True},
    smoker=False,
)


def lab(n: int, test: str, value: float, unit: str, day: date) -> LabEntry:
    return LabEntry(day, test, value, unit, stamp=Stamp(n))


def test_profile_takes_the_latest_result_of_each_test_and_ages_the_basics() -> None:
    entries = [
        lab(1, "ferritin", 30, "ng/mL", DAY - timedelta(days=400)),
        lab(2, "ferritin", 48, "ng/mL", DAY - timedelta(days=30)),
        lab(3, "ferritin", 50, "ng/mL", DAY - timedelta(days=30)),  # same day, saved later
        lab(4, "ferritin", 99, "ng/mL", DAY + timedelta(days=1)),  # after the day: left out
        lab(5, "vitamin_d", 18, "ng/mL", DAY - timedelta(days=400)),  # stale, still passed on
    ]
    profile = diary_profile(BASICS, entries, as_of=DAY, symptom_days=28).profile
    assert profile["age"] == 53 and profile["as_of"] == "2026-11-28"
    assert [(x["test"], x["value"]) for x in profile["labs"]] == [
        ("vitamin_d", 18),
        ("ferritin", 50),
    ]
    assessment = ekbom.assess(profile).to_dict()
    statuses = {row["test"]: row["status"] for row in assessment["labs"]}
    assert statuses == {"vitamin_d": "stale", "ferritin": "current"}


def test_profile_keeps_the_latest_same_day_iron_and_tibc_for_a_derived_tsat() -> None:
    old = DAY - timedelta(days=60)
    entries = [
        lab(1, "serum_iron", 60, "ug/dL", old),
        lab(2, "tibc", 400, "ug/dL", old),
        lab(3, "serum_iron", 70, "ug/dL", DAY - timedelta(days=10)),  # no TIBC that day
        lab(4, "ferritin", 40, "ng/mL", old),
    ]
    profile = diary_profile(BASICS, entries, as_of=DAY, symptom_days=28).profile
    assert [x["test"] for x in profile["labs"]] == ["serum_iron", "tibc", "ferritin", "serum_iron"]
    rows = ekbom.assess(profile).to_dict()["labs"]
    tsat = next(row for row in rows if row["test"] == "tsat")
    assert tsat["derived"] and tsat["value"] == 15.0


def test_profile_symptoms_come_from_the_window_and_cramps_from_any_day() -> None:
    entries = [
        SymptomEntry(DAY - timedelta(days=40), severity_nrs=9, irls_score=35, leg_cramps=True),
        SymptomEntry(DAY - timedelta(days=20), severity_nrs=5, leg_cramps=True),
        SymptomEntry(DAY - timedelta(days=2), severity_nrs=4, nights_per_week=3, leg_cramps=False),
    ]
    profile = diary_profile(BASICS, entries, as_of=DAY, symptom_days=28).profile
    assert profile["symptoms"] == {
        "rls_criteria": {"urge_to_move": True},
        "severity_nrs": 4,
        "nights_per_week": 3,
        "leg_cramps": True,
    }
    empty = diary_profile(BASICS, entries[:1], as_of=DAY, symptom_days=28).profile
    assert empty["symptoms"] == {"rls_criteria": {"urge_to_move": True}}


def test_profile_supplements_are_those_taken_that_day() -> None:
    entries = [
        SupplementEntry(DAY - timedelta(days=90), "iron", 65, "mg", ended_on=DAY - timedelta(1)),
        SupplementEntry(DAY - timedelta(days=10), "magnesium", 1400, "mg", "week"),
        SupplementEntry(DAY, "vitamin_d", 1000, "IU"),
    ]
    profile = diary_profile(BASICS, entries, as_of=DAY, symptom_days=28).profile
    assert profile["supplements"] == [
        {"nutrient": "magnesium", "amount": 1400, "unit": "mg", "per": "week"},
        {"nutrient": "vitamin_d", "amount": 1000, "unit": "IU", "per": "day"},
    ]
    earlier = diary_profile(BASICS, entries, as_of=DAY - timedelta(days=30), symptom_days=28)
    assert [s["nutrient"] for s in earlier.profile["supplements"]] == ["iron"]


def test_analysis_data_has_labs_in_canonical_units_and_every_record() -> None:
    entries = [
        lab(1, "vitamin_d", 20, "ng/mL", DAY - timedelta(days=5)),
        SymptomEntry(DAY - timedelta(days=3), severity_nrs=4, irls_score=20),
        SupplementEntry(DAY - timedelta(days=9), "iron", 65, "mg"),
        lab(2, "ferritin", 1, "ng/mL", DAY + timedelta(days=3)),  # after as_of
    ]
    data = diary_data(BASICS, entries, as_of=DAY, knowledge=load_knowledge())
    (point,) = data.labs
    assert (point.test, round(point.value, 2), point.unit) == ("vitamin_d", 49.92, "nmol/L")
    assert data.symptoms[0].nrs == 4 and data.symptoms[0].irls == 20.0
    assert data.supplements[0].start == DAY - timedelta(days=9)
    assert data.profile["age"] == 53
