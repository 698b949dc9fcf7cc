"""The repository: entries and basics go in checked, come out unchanged, and a rejected write
leaves nothing behind."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from ekbom.diary import entries as diary_entries
from ekbom.errors import Clash, ConflictError, EntryError, NotFoundError
from ekbom.store import Entry, LabEntry, SupplementEntry, SymptomEntry
from ekbom.store import repository as repo

TODAY = date(2026, 11, 28)
FERRITIN = {"date": "2026-10-02", "test": "ferritin", "value": 48, "unit": "ng/mL"}


def add(session: Session, kind: str, **fields: object) -> Entry:
    return diary_entries.add_entry(session, kind=kind, fields=fields, today=TODAY)


def test_lab_entry_round_trips(session: Session) -> None:
    saved = add(session, "lab", **FERRITIN, note="fasting")
    assert isinstance(saved, LabEntry)
    assert saved.stamp.id is not None and saved.stamp.recorded_at is not None
    assert repo.get_entry(session, entry_id=saved.stamp.id) == saved
    assert (saved.day, saved.test, saved.value, saved.unit, saved.note) == (
        date(2026, 10, 2),
        "ferritin",
        48.0,
        "ng/mL",
        "fasting",
    )


def test_lab_unit_is_stored_in_its_accepted_spelling(session: Session) -> None:
    saved = add(session, "lab", date="2026-10-02", test="vitamin_b12", value=300, unit="PG/ML")
    assert isinstance(saved, LabEntry) and saved.unit == "pg/mL"


def test_symptom_entry_round_trips(session: Session) -> None:
    saved = add(
        session,
        "symptoms",
        date="2026-11-01",
        severity_nrs=6.5,
        irls_score=22,
        nights_per_week=5,
        leg_cramps=False,
    )
    assert isinstance(saved, SymptomEntry)
    assert repo.get_entry(session, entry_id=saved.stamp.id or 0) == saved
    assert (saved.severity_nrs, saved.irls_score, saved.nights_per_week, saved.leg_cramps) == (
        6.5,
        22,
        5,
        False,
    )


def test_supplement_entry_round_trips(session: Session) -> None:
    saved = add(
        session,
        "supplement",
        **{"from": "2026-10-05", "to": "2026-11-05"},
        nutrient="vitamin_d",
        amount=7000,
        unit="iu",
        per="week",
    )
    assert isinstance(saved, SupplementEntry)
    assert repo.get_entry(session, entry_id=saved.stamp.id or 0) == saved
    assert (saved.unit, saved.per, saved.ended_on) == ("IU", "week", date(2026, 11, 5))


@pytest.mark.parametrize(
    ("kind", "fields", "location", "words"),
    [
        ("lab", {**FERRITIN, "unit": "mg"}, "unit", "'mg' is not a unit for ferritin"),
        ("lab", {**FERRITIN, "value": 1e9}, "value", "outside the possible range"),
        ("lab", {**FERRITIN, "test": "feritin"}, "test", "did you mean 'ferritin'"),
        ("lab", {**FERRITIN, "date": "2026-12-01"}, "date", "is in the future"),
        ("lab", {**FERRITIN, "date": "12/01/2026"}, "date", "is not a date"),
        ("lab", {k: v for k, v in FERRITIN.items() if k != "date"}, "date", "is required"),
        ("lab", {**FERRITIN, "colour": "red"}, "colour", "unknown key"),
        ("symptoms", {"date": "2026-11-01", "irls_score": 41}, "irls_score", "from 0 to 40"),
        ("symptoms", {"date": "2026-11-01", "severity_nrs": 11}, "severity_nrs", "at most 10"),
        ("symptoms", {"date": "2026-11-01", "nights_per_week": 8}, "nights_per_week", "0 to 7"),
        ("symptoms", {"date": "2026-11-01"}, "", "give at least one score"),
        (
            "supplement",
            {"from": "2026-10-01", "nutrient": "vitamin_b6", "amount": 10, "unit": "IU"},
            "unit",
            "IU is only for vitamin D and E",
        ),
        (
            "supplement",
            {
                "from": "2026-10-05",
                "to": "2026-10-01",
                "nutrient": "iron",
                "amount": 65,
                "unit": "mg",
            },
            "to",
            "is before the first day",
        ),
        (
            "supplement",
            {"from": "2026-10-05", "nutrient": "iron", "amount": -1, "unit": "mg"},
            "amount",
            "at least 0",
        ),
    ],
)
def test_invalid_entry_is_rejected_with_its_location_and_nothing_is_saved(
    session: Session, kind: str, fields: dict[str, object], location: str, words: str
) -> None:
    with pytest.raises(EntryError) as caught:
        diary_entries.add_entry(session, kind=kind, fields=fields, today=TODAY)
    assert any(p.location == location and words in p.message for p in caught.value.problems), (
        caught.value.problems
    )
    assert repo.list_entries(session) == []


def test_entry_errors_list_every_problem_at_once(session: Session) -> None:
    with pytest.raises(EntryError) as caught:
        add(session, "lab", date="2027-01-01", test="ferritin", value=48, unit="mg")
    assert [p.location for p in caught.value.problems] == ["date", "unit"]


def test_second_symptom_entry_of_a_day_is_a_conflict(session: Session) -> None:
    first = add(session, "symptoms", date="2026-11-01", severity_nrs=4)
    with pytest.raises(ConflictError, match=f"entry {first.stamp.id}"):
        add(session, "symptoms", date="2026-11-01", severity_nrs=5)
    assert len(repo.list_entries(session)) == 1


def test_overlapping_periods_of_one_nutrient_are_a_conflict(session: Session) -> None:
    first = add(
        session, "supplement", **{"from": "2026-10-01"}, nutrient="iron", amount=65, unit="mg"
    )
    assert first.stamp.id is not None
    with pytest.raises(ConflictError, match="cannot overlap") as caught:
        add(session, "supplement", **{"from": "2026-11-01"}, nutrient="iron", amount=30, unit="mg")
    # The store says what clashes, as fields; each shell phrases the fix (no CLI words here).
    clash = Clash("supplement", first.stamp.id, date(2026, 10, 1), "from", "iron", None)
    assert caught.value.clash == clash
    assert "ekbom" not in caught.value.message
    add(
        session, "supplement", **{"from": "2026-11-01"}, nutrient="magnesium", amount=200, unit="mg"
    )
    assert len(repo.list_entries(session)) == 2


def test_periods_that_touch_but_do_not_overlap_are_allowed(session: Session) -> None:
    add(
        session,
        "supplement",
        **{"from": "2026-10-01", "to": "2026-10-31"},
        nutrient="iron",
        amount=65,
        unit="mg",
    )
    add(session, "supplement", **{"from": "2026-11-01"}, nutrient="iron", amount=30, unit="mg")
    assert len(repo.list_entries(session, kinds=["supplement"])) == 2


def test_pair_check_gets_the_latest_same_day_partner_and_can_refuse(session: Session) -> None:
    seen: list[tuple[str, str, int | None]] = []

    def refuse_on_the_first(entry: LabEntry, partner: LabEntry) -> None:
        seen.append((entry.test, partner.test, partner.stamp.id))
        if entry.day == date(2026, 10, 1):
            raise EntryError("lab entry", [])

    def lab(day: str, test: str, value: float) -> Entry:
        entry = LabEntry(date.fromisoformat(day), test, value, "ug/dL")
        return repo.add_entry(session, entry=entry, pair_check=refuse_on_the_first)

    lab("2026-10-01", "serum_iron", 80)
    newer = lab("2026-10-01", "serum_iron", 100)
    with pytest.raises(EntryError):
        lab("2026-10-01", "tibc", 90)
    lab("2026-10-02", "tibc", 90)  # no partner that day: not asked
    assert seen == [("tibc", "serum_iron", newer.stamp.id)]
    assert len(repo.list_entries(session)) == 3  # the refused TIBC left nothing behind


def test_stop_supplement_ends_the_open_period(session: Session) -> None:
    add(session, "supplement", **{"from": "2026-10-01"}, nutrient="iron", amount=65, unit="mg")
    ended = diary_entries.stop_supplement(
        session, nutrient="iron", on=date(2026, 11, 1), today=TODAY
    )
    assert isinstance(ended, SupplementEntry) and ended.ended_on == date(2026, 11, 1)
    with pytest.raises(NotFoundError, match="no open period of iron") as caught:
        diary_entries.stop_supplement(session, nutrient="iron", on=date(2026, 11, 2), today=TODAY)
    assert caught.value.problem == "no_open_period"
    assert caught.value.facts == {"nutrient": "iron"}


def test_stop_supplement_before_its_start_is_rejected(session: Session) -> None:
    add(session, "supplement", **{"from": "2026-10-01"}, nutrient="iron", amount=65, unit="mg")
    with pytest.raises(EntryError, match="before the first day"):
        diary_entries.stop_supplement(session, nutrient="iron", on=date(2026, 9, 1), today=TODAY)
    (entry,) = repo.list_entries(session)
    assert isinstance(entry, SupplementEntry) and entry.ended_on is None


def test_update_checks_the_whole_entry_and_keeps_the_old_one_on_error(session: Session) -> None:
    saved = add(session, "lab", **FERRITIN)
    entry_id = saved.stamp.id
    changed = diary_entries.update_entry(
        session, entry_id=entry_id, changes={"value": 52}, today=TODAY
    )
    assert isinstance(changed, LabEntry) and changed.value == 52.0
    assert changed.stamp.recorded_at == saved.stamp.recorded_at
    assert changed.stamp.updated_at >= saved.stamp.updated_at
    with pytest.raises(EntryError, match="not a unit for ferritin"):
        diary_entries.update_entry(
            session, entry_id=entry_id, changes={"unit": "mmol/L"}, today=TODAY
        )
    assert repo.get_entry(session, entry_id=entry_id) == changed


def test_update_may_clear_an_optional_value(session: Session) -> None:
    saved = add(session, "symptoms", date="2026-11-01", severity_nrs=4, irls_score=20)
    changed = diary_entries.update_entry(
        session, entry_id=saved.stamp.id, changes={"irls_score": None}, today=TODAY
    )
    assert isinstance(changed, SymptomEntry) and changed.irls_score is None


def test_update_of_a_symptom_day_onto_another_taken_day_is_a_conflict(session: Session) -> None:
    add(session, "symptoms", date="2026-11-01", severity_nrs=4)
    other = add(session, "symptoms", date="2026-11-02", severity_nrs=5)
    diary_entries.update_entry(
        session, entry_id=other.stamp.id, changes={"severity_nrs": 6}, today=TODAY
    )
    with pytest.raises(ConflictError):
        diary_entries.update_entry(
            session, entry_id=other.stamp.id, changes={"date": "2026-11-01"}, today=TODAY
        )


def test_delete_removes_the_entry_and_its_id_is_not_reused(session: Session) -> None:
    first = add(session, "lab", **FERRITIN)
    second = add(session, "lab", **{**FERRITIN, "value": 50})
    deleted = repo.delete_entry(session, entry_id=second.stamp.id)
    assert deleted == second
    third = add(session, "lab", **{**FERRITIN, "value": 51})
    assert third.stamp.id > second.stamp.id > first.stamp.id
    with pytest.raises(NotFoundError, match=f"no entry {second.stamp.id}") as caught:
        repo.delete_entry(session, entry_id=second.stamp.id)
    assert caught.value.problem == "no_entry"
    assert caught.value.facts == {"entry_id": str(second.stamp.id)}


def test_unknown_id_is_not_found(session: Session) -> None:
    for call in (repo.get_entry, repo.delete_entry):
        with pytest.raises(NotFoundError):
            call(session, entry_id=404)
    with pytest.raises(NotFoundError):
        diary_entries.update_entry(session, entry_id=404, changes={"value": 1}, today=TODAY)


def test_list_entries_orders_by_day_and_filters_by_range_and_kind(session: Session) -> None:
    add(session, "symptoms", date="2026-11-03", severity_nrs=4)
    add(session, "lab", **FERRITIN)
    add(session, "supplement", **{"from": "2026-09-01"}, nutrient="iron", amount=65, unit="mg")
    add(
        session,
        "supplement",
        **{"from": "2026-06-01", "to": "2026-06-30"},
        nutrient="zinc",
        amount=10,
        unit="mg",
    )
    days = [e.day.isoformat() for e in repo.list_entries(session)]
    assert days == ["2026-06-01", "2026-09-01", "2026-10-02", "2026-11-03"]
    in_range = repo.list_entries(session, start=date(2026, 10, 1), end=date(2026, 10, 31))
    # the open iron period covers October, so it is listed; zinc ended in June
    assert [e.kind for e in in_range] == ["supplement", "lab"]
    assert [e.kind for e in repo.list_entries(session, kinds=["symptoms"])] == ["symptoms"]


def test_count_entries_counts_each_kind(session: Session) -> None:
    add(session, "lab", **FERRITIN)
    add(session, "symptoms", date="2026-11-03", severity_nrs=4)
    counts = repo.count_entries(session)
    assert (counts.lab, counts.symptoms, counts.supplement) == (1, 1, 0)
    assert (counts.first_day, counts.last_day, counts.has_basics) == (
        date(2026, 10, 2),
        date(2026, 11, 3),
        False,
    )


def test_basics_are_merged_checked_and_cleared(session: Session) -> None:
    basics = diary_entries.set_basics(
        session,
        changes={"age": 52, "sex": "female", "conditions": ["ckd"], "smoker": False},
        today=TODAY,
    )
    assert (basics.age, basics.age_on, basics.sex, basics.conditions) == (
        52,
        TODAY,
        "female",
        ("ckd",),
    )
    basics = diary_entries.set_basics(
        session, changes={"medications": ["Zoloft 50 mg"]}, unset=["smoker"], today=TODAY
    )
    assert basics.smoker is None and basics.medications == ("Zoloft 50 mg",)
    assert repo.get_basics(session) == basics


def test_invalid_basics_name_each_problem_and_change_nothing(session: Session) -> None:
    before = diary_entries.set_basics(session, changes={"age": 40, "sex": "male"}, today=TODAY)
    with pytest.raises(EntryError) as caught:
        diary_entries.set_basics(
            session,
            changes={"pregnant": True, "conditions": ["ckdd"], "caffeine_mg_per_day": -5},
            today=TODAY,
        )
    assert {p.location for p in caught.value.problems} == {
        "pregnant",
        "conditions[0]",
        "caffeine_mg_per_day",
    }
    assert repo.get_basics(session) == before


def test_age_counts_on_from_the_day_it_was_given(session: Session) -> None:
    basics = diary_entries.set_basics(session, changes={"age": 52, "sex": "female"}, today=TODAY)
    assert basics.age_on_day(date(2027, 11, 27)) == 52
    assert basics.age_on_day(date(2027, 11, 28)) == 53
    assert basics.age_on_day(date(2036, 12, 1)) == 62


def test_rls_answers_add_up_unless_the_criteria_are_replaced_whole(session: Session) -> None:
    both = {"urge_to_move": True, "worse_at_rest": True}
    diary_entries.set_basics(session, changes={"rls_criteria": both}, today=TODAY)
    one = {"rls_criteria": {"urge_to_move": False}}
    merged = diary_entries.set_basics(session, changes=one, today=TODAY)
    assert merged.rls_criteria == {"urge_to_move": False, "worse_at_rest": True}
    replaced = diary_entries.set_basics(session, changes=one, unset=["rls_criteria"], today=TODAY)
    assert replaced.rls_criteria == {"urge_to_move": False}
    cleared = diary_entries.set_basics(session, changes={}, unset=["rls_criteria"], today=TODAY)
    assert cleared.rls_criteria == {}
