"""`ekbom assess --diary`: the usual assessment of the profile the diary gives."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import ekbom
from tests.diary_cli.conftest import Run


def _fill(run: Run) -> None:
    for args in (
        (
            "profile",
            "set",
            "--age",
            "52",
            "--sex",
            "female",
            "--postmenopausal",
            "yes",
            "--medication",
            "Zoloft 50 mg",
            "--caffeine",
            "250",
        ),
        ("log", "lab", "ferritin", "30", "ng/mL", "--date", "2025-01-10"),
        ("log", "lab", "ferritin", "48", "ng/mL", "--date", "2026-10-02"),
        ("log", "lab", "serum_iron", "62", "ug/dL", "--date", "2026-10-02"),
        ("log", "lab", "tibc", "410", "ug/dL", "--date", "2026-10-02"),
        ("log", "lab", "vitamin_d", "18", "ng/mL", "--date", "2025-06-01"),
        ("log", "symptoms", "--nrs", "7", "--nights", "5", "--cramps", "--date", "2026-11-10"),
        ("log", "supplement", "magnesium", "100", "mg", "--from", "2026-09-01"),
        ("log", "supplement", "iron", "65", "mg", "--from", "2026-01-01", "--to", "2026-03-01"),
    ):
        assert run(*args).code == 0, args


def test_assess_diary_is_the_assessment_of_the_equivalent_profile(run: Run) -> None:
    _fill(run)
    done = run("assess", "--diary", "--as-of", "2026-11-28", "--format", "json")
    assert done.code == 0, done.err
    profile = {
        "age": 52,
        "sex": "female",
        "postmenopausal": True,
        "medications": ["Zoloft 50 mg"],
        "lifestyle": {"caffeine_mg_per_day": 250},
        "labs": [
            {"test": "vitamin_d", "value": 18, "unit": "ng/mL", "date": "2025-06-01"},
            {"test": "ferritin", "value": 48, "unit": "ng/mL", "date": "2026-10-02"},
            {"test": "serum_iron", "value": 62, "unit": "ug/dL", "date": "2026-10-02"},
            {"test": "tibc", "value": 410, "unit": "ug/dL", "date": "2026-10-02"},
        ],
        "supplements": [{"nutrient": "magnesium", "amount": 100, "unit": "mg"}],
        "symptoms": {"severity_nrs": 7, "nights_per_week": 5, "leg_cramps": True},
    }
    expected = ekbom.assess(profile, as_of="2026-11-28").to_dict()
    assert json.loads(done.out) == json.loads(json.dumps(expected))
    statuses = {row["test"]: row["status"] for row in expected["labs"]}
    assert statuses["vitamin_d"] == "stale" and statuses["tsat"] == "current"


def test_assess_diary_as_of_an_earlier_day_uses_what_was_known_then(run: Run) -> None:
    _fill(run)
    document = json.loads(run("assess", "--diary", "--as-of", "2026-01-05", "-f", "json").out)
    assert [(r["test"], round(r["value"], 3)) for r in document["labs"]] == [
        ("ferritin", 30.0),
        ("vitamin_d", 44.928),
    ]
    assert document["severity"]["severity_nrs"] is None  # no symptoms logged by then
    assert [r["status"] for r in document["labs"]] == ["current", "current"]
    assert document["nutrients"][0]["rule_ids"] == ["iron.tsat-missing"]


def test_assess_diary_text_and_limits(run: Run) -> None:
    _fill(run)
    done = run("assess", "--diary", "--limits", "us")
    assert done.code == 0 and "limits us" in done.out


def test_assess_diary_without_basics_says_how_to_store_them(run: Run, db: object) -> None:
    run("log", "lab", "ferritin", "48", "ng/mL")
    done = run("assess", "--diary")
    assert done.code == 1
    assert done.err.splitlines() == [
        f"Error: the profile in the diary {db} has 2 problems:",
        "  age: is not stored in the diary; store it with `ekbom profile set --age N`",
        "  sex: is not stored in the diary; store it with `ekbom profile set --sex female|male`",
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((), "give a profile FILE (or - for standard input)"),
        (("me.yaml", "--diary"), "not both"),
        (("--db", "x.db"), "add --diary"),
    ],
)
def test_assess_needs_a_file_or_the_diary(run: Run, args: tuple[str, ...], words: str) -> None:
    done = run("assess", *args)
    assert done.code == 2 and words in done.err


def test_assess_of_a_file_does_not_load_the_database_libraries() -> None:
    code = (
        "import sys; from ekbom.cli import build_parser; build_parser();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'alembic', 'matplotlib', 'weasyprint', 'platformdirs')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
