"""Several diaries in one store: every read and write of a session touches its owner's rows
only, and the one-diary rules (one symptom entry a day, no overlapping periods, the iron/TIBC
pair) hold per owner. Run on SQLite and, when configured, on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ekbom.diary import entries as diary_entries
from ekbom.errors import ConflictError, NotFoundError
from ekbom.store import Store
from ekbom.store import repository as repo
from ekbom.store.tables import LOCAL_DIARY, EntryTable

TODAY = date(2026, 11, 28)
SYMPTOMS = {"date": "2026-11-20", "severity_nrs": 6}
IRON = {"from": "2026-11-01", "nutrient": "iron", "amount": 65, "unit": "mg", "per": "day"}


def _add(session: Session, kind: str, fields: dict[str, object]) -> int:
    entry = diary_entries.add_entry(session, kind=kind, fields=fields, today=TODAY)
    assert entry.stamp.id is not None
    return entry.stamp.id


def test_each_owner_sees_only_its_own_entries(store: Store) -> None:
    with store.session() as local, store.session(owner=7) as other:
        mine = _add(local, "symptoms", SYMPTOMS)
        theirs = _add(other, "symptoms", SYMPTOMS)  # the same day is fine in another diary
        assert [e.stamp.id for e in repo.list_entries(local)] == [mine]
        assert [e.stamp.id for e in repo.list_entries(other)] == [theirs]
        assert repo.count_entries(other).symptoms == 1
        with pytest.raises(ConflictError, match="already in the diary"):
            _add(other, "symptoms", SYMPTOMS)  # but not twice in one diary


@pytest.mark.parametrize("action", ["get", "update", "delete"])
def test_another_owners_entry_id_is_not_found(store: Store, action: str) -> None:
    with store.session(owner=1) as a, store.session(owner=2) as b:
        entry_id = _add(a, "symptoms", SYMPTOMS)
        with pytest.raises(NotFoundError, match=f"no entry {entry_id}"):
            if action == "get":
                repo.get_entry(b, entry_id=entry_id)
            elif action == "update":
                diary_entries.update_entry(
                    b, entry_id=entry_id, changes={"severity_nrs": 1}, today=TODAY
                )
            else:
                repo.delete_entry(b, entry_id=entry_id)
        assert repo.get_entry(a, entry_id=entry_id).fields()["severity_nrs"] == 6


def test_supplement_periods_overlap_only_within_one_diary(store: Store) -> None:
    with store.session(owner=1) as a, store.session(owner=2) as b:
        _add(a, "supplement", IRON)
        _add(b, "supplement", IRON)
        with pytest.raises(ConflictError, match="cannot overlap"):
            _add(b, "supplement", IRON | {"from": "2026-11-10"})
        stopped = diary_entries.stop_supplement(
            b, nutrient="iron", on=date(2026, 11, 15), today=TODAY
        )
        assert stopped.fields()["to"] == date(2026, 11, 15)
        open_in_a = repo.list_entries(a, kinds=["supplement"])
        assert [e.fields()["to"] for e in open_in_a] == [None]  # B's stop did not end A's


def test_iron_and_tibc_pair_within_one_diary(store: Store) -> None:
    from ekbom.diary.entries import add_entry
    from ekbom.errors import EntryError

    iron = {"date": "2026-11-01", "test": "serum_iron", "value": 300, "unit": "ug/dL"}
    tibc = {"date": "2026-11-01", "test": "tibc", "value": 250, "unit": "ug/dL"}
    with store.session(owner=1) as a, store.session(owner=2) as b:
        add_entry(a, kind="lab", fields=iron, today=TODAY)
        # 300/250 would be a TSAT of 120 %, but these are two people
        add_entry(b, kind="lab", fields=tibc, today=TODAY)
        with pytest.raises(EntryError):
            add_entry(a, kind="lab", fields=tibc, today=TODAY)


def test_basics_are_per_owner(store: Store) -> None:
    with store.session() as local, store.session(owner=3) as other:
        diary_entries.set_basics(local, changes={"age": 52, "sex": "female"}, today=TODAY)
        assert repo.get_basics(other).age is None
        diary_entries.set_basics(other, changes={"age": 30}, today=TODAY)
        assert (repo.get_basics(local).age, repo.get_basics(other).age) == (52, 30)
        assert repo.count_entries(other).has_basics


def test_replacing_a_diary_leaves_the_other_diaries_alone(store: Store) -> None:
    with store.session() as local, store.session(owner=4) as web:
        kept = _add(web, "symptoms", SYMPTOMS)
        _add(local, "symptoms", SYMPTOMS)
        entries = repo.list_entries(local)
        written = repo.replace_all(local, basics=None, entries=entries, clear=True)
        assert written == 1
        assert [e.stamp.id for e in repo.list_entries(web)] == [kept]


def test_an_import_may_not_take_ids_of_another_diary(store: Store) -> None:
    with store.session(owner=5) as web, store.session() as local:
        taken = _add(web, "symptoms", SYMPTOMS)
        exported = repo.list_entries(web)
        with pytest.raises(
            ConflictError, match=rf"1 entry ids of the import \({taken}\)"
        ) as caught:
            repo.replace_all(local, basics=None, entries=exported, clear=False)
        assert caught.value.problem == "ids_taken"
        assert repo.list_entries(local) == []  # nothing half-written
        assert len(repo.list_entries(web)) == 1


def test_the_command_lines_diary_is_owner_zero(store: Store) -> None:
    with store.session() as local:
        entry_id = _add(local, "symptoms", SYMPTOMS)
    with store.engine.connect() as connection:
        owner = connection.scalar(select(EntryTable.owner).where(EntryTable.id == entry_id))
    assert owner == LOCAL_DIARY == 0


def test_a_session_on_no_diary_reads_nothing(store: Store) -> None:
    from sqlalchemy.orm import sessionmaker

    plain = sessionmaker(store.engine, autobegin=False)()
    with pytest.raises(RuntimeError, match="on no diary"):
        repo.list_entries(plain)
    plain.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(1, 20), st.sampled_from(["add", "delete"])),
        max_size=25,
    )
)
def test_no_sequence_of_writes_shows_one_owner_anothers_entries(
    store: Store, steps: list[tuple[int, int, str]]
) -> None:
    """Random adds and deletes (of own and of others' ids) by four owners: each owner always
    lists exactly the entries it added and did not delete."""
    expected: dict[int, set[int]] = {owner: set() for owner in range(4)}
    every_id: list[int] = []
    for owner, day, action in steps:
        with store.session(owner=owner) as session:
            if action == "add":
                fields = {"date": f"2026-10-{day:02d}", "test": "ferritin", "value": 40}
                entry_id = _add(session, "lab", fields | {"unit": "ng/mL"})
                expected[owner].add(entry_id)
                every_id.append(entry_id)
            elif every_id:
                target = every_id[day % len(every_id)]
                if target in expected[owner]:
                    repo.delete_entry(session, entry_id=target)
                    expected[owner].discard(target)
                else:
                    with pytest.raises(NotFoundError):
                        repo.delete_entry(session, entry_id=target)
    for owner, ids in expected.items():
        with store.session(owner=owner) as session:
            assert {e.stamp.id for e in repo.list_entries(session)} == ids
    with store.engine.begin() as connection:  # the next example starts empty
        connection.execute(delete(EntryTable))
