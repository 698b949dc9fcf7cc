"""Fixtures of the diary command tests: each test has its own diary (EKBOM_DATABASE_URL) and
data folder, and `run` calls the command line in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from ekbom.cli import main
from tests.store.databases import migrated_template


class Result(NamedTuple):
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The diary file the commands use (through EKBOM_DATABASE_URL); it does not exist yet."""
    path = tmp_path / "diary.db"
    monkeypatch.setenv("EKBOM_DATABASE_URL", "sqlite:///" + str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return path


@pytest.fixture
def db(empty_db: Path, template: Path) -> Path:
    """The diary file the commands use, created and migrated (a copy of a migrated template)."""
    shutil.copyfile(template, empty_db)
    return empty_db


@pytest.fixture
def run(db: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the command line in-process on the test's diary: Result(exit code, stdout, stderr)."""

    def call(*args: str) -> Result:
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call
