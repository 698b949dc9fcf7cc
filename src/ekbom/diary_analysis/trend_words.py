"""The trend sentence beside each chart of the diary page: "Ferritin 31 → 40 ng/mL in 5 months",
"Severity 7 → 4 of 10 in 6 weeks". Pure: the words come from `trend_words.yaml`
(`ekbom.knowledge.trend_words`), the numbers from a `DiaryData`.

A lab's values are said in the unit the person logged most recently (an earlier result logged in
another unit is converted to it); a symptom score's first and last values are the averages of the
scored days in its first and last `average_days` days.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from statistics import fmean

from ekbom.diary_analysis.records import DiaryData, LabPoint, SymptomDay
from ekbom.diary_analysis.trend import display_unit
from ekbom.knowledge.models import Knowledge, LabTest
from ekbom.knowledge.trend_words import TrendWords, load_trend_words
from ekbom.knowledge.units import match_unit
from ekbom.presenter import capitalised, number

SYMPTOMS = "symptoms"
"""The panel id of the symptom chart (the others are lab test ids)."""


def trend_sentences(
    data: DiaryData, knowledge: Knowledge, words: TrendWords | None = None
) -> dict[str, list[str]]:
    """The sentences of each chart: by lab test id (tests in labs.yaml order) and `SYMPTOMS`
    (one per score logged: severity, IRLS, nights). A chart with no values has no entry."""
    said = words or load_trend_words()
    result: dict[str, list[str]] = {}
    for test in knowledge.tests.values():
        points = [p for p in data.labs if p.test == test.id]
        if points:
            result[test.id] = [lab_sentence(points, test, said)]
    scores = symptom_sentences(data.symptoms, said)
    if scores:
        result[SYMPTOMS] = scores
    return result


def lab_sentence(points: Sequence[LabPoint], test: LabTest, words: TrendWords) -> str:
    """The trend of one lab test's results, in the unit of the latest result as logged."""
    ordered = sorted(points, key=lambda p: p.date)
    first, last = ordered[0], ordered[-1]
    unit = last.given_unit or last.unit
    return sentence(
        words,
        capitalised(test.plain),
        (first.date, _in_unit(first, unit, test)),
        (last.date, _in_unit(last, unit, test)),
        display_unit(unit),
    )


def symptom_sentences(days: Sequence[SymptomDay], words: TrendWords) -> list[str]:
    """One sentence per symptom score logged (in the order of `trend_words.yaml`'s scores)."""
    found: list[str] = []
    for score, said in words.scores.items():
        scored = sorted(
            (d.date, float(v)) for d in days if (v := getattr(d, score, None)) is not None
        )
        if not scored:
            continue
        first_day, last_day = scored[0][0], scored[-1][0]
        start = [v for day, v in scored if (day - first_day).days < words.average_days]
        end = [v for day, v in scored if (last_day - day).days < words.average_days]
        found.append(
            sentence(words, said.name, (first_day, fmean(start)), (last_day, fmean(end)), said.unit)
        )
    return found


def sentence(
    words: TrendWords, name: str, first: tuple[date, float], last: tuple[date, float], unit: str
) -> str:
    """'{name} {first} → {last} {unit} in {span}', or the `same` or `one` sentence."""
    shown_first, shown_last = _shown(first[1]), _shown(last[1])
    days = (last[0] - first[0]).days
    if days <= 0:
        said = words.sentences["one"].format(
            name=name, last=shown_last, unit=unit, day=last[0].isoformat()
        )
        return _percent_glued(said, unit)
    key = "same" if shown_first == shown_last else "change"
    text = words.sentences[key].format(
        name=name, first=shown_first, last=shown_last, unit=unit, span=span_text(days, words)
    )
    return _percent_glued(text, unit)


def _percent_glued(text: str, unit: str) -> str:
    """'26 %' as '26%', as the report's lab table writes it."""
    return text.replace(" %", "%") if unit == "%" else text


def span_text(days: int, words: TrendWords) -> str:
    """A span of days as people say it: '10 days', '6 weeks', '5 months', '1 year'."""
    for span in words.spans:
        if span.below is None or days < span.below:
            count = max(1, int(days / span.days + 0.5))
            return f"{count} {span.one if count == 1 else span.many}"
    raise AssertionError("trend_words.yaml's last span takes every span")  # checked at load


def _in_unit(point: LabPoint, unit: str, test: LabTest) -> float:
    """The point's value in `unit` (canonical value = value in a unit * that unit's factor)."""
    if point.given_unit == unit and point.given_value is not None:
        return point.given_value
    spelling = match_unit(unit, test.units)
    factor = test.units.get(spelling) if spelling is not None else None
    return point.value / factor if factor else point.value


def _shown(value: float) -> str:
    return number(round(value, 1))
