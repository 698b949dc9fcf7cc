"""`ekbom profile set|show` and `ekbom db upgrade|info`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ekbom.store.migrate import HEAD
from tests.diary_cli.conftest import Run


def test_profile_set_then_show(run: Run) -> None:
    done = run(
        "profile",
        "set",
        "--age",
        "52",
        "--sex",
        "female",
        "--postmenopausal",
        "yes",
        "--condition",
        "ckd",
        "--medication",
        "Zoloft 50 mg",
        "--medication",
        "omeprazole",
        "--criterion",
        "urge_to_move=yes",
        "--caffeine",
        "250",
        "--smoker",
        "no",
        "--limits",
        "eu",
    )
    assert done.code == 0, done.err
    shown = run("profile", "show").out.splitlines()
    assert shown == [
        "age: 52",
        f"age_on: {date.today()}",
        "sex: female",
        "postmenopausal: true",
        'conditions: ["ckd"]',
        'medications: ["Zoloft 50 mg", "omeprazole"]',
        "rls_criteria: {urge_to_move: true}",
        "caffeine_mg_per_day: 250",
        "smoker: false",
        "limits: eu",
    ]
    data = json.loads(run("profile", "show", "--format", "json").out)
    assert data["medications"] == ["Zoloft 50 mg", "omeprazole"] and data["smoker"] is False


def test_profile_set_changes_only_what_is_given_and_unset_clears(run: Run) -> None:
    run("profile", "set", "--age", "40", "--sex", "male", "--smoker", "yes", "--diet", "vegan")
    run("profile", "set", "--diet", "vegetarian", "--unset", "smoker")
    shown = run("profile", "show").out
    assert "diet: vegetarian" in shown and "smoker" not in shown and "age: 40" in shown


def test_profile_set_problems_are_named_as_options(run: Run) -> None:
    run("profile", "set", "--sex", "male")
    done = run("profile", "set", "--pregnant", "yes", "--condition", "ckdd", "--age", "130")
    assert done.code == 1
    assert done.err.splitlines()[1:] == [
        "  --age: 130 is not allowed; give a whole number from 0 to 120",
        "  --pregnant: contradicts 'sex: male'; check sex and pregnancy",
        "  --condition: unknown condition 'ckdd' (did you mean 'ckd'?); valid ids: dialysis, "
        "ckd, ckd_severe, hemochromatosis, iron_overload, inflammatory_disease, "
        "recent_infection, peripheral_neuropathy, kidney_stones, bariatric_surgery, "
        "malabsorption, sleep_apnea, hypercalcaemia, sarcoidosis",
    ]
    assert "pregnant" not in run("profile", "show").out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--criterion", "urge_to_move"), "NAME=yes or NAME=no"),
        ((), "give at least one field"),
        (("--unset", "colour"), "is not a field"),
    ],
)
def test_profile_set_usage_problems(run: Run, args: tuple[str, ...], words: str) -> None:
    done = run("profile", "set", *args)
    assert done.code in (1, 2) and words in done.err


def test_profile_show_when_nothing_is_stored(run: Run) -> None:
    assert run("profile", "show").out.startswith("No basics stored yet")


def test_db_info_before_first_use_creates_nothing(run: Run, db: Path) -> None:
    db.unlink()
    done = run("db", "info")
    assert done.code == 0
    assert done.out.splitlines() == [
        f"diary: {db} (from EKBOM_DATABASE_URL)",
        "not created yet: it is created on first use, or with `ekbom db upgrade`",
    ]
    assert not db.exists()


def test_db_upgrade_then_info(run: Run, db: Path) -> None:
    db.unlink()
    assert run("db", "upgrade").out == (
        f"Upgraded the diary at {db} from empty to schema revision {HEAD}.\n"
    )
    assert (
        run("db", "upgrade").out == f"The diary at {db} is up to date (schema revision {HEAD}).\n"
    )
    run("log", "lab", "ferritin", "48", "ng/mL", "--date", "2026-10-02")
    run("log", "symptoms", "--nrs", "3", "--date", "2026-11-01")
    lines = run("db", "info").out.splitlines()
    assert lines[1].startswith("database: SQLite 3.") and lines[1].endswith("journal mode wal")
    assert lines[2:] == [
        f"schema revision: {HEAD} (the latest)",
        "entries: 2 (1 lab result, 1 symptom day, 0 supplement periods)",
        "dates: 2026-10-02 to 2026-11-01",
        "basics: not set (`ekbom profile set`)",
    ]
    info = json.loads(run("db", "info", "--format", "json").out)
    assert info["revision"] == HEAD and info["entries"] == {
        "lab": 1,
        "symptoms": 1,
        "supplement": 0,
    }
    assert info["web_accounts"] == 0


def test_db_info_counts_only_its_own_diary_and_names_web_accounts(run: Run, db: Path) -> None:
    from ekbom.diary import entries as diary_entries
    from ekbom.store import StoreSettings, opened
    from ekbom.store.accounts import register

    run("log", "symptoms", "--nrs", "3", "--date", "2026-11-01")
    with opened(StoreSettings("sqlite:///" + str(db), "--db")) as store:
        with store.session() as accounts:  # the web app's tables in the same store
            account = register(accounts, "a@example.org", "a long password", "a long password")
        with store.session(owner=account) as web:
            fields = {"date": "2026-11-02", "test": "ferritin", "value": 30, "unit": "ng/mL"}
            diary_entries.add_entry(web, kind="lab", fields=fields, today=date(2026, 11, 28))
    lines = run("db", "info").out.splitlines()
    assert "entries: 1 (0 lab results, 1 symptom day, 0 supplement periods)" in lines
    assert lines[-1] == (
        "web accounts: 1, each with its own diary in this database (not shown above; see "
        "`ekbom serve`)"
    )


def test_db_option_beats_the_environment(run: Run, tmp_path: Path, db: Path) -> None:
    other = tmp_path / "other.db"
    run("log", "lab", "ferritin", "48", "ng/mL", "--db", str(other))
    assert "ferritin" in run("history", "--db", str(other)).out
    assert run("history").out.startswith("No entries")  # the diary of EKBOM_DATABASE_URL


def test_default_diary_is_in_the_user_data_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EKBOM_DATABASE_URL")
    run("log", "lab", "ferritin", "48", "ng/mL")
    default = tmp_path / "data" / "ekbom" / "diary.db"
    assert default.exists()
    assert run("db", "info").out.startswith(f"diary: {default} (the default;")
