"""The one place where SQLAlchemy's exceptions become ekbom errors (`translate_errors`).

Every database call of the store runs inside `translate_errors(database)`; what leaves it is an
`ekbom.errors.StoreError` (or `ConflictError`) that says what went wrong, where the data is and
what to do, raised `from` the original so `--debug` still shows the driver's own words.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa

from ekbom.errors import ConflictError, StoreError

# (SQLAlchemy exception, ekbom error, what to tell the person), most specific first; the first
# entry the exception is an instance of wins. A test checks every SQLAlchemy error class lands
# on an entry made for it or for its family.
ERROR_MAP: tuple[tuple[type[sa.SQLAlchemyError], type[StoreError], str], ...] = (
    (
        sa.IntegrityError,
        ConflictError,
        "the change clashes with what is already in the diary (perhaps another ekbom wrote "
        "at the same moment); look with `ekbom history` and try again",
    ),
    (
        sa.OperationalError,
        StoreError,
        "the diary's database cannot be used right now",
    ),
    (
        sa.ProgrammingError,
        StoreError,
        "the diary's tables are not what this ekbom expects; run `ekbom db upgrade`",
    ),
    (
        sa.InterfaceError,
        StoreError,
        "cannot talk to the diary's database; check the database URL and that the server runs",
    ),
    (
        sa.DatabaseError,  # also DataError, InternalError, NotSupportedError
        StoreError,
        "the diary's database reported an error; check that --db or EKBOM_DATABASE_URL points "
        "at an ekbom diary",
    ),
    (
        sa.DBAPIError,  # a driver error outside the DB-API families above
        StoreError,
        "the database driver reported an error; check the database URL and that the server runs",
    ),
    (
        sa.StatementError,  # a value the driver could not send: a bug in ekbom
        StoreError,
        "the diary could not store a value; run again with --debug and report it",
    ),
    (
        sa.ArgumentError,  # also NoSuchModuleError: a URL SQLAlchemy cannot use
        StoreError,
        "this is not a database ekbom can use; give a file path, sqlite:///PATH or "
        "postgresql+psycopg://USER@HOST/DATABASE",
    ),
    (
        sa.TimeoutError,
        StoreError,
        "the diary's database is busy; try again in a moment",
    ),
    (
        sa.SQLAlchemyError,
        StoreError,
        "the diary's database reported an unexpected error; run again with --debug for details",
    ),
)

# Words in a driver's message that let us say something more precise than the map above.
HINTS: tuple[tuple[str, str], ...] = (
    ("database is locked", "the diary is busy: another ekbom is writing to it; try again"),
    (
        "unable to open database file",
        "cannot open the diary file; check the folder exists and that you may write there",
    ),
    ("readonly database", "the diary file is read-only; check its permissions"),
    (
        "file is not a database",
        "this file is not an ekbom diary (not a SQLite database); check the path given to --db",
    ),
    ("malformed", "the diary file is damaged; restore it from a backup or an `ekbom export`"),
    ("disk is full", "the disk is full; free some space and try again"),
    (
        "connection refused",
        "cannot connect to the database server; check that it runs and that the URL is right",
    ),
    ("could not translate host", "cannot find the database server; check the host in the URL"),
    ("relation", "the diary's tables are missing; run `ekbom db upgrade`"),
    (
        "does not exist",
        "the database does not exist; create it first (for example with createdb), or check "
        "the URL",
    ),
    ("no such table", "the diary's tables are missing; run `ekbom db upgrade`"),
)


def describe(exc: sa.SQLAlchemyError) -> tuple[type[StoreError], str]:
    """The ekbom error class and the message for a SQLAlchemy exception."""
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = detail[0] if detail else type(exc).__name__
    for family, error, message in ERROR_MAP:
        if isinstance(exc, family):
            for words, hint in HINTS:
                if words in first.lower():
                    return error, f"{hint} ({first})"
            return error, f"{message} ({first})"
    raise AssertionError("unreachable: SQLAlchemyError is the last entry")  # pragma: no cover


@contextmanager
def translate_errors(database: str) -> Iterator[None]:
    """Run database calls; re-raise SQLAlchemy's exceptions as ekbom StoreErrors."""
    try:
        yield
    except sa.SQLAlchemyError as exc:
        error, message = describe(exc)
        raise error(message, database) from exc
