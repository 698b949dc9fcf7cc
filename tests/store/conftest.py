"""Fixtures of the store tests: each test gets its own empty diary, on SQLite and (when
`EKBOM_TEST_DATABASE_URL` is set) on PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from ekbom.store import Store, StoreSettings, open_store
from tests.store.databases import BACKENDS, database_url, migrated_template


@pytest.fixture(autouse=True)
def _no_real_diary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the user's own diary: no EKBOM_DATABASE_URL, a private data folder."""
    monkeypatch.delenv("EKBOM_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as value:
        yield value


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def store(url: str, template: Path) -> Iterator[Store]:
    """The diary of `url`, migrated (a SQLite one is a copy of a migrated template)."""
    if url.startswith("sqlite:///"):
        shutil.copyfile(template, url.removeprefix("sqlite:///"))
    opened = open_store(StoreSettings(url, "--db"))
    yield opened
    opened.close()


@pytest.fixture
def session(store: Store) -> Iterator[Session]:
    with store.session() as value:
        yield value
