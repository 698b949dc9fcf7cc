"""The rules of the diary's basics, checked with the profile parser before the store saves them.

The basics may lack age and sex, so they are read with `parse_sections` (nothing is invented);
what is given is still checked together: a pregnancy with `sex: male` is refused. A pregnancy
with no sex given is kept as written: `parse_profile` still asks for the sex before any
assessment.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ekbom.diary.entry_rules import future_message
from ekbom.errors import EntryError, Problem
from ekbom.knowledge.models import Knowledge
from ekbom.profile import parse_date, parse_sections
from ekbom.store.basics import KEYS, Basics, nest


def validate_basics(
    flat: Mapping[str, Any],
    *,
    today: date,
    knowledge: Knowledge | None = None,
    what: str = "the basics",
) -> Basics:
    """Check flat basics with the profile parser; EntryError lists every problem."""
    problems = [
        Problem(str(key), f"unknown key; allowed keys: {', '.join(KEYS)}")
        for key in flat
        if key not in KEYS
    ]
    age_on = _age_on(flat, today, problems)
    profile_keys = nest({k: v for k, v in flat.items() if k in KEYS and k != "age_on"})
    parsed, found = parse_sections(profile_keys, knowledge)
    problems.extend(Problem(_flat_location(p.location), p.message) for p in found)
    if problems:
        raise EntryError(what, problems)
    lifestyle = parsed.lifestyle
    return Basics(
        age=parsed.age,
        age_on=age_on,
        sex=parsed.sex,
        pregnant=flat.get("pregnant"),
        pregnancy_trimester=parsed.pregnancy_trimester,
        postmenopausal=flat.get("postmenopausal"),
        diet=parsed.diet,
        conditions=parsed.conditions,
        medications=parsed.medications,
        rls_criteria=dict(parsed.symptoms.get("rls_criteria", {})),
        caffeine_mg_per_day=lifestyle.get("caffeine_mg_per_day"),
        alcohol_drinks_per_week=lifestyle.get("alcohol_drinks_per_week"),
        smoker=lifestyle.get("smoker"),
        exercise_minutes_per_week=lifestyle.get("exercise_minutes_per_week"),
        limits=parsed.limits,
    )


def _age_on(flat: Mapping[str, Any], today: date, problems: list[Problem]) -> date | None:
    value = flat.get("age_on")
    if value is None:
        if flat.get("age") is not None:
            return today
        return None
    when = parse_date(value)
    if when is None:
        problems.append(Problem("age_on", f"{value!r} is not a date; write it as YYYY-MM-DD"))
    elif when > today:
        problems.append(Problem("age_on", future_message(when, today)))
    return when


def _flat_location(location: str) -> str:
    """`lifestyle.smoker` -> `smoker`; `symptoms.rls_criteria.x` -> `rls_criteria.x`."""
    return location.removeprefix("lifestyle.").removeprefix("symptoms.")
