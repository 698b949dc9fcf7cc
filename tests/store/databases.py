"""Databases for the store tests: a fresh SQLite file, and, when `EKBOM_TEST_DATABASE_URL` is
set, a fresh schema on that PostgreSQL server (dropped afterwards), so runs never collide."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_ENV = "EKBOM_TEST_DATABASE_URL"
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set"),
    ),
]


@contextmanager
def database_url(backend: str, folder: Path) -> Iterator[str]:
    """A URL of an empty database of `backend`."""
    if backend == "sqlite":
        yield "sqlite:///" + str(folder / "diary.db")
        return
    from sqlalchemy import create_engine, text

    base = os.environ[PG_ENV]
    schema = f"ekbom_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        separator = "&" if "?" in base else "?"
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def migrated_template(folder: Path) -> Path:
    """A SQLite diary at the latest schema revision, to copy for each test (migrating a new file
    for every test would cost a tenth of a second each)."""
    from ekbom.store import StoreSettings, open_store

    path = folder / "template.db"
    open_store(StoreSettings("sqlite:///" + str(path), "--db")).close()
    return path
