"""The one translation point for SQLAlchemy errors: the map is complete, and real failures come
out as ekbom errors that say what to do."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from sqlalchemy import exc as sa
from sqlalchemy import text

from ekbom.diary import entries as diary_entries
from ekbom.errors import ConflictError, StoreError
from ekbom.store import StoreSettings, open_store
from ekbom.store._errors import ERROR_MAP, describe, translate_errors

CATCH_ALL = sa.SQLAlchemyError
# Errors that mean ekbom itself is wrong (a bug), not the database: the catch-all names them.
OUR_BUGS = (
    sa.InvalidRequestError,
    sa.CompileError,
    sa.CircularDependencyError,
    sa.IdentifierError,
    sa.DisconnectionError,
    sa.NoReferenceError,
)


def _errors() -> list[type[sa.SQLAlchemyError]]:
    return [
        cls
        for _, cls in inspect.getmembers(sa, inspect.isclass)
        if issubclass(cls, sa.SQLAlchemyError)
    ]


@pytest.mark.parametrize("cls", _errors(), ids=lambda cls: cls.__name__)
def test_error_map_has_an_entry_made_for_every_sqlalchemy_error(
    cls: type[sa.SQLAlchemyError],
) -> None:
    family = next(entry for entry, _, _ in ERROR_MAP if issubclass(cls, entry))
    if family is CATCH_ALL:
        assert issubclass(cls, OUR_BUGS) or cls is CATCH_ALL, (
            f"{cls.__name__} falls through to the catch-all; give it an entry"
        )


def _dbapi(cls: type[sa.DBAPIError], message: str) -> sa.DBAPIError:
    return cls("SELECT 1", {}, Exception(message))


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        (_dbapi(sa.IntegrityError, "UNIQUE constraint failed"), ConflictError, "clashes"),
        (_dbapi(sa.OperationalError, "database is locked"), StoreError, "another ekbom"),
        (_dbapi(sa.OperationalError, "unable to open database file"), StoreError, "folder"),
        (_dbapi(sa.DatabaseError, "file is not a database"), StoreError, "not an ekbom diary"),
        (_dbapi(sa.OperationalError, "connection refused"), StoreError, "server"),
        (sa.ArgumentError("Could not parse URL"), StoreError, "not a database ekbom can use"),
    ],
)
def test_describe_gives_a_message_with_a_way_out(
    error: sa.SQLAlchemyError, kind: type[StoreError], words: str
) -> None:
    found, message = describe(error)
    assert found is kind and words in message


def test_translate_errors_keeps_the_original_as_cause() -> None:
    original = _dbapi(sa.OperationalError, "disk is full")
    with pytest.raises(StoreError) as caught, translate_errors("here.db"):
        raise original
    assert caught.value.__cause__ is original
    assert caught.value.database == "here.db"
    assert "disk is full" in str(caught.value)


def test_a_file_that_is_not_a_database_is_named_so(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 200)
    with pytest.raises(StoreError, match="not an ekbom diary"):
        open_store(StoreSettings("sqlite:///" + str(path), "--db"))


def test_a_diary_held_by_another_writer_reports_busy(tmp_path: Path) -> None:
    url = "sqlite:///" + str(tmp_path / "d.db")
    store = open_store(StoreSettings(url, "--db"))
    impatient = store.engine.execution_options()  # shares the pool; a new connection below
    with store.engine.connect() as holder:
        holder.execute(text("SELECT 1"))
        holder.exec_driver_sql("COMMIT")
        holder.connection.driver_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
        with impatient.connect() as other:
            other.connection.driver_connection.execute("PRAGMA busy_timeout=50")  # type: ignore[union-attr]
            with pytest.raises(StoreError, match="busy"), store.session() as session:
                session.bind = other
                diary_entries.add_entry(
                    session, kind="symptoms", fields={"date": "2026-11-01", "severity_nrs": 3}
                )
        holder.connection.driver_connection.execute("ROLLBACK")  # type: ignore[union-attr]
    store.close()
