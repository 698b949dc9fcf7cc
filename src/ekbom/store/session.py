"""Open the diary: an engine and sessions from `StoreSettings`, migrated to the latest schema.

SQLite runs in WAL mode with `synchronous=FULL` (a saved entry survives a crash of the process or
of the machine), foreign keys on, and a busy timeout so that two ekbom processes wait for each
other instead of failing. Transactions that write start with `BEGIN IMMEDIATE`: they take the
write lock up front, so two writers queue cleanly rather than one failing half-way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ekbom.errors import StoreError
from ekbom.store._errors import translate_errors
from ekbom.store.settings import SUPPORTED, StoreSettings
from ekbom.store.tables import LOCAL_DIARY, describe_postgresql

BUSY_TIMEOUT_MS = 30_000
WRITE = "ekbom_write"  # execution option: this transaction will write (SQLite: BEGIN IMMEDIATE)
_OWNER = "ekbom_owner"  # Session.info key: whose diary the session reads and writes


class Store:
    """An open store: `session(owner=...)` gives a SQLAlchemy session on one owner's diary;
    repository functions use it and touch that owner's rows only."""

    def __init__(self, settings: StoreSettings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False, autobegin=False)

    @property
    def where(self) -> str:
        return self.settings.display

    def session(self, *, owner: int = LOCAL_DIARY) -> Session:
        """A session on the diary of `owner` (the command line's diary unless told)."""
        return self._sessions(info={_OWNER: owner})

    def close(self) -> None:
        self.engine.dispose()


def owner_of(session: Session) -> int:
    """Whose diary `session` is on (a session made elsewhere reads no diary at all)."""
    owner = session.info.get(_OWNER)
    if not isinstance(owner, int):
        raise RuntimeError("this session is on no diary; open it with Store.session(owner=...)")
    return owner


def make_engine(settings: StoreSettings) -> Engine:
    """An engine for the settings' URL (StoreError when the URL is not one ekbom supports)."""
    with translate_errors(settings.display):
        url = make_url(_with_driver(settings.database_url))
    backend = url.get_backend_name()
    if backend not in SUPPORTED:
        raise StoreError(
            f"the diary can be kept in SQLite or PostgreSQL, not {backend}",
            settings.display,
            "bad_url",
        )
    if backend == "postgresql":
        describe_postgresql()
        return create_engine(url)
    path = settings.sqlite_path
    if path is not None:
        _create_private_file(path, settings.display)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


@contextmanager
def connected(settings: StoreSettings, engine: Engine) -> Iterator[Connection]:
    """A plain connection for looking at the database (`ekbom db info`); database errors leave
    as StoreErrors naming where the data is."""
    with translate_errors(settings.display), engine.connect() as connection:
        yield connection


def open_store(settings: StoreSettings, *, migrate: bool = True) -> Store:
    """Open the diary, creating it and bringing its schema up to date when `migrate` is true."""
    engine = make_engine(settings)
    if migrate:
        from ekbom.store.migrate import ensure_current

        try:
            ensure_current(engine, settings.display)
        except BaseException:
            engine.dispose()
            raise
    return Store(settings, engine)


@contextmanager
def opened(settings: StoreSettings, *, migrate: bool = True) -> Iterator[Store]:
    """`open_store` as a context manager that closes the store afterwards."""
    store = open_store(settings, migrate=migrate)
    try:
        yield store
    finally:
        store.close()


def _with_driver(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3, the driver ekbom installs."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def _create_private_file(path: Any, where: str) -> None:
    """Create the diary file (and its folder) readable by its owner only: it is health data."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreError(
            "cannot create the diary file", where, "cannot_open", detail=str(exc.strerror or exc)
        ) from None


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own would be deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        f"busy_timeout={BUSY_TIMEOUT_MS}",
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    write = connection.get_execution_options().get(WRITE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
