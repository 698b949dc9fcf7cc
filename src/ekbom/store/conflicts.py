"""Rules an entry must keep with what its diary holds already (checked inside the write
transaction; other diaries of the same store never count).

- One symptom entry per day (the database enforces it too, with a unique index).
- Periods of one nutrient do not overlap, so "stop iron" and "what was taken that day" have one
  answer; a change of dose is a new period after the old one ends.
- Serum iron and TIBC of one day must give a possible transferrin saturation: the store finds the
  same-day partner and hands both to the caller's `pair_check` (the diary package passes the
  engine's TSAT rule; the store itself imports no engine).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from ekbom.errors import Clash, ConflictError
from ekbom.store.entries import Entry, LabEntry, SupplementEntry, SymptomEntry
from ekbom.store.rows import to_entry
from ekbom.store.session import owner_of
from ekbom.store.tables import EntryTable, LabTable, ProfileTable, SupplementTable, SymptomsTable

_PARTNER = {"serum_iron": "tibc", "tibc": "serum_iron"}  # the store imports no knowledge

# (the lab entry being saved, the latest stored partner of the same day): raises EntryError when
# the two cannot both be true.
PairCheck = Callable[[LabEntry, LabEntry], None]


def check_conflicts(
    session: Session, entry: Entry, where: str, pair_check: PairCheck | None = None
) -> None:
    """Raise ConflictError (or the EntryError of `pair_check`) when `entry` does not fit the
    stored entries."""
    if isinstance(entry, SymptomEntry):
        _one_symptom_entry_a_day(session, entry, where)
    elif isinstance(entry, SupplementEntry):
        _no_overlap(session, entry, where)
    elif entry.test in _PARTNER and pair_check is not None:
        partner = _same_day_partner(session, entry)
        if partner is not None:
            pair_check(entry, partner)


def require_empty(session: Session, where: str) -> None:
    owner = owner_of(session)
    count = select(func.count()).select_from(EntryTable).where(EntryTable.owner == owner)
    entries = session.scalar(count) or 0
    basics = session.get(ProfileTable, owner) is not None
    if entries or basics:
        raise ConflictError(
            f"the diary is not empty ({entries} {'entry' if entries == 1 else 'entries'}"
            f"{', and basics' if basics else ''})",
            where,
            problem="not_empty",
        )


def require_free_ids(session: Session, ids: list[int | None], where: str) -> None:
    """Imported entries keep their ids: none may be in use by another diary of the store."""
    wanted = [i for i in ids if i is not None]
    taken: list[int] = []
    for start in range(0, len(wanted), 500):  # bounded IN lists
        chunk = wanted[start : start + 500]
        taken += session.scalars(select(EntryTable.id).where(EntryTable.id.in_(chunk))).all()
    if taken:
        shown = ", ".join(str(i) for i in sorted(taken)[:5])
        more = f" and {len(taken) - 5} more" if len(taken) > 5 else ""
        raise ConflictError(
            f"{len(taken)} entry ids of the import ({shown}{more}) belong to another diary in "
            "this store (a web account's)",
            where,
            problem="ids_taken",
        )


def _one_symptom_entry_a_day(session: Session, entry: SymptomEntry, where: str) -> None:
    other = session.scalar(
        select(SymptomsTable.id).where(
            SymptomsTable.owner == owner_of(session),
            SymptomsTable.day == entry.day,
            _not_self(entry),
        )
    )
    if other is not None:
        raise ConflictError(
            f"symptoms for {entry.day} are already in the diary as entry {other}",
            where,
            Clash("symptoms", other, entry.day, "date"),
        )


def _no_overlap(session: Session, entry: SupplementEntry, where: str) -> None:
    last = entry.ended_on or date.max
    other = session.scalars(
        select(SupplementTable).where(
            SupplementTable.owner == owner_of(session),
            SupplementTable.nutrient == entry.nutrient,
            SupplementTable.day <= last,
            (SupplementTable.ended_on.is_(None)) | (SupplementTable.ended_on >= entry.day),
            _not_self(entry),
        )
    ).first()
    if other is None:
        return
    span = f"from {other.day} to {other.ended_on}" if other.ended_on else f"since {other.day}"
    raise ConflictError(
        f"{entry.nutrient} is already logged {span} (entry {other.id}), and periods of one "
        "nutrient cannot overlap",
        where,
        Clash("supplement", other.id, other.day, "from", other.nutrient, other.ended_on),
    )


def _same_day_partner(session: Session, entry: LabEntry) -> LabEntry | None:
    """The latest stored serum iron (for a TIBC) or TIBC (for a serum iron) of the entry's day."""
    partner = session.scalars(
        select(LabTable)
        .where(
            LabTable.owner == owner_of(session),
            LabTable.test == _PARTNER[entry.test],
            LabTable.day == entry.day,
        )
        .order_by(LabTable.id.desc())
    ).first()
    if partner is None:
        return None
    found = to_entry(partner)
    assert isinstance(found, LabEntry)
    return found


def _not_self(entry: Entry) -> ColumnElement[bool]:
    return EntryTable.id != entry.stamp.id if entry.stamp.id is not None else true()
