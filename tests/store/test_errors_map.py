"""The one translation point for SQLAlchemy errors: the map is complete, and real failures come
out as ekbom errors that say what went wrong (a problem kind each shell phrases a fix for)."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import exc as sa
from sqlalchemy import text

from ekbom.diary import entries as diary_entries
from ekbom.errors import ConflictError, StoreError
from ekbom.store import StoreSettings, open_store
from ekbom.store._errors import ERROR_MAP, HINTS, describe, translate_errors

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
    family = next(entry for entry, *_ in ERROR_MAP if issubclass(cls, entry))
    if family is CATCH_ALL:
        assert issubclass(cls, OUR_BUGS) or cls is CATCH_ALL, (
            f"{cls.__name__} falls through to the catch-all; give it an entry"
        )


def _dbapi(cls: type[sa.DBAPIError], message: str) -> sa.DBAPIError:
    return cls("SELECT 1", {}, Exception(message))


@pytest.mark.parametrize(
    ("error", "kind", "problem", "words"),
    [
        (_dbapi(sa.IntegrityError, "UNIQUE constraint failed"), ConflictError, "clash", "clashes"),
        (_dbapi(sa.OperationalError, "database is locked"), StoreError, "busy", "busy"),
        (
            _dbapi(sa.OperationalError, "unable to open database file"),
            StoreError,
            "cannot_open",
            "cannot open the diary file",
        ),
        (
            _dbapi(sa.DatabaseError, "file is not a database"),
            StoreError,
            "not_a_diary",
            "not a diary",
        ),
        (_dbapi(sa.OperationalError, "connection refused"), StoreError, "unreachable", "server"),
        (
            _dbapi(sa.OperationalError, "no such table: entries"),
            StoreError,
            "tables_missing",
            "missing",
        ),
        (_dbapi(sa.ProgrammingError, "column x"), StoreError, "tables_outdated", "tables"),
        (_dbapi(sa.OperationalError, "file is malformed"), StoreError, "damaged", "damaged"),
        (sa.ArgumentError("Could not parse URL"), StoreError, "bad_url", "not the address"),
        (sa.StatementError("bad", "SELECT 1", {}, None), StoreError, "bug", "store a value"),
    ],
)
def test_describe_names_the_problem_and_keeps_the_drivers_words(
    error: sa.SQLAlchemyError, kind: type[StoreError], problem: str, words: str
) -> None:
    found = describe(error, "d.db")
    assert type(found) is kind and found.problem == problem
    assert words in found.message and found.database == "d.db"
    driver = str(getattr(error, "orig", None) or error).splitlines()[0]
    assert found.detail == driver


def test_store_messages_name_no_command_or_option() -> None:
    """The store says what went wrong; the fix (a command, an option) is each shell's."""
    messages = [message for *_, message in ERROR_MAP] + [message for *_, message in HINTS]
    for message in messages:
        assert "`" not in message and "--" not in message and "ekbom" not in message, message


def test_translate_errors_keeps_the_original_as_cause() -> None:
    original = _dbapi(sa.OperationalError, "disk is full")
    with pytest.raises(StoreError) as caught, translate_errors("here.db"):
        raise original
    assert caught.value.__cause__ is original
    assert caught.value.database == "here.db"
    assert caught.value.problem == "disk_full"
    assert "disk is full" in str(caught.value)


def test_a_file_that_is_not_a_database_is_named_so(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 200)
    with pytest.raises(StoreError, match="not a diary") as caught:
        open_store(StoreSettings("sqlite:///" + str(path), "--db"))
    assert caught.value.problem == "not_a_diary"


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
            with pytest.raises(StoreError, match="busy") as caught, store.session() as session:
                session.bind = other
                diary_entries.add_entry(
                    session, kind="symptoms", fields={"date": "2026-11-01", "severity_nrs": 3}
                )
        holder.connection.driver_connection.execute("ROLLBACK")  # type: ignore[union-attr]
    store.close()
    assert caught.value.problem == "busy"


def _texts(path: Path) -> Iterator[tuple[int, str]]:
    """The string constants of a module that are not docstrings, with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                yield node.lineno, node.value


def test_no_store_or_diary_message_tells_to_run_a_command() -> None:
    """The store and the diary's use cases say what went wrong; a command to run (`ekbom db
    upgrade`) or an option to add (--replace) is the command line's to say."""
    import ekbom.diary
    import ekbom.store

    command = re.compile(r"`ekbom|--(replace|debug|db\b|from|on\b)")
    found = [
        f"{path.name}:{line}: {text}"
        for package in (ekbom.store, ekbom.diary)
        for path in Path(package.__file__).parent.rglob("*.py")  # type: ignore[arg-type]
        for line, text in _texts(path)
        if command.search(text) and text != "--db"  # settings' label of where the URL came from
    ]
    assert found == []
