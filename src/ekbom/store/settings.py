"""Where the diary lives: `--db PATH` > `EKBOM_DATABASE_URL` > a SQLite file in the data folder.

`--db` takes a file path (or a full database URL); `EKBOM_DATABASE_URL` takes a SQLAlchemy URL,
e.g. `sqlite:////home/me/diary.db` or `postgresql+psycopg://me@localhost/ekbom`. The default is
`diary.db` in the user data folder of platformdirs (`~/.local/share/ekbom` on Linux), created on
first use. Nothing here opens a database; `ekbom.store.session` does that.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

ENV_VAR = "EKBOM_DATABASE_URL"
DEFAULT_FILE = "diary.db"
SUPPORTED = ("sqlite", "postgresql")


class StoreSettings(NamedTuple):
    """The database URL, and where that choice came from (for `ekbom db info` and errors)."""

    database_url: str
    source: str  # "--db", "EKBOM_DATABASE_URL" or "default"

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, for a SQLite URL with a file; else None."""
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        rest = self.database_url[len(prefix) :].split("?", 1)[0]
        return Path(rest) if rest and rest != ":memory:" else None

    @property
    def display(self) -> str:
        """Where the data is, for people: the file path, or the URL without its password."""
        path = self.sqlite_path
        return str(path) if path is not None else redact(self.database_url)


def default_path() -> Path:
    """The default diary file in the user data folder (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("ekbom", appauthor=False) / DEFAULT_FILE


def sqlite_url(path: Path | str) -> str:
    """The SQLAlchemy URL of a SQLite file (made absolute, so the working folder never matters)."""
    return "sqlite:///" + str(Path(path).expanduser().absolute())


def store_settings(
    *, db: str | None = None, environ: Mapping[str, str] | None = None
) -> StoreSettings:
    """Resolve the database: the `--db` value, else `EKBOM_DATABASE_URL`, else the default file."""
    env = os.environ if environ is None else environ
    if db:
        return StoreSettings(db if "://" in db else sqlite_url(db), "--db")
    if env.get(ENV_VAR):
        return StoreSettings(env[ENV_VAR], ENV_VAR)
    return StoreSettings(sqlite_url(default_path()), "default")


def redact(url: str) -> str:
    """`postgresql+psycopg://me:secret@host/db` -> `postgresql+psycopg://me:***@host/db`."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, at, location = rest.rpartition("@")
    user, colon, _ = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}{at}{location}"
