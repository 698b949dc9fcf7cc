"""What a profile holds (spec assessment-v1 §1): its keys, the allowed values, the `Profile` that
parsing builds, and the small readers of dates and value kinds the parser and its callers share."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, NamedTuple

from ekbom.knowledge.language import CRITERIA as CRITERIA
from ekbom.knowledge.language import LIFESTYLE_KEYS as LIFESTYLE_KEYS
from ekbom.knowledge.vocabulary import DIETS as DIETS
from ekbom.knowledge.vocabulary import POLICIES as POLICIES

TOP_KEYS = (
    "as_of",
    "age",
    "sex",
    "pregnant",
    "pregnancy_trimester",
    "postmenopausal",
    "diet",
    "conditions",
    "medications",
    "supplements",
    "labs",
    "symptoms",
    "lifestyle",
    "limits",
)
LAB_KEYS = ("test", "value", "unit", "date")
SUPPLEMENT_KEYS = ("nutrient", "amount", "unit", "per")
SYMPTOM_KEYS = (
    "leg_cramps",
    "night_muscle_irritability",
    "irls_score",
    "severity_nrs",
    "nights_per_week",
    "rls_criteria",
)
SEXES = ("female", "male")
PERIODS = ("day", "week")
SUPPLEMENT_UNITS = ("mg", "ug", "g", "IU")
MINUTES_PER_WEEK = 7 * 24 * 60


_EMPTY: Mapping[str, Any] = MappingProxyType({})


class LabResult(NamedTuple):
    """One lab entry: as reported and converted to the test's canonical unit."""

    test: str
    reported_value: float
    reported_unit: str
    value: float
    unit: str
    date: date | None
    position: int  # where the entry stands in the profile's labs list


class Supplement(NamedTuple):
    """What a person takes now; `daily` is the amount per day in the nutrient's limit unit."""

    nutrient: str
    amount: float
    unit: str
    per: str
    daily: float


class Profile(NamedTuple):
    """A validated profile. Build one with `parse_profile`."""

    age: int
    sex: str
    as_of: date | None = None
    pregnant: bool = False
    pregnancy_trimester: int | None = None
    postmenopausal: bool = False
    diet: str | None = None
    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    supplements: tuple[Supplement, ...] = ()
    labs: tuple[LabResult, ...] = ()
    symptoms: Mapping[str, Any] = _EMPTY
    lifestyle: Mapping[str, Any] = _EMPTY
    limits: str | None = None


class Sections(NamedTuple):
    """A profile's parts as `parse_sections` reads them: age and sex may be missing.

    The diary checks a lone entry or its basics with it, so no person is invented to carry them.
    """

    age: int | None = None
    sex: str | None = None
    as_of: date | None = None
    pregnant: bool = False
    pregnancy_trimester: int | None = None
    postmenopausal: bool = False
    diet: str | None = None
    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    supplements: tuple[Supplement, ...] = ()
    labs: tuple[LabResult, ...] = ()
    symptoms: Mapping[str, Any] = _EMPTY
    lifestyle: Mapping[str, Any] = _EMPTY
    limits: str | None = None


def parse_date(value: Any) -> date | None:
    """A date from a `date`, a `datetime` or an ISO `YYYY-MM-DD` string; None if it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def future_date_message(when: date, as_of: date) -> str:
    return f"{when} is after the assessment date {as_of}; check the date"


def kind_of(value: Any) -> str:
    """What a value is, in the words a profile's author uses ('a list', 'text', 'a number')."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"
