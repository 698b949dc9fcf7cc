"""The one place where SQLAlchemy's exceptions become ekbom errors (`translate_errors`).

Every database call of the store runs inside `translate_errors(database)`; what leaves it is an
`ekbom.errors.StoreError` (or `ConflictError`) that says what went wrong (its `problem` kind and
a neutral message), where the data is, and the driver's own words as `detail`; it is raised
`from` the original so that a traceback still shows everything. How to fix it is each shell's
to say (the command line names a command, the web app what the person or the operator does).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa

from ekbom.errors import ConflictError, StoreError, StoreProblem

# (SQLAlchemy exception, ekbom error, problem, what went wrong), most specific first; the first
# entry the exception is an instance of wins. A test checks every SQLAlchemy error class lands
# on an entry made for it or for its family.
ERROR_MAP: tuple[tuple[type[sa.SQLAlchemyError], type[StoreError], StoreProblem, str], ...] = (
    (
        sa.IntegrityError,
        ConflictError,
        "clash",
        "the change clashes with what is already in the diary (perhaps another change was "
        "saved at the same moment)",
    ),
    (sa.OperationalError, StoreError, "unavailable", "the diary's database cannot be used now"),
    (
        sa.ProgrammingError,
        StoreError,
        "tables_outdated",
        "the diary's tables are not what this version expects",
    ),
    (sa.InterfaceError, StoreError, "unreachable", "cannot talk to the diary's database"),
    (
        sa.DatabaseError,  # also DataError, InternalError, NotSupportedError
        StoreError,
        "database_error",
        "the diary's database reported an error",
    ),
    (
        sa.DBAPIError,  # a driver error outside the DB-API families above
        StoreError,
        "unreachable",
        "the database driver reported an error",
    ),
    (
        sa.StatementError,  # a value the driver could not send: a bug in ekbom
        StoreError,
        "bug",
        "the diary could not store a value",
    ),
    (
        sa.ArgumentError,  # also NoSuchModuleError: a URL SQLAlchemy cannot use
        StoreError,
        "bad_url",
        "this is not the address of a database the diary can be kept in",
    ),
    (sa.TimeoutError, StoreError, "busy", "the diary's database is busy"),
    (
        sa.SQLAlchemyError,
        StoreError,
        "bug",
        "the diary's database reported an unexpected error",
    ),
)

# Words in a driver's message that let us say something more precise than the map above.
HINTS: tuple[tuple[str, StoreProblem, str], ...] = (
    ("database is locked", "busy", "the diary is busy with another change"),
    ("unable to open database file", "cannot_open", "cannot open the diary file"),
    ("readonly database", "read_only", "the diary file is read-only"),
    ("file is not a database", "not_a_diary", "this file is not a diary (not a SQLite database)"),
    ("malformed", "damaged", "the diary file is damaged"),
    ("disk is full", "disk_full", "the disk is full"),
    ("connection refused", "unreachable", "cannot connect to the database server"),
    ("could not translate host", "unreachable", "cannot find the database server"),
    ("relation", "tables_missing", "the diary's tables are missing"),
    ("does not exist", "no_database", "the database does not exist"),
    ("no such table", "tables_missing", "the diary's tables are missing"),
)


def describe(exc: sa.SQLAlchemyError, database: str = "") -> StoreError:
    """The ekbom error for a SQLAlchemy exception (not raised)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = lines[0] if lines else type(exc).__name__
    for family, error, problem, message in ERROR_MAP:
        if isinstance(exc, family):
            for words, hinted, hint in HINTS:
                if words in first.lower():
                    problem, message = hinted, hint
                    break
            if error is ConflictError:
                return ConflictError(message, database, None, problem, detail=first)
            return error(message, database, problem, detail=first)
    raise AssertionError("unreachable: SQLAlchemyError is the last entry")  # pragma: no cover


@contextmanager
def translate_errors(database: str) -> Iterator[None]:
    """Run database calls; re-raise SQLAlchemy's exceptions as ekbom StoreErrors."""
    try:
        yield
    except sa.SQLAlchemyError as exc:
        raise describe(exc, database) from exc
