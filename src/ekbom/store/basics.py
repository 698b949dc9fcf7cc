"""The stored basics: the undated part of a profile (age, sex, conditions, medicines, habits …).

Kept flat (`smoker`, not `lifestyle.smoker`); checked before they are stored by
`ekbom.diary.basics_rules` with the profile parser, so a bad value gets the profile's message. `age`
was true on `age_on`; on another day the age is `age` plus the whole years in between (exact to the
year, which is all a profile holds).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, NamedTuple

LIFESTYLE_KEYS = (
    "caffeine_mg_per_day",
    "alcohol_drinks_per_week",
    "smoker",
    "exercise_minutes_per_week",
)
"""The profile's lifestyle keys, kept flat here (a test keeps them equal to the profile's)."""


class Basics(NamedTuple):
    """The stored basics; every field may be unset (None, or empty for the lists)."""

    age: int | None = None
    age_on: date | None = None
    sex: str | None = None
    pregnant: bool | None = None
    pregnancy_trimester: int | None = None
    postmenopausal: bool | None = None
    diet: str | None = None
    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    rls_criteria: Mapping[str, bool] = {}
    caffeine_mg_per_day: float | None = None
    alcohol_drinks_per_week: float | None = None
    smoker: bool | None = None
    exercise_minutes_per_week: float | None = None
    limits: str | None = None
    updated_at: datetime | None = None

    def values(self) -> dict[str, Any]:
        """The set fields, in the flat form of the export file (dates as dates)."""
        result: dict[str, Any] = {}
        for key in KEYS:
            value = getattr(self, key)
            if value not in (None, (), {}):
                result[key] = list(value) if isinstance(value, tuple) else value
        if "rls_criteria" in result:
            result["rls_criteria"] = dict(result["rls_criteria"])
        return result

    def age_on_day(self, day: date) -> int | None:
        """The age on `day`, counted on from the age given on `age_on`."""
        if self.age is None:
            return None
        since = self.age_on or day
        years = day.year - since.year - ((day.month, day.day) < (since.month, since.day))
        return max(0, self.age + years)

    def profile(self, day: date) -> dict[str, Any]:
        """The basics as profile keys for an assessment on `day` (nested as profiles nest)."""
        values = self.values()
        values.pop("age_on", None)
        if self.age is not None:
            values["age"] = self.age_on_day(day)
        return nest(values)


KEYS = tuple(field for field in Basics._fields if field != "updated_at")
"""The keys of the basics (flat, as stored and exported): every field but the time of change."""


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """Flat basics -> profile keys: habits under `lifestyle`, criteria under `symptoms`."""
    profile = {k: v for k, v in flat.items() if k not in LIFESTYLE_KEYS and k != "rls_criteria"}
    lifestyle = {k: flat[k] for k in LIFESTYLE_KEYS if flat.get(k) is not None}
    if lifestyle:
        profile["lifestyle"] = lifestyle
    if flat.get("rls_criteria"):
        profile["symptoms"] = {"rls_criteria": flat["rls_criteria"]}
    return profile


def merge(
    current: Basics, changes: Mapping[str, Any], unset: Iterable[str], *, today: date
) -> dict[str, Any]:
    """The flat values after `changes` and `unset`; a new age is dated today. New RLS criteria
    answers are added to the stored ones, unless `unset` names `rls_criteria` too: then they
    replace them (a form that asks all five at once)."""
    unset = set(unset)
    values = current.values()
    for key in unset:
        values.pop(key, None)
        if key == "age":
            values.pop("age_on", None)
    values.update({k: v for k, v in changes.items() if v is not None})
    if "age" in changes and changes["age"] is not None and "age_on" not in changes:
        values["age_on"] = today
    if (
        "rls_criteria" in changes
        and "rls_criteria" in current.values()
        and ("rls_criteria" not in unset)
    ):
        values["rls_criteria"] = {**current.rls_criteria, **changes["rls_criteria"]}
    return values
