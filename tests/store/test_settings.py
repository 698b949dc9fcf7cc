"""Where the diary lives: --db, then EKBOM_DATABASE_URL, then the user data folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from ekbom.errors import StoreError
from ekbom.store import StoreSettings, open_store, store_settings
from ekbom.store.session import make_engine
from ekbom.store.settings import redact


def test_settings_default_is_a_file_in_the_user_data_folder(tmp_path: Path) -> None:
    settings = store_settings(environ={})
    assert settings.source == "default"
    assert settings.sqlite_path == tmp_path / "data" / "ekbom" / "diary.db"


def test_settings_environment_beats_the_default() -> None:
    url = "postgresql+psycopg://me@db.example/ekbom"
    assert store_settings(environ={"EKBOM_DATABASE_URL": url}) == StoreSettings(
        url, "EKBOM_DATABASE_URL"
    )


def test_settings_db_option_beats_the_environment(tmp_path: Path) -> None:
    environ = {"EKBOM_DATABASE_URL": "sqlite:////elsewhere.db"}
    settings = store_settings(db=str(tmp_path / "mine.db"), environ=environ)
    assert settings == StoreSettings("sqlite:///" + str(tmp_path / "mine.db"), "--db")
    assert store_settings(db="postgresql://me@h/db", environ=environ).database_url == (
        "postgresql://me@h/db"
    )


def test_settings_relative_db_path_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert store_settings(db="diary.db").sqlite_path == tmp_path / "diary.db"


def test_settings_display_hides_the_password() -> None:
    settings = StoreSettings("postgresql+psycopg://me:secret@host/ekbom", "--db")
    assert settings.display == "postgresql+psycopg://me:***@host/ekbom"
    assert "secret" not in redact("postgresql://u:p%40ss@h:5432/d")
    assert redact("sqlite:////x.db") == "sqlite:////x.db"


def test_sqlite_file_is_created_private_in_a_new_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "diary.db"
    open_store(StoreSettings("sqlite:///" + str(path), "--db")).close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_sqlite_runs_in_wal_mode_with_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(StoreSettings("sqlite:///" + str(tmp_path / "d.db"), "--db"))
    with store.engine.connect() as connection:
        pragmas = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    store.close()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 30000,
    }


def test_unsupported_database_is_refused_with_the_choices() -> None:
    with pytest.raises(StoreError, match="SQLite or PostgreSQL, not mysql") as caught:
        make_engine(StoreSettings("mysql://me@host/db", "--db"))
    assert caught.value.problem == "bad_url"


def test_garbage_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="not the address of a database") as caught:
        make_engine(StoreSettings("not a url://", "--db"))
    assert caught.value.problem == "bad_url"


def test_plain_postgresql_url_uses_psycopg() -> None:
    engine = make_engine(StoreSettings("postgresql://me@localhost/ekbom", "--db"))
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


def test_folder_that_cannot_be_made_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the diary file") as caught:
        make_engine(StoreSettings("sqlite:///" + str(blocker / "diary.db"), "--db"))
    assert caught.value.problem == "cannot_open" and caught.value.detail
