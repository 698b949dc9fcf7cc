"""Saving a diary entry with every rule it must keep, including the one the store cannot check
alone: a serum iron and a TIBC of one day must give a transferrin saturation the engine accepts
(at most 100 %), checked by the engine's own TSAT rule. The command line and the web app save
and change entries only through `add_entry` and `update_entry` here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from ekbom.errors import EntryError, Problem, ProfileError
from ekbom.store import repository
from ekbom.store.entries import Entry, LabEntry

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def add_entry(
    session: Session, *, kind: str, fields: Mapping[str, Any], today: date | None = None
) -> Entry:
    """Validate and save one entry (the store's rules and the TSAT pair); returns it with its id."""
    return repository.add_entry(
        session, kind=kind, fields=fields, today=today, pair_check=check_tsat_pair
    )


def update_entry(
    session: Session, *, entry_id: int, changes: Mapping[str, Any], today: date | None = None
) -> Entry:
    """Change some fields of an entry (None clears one); the whole entry is checked again."""
    return repository.update_entry(
        session, entry_id=entry_id, changes=changes, today=today, pair_check=check_tsat_pair
    )


def check_tsat_pair(entry: LabEntry, partner: LabEntry) -> None:
    """EntryError when a serum iron and a TIBC of one day give a TSAT the engine rejects."""
    from ekbom.engine.labs import lab_facts
    from ekbom.knowledge.loader import load_knowledge
    from ekbom.profile import parse_profile

    labs = [
        {"test": lab.test, "value": lab.value, "unit": lab.unit, "date": entry.day}
        for lab in (partner, entry)
    ]
    knowledge = load_knowledge()
    # Age and sex only make the profile complete; the TSAT rule reads neither.
    profile = parse_profile({"age": 40, "sex": "female", "labs": labs}, knowledge)
    try:
        lab_facts(profile.labs, entry.day, knowledge)
    except ProfileError as exc:
        raise EntryError(
            f"lab entry (with entry {partner.stamp.id}, {partner.test} of the same day)",
            [Problem("value", p.message) for p in exc.problems],
        ) from None
