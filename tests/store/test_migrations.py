"""Migrations: from an empty database, and from the first revision with data, up to the latest,
with the data intact; the migrations build exactly the tables the models describe."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from ekbom.diary import entries as diary_entries
from ekbom.errors import ConflictError
from ekbom.store import LabEntry, StoreSettings, SupplementEntry, SymptomEntry, open_store
from ekbom.store import repository as repo
from ekbom.store.migrate import HEAD, REVISIONS, alembic_config, current_revision, migrate
from ekbom.store.session import make_engine
from ekbom.store.tables import Base

TABLES = {"entry", "lab_result", "symptom_score", "supplement_period", "profile"}
WEB_TABLES = {"web_account", "web_session", "web_api_token", "web_login_failure"}


def test_revisions_list_matches_the_migration_scripts() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    history = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert tuple(history) == REVISIONS
    assert scripts.get_current_head() == HEAD
    assert len(REVISIONS) >= 2


def test_migrations_from_empty_reach_the_latest_revision(url: str) -> None:
    engine = make_engine(StoreSettings(url, "--db"))
    done = migrate(engine, "test")
    assert (done.before, done.after) == (None, HEAD)
    with engine.connect() as connection:
        assert current_revision(connection) == HEAD
        assert TABLES | WEB_TABLES <= set(inspect(connection).get_table_names())
    engine.dispose()


def test_migrations_build_the_tables_the_models_describe(url: str) -> None:
    engine = make_engine(StoreSettings(url, "--db"))
    migrate(engine, "test")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def _fill_first_revision(url: str) -> None:
    """A diary at revision 0001 with one entry of each kind and basics, written in plain SQL
    (the models describe the latest schema, not this one)."""
    engine = make_engine(StoreSettings(url, "--db"))
    migrate(engine, "test", "0001")
    stamp = "2026-01-02 03:04:05.123456"
    rows = [
        (1, "lab", "2025-12-01"),
        (2, "symptoms", "2025-12-02"),
        (3, "supplement", "2025-12-03"),
    ]
    with engine.begin() as connection:
        for entry_id, kind, day in rows:
            connection.execute(
                text(
                    "INSERT INTO entry (id, kind, day, recorded_at, updated_at) "
                    "VALUES (:id, :kind, :day, :stamp, :stamp)"
                ),
                {"id": entry_id, "kind": kind, "day": day, "stamp": stamp},
            )
        connection.execute(text("INSERT INTO lab_result VALUES (1, 'ferritin', 48.5, 'ng/mL')"))
        connection.execute(
            text("INSERT INTO symptom_score VALUES (2, 6.5, 22, 5, :yes)"), {"yes": True}
        )
        connection.execute(
            text("INSERT INTO supplement_period VALUES (3, 'iron', 65, 'mg', 'day', NULL)")
        )
        connection.execute(
            text(
                "INSERT INTO profile (id, age, age_on, sex, conditions, medications, "
                "rls_criteria, updated_at) VALUES (1, 52, '2025-12-01', 'female', "
                "'[\"ckd\"]', '[\"Zoloft 50 mg\"]', '{}', :stamp)"
            ),
            {"stamp": stamp},
        )
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT setval(pg_get_serial_sequence('entry', 'id'), 3)"))
    engine.dispose()


def test_migrations_from_the_first_revision_keep_the_data(url: str) -> None:
    _fill_first_revision(url)
    store = open_store(StoreSettings(url, "--db"))  # upgrades on open
    with store.engine.connect() as connection:
        assert current_revision(connection) == HEAD
    with store.session() as session:
        lab, symptoms, supplement = repo.list_entries(session)
        basics = repo.get_basics(session)
        added = diary_entries.add_entry(
            session,
            kind="lab",
            fields={
                "date": "2026-01-05",
                "test": "ferritin",
                "value": 60,
                "unit": "ng/mL",
                "note": "new",
            },
            today=date(2026, 11, 28),
        )
    store.close()
    assert isinstance(lab, LabEntry)
    assert (lab.stamp.id, lab.test, lab.value, lab.unit, lab.note) == (
        1,
        "ferritin",
        48.5,
        "ng/mL",
        None,
    )
    assert str(lab.stamp.recorded_at) == "2026-01-02 03:04:05.123456"
    assert isinstance(symptoms, SymptomEntry)
    assert (
        symptoms.severity_nrs,
        symptoms.irls_score,
        symptoms.nights_per_week,
        symptoms.leg_cramps,
    ) == (6.5, 22, 5, True)
    assert isinstance(supplement, SupplementEntry)
    assert (supplement.nutrient, supplement.amount, supplement.ended_on) == ("iron", 65.0, None)
    assert (basics.age, basics.sex, basics.conditions, basics.medications) == (
        52,
        "female",
        ("ckd",),
        ("Zoloft 50 mg",),
    )
    assert added.stamp.id == 4 and added.note == "new"


def test_migrations_go_down_and_up_again_with_the_data(url: str) -> None:
    _fill_first_revision(url)
    engine = make_engine(StoreSettings(url, "--db"))
    migrate(engine, "test")
    migrate(engine, "test", "0001")
    migrate(engine, "test")
    with engine.connect() as connection:
        count = connection.execute(text("SELECT COUNT(*) FROM lab_result")).scalar()
        assert count == 1  # rebuilding `entry` on SQLite did not cascade into its children
    migrate(engine, "test", None)
    with engine.connect() as connection:
        assert not (TABLES | WEB_TABLES) & set(inspect(connection).get_table_names())
    engine.dispose()


def test_a_diary_from_a_newer_ekbom_is_refused(url: str) -> None:
    engine = make_engine(StoreSettings(url, "--db"))
    migrate(engine, "test")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(ConflictError, match="revision 9999.*a newer version wrote it") as caught:
        open_store(StoreSettings(url, "--db"))
    assert caught.value.problem == "newer_schema"
    assert caught.value.facts == {"revision": "9999", "latest": HEAD}


def test_opening_twice_migrates_once(tmp_path: Path) -> None:
    settings = StoreSettings("sqlite:///" + str(tmp_path / "d.db"), "--db")
    open_store(settings).close()
    engine = make_engine(settings)
    assert migrate(engine, "test").before == HEAD
    engine.dispose()


def test_ids_are_not_reused_after_the_upgrade(url: str) -> None:
    """0003 adds `owner` in place: SQLite's AUTOINCREMENT (no id reuse after a delete) stays."""
    _fill_first_revision(url)
    store = open_store(StoreSettings(url, "--db"))
    fields = {"date": "2026-01-05", "test": "ferritin", "value": 60, "unit": "ng/mL"}
    with store.session() as session:
        added = diary_entries.add_entry(
            session, kind="lab", fields=fields, today=date(2026, 11, 28)
        )
        repo.delete_entry(session, entry_id=added.stamp.id or 0)
        again = diary_entries.add_entry(
            session, kind="lab", fields=fields, today=date(2026, 11, 28)
        )
    store.close()
    assert (added.stamp.id, again.stamp.id) == (4, 5)


def test_the_upgrade_makes_the_existing_diary_the_command_lines(url: str) -> None:
    _fill_first_revision(url)
    store = open_store(StoreSettings(url, "--db"))
    with store.engine.connect() as connection:
        owners = connection.execute(text("SELECT DISTINCT owner FROM entry")).scalars().all()
        basics = connection.execute(text("SELECT owner, age FROM profile")).all()
    with store.session(owner=1) as web:
        assert repo.list_entries(web) == [] and repo.get_basics(web).age is None
    store.close()
    assert owners == [0] and [tuple(row) for row in basics] == [(0, 52)]
