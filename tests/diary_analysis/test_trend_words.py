"""The trend sentence beside each chart of the diary page: first → last value, the span in
days, weeks, months or years, the unit the person logged; one value and no change said plainly."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from ekbom.diary_analysis import DiaryData, LabPoint, SymptomDay
from ekbom.diary_analysis.trend_words import SYMPTOMS, span_text, trend_sentences
from ekbom.errors import KnowledgeError
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.trend_words import load_trend_words
from tests.diary_analysis.test_diary_knowledge import copy_knowledge, edit

START = date(2026, 1, 10)
KB = load_knowledge()
WORDS = load_trend_words()


def ferritin(day: date, value: float, unit: str = "ng/mL") -> LabPoint:
    return LabPoint("ferritin", value, "ug/L", day, value, unit)


def vitamin_d(day: date, ng_ml: float, unit: str) -> LabPoint:
    """Vitamin D stored in nmol/L (1 ng/mL = 2.496 nmol/L), logged in `unit`."""
    nmol = ng_ml * KB.tests["vitamin_d"].units["ng/mL"]
    return LabPoint("vitamin_d", nmol, "nmol/L", day, ng_ml if unit == "ng/mL" else nmol, unit)


def labs(*points: LabPoint) -> dict[str, list[str]]:
    return trend_sentences(DiaryData(labs=points), KB)


def test_two_ferritin_results_five_months_apart() -> None:
    later = START + timedelta(days=153)
    said = labs(ferritin(later, 40), ferritin(START, 31))  # order of the diary does not matter
    assert said == {"ferritin": ["Ferritin (iron stores) 31 → 40 ng/mL in 5 months"]}


def test_one_result_asks_for_another() -> None:
    assert labs(ferritin(START, 31)) == {
        "ferritin": [
            "Ferritin (iron stores) 31 ng/mL on 2026-01-10; add another result to see a trend"
        ]
    }


def test_two_results_on_one_day_are_one_value() -> None:
    (text,) = labs(ferritin(START, 31), ferritin(START, 33))["ferritin"]
    assert text.startswith("Ferritin (iron stores) 33 ng/mL on 2026-01-10")


def test_same_value_says_it_stayed() -> None:
    said = labs(ferritin(START, 40), ferritin(START + timedelta(days=21), 40))
    assert said["ferritin"] == ["Ferritin (iron stores) stayed at 40 ng/mL for 3 weeks"]


def test_values_are_said_in_the_unit_logged_last() -> None:
    """The first result, logged in nmol/L, is converted to the ng/mL of the latest one."""
    first = vitamin_d(START, 20, "nmol/L")
    last = vitamin_d(START + timedelta(days=400), 30, "ng/mL")
    name = "Vitamin D (25-OH vitamin D)"
    assert labs(first, last)["vitamin_d"] == [f"{name} 20 → 30 ng/mL in 13 months"]
    back = vitamin_d(START + timedelta(days=800), 30, "nmol/L")
    assert labs(last, back)["vitamin_d"] == [f"{name} stayed at 74.9 nmol/L for 13 months"]


def test_micrograms_are_written_with_the_micro_sign() -> None:
    points = (
        LabPoint("ferritin", 31, "ug/L", START),
        LabPoint("ferritin", 45, "ug/L", START + timedelta(days=3)),
    )
    assert labs(*points)["ferritin"] == ["Ferritin (iron stores) 31 → 45 µg/L in 3 days"]


def test_a_percent_is_written_against_its_number() -> None:
    points = (
        LabPoint("tsat", 9, "%", START, 9, "%"),
        LabPoint("tsat", 26, "%", START + timedelta(days=90), 26, "%"),
    )
    assert labs(*points)["tsat"] == ["Transferrin saturation (TSAT) 9 → 26% in 3 months"]
    (one,) = labs(points[0])["tsat"]
    assert one.startswith("Transferrin saturation (TSAT) 9% on 2026-01-10")


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (1, "1 day"),
        (13, "13 days"),
        (14, "2 weeks"),
        (60, "9 weeks"),
        (61, "2 months"),
        (45 * 30, "4 years"),
        (729, "24 months"),
        (730, "2 years"),
        (365 * 3 + 200, "4 years"),
    ],
)
def test_span_wording_and_plural(days: int, said: str) -> None:
    assert span_text(days, WORDS) == said


def test_symptoms_compare_the_first_and_last_weeks_averages() -> None:
    """Severity 8 and 6 in the first week (average 7), 4 in the last: 7 → 4 in 6 weeks."""
    days = (
        SymptomDay(START, nrs=8, nights=5),
        SymptomDay(START + timedelta(days=6), nrs=6),
        SymptomDay(START + timedelta(days=20), nrs=9),  # in neither week
        SymptomDay(START + timedelta(days=42), nrs=4, nights=5),
    )
    said = trend_sentences(DiaryData(symptoms=days), KB)
    assert said == {
        SYMPTOMS: [
            "Severity 7 → 4 of 10 in 6 weeks",
            "Nights with symptoms stayed at 5 a week for 6 weeks",
        ]
    }


def test_one_symptom_day_and_no_data() -> None:
    said = trend_sentences(DiaryData(symptoms=(SymptomDay(START, irls=22.5),)), KB)
    assert said == {
        SYMPTOMS: ["IRLS score 22.5 of 40 on 2026-01-10; add another result to see a trend"]
    }
    assert trend_sentences(DiaryData(), KB) == {}


@pytest.mark.parametrize(
    ("old", "new", "check"),
    [
        ("in {span}", "in {spn}", "placeholder"),
        ("{below: 61, days: 7,", "{days: 7,", "missing-key"),
        ("{below: 730,", "{below: 50,", "range"),
        ("average_days: 7", "average_days: 0", "range"),
        ("  nights: {name", "  night: {name", "unknown-key"),
    ],
)
def test_trend_words_file_is_read_strictly(tmp_path: Path, old: str, new: str, check: str) -> None:
    folder = copy_knowledge(tmp_path)
    line = edit(folder, "trend_words.yaml", old, new)
    with pytest.raises(KnowledgeError) as caught:
        load_trend_words(folder)
    found = {(i.check, i.line) for i in caught.value.issues}
    assert any(c == check for c, _ in found), found
    assert any(n == line for _, n in found), (line, found)
