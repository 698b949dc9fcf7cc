"""What the diary says on a day: the profile the diary's assessment assesses, and the data the
trend, effect and report analyse. Pure functions over the store's records (no queries here).

The profile for a day is the stored basics plus:
- labs: per test the latest result up to that day (the spec's staleness rule then applies), and
  the latest serum iron and TIBC of one day, from which the engine can derive a TSAT;
- supplements: every period that covers that day;
- symptoms: of the last `symptom_days` days (knowledge `diary_assess.yaml`), each score's latest
  value, and leg cramps when any of those days had them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from ekbom.diary_analysis.records import DiaryData, LabPoint, SupplementPeriod, SymptomDay
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.vocabulary import TSAT_PARTS
from ekbom.store.basics import Basics
from ekbom.store.entries import SCORES, Entry, LabEntry, SupplementEntry, SymptomEntry


class DiaryProfile(NamedTuple):
    """The profile for a day, and which entries became its `labs` (in the same order)."""

    profile: dict[str, Any]
    labs: tuple[LabEntry, ...]


def diary_profile(
    basics: Basics, entries: Iterable[Entry], *, as_of: date, symptom_days: int
) -> DiaryProfile:
    """The profile (a mapping in the format of spec assessment-v1 §1) for `as_of`."""
    profile = basics.profile(as_of)
    profile["as_of"] = as_of.isoformat()
    labs: list[LabEntry] = []
    symptoms: list[SymptomEntry] = []
    taken: list[SupplementEntry] = []
    since = as_of - timedelta(days=symptom_days - 1)
    for entry in sorted(entries, key=_order):
        if entry.day > as_of:
            continue
        if isinstance(entry, LabEntry):
            labs.append(entry)
        elif isinstance(entry, SymptomEntry):
            if entry.day >= since:
                symptoms.append(entry)
        elif entry.covers(as_of):
            taken.append(entry)
    used = latest_labs(labs)
    profile["labs"] = [_lab(entry) for entry in used]
    profile["supplements"] = [_supplement(entry) for entry in taken]
    scores = _scores(symptoms)
    if scores:
        profile["symptoms"] = {**profile.get("symptoms", {}), **scores}
    return DiaryProfile({key: value for key, value in profile.items() if value != []}, tuple(used))


def latest_labs(labs: list[LabEntry]) -> list[LabEntry]:
    """Per test the latest result (the last saved wins a tie), and the latest same-day pair of
    serum iron and TIBC; in date order. `labs` must be in (day, id) order."""
    chosen = {entry.test: entry for entry in labs}
    days = {test: {e.day: e for e in labs if e.test == test} for test in TSAT_PARTS}
    shared = set(days[TSAT_PARTS[0]]) & set(days[TSAT_PARTS[1]])
    keep = {id(entry) for entry in chosen.values()}
    if shared:
        pair_day = max(shared)
        keep.update(id(days[test][pair_day]) for test in TSAT_PARTS)
    return [entry for entry in labs if id(entry) in keep]


def _order(entry: Entry) -> tuple[date, int]:
    return entry.day, entry.stamp.id or 0


def _lab(entry: LabEntry) -> dict[str, Any]:
    return {
        "test": entry.test,
        "value": entry.value,
        "unit": entry.unit,
        "date": entry.day.isoformat(),
    }


def _supplement(entry: SupplementEntry) -> dict[str, Any]:
    return {
        "nutrient": entry.nutrient,
        "amount": entry.amount,
        "unit": entry.unit,
        "per": entry.per,
    }


def _scores(entries: list[SymptomEntry]) -> dict[str, Any]:
    scores: dict[str, Any] = {}
    for entry in entries:  # in date order: later days overwrite earlier ones
        for key in SCORES:
            value = getattr(entry, key)
            if value is not None and key != "leg_cramps":
                scores[key] = value
    cramps = [entry.leg_cramps for entry in entries if entry.leg_cramps is not None]
    if cramps:
        scores["leg_cramps"] = any(cramps)
    return scores


def canonical(entry: LabEntry, knowledge: Knowledge) -> float:
    """A lab value in its test's canonical unit (the unit was checked when it was saved)."""
    return entry.value * knowledge.tests[entry.test].units[entry.unit]


def diary_data(
    basics: Basics, entries: Iterable[Entry], *, as_of: date, knowledge: Knowledge
) -> DiaryData:
    """The `ekbom.diary_analysis.DiaryData` of the diary up to `as_of` (labs in canonical units,
    one symptom record per day, supplement periods as logged)."""
    labs: list[LabPoint] = []
    days: list[SymptomDay] = []
    periods: list[SupplementPeriod] = []
    for entry in sorted(entries, key=_order):
        if entry.day > as_of:
            continue
        if isinstance(entry, LabEntry):
            unit = knowledge.tests[entry.test].canonical
            value = canonical(entry, knowledge)
            labs.append(LabPoint(entry.test, value, unit, entry.day, entry.value, entry.unit))
        elif isinstance(entry, SymptomEntry):
            irls = float(entry.irls_score) if entry.irls_score is not None else None
            days.append(
                SymptomDay(
                    entry.day, entry.severity_nrs, irls, entry.nights_per_week, entry.leg_cramps
                )
            )
        else:
            periods.append(
                SupplementPeriod(
                    entry.nutrient, entry.amount, entry.unit, entry.per, entry.day, entry.ended_on
                )
            )
    profile = basics.profile(as_of)
    return DiaryData(profile, tuple(labs), tuple(days), tuple(periods))
