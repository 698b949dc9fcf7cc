"""Bring the diary's schema up to date with the Alembic migrations shipped in the package.

`ensure_current` runs on every open: a database at the latest revision costs one small query;
a new or older one is upgraded in a single transaction (on SQLite with foreign keys off while
tables are rebuilt, then checked, as SQLite's own guide says). Alembic is imported only when an
upgrade is due, and its errors are translated here (SQLAlchemy's are in `_errors`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, inspect, text

from ekbom.errors import ConflictError, StoreError
from ekbom.store._errors import translate_errors
from ekbom.store.session import WRITE

MIGRATIONS = Path(__file__).parent / "migrations"
# Every revision in order (a test checks this against the scripts in migrations/versions).
REVISIONS = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]
VERSION_TABLE = "alembic_version"
# Any fixed number: PostgreSQL sessions that migrate at once take turns on this lock.
_PG_LOCK = 0x0E6B0


class Migration(NamedTuple):
    """What `migrate` did: the revision before and after (equal when nothing was to do)."""

    before: str | None
    after: str | None


def current_revision(connection: Connection) -> str | None:
    """The schema revision of the database (None for an empty database)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    row = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return None if row is None else str(row[0])


def ensure_current(engine: Engine, where: str) -> Migration:
    """Upgrade the database to the latest revision unless it is there already."""
    with translate_errors(where), engine.connect() as connection:
        revision = current_revision(connection)
        connection.rollback()
    _check_known(revision, where)
    if revision == HEAD:
        return Migration(revision, HEAD)
    return migrate(engine, where)


def migrate(engine: Engine, where: str, target: str | None = HEAD) -> Migration:
    """Run the migrations to `target` (up, or down for tests; None = empty) in one transaction;
    nothing changes if one fails."""
    sqlite = engine.dialect.name == "sqlite"
    with translate_errors(where), engine.connect() as connection:
        if sqlite:  # must be set outside a transaction; rebuilding a table must not cascade
            _pragma(connection, "foreign_keys=OFF")
        try:
            with connection.execution_options(**{WRITE: True}).begin():
                if not sqlite:
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK}
                    )
                before = current_revision(connection)
                _check_known(before, where)
                if before != target:
                    _run_alembic(connection, before, target, where)
                if sqlite:
                    _check_foreign_keys(connection, where)
        finally:
            if sqlite:
                _pragma(connection, "foreign_keys=ON")
    return Migration(before, target)


def _position(revision: str | None) -> int:
    return -1 if revision is None else REVISIONS.index(revision)


def _pragma(connection: Connection, pragma: str) -> None:
    """Run a PRAGMA on the driver's connection, outside any transaction (autocommit)."""
    driver: Any = connection.connection.driver_connection
    driver.execute(f"PRAGMA {pragma}")


def _check_known(revision: str | None, where: str) -> None:
    if revision is not None and revision not in REVISIONS:
        raise ConflictError(
            f"the diary has schema revision {revision}, which this version does not know (its "
            f"latest is {HEAD}): a newer version wrote it",
            where,
            problem="newer_schema",
            facts={"revision": revision, "latest": HEAD},
        )


def _run_alembic(
    connection: Connection, before: str | None, target: str | None, where: str
) -> None:
    from alembic import command
    from alembic.util import CommandError

    config = alembic_config(connection)
    try:
        if _position(target) >= _position(before):
            command.upgrade(config, target or "base")
        else:
            command.downgrade(config, target or "base")
    except CommandError as exc:
        raise StoreError(
            "the diary's schema could not be upgraded", where, "upgrade_failed", detail=str(exc)
        ) from exc


def alembic_config(connection: Any = None) -> Any:
    """An Alembic `Config` for the packaged migrations (using `connection` when given)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _check_foreign_keys(connection: Connection, where: str) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise StoreError(
            f"the schema upgrade would leave {len(broken)} broken links between tables, so it "
            "was undone",
            where,
            "upgrade_failed",
        )
