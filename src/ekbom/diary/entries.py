"""Saving diary entries and basics with every rule they must keep. The store checks no rules:
here an entry is checked (`entry_rules`: units, lab tests, nutrient names, dates), the basics
too (`basics_rules`), and a serum iron and a TIBC of one day must give a transferrin saturation
the engine accepts (at most 100 %), checked by the engine's own TSAT rule. The command line and
the web app save and change entries and basics only through the functions here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from ekbom.diary.basics_rules import validate_basics
from ekbom.diary.entry_rules import check, validate
from ekbom.errors import EntryError, Problem, ProfileError
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.units import match_unit
from ekbom.profile import LabResult
from ekbom.store import repository
from ekbom.store.basics import Basics, merge
from ekbom.store.entries import Entry, LabEntry, Stamp
from ekbom.store.transfer import Diary, from_document

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def add_entry(
    session: Session, *, kind: str, fields: Mapping[str, Any], today: date | None = None
) -> Entry:
    """Validate and save one entry (its rules and the TSAT pair); returns it with its id."""
    entry = validate(kind, fields, today=today or date.today())
    return repository.add_entry(session, entry=entry, pair_check=check_tsat_pair)


def update_entry(
    session: Session, *, entry_id: int, changes: Mapping[str, Any], today: date | None = None
) -> Entry:
    """Change some fields of an entry (None clears one); the whole entry is checked again."""
    return repository.update_entry(
        session,
        entry_id=entry_id,
        revise=_revision(changes, today or date.today()),
        pair_check=check_tsat_pair,
    )


def stop_supplement(
    session: Session, *, nutrient: str, on: date, today: date | None = None
) -> Entry:
    """End the open period of `nutrient` on `on` (its last day); NotFoundError if none is open."""
    revise = _revision({"to": on}, today or date.today())
    return repository.stop_supplement(session, nutrient=nutrient, revise=revise)


def _revision(changes: Mapping[str, Any], today: date) -> repository.Revision:
    """The stored entry with `changes`, checked again as a whole."""

    def revise(current: Entry) -> Entry:
        fields = {**current.fields(), **changes}
        what = f"entry {current.stamp.id}"
        return validate(current.kind, fields, today=today, what=what, stamp=current.stamp)

    return revise


def set_basics(
    session: Session,
    *,
    changes: Mapping[str, Any],
    unset: Iterable[str] = (),
    today: date | None = None,
) -> Basics:
    """Change the basics (`unset` names fields to clear); checked as a whole before saving."""
    day = today or date.today()

    def revise(current: Basics) -> Basics:
        return validate_basics(merge(current, changes, unset, today=day), today=day)

    return repository.set_basics(session, revise=revise)


def read_document(document: Any, *, name: str, today: date) -> Diary:
    """Check a whole export document with the entry and basics rules; EntryError lists every
    problem (nothing is written)."""
    knowledge = load_knowledge()

    def check_entry(
        kind: str, fields: Mapping[str, Any], day: date, stamp: Stamp
    ) -> tuple[Entry | None, list[Problem]]:
        return check(kind, fields, today=day, knowledge=knowledge, stamp=stamp)

    def check_basics(values: Mapping[str, Any], day: date) -> Basics:
        return validate_basics(values, today=day, knowledge=knowledge)

    return from_document(
        document, name=name, today=today, check_entry=check_entry, check_basics=check_basics
    )


def check_tsat_pair(entry: LabEntry, partner: LabEntry) -> None:
    """EntryError when a serum iron and a TIBC of one day give a TSAT the engine rejects (the
    engine's own rule, `tsat_percent`, on the two values in their canonical units)."""
    from ekbom.engine.labs import tsat_percent
    from ekbom.knowledge.vocabulary import TSAT_PARTS

    knowledge = load_knowledge()
    results = {lab.test: _canonical(lab, knowledge) for lab in (partner, entry)}
    iron, tibc = (results[test] for test in TSAT_PARTS)
    try:
        tsat_percent(iron, tibc)
    except ProfileError as exc:
        raise EntryError(
            f"lab entry (with entry {partner.stamp.id}, {partner.test} of the same day)",
            [Problem("value", p.message) for p in exc.problems],
        ) from None


def _canonical(lab: LabEntry, knowledge: Knowledge) -> LabResult:
    """A stored (already checked) lab entry as the engine reads a lab: in the test's unit."""
    test = knowledge.tests[lab.test]
    unit = match_unit(lab.unit, test.units) or lab.unit
    value = lab.value * test.units[unit]
    return LabResult(lab.test, lab.value, lab.unit, value, test.canonical, lab.day, 0)
