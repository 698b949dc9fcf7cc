"""Diary entries as plain records. The store keeps them as they are given: their rules (units,
lab tests, nutrient names, dates) are checked before by `ekbom.diary.entry_rules`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

KINDS = ("lab", "symptoms", "supplement")
"""The kinds of entry the store keeps (the knowledge vocabulary's ENTRY_KINDS names them for
the shells; a test keeps the two equal, as the store is not to import the knowledge)."""

SCORES = ("leg_cramps", "irls_score", "severity_nrs", "nights_per_week")
"""The symptom scores a diary day holds (the profile's symptom keys without the two that are
not day scores; a test keeps them equal)."""
FIELDS: dict[str, tuple[str, ...]] = {
    "lab": ("date", "test", "value", "unit", "note"),
    "symptoms": ("date", *SCORES, "note"),
    "supplement": ("from", "to", "nutrient", "amount", "unit", "per", "note"),
}
NOTE_MAX = 2000


class Stamp(NamedTuple):
    """A stored entry's id and times (UTC); None for an entry not saved yet."""

    id: int | None = None
    recorded_at: datetime | None = None
    updated_at: datetime | None = None


UNSAVED = Stamp()


class LabEntry(NamedTuple):
    """A lab result as reported: `unit` is the accepted spelling of the unit written."""

    day: date
    test: str
    value: float
    unit: str
    note: str | None = None
    stamp: Stamp = Stamp()

    @property
    def kind(self) -> str:
        return "lab"

    def fields(self) -> dict[str, Any]:
        return {
            "date": self.day,
            "test": self.test,
            "value": self.value,
            "unit": self.unit,
            "note": self.note,
        }


class SymptomEntry(NamedTuple):
    """One day's symptom scores (each may be missing, at least one is there)."""

    day: date
    severity_nrs: float | None = None
    irls_score: int | None = None
    nights_per_week: int | None = None
    leg_cramps: bool | None = None
    note: str | None = None
    stamp: Stamp = Stamp()

    @property
    def kind(self) -> str:
        return "symptoms"

    def fields(self) -> dict[str, Any]:
        return {"date": self.day, **{key: getattr(self, key) for key in SCORES}, "note": self.note}


class SupplementEntry(NamedTuple):
    """A supplement taken from `day` through `ended_on` (the last day; None while ongoing)."""

    day: date
    nutrient: str
    amount: float
    unit: str
    per: str = "day"
    ended_on: date | None = None
    note: str | None = None
    stamp: Stamp = Stamp()

    @property
    def kind(self) -> str:
        return "supplement"

    def fields(self) -> dict[str, Any]:
        return {
            "from": self.day,
            "to": self.ended_on,
            "nutrient": self.nutrient,
            "amount": self.amount,
            "unit": self.unit,
            "per": self.per,
            "note": self.note,
        }

    def covers(self, day: date) -> bool:
        """Whether the supplement was taken on `day`."""
        return self.day <= day and (self.ended_on is None or day <= self.ended_on)


Entry = LabEntry | SymptomEntry | SupplementEntry
