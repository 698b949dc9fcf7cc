"""Reading and writing the diary: the only functions that commit.

Each function takes a Session and keyword-only arguments. The session belongs to one diary
(`Store.session(owner=...)`): every query here is limited to that owner's rows, so another diary's
entry id is "not found", exactly like an id that was never used. The store checks no entry rules: it
takes entries and basics already checked (`ekbom.diary.entries` checks them; a change comes as a
`revise` function that checks the changed value inside the transaction). Every write gets all it
needs first (so nothing half-written can remain), then runs as one transaction; on SQLite it starts
with BEGIN IMMEDIATE, so two ekbom processes writing at once take turns. Errors leave as ekbom
errors: EntryError (invalid input), NotFoundError, ConflictError and StoreError.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session, with_polymorphic

from ekbom.errors import NotFoundError
from ekbom.store import rows
from ekbom.store._errors import translate_errors
from ekbom.store.basics import Basics
from ekbom.store.conflicts import PairCheck, check_conflicts
from ekbom.store.entries import Entry
from ekbom.store.session import WRITE, owner_of
from ekbom.store.tables import (
    MAX_ENTRY_ID,
    EntryTable,
    LabTable,
    ProfileTable,
    SupplementTable,
    SymptomsTable,
)

Revision = Callable[[Entry], Entry]
"""The stored entry -> the changed entry, checked (EntryError when a rule is broken)."""
BasicsRevision = Callable[[Basics], Basics]
"""The stored basics -> the changed basics, checked (EntryError when a rule is broken)."""

_ALL = with_polymorphic(EntryTable, [LabTable, SymptomsTable, SupplementTable])


class Counts(NamedTuple):
    """How much the diary holds (for `ekbom db info`)."""

    lab: int
    symptoms: int
    supplement: int
    first_day: date | None
    last_day: date | None
    has_basics: bool


def now() -> datetime:
    """The current time in UTC, without a zone (how the diary stores times)."""
    return datetime.now(UTC).replace(tzinfo=None)


def where(session: Session) -> str:
    """Where the session's data is: the SQLite file, or the URL without its password."""
    url = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


@contextmanager
def writing(session: Session) -> Iterator[Session]:
    """One write transaction: committed at the end, rolled back on any error."""
    with translate_errors(where(session)), session.begin():
        session.connection(execution_options={WRITE: True})
        yield session


@contextmanager
def reading(session: Session) -> Iterator[Session]:
    """One read transaction (a consistent view of the diary)."""
    with translate_errors(where(session)), session.begin():
        yield session


# -- entries -------------------------------------------------------------------------------


def add_entry(session: Session, *, entry: Entry, pair_check: PairCheck | None = None) -> Entry:
    """Save one checked entry; returns it with its new id. `pair_check` judges a same-day
    serum iron and TIBC (`ekbom.diary.entries` passes the engine's TSAT rule)."""
    with writing(session):
        check_conflicts(session, entry, where(session), pair_check)
        row = rows.new_row(entry, now(), owner_of(session))
        session.add(row)
        session.flush()
        return rows.to_entry(row)


def stop_supplement(session: Session, *, nutrient: str, revise: Revision) -> Entry:
    """Change the open period of `nutrient` with `revise` (which ends it); NotFoundError if none
    is open."""
    with writing(session):
        row = session.scalars(
            select(SupplementTable).where(
                SupplementTable.owner == owner_of(session),
                SupplementTable.nutrient == nutrient,
                SupplementTable.ended_on.is_(None),
            )
        ).first()
        if row is None:
            raise NotFoundError(
                f"no open period of {nutrient} in the diary (it is not logged as taken now)",
                where(session),
                "no_open_period",
                {"nutrient": nutrient},
            )
        return _update(session, row, revise)


def update_entry(
    session: Session,
    *,
    entry_id: int,
    revise: Revision,
    pair_check: PairCheck | None = None,
) -> Entry:
    """Change an entry: `revise` gets the stored entry and returns the checked new one, which is
    checked against the others (with `pair_check`, as in `add_entry`) before anything is
    written."""
    with writing(session):
        row = _row(session, entry_id)
        return _update(session, row, revise, pair_check)


def _update(
    session: Session, row: EntryTable, revise: Revision, pair_check: PairCheck | None = None
) -> Entry:
    entry = revise(rows.to_entry(row))
    check_conflicts(session, entry, where(session), pair_check)
    rows.apply(row, entry, now())
    session.flush()
    return rows.to_entry(row)


