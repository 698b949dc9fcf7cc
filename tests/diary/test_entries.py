"""Saving entries through the diary: the store's rules, plus the engine's TSAT rule for a serum
iron and a TIBC of one day (at most 100 %), at the exact edge, on add and on edit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from ekbom.diary.entries import add_entry, check_tsat_pair, update_entry
from ekbom.diary.entry_rules import validate
from ekbom.errors import EntryError
from ekbom.store import repository as repo
from ekbom.store.entries import LabEntry

TODAY = date(2026, 11, 28)


def lab(session: Session, day: str, test: str, value: float) -> int:
    fields = {"date": day, "test": test, "value": value, "unit": "ug/dL"}
    entry = add_entry(session, kind="lab", fields=fields, today=TODAY)
    assert entry.stamp.id is not None
    return entry.stamp.id


def test_serum_iron_above_tibc_of_the_same_day_is_rejected(session: Session) -> None:
    iron = lab(session, "2026-10-01", "serum_iron", 100)
    with pytest.raises(EntryError, match="transferrin saturation of 111%") as caught:
        lab(session, "2026-10-01", "tibc", 90)
    assert caught.value.problems[0].location == "value"
    assert f"with entry {iron}, serum_iron of the same day" in str(caught.value)
    lab(session, "2026-10-02", "tibc", 90)  # another day: no pair
    assert len(repo.list_entries(session)) == 2


def test_serum_iron_equal_to_tibc_is_a_saturation_of_100_and_is_saved(session: Session) -> None:
    lab(session, "2026-10-01", "serum_iron", 100)
    lab(session, "2026-10-01", "tibc", 100)
    assert len(repo.list_entries(session)) == 2


def test_an_edit_that_makes_the_pair_impossible_is_rejected(session: Session) -> None:
    lab(session, "2026-10-01", "serum_iron", 100)
    tibc = lab(session, "2026-10-01", "tibc", 100)
    with pytest.raises(EntryError, match="transferrin saturation"):
        update_entry(session, entry_id=tibc, changes={"value": 99}, today=TODAY)
    (kept,) = repo.list_entries(session, kinds=["lab"], start=date(2026, 10, 1))[1:]
    assert kept.fields()["value"] == 100


def test_the_pair_is_compared_in_one_unit(session: Session) -> None:
    # 20 umol/L of iron is 111.7 ug/dL: above a TIBC of 100 ug/dL although 20 < 100.
    add_entry(
        session,
        kind="lab",
        fields={"date": "2026-10-01", "test": "serum_iron", "value": 20, "unit": "umol/L"},
        today=TODAY,
    )
    with pytest.raises(EntryError, match="transferrin saturation of 112%"):
        lab(session, "2026-10-01", "tibc", 100)
    lab(session, "2026-10-01", "tibc", 112)  # 99.7 %: possible


def test_the_pair_check_invents_no_person(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine's TSAT rule is called on the two labs alone, with no made-up age and sex: once
    both entries are checked, no profile is parsed for the pair."""
    import ekbom.profile

    iron = repo.add_entry(
        session,
        entry=validate(
            "lab",
            {"date": "2026-10-01", "test": "serum_iron", "value": 100, "unit": "ug/dL"},
            today=TODAY,
        ),
    )
    tibc = validate(
        "lab", {"date": "2026-10-01", "test": "tibc", "value": 90, "unit": "ug/dL"}, today=TODAY
    )

    def no_person(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the TSAT pair check parsed a profile")

    monkeypatch.setattr(ekbom.profile, "parse_profile", no_person)
    assert isinstance(iron, LabEntry) and isinstance(tibc, LabEntry)
    with pytest.raises(EntryError, match="transferrin saturation of 111%"):
        check_tsat_pair(tibc, iron)
