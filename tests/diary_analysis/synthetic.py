"""Synthetic diaries with known properties, for the diary analysis tests.

Every series is generated from a fixed seed, so each test sees the same numbers on every run.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from ekbom.diary_analysis import DiaryData, LabPoint, SupplementPeriod, SymptomDay

START = date(2026, 3, 1)  # the day the supplement under test is started
AS_OF = date(2026, 11, 28)
ONE_DAY = timedelta(days=1)


def days_from(first: date, count: int) -> list[date]:
    return [first + i * ONE_DAY for i in range(count)]


def iid_scores(count: int, mean: float, sd: float, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    return [float(v) for v in rng.normal(mean, sd, count)]


def ar1_scores(count: int, mean: float, sd: float, phi: float, seed: int) -> list[float]:
    """An AR(1) series (each day = phi x yesterday + noise) with the given mean and spread."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(0.0, sd * (1 - phi**2) ** 0.5, count)
    values = [0.0] * count
    level = rng.normal(0.0, sd)
    for i in range(count):
        level = phi * level + noise[i]
        values[i] = mean + level
    return values


def symptom_series(
    first: date, values: list[float], *, field: str = "nrs"
) -> tuple[SymptomDay, ...]:
    return tuple(
        SymptomDay(day, **{field: value})
        for day, value in zip(days_from(first, len(values)), values, strict=True)
    )


def before_after(
    shift: float,
    *,
    nutrient: str = "iron",
    onset_days: int = 42,
    days: int = 56,
    sd: float = 1.0,
    seed: int = 7,
    supplements: tuple[SupplementPeriod, ...] = (),
) -> DiaryData:
    """Daily NRS for `days` days before START and from START + onset for `days` days.

    The after side is shifted by `shift`; the onset days in between score 10 (the worst), so a
    test can tell if they were wrongly counted.
    """
    before = symptom_series(START - days * ONE_DAY, iid_scores(days, 6.0, sd, seed))
    onset = symptom_series(START, [10.0] * onset_days)
    after_first = START + onset_days * ONE_DAY
    after = symptom_series(after_first, iid_scores(days, 6.0 + shift, sd, seed + 1))
    period = SupplementPeriod(nutrient, 65, "mg", "day", START)
    return DiaryData(
        profile={"age": 45, "sex": "female"},
        symptoms=before + onset + after,
        supplements=(period, *supplements),
    )


def ten_year_diary(seed: int = 3) -> DiaryData:
    """Ten years of daily scores, quarterly labs and three supplement periods."""
    rng = np.random.default_rng(seed)
    first = AS_OF - 3650 * ONE_DAY
    scores = ar1_scores(3650, 5.0, 1.5, 0.7, seed)
    symptoms = tuple(
        SymptomDay(day, nrs=round(min(10.0, max(0.0, v)), 1), nights=int(min(7, max(0, v))))
        for day, v in zip(days_from(first, 3650), scores, strict=True)
    )
    labs = []
    for k in range(0, 3650, 91):
        day = first + (k + 2) * ONE_DAY
        labs.append(LabPoint("ferritin", float(round(40 + rng.normal(30, 15))), "ug/L", day))
        labs.append(LabPoint("tsat", float(round(22 + rng.normal(0, 5))), "%", day))
    supplements = (
        SupplementPeriod("iron", 65, "mg", "day", first + 200 * ONE_DAY, first + 400 * ONE_DAY),
        SupplementPeriod("magnesium", 200, "mg", "day", first + 900 * ONE_DAY, None),
    )
    return DiaryData({"age": 60, "sex": "male"}, tuple(labs), symptoms, supplements)
