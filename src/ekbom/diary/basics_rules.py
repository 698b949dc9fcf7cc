"""The rules of the diary's basics, checked with the profile parser before the store saves them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ekbom.diary.entry_rules import future_message
from ekbom.errors import EntryError, Problem, ProfileError
from ekbom.knowledge.models import Knowledge
from ekbom.profile import parse_date, parse_profile
from ekbom.store.basics import KEYS, Basics, nest

_CARRIER = {"age": 40, "sex": "female"}


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
    try:
        parsed = parse_profile({**_CARRIER, **profile_keys}, knowledge)
    except ProfileError as exc:
        problems.extend(Problem(_flat_location(p.location), p.message) for p in exc.problems)
    if problems:
        raise EntryError(what, problems)
    lifestyle = parsed.lifestyle
    return Basics(
        age=parsed.age if "age" in flat else None,
        age_on=age_on,
        sex=parsed.sex if "sex" in flat else None,
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
