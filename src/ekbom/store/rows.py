"""Between table rows and the plain records the rest of ekbom uses (no queries here)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from ekbom.store.basics import KEYS, Basics
from ekbom.store.entries import Entry, LabEntry, Stamp, SupplementEntry, SymptomEntry
from ekbom.store.tables import EntryTable, LabTable, ProfileTable, SupplementTable, SymptomsTable

_TABLES: dict[str, type[EntryTable]] = {
    "lab": LabTable,
    "symptoms": SymptomsTable,
    "supplement": SupplementTable,
}


def to_entry(row: EntryTable) -> Entry:
    """The record of a stored entry row."""
    stamp = Stamp(row.id, row.recorded_at, row.updated_at)
    if isinstance(row, LabTable):
        return LabEntry(row.day, row.test, row.value, row.unit, row.note, stamp)
    if isinstance(row, SymptomsTable):
        return SymptomEntry(
            row.day,
            row.severity_nrs,
            row.irls_score,
            row.nights_per_week,
            row.leg_cramps,
            row.note,
            stamp,
        )
    assert isinstance(row, SupplementTable), row.kind
    return SupplementEntry(
        row.day, row.nutrient, row.amount, row.unit, row.per, row.ended_on, row.note, stamp
    )


def new_row(entry: Entry, when: datetime, owner: int) -> EntryTable:
    """A new row of `owner`'s diary for `entry`, keeping its id and times when it has them (an
    import)."""
    row = _TABLES[entry.kind](owner=owner)
    if entry.stamp.id is not None:
        row.id = entry.stamp.id
    row.recorded_at = entry.stamp.recorded_at or when
    apply(row, entry, entry.stamp.updated_at or when)
    return row


def apply(row: EntryTable, entry: Entry, when: datetime) -> None:
    """Copy the entry's values onto its row and mark the row updated at `when`."""
    row.day = entry.day
    row.note = entry.note
    row.updated_at = when
    if isinstance(entry, LabEntry) and isinstance(row, LabTable):
        row.test, row.value, row.unit = entry.test, entry.value, entry.unit
    elif isinstance(entry, SymptomEntry) and isinstance(row, SymptomsTable):
        row.severity_nrs = entry.severity_nrs
        row.irls_score = entry.irls_score
        row.nights_per_week = entry.nights_per_week
        row.leg_cramps = entry.leg_cramps
    elif isinstance(entry, SupplementEntry) and isinstance(row, SupplementTable):
        row.nutrient, row.amount, row.unit = entry.nutrient, entry.amount, entry.unit
        row.per, row.ended_on = entry.per, entry.ended_on
    else:  # pragma: no cover - callers pair rows and entries of one kind
        raise TypeError(f"a {entry.kind} entry does not fit a {row.kind} row")


def to_basics(row: ProfileTable) -> Basics:
    values = {key: getattr(row, key) for key in KEYS}
    values["conditions"] = tuple(row.conditions or ())
    values["medications"] = tuple(row.medications or ())
    values["rls_criteria"] = dict(row.rls_criteria or {})
    return Basics(**values, updated_at=row.updated_at)


def apply_basics(row: ProfileTable, basics: Basics, when: datetime) -> None:
    for key in KEYS:
        value = getattr(basics, key)
        if key in ("conditions", "medications"):
            value = list(value)
        elif key == "rls_criteria":
            value = dict(value)
        setattr(row, key, value)
    row.updated_at = when


def after_explicit_ids(session: Session) -> None:
    """After rows were written with their own ids, make PostgreSQL's id counter continue past
    them (SQLite's AUTOINCREMENT counter follows by itself)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('entry', 'id'), "
                "GREATEST((SELECT MAX(id) FROM entry), 1), (SELECT MAX(id) FROM entry) IS NOT NULL)"
            )
        )
