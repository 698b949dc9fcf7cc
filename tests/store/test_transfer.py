"""Export and import: a lossless round trip, and an import that is all or nothing."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from ekbom.diary import entries as diary_entries
from ekbom.errors import ConflictError, EntryError
from ekbom.store import Store, StoreSettings, open_store
from ekbom.store import repository as repo
from ekbom.store.transfer import FORMAT, to_document

TODAY = date(2026, 11, 28)
EXPORTED = datetime(2026, 11, 28, 12, 0, 0)


def export(session: Session) -> dict[str, Any]:
    document = to_document(
        repo.get_basics(session), repo.list_entries(session), exported_at=EXPORTED
    )
    return json.loads(json.dumps(document))  # exactly what the file holds


def load(session: Session, document: Any, *, clear: bool = False) -> int:
    diary = diary_entries.read_document(document, name="diary.json", today=TODAY)
    return repo.replace_all(session, basics=diary.basics, entries=diary.entries, clear=clear)


def fill(session: Session) -> None:
    diary_entries.set_basics(
        session,
        changes={
            "age": 52,
            "sex": "female",
            "medications": ["Zoloft"],
            "rls_criteria": {"urge_to_move": True},
            "smoker": False,
            "caffeine_mg_per_day": 95.5,
        },
        today=TODAY,
    )
    for fields in (
        {
            "date": "2026-10-02",
            "test": "ferritin",
            "value": 48.3,
            "unit": "ng/mL",
            "note": "fasting, 8 am",
        },
        {"date": "2026-10-02", "test": "hemoglobin", "value": 0.1 + 12.2, "unit": "g/dL"},
    ):
        diary_entries.add_entry(session, kind="lab", fields=fields, today=TODAY)
    diary_entries.add_entry(
        session,
        kind="symptoms",
        fields={"date": "2026-11-01", "severity_nrs": 6.5, "leg_cramps": True},
        today=TODAY,
    )
    diary_entries.add_entry(
        session,
        kind="supplement",
        fields={"from": "2026-10-05", "nutrient": "iron", "amount": 65, "unit": "mg"},
        today=TODAY,
    )
    gone = diary_entries.add_entry(
        session,
        kind="lab",
        fields={"date": "2026-10-03", "test": "crp", "value": 3, "unit": "mg/L"},
        today=TODAY,
    )
    repo.delete_entry(session, entry_id=gone.stamp.id or 0)  # leaves a gap in the ids


def fresh(url_of: str) -> Store:
    return open_store(StoreSettings(url_of, "--db"))


@pytest.fixture
def other(url: str, tmp_path: Any) -> Any:
    """A second empty diary on the same backend as `url`."""
    from tests.store.databases import database_url

    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    folder = tmp_path / "other"
    folder.mkdir()
    with database_url(backend, folder) as second:
        store = fresh(second)
        yield store
        store.close()


def test_export_import_export_is_identical(session: Session, other: Store) -> None:
    fill(session)
    first = export(session)
    with other.session() as target:
        assert load(target, first) == 4
        assert export(target) == first
        # ids go on after the highest imported one (the deleted id 5 is not reused either)
        added = diary_entries.add_entry(
            target,
            kind="symptoms",
            fields={"date": "2026-11-02", "severity_nrs": 2},
            today=TODAY,
        )
        assert added.stamp.id is not None and added.stamp.id > max(
            e["id"] for e in first["entries"]
        )


def test_export_document_has_the_documented_shape(session: Session) -> None:
    fill(session)
    document = export(session)
    assert document["format"] == FORMAT
    assert document["exported_at"] == "2026-11-28T12:00:00Z"
    lab = document["entries"][0]
    assert list(lab) == [
        "id",
        "kind",
        "date",
        "test",
        "value",
        "unit",
        "note",
        "recorded_at",
        "updated_at",
    ]
    assert lab["value"] == 48.3 and lab["recorded_at"].endswith("Z")
    supplement = next(e for e in document["entries"] if e["kind"] == "supplement")
    assert (supplement["from"], supplement["to"], supplement["per"]) == ("2026-10-05", None, "day")


def test_import_with_one_bad_entry_writes_nothing_and_names_every_problem(
    session: Session, other: Store
) -> None:
    fill(session)
    document = export(session)
    document["entries"][1]["unit"] = "mg"
    document["entries"][3]["date"] = "2030-01-01"
    document["basics"]["sex"] = "other"
    with other.session() as target:
        with pytest.raises(EntryError) as caught:
            load(target, document)
        assert [p.location for p in caught.value.problems] == [
            "basics.sex",
            "entries[1].unit",
            "entries[3].date",
        ]
        assert repo.list_entries(target) == [] and repo.get_basics(target).values() == {}


def test_import_that_fails_in_the_database_leaves_the_diary_as_it_was(session: Session) -> None:
    fill(session)
    before = export(session)
    document = export(session)
    diary = diary_entries.read_document(document, name="diary.json", today=TODAY)
    # the same entries twice: valid one by one, but the second copy clashes on its ids
    with pytest.raises(ConflictError):
        repo.replace_all(session, basics=diary.basics, entries=diary.entries * 2, clear=True)
    assert export(session) == before


def test_import_into_a_diary_that_is_not_empty_is_refused(session: Session) -> None:
    fill(session)
    document = export(session)
    with pytest.raises(ConflictError, match=r"not empty \(4 entries, and basics\)") as caught:
        load(session, document)
    assert caught.value.problem == "not_empty"
    assert len(repo.list_entries(session)) == 4


def test_import_with_replace_replaces_everything(session: Session) -> None:
    fill(session)
    document = export(session)
    diary_entries.add_entry(
        session,
        kind="lab",
        fields={"date": "2026-11-01", "test": "crp", "value": 1, "unit": "mg/L"},
        today=TODAY,
    )
    assert load(session, document, clear=True) == 4
    assert export(session) == document


@pytest.mark.parametrize(
    ("change", "location", "words"),
    [
        (lambda d: d.update(format="something/2"), "format", "ekbom.diary/1"),
        (lambda d: d.update(extra=1), "extra", "unknown key"),
        (
            lambda d: d["entries"][1].update(id=d["entries"][0]["id"]),
            "entries[1].id",
            "ids must differ",
        ),
        (lambda d: d["entries"][0].update(id=0), "entries[0].id", "1 or more"),
        (lambda d: d["entries"][0].update(kind="mood"), "entries[0].kind", "not allowed"),
        (
            lambda d: d["entries"][0].update(recorded_at="yesterday"),
            "entries[0].recorded_at",
            "is not a time",
        ),
        (
            lambda d: d["entries"].append(dict(d["entries"][3], id=99)),
            "entries[4].date",
            "one symptom entry per day",
        ),
        (
            lambda d: d["entries"].append(dict(d["entries"][2], id=98)),
            "entries[4].from",
            "cannot overlap",
        ),
        (lambda d: d["entries"].append("lab"), "entries[4]", "must be an object"),
    ],
)
def test_import_rejects_a_broken_document(
    session: Session, change: Any, location: str, words: str
) -> None:
    fill(session)
    document = export(session)
    change(document)
    with pytest.raises(EntryError) as caught:
        diary_entries.read_document(document, name="diary.json", today=TODAY)
    assert any(p.location == location and words in p.message for p in caught.value.problems), (
        caught.value.problems
    )


def test_import_accepts_a_hand_written_document_without_ids_or_times(session: Session) -> None:
    document = {
        "format": FORMAT,
        "entries": [
            {"kind": "lab", "date": "2026-10-01", "test": "ferritin", "value": 40, "unit": "ng/mL"},
            {"kind": "symptoms", "date": "2026-10-01", "irls_score": 12},
        ],
    }
    assert load(session, document) == 2
    assert [e.stamp.id is not None for e in repo.list_entries(session)] == [True, True]


# -- the round trip, for many random diaries --------------------------------------------------

_days = st.integers(min_value=0, max_value=3000).map(lambda n: TODAY - timedelta(days=n))
_labs = st.builds(
    lambda day, value, note: {
        "kind": "lab",
        "date": day.isoformat(),
        "test": "ferritin",
        "value": value,
        "unit": "ug/L",
        "note": note,
    },
    _days,
    st.floats(min_value=0, max_value=100000, allow_nan=False),
    st.none() | st.text(max_size=30),
)
_symptoms = st.builds(
    lambda day, nrs, irls, cramps: {
        "kind": "symptoms",
        "date": day.isoformat(),
        "severity_nrs": nrs,
        "irls_score": irls,
        "leg_cramps": cramps,
    },
    _days,
    st.floats(min_value=0, max_value=10, allow_nan=False),
    st.none() | st.integers(min_value=0, max_value=40),
    st.none() | st.booleans(),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    labs=st.lists(_labs, max_size=6),
    symptoms=st.lists(_symptoms, max_size=6, unique_by=lambda e: e["date"]),
)
def test_round_trip_keeps_every_value(
    tmp_path_factory: pytest.TempPathFactory,
    labs: list[dict[str, Any]],
    symptoms: list[dict[str, Any]],
) -> None:
    folder = tmp_path_factory.mktemp("round")
    first_store = fresh("sqlite:///" + str(folder / "a.db"))
    second_store = fresh("sqlite:///" + str(folder / "b.db"))
    with first_store.session() as first, second_store.session() as second:
        load(first, {"format": FORMAT, "entries": [*labs, *symptoms]})
        document = export(first)
        load(second, document)
        assert export(second) == document
        values = sorted(
            (e["kind"], e["date"], e.get("value"), e.get("severity_nrs"))
            for e in document["entries"]
        )
        given_values = sorted(
            (e["kind"], e["date"], e.get("value"), e.get("severity_nrs"))
            for e in [*labs, *symptoms]
        )
        assert values == given_values
    first_store.close()
    second_store.close()


def test_a_diary_of_one_entry_is_not_empty_in_the_singular(session: Session) -> None:
    diary_entries.add_entry(
        session, kind="symptoms", fields={"date": "2026-11-01", "severity_nrs": 3}, today=TODAY
    )
    with pytest.raises(ConflictError, match=r"^the diary is not empty \(1 entry\) \(diary: "):
        repo.replace_all(session, basics=None, entries=[], clear=False)
