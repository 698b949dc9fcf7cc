"""`ekbom log lab|symptoms|supplement|stop`: saved entries, and problems named as options."""

from __future__ import annotations

from datetime import date

import pytest

from tests.diary_cli.conftest import Run


def test_log_lab_saves_and_says_what(run: Run) -> None:
    done = run("log", "lab", "ferritin", "48", "ng/ml", "--date", "2026-10-02", "--note", "fast")
    assert done.code == 0, done.err
    assert done.out == 'Saved entry 1: 2026-10-02  lab         ferritin 48 ng/mL  "fast"\n'


def test_log_lab_date_defaults_to_today(run: Run) -> None:
    done = run("log", "lab", "vitamin_d", "18", "ng/mL")
    assert done.code == 0 and date.today().isoformat() in done.out


def test_log_lab_problems_are_named_by_argument_and_option(run: Run) -> None:
    done = run("log", "lab", "ferritin", "48", "mg", "--date", "2999-01-01")
    assert done.code == 1
    assert done.err.splitlines() == [
        "Error: the lab entry has 2 problems; nothing was saved:",
        f"  --date: 2999-01-01 is in the future (today is {date.today()}); check the date",
        "  UNIT: 'mg' is not a unit for ferritin; use ug/L, ng/mL",
    ]
    assert run("history").out.startswith("No entries")


def test_log_lab_value_must_be_a_number(run: Run) -> None:
    done = run("log", "lab", "ferritin", "lots", "ng/mL")
    assert done.code == 2 and "'lots' is not a number" in done.err


def test_log_symptoms_saves_the_scores(run: Run) -> None:
    done = run(
        "log",
        "symptoms",
        "--nrs",
        "6.5",
        "--irls",
        "22",
        "--nights",
        "1",
        "--no-cramps",
        "--date",
        "2026-11-01",
    )
    assert done.code == 0, done.err
    assert "NRS 6.5, IRLS 22, 1 night a week, no leg cramps" in done.out


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--irls", "41", "from 0 to 40"),
        ("--nrs", "10.5", "at most 10"),
        ("--nights", "2.5", "from 0 to 7"),
    ],
)
def test_log_symptoms_out_of_range_names_the_option(
    run: Run, option: str, value: str, words: str
) -> None:
    done = run("log", "symptoms", option, value)
    assert done.code == 1
    assert f"  {option}: {value} is not allowed" in done.err and words in done.err


def test_log_symptoms_needs_a_score(run: Run) -> None:
    done = run("log", "symptoms", "--date", "2026-11-01")
    assert done.code == 2 and "give at least one score" in done.err


def test_log_symptoms_twice_a_day_is_refused_with_the_way_to_edit(run: Run) -> None:
    run("log", "symptoms", "--nrs", "4", "--date", "2026-11-01")
    done = run("log", "symptoms", "--nrs", "5", "--date", "2026-11-01")
    assert done.code == 1 and "`ekbom edit 1" in done.err


def test_log_supplement_and_stop(run: Run) -> None:
    done = run(
        "log", "supplement", "vitamin_d", "7000", "iu", "--per", "week", "--from", "2026-10-01"
    )
    assert done.code == 0, done.err
    assert "vitamin_d 7000 IU a week, ongoing" in done.out
    done = run("log", "stop", "vitamin_d", "--on", "2026-11-01")
    assert done.code == 0 and "to 2026-11-01" in done.out
    again = run("log", "stop", "vitamin_d", "--on", "2026-11-02")
    assert again.code == 1 and "no open period of vitamin_d" in again.err


def test_log_supplement_needs_from(run: Run) -> None:
    done = run("log", "supplement", "iron", "65", "mg")
    assert done.code == 2 and "--from" in done.err


def test_log_supplement_problems_name_the_arguments(run: Run) -> None:
    done = run(
        "log", "supplement", "vitamin_b6", "10", "IU", "--from", "2026-10-01", "--to", "2026-09-01"
    )
    assert done.code == 1
    assert "  --to: 2026-09-01 is before the first day 2026-10-01" in done.err
    assert "  UNIT: 'IU' is not a unit for vitamin_b6" in done.err


def test_log_stop_before_the_start_names_on(run: Run) -> None:
    run("log", "supplement", "iron", "65", "mg", "--from", "2026-10-01")
    done = run("log", "stop", "iron", "--on", "2026-09-01")
    assert done.code == 1 and "  --on: 2026-09-01 is before the first day" in done.err


def test_no_traceback_for_a_broken_diary_file(run: Run, db: object) -> None:
    from pathlib import Path

    Path(str(db)).write_bytes(b"not sqlite at all " * 300)
    done = run("history")
    assert done.code == 1
    assert "this file is not a diary" in done.err and "Traceback" not in done.err
    assert "check the path given to --db" in done.err


def test_log_supplement_over_an_open_period_names_the_stop_command(run: Run) -> None:
    run("log", "supplement", "iron", "65", "mg", "--from", "2026-10-01")
    done = run("log", "supplement", "iron", "30", "mg", "--from", "2026-11-01")
    assert done.code == 1
    assert "periods of one nutrient cannot overlap; end it first with " in done.err
    assert "`ekbom log stop iron --on DATE`" in done.err
