"""Every kind of store error, as the command line says it: the command to run or the option to
check (`ekbom db upgrade`, `--db`, `--replace`), with the database's own words and where the
diary is; the exit code stays 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ekbom.cli.store_fixes import FIXES, cli_fix, cli_message
from ekbom.errors import STORE_PROBLEMS, StoreProblem
from ekbom.store import repository
from tests.diary_cli.conftest import Run
from tests.store.error_examples import example

# The command or option each kind's fix must name.
NAMES: dict[StoreProblem, str] = {
    "busy": "try again",
    "unavailable": "--debug",
    "unreachable": "EKBOM_DATABASE_URL",
    "no_database": "createdb",
    "bad_url": "give --db a file path",
    "cannot_open": "--db",
    "read_only": "--db",
    "disk_full": "free some space",
    "not_a_diary": "--db",
    "damaged": "`ekbom export`",
    "database_error": "--db or EKBOM_DATABASE_URL",
    "tables_missing": "run `ekbom db upgrade`",
    "tables_outdated": "run `ekbom db upgrade`",
    "newer_schema": "upgrade ekbom",
    "upgrade_failed": "`ekbom db info`",
    "clash": "`ekbom history`",
    "not_empty": "--replace",
    "ids_taken": "--db FILE",
    "no_entry": "`ekbom history` lists the ids",
    "no_open_period": "`ekbom log supplement iron AMOUNT UNIT --from DATE`",
    "bug": "--debug",
}


def test_every_kind_of_store_error_has_a_command_line_fix() -> None:
    assert set(FIXES) == set(STORE_PROBLEMS) == set(NAMES)


@pytest.mark.parametrize("problem", STORE_PROBLEMS)
def test_every_kind_ends_the_command_with_its_fix_and_exit_1(
    problem: StoreProblem, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = example(problem)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(repository, "list_entries", fail)
    done = run("history")
    assert done.code == 1
    assert done.err == f"Error: {cli_message(error)}\n"
    assert NAMES[problem] in cli_fix(error)  # not only in the driver's words
    assert error.detail in done.err and "(diary: /srv/ekbom/diary.db)" in done.err


def test_missing_tables_ask_for_db_upgrade(run: Run, db: Path) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TABLE supplement_period")
    done = run("history")
    assert done.code == 1
    assert "the diary's tables are missing; run `ekbom db upgrade`" in done.err
    assert "no such table: supplement_period" in done.err


def test_a_diary_from_a_newer_ekbom_asks_to_upgrade_ekbom(run: Run, db: Path) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    done = run("history")
    assert done.code == 1
    assert (
        "schema revision 9999" in done.err and "a newer version wrote it; upgrade ekbom" in done.err
    )


def test_an_unsupported_database_names_what_db_takes(run: Run) -> None:
    done = run("history", "--db", "mysql://me@host/diary")
    assert done.code == 1
    assert "SQLite or PostgreSQL, not mysql; give --db a file path" in done.err


def test_stopping_a_supplement_not_taken_names_how_to_log_it(run: Run) -> None:
    done = run("log", "stop", "magnesium", "--on", "2026-11-01")
    assert done.code == 1
    assert "no open period of magnesium in the diary" in done.err
    assert "`ekbom log supplement magnesium AMOUNT UNIT --from DATE`" in done.err
