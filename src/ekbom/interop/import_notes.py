"""What the FHIR import says about what it read: a `Note` on something it could not use, and the
small readings those notes and the import share (the day of a date, a concept's first code and
how a concept reads)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple


class Note(NamedTuple):
    """Something in the input ekbom could not use, and where it is."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def day_of(value: Any) -> date | None:
    """The calendar day of a FHIR date or dateTime as written (None for a partial date)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def first_code(concept: Any) -> str | None:
    codings = concept.coding if concept is not None and concept.coding else []
    return codings[0].code if codings else None


def describe(concept: Any) -> str:
    """How a CodeableConcept reads in a note: its text, then its codings."""
    codings = [f"{c.system} {c.code}" for c in (concept.coding or []) if c.code] if concept else []
    text = concept.text if concept is not None else None
    if not text and concept is not None and concept.coding:
        text = concept.coding[0].display
    return f"'{text}' ({'; '.join(codings)})" if codings else f"'{text}'"