def delete_entry(session: Session, *, entry_id: int) -> Entry:
    """Delete an entry; returns what was deleted."""
    with writing(session):
        row = _row(session, entry_id)
        entry = rows.to_entry(row)
        session.delete(row)
        return entry


def get_entry(session: Session, *, entry_id: int) -> Entry:
    with reading(session):
        return rows.to_entry(_row(session, entry_id))


def list_entries(
    session: Session,
    *,
    start: date | None = None,
    end: date | None = None,
    kinds: Iterable[str] | None = None,
) -> list[Entry]:
    """Entries by day, then id. A supplement period counts when any of its days is in range."""
    query = select(_ALL).where(_ALL.owner == owner_of(session)).order_by(_ALL.day, _ALL.id)
    if end is not None:
        query = query.where(_ALL.day <= end)
    if start is not None:
        ended = _ALL.SupplementTable.ended_on
        query = query.where(
            or_(
                _ALL.day >= start,
                and_(_ALL.kind == "supplement", or_(ended.is_(None), ended >= start)),
            )
        )
    if kinds is not None:
        query = query.where(_ALL.kind.in_(list(kinds)))
    with reading(session):
        return [rows.to_entry(row) for row in session.scalars(query)]


def count_entries(session: Session) -> Counts:
    mine = EntryTable.owner == owner_of(session)
    with reading(session):
        per_kind = dict(
            session.execute(
                select(EntryTable.kind, func.count()).where(mine).group_by(EntryTable.kind)
            ).all()
        )
        first, last = session.execute(
            select(func.min(EntryTable.day), func.max(EntryTable.day)).where(mine)
        ).one()
        has_basics = _basics_row(session) is not None
    return Counts(
        per_kind.get("lab", 0),
        per_kind.get("symptoms", 0),
        per_kind.get("supplement", 0),
        first,
        last,
        has_basics,
    )


def _row(session: Session, entry_id: int) -> EntryTable:
    # An id outside the id column's range names no entry; asking the database would overflow
    # (SQLite: OverflowError; PostgreSQL: a 32-bit integer error).
    in_range = 1 <= entry_id <= MAX_ENTRY_ID
    row = session.get(EntryTable, entry_id) if in_range else None
    if row is None or row.owner != owner_of(session):
        raise NotFoundError(
            f"there is no entry {entry_id} in the diary",
            where(session),
            "no_entry",
            {"entry_id": str(entry_id)},
        )
    return row


# -- basics ----------------------------------------------------------------------------------


def _basics_row(session: Session) -> ProfileTable | None:
    return session.get(ProfileTable, owner_of(session))


def get_basics(session: Session) -> Basics:
    """The stored basics (all unset when none were saved)."""
    with reading(session):
        row = _basics_row(session)
        return rows.to_basics(row) if row is not None else Basics()


def set_basics(session: Session, *, revise: BasicsRevision) -> Basics:
    """Change the basics: `revise` gets the stored ones and returns the checked new ones."""
    with writing(session):
        row = _basics_row(session)
        basics = revise(rows.to_basics(row) if row is not None else Basics())
        if row is None:
            row = ProfileTable(owner=owner_of(session))
            session.add(row)
        rows.apply_basics(row, basics, now())
        session.flush()
        return rows.to_basics(row)


# -- whole diary -----------------------------------------------------------------------------


def replace_all(
    session: Session, *, basics: Basics | None, entries: Iterable[Entry], clear: bool
) -> int:
    """Write already-validated basics and entries (ids and times kept) in one transaction.

    With `clear`, everything in the session's diary is deleted first (other diaries of the store
    are not touched); otherwise the diary must be empty. Entry ids are kept, so an id that
    another diary of the store uses already is a ConflictError. Returns the number of entries
    written.
    """
    from ekbom.store.conflicts import require_empty, require_free_ids

    owner = owner_of(session)
    entries = list(entries)
    with writing(session):
        if clear:
            session.execute(delete(EntryTable).where(EntryTable.owner == owner))
            session.execute(delete(ProfileTable).where(ProfileTable.owner == owner))
        else:
            require_empty(session, where(session))
        require_free_ids(session, [e.stamp.id for e in entries], where(session))
        if basics is not None:
            row = ProfileTable(owner=owner)
            rows.apply_basics(row, basics, basics.updated_at or now())
            session.add(row)
        for entry in entries:
            session.add(rows.new_row(entry, now(), owner))
        written = len(entries)
        session.flush()
        rows.after_explicit_ids(session)
    return written
