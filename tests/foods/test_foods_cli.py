"""`ekbom foods NUTRIENT`: ranked everyday foods, as text or JSON; bad input is a usage error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ekbom.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def as_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, _ = run([*args, "--format", "json"], capsys)
    assert code == 0
    result: dict[str, Any] = json.loads(out)
    return result


def test_foods_cli_text_ranks_iron_per_portion(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["foods", "iron"], capsys)
    assert code == 0
    assert out.startswith("Iron: 10 everyday foods richest per portion (all diets)")
    assert "Lentils, 1 cup, cooked (198 g)" in out and "6.59 mg" in out and "37% DV" in out
    assert "non-heme iron" in out and "heme iron" in out.replace("non-heme iron", "")
    assert "(fortified)" in out
    assert "vitamin C" in out and "tea, coffee" in out
    assert "Release 28" in out and "public domain" in out


def test_foods_cli_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    listing = as_json(["foods", "magnesium", "--top", "3"], capsys)
    assert set(listing) == {
        "nutrient",
        "name",
        "diet",
        "per",
        "unit",
        "daily_value",
        "minimum_percent_of_daily_value",
        "foods",
        "advice",
        "source",
    }
    assert len(listing["foods"]) == 3
    assert set(listing["foods"][0]) == {
        "sr",
        "name",
        "portion",
        "grams",
        "amount",
        "unit",
        "daily_value_percent",
        "fortified",
        "iron_kind",
    }
    assert all(food["iron_kind"] is None for food in listing["foods"])


def test_foods_cli_diet_filter(capsys: pytest.CaptureFixture[str]) -> None:
    vegan = as_json(["foods", "iron", "--diet", "vegan", "--top", "50"], capsys)
    assert vegan["foods"] and all(f["iron_kind"] == "non_heme" for f in vegan["foods"])
    assert "meat, fish and chicken" not in json.dumps(vegan["advice"])
    omnivore = as_json(["foods", "iron", "--top", "50"], capsys)
    assert any(f["iron_kind"] == "heme" for f in omnivore["foods"])


def test_foods_cli_per_100g(capsys: pytest.CaptureFixture[str]) -> None:
    listing = as_json(["foods", "iron", "--per", "100g", "--top", "40"], capsys)
    lentils = [f for f in listing["foods"] if f["sr"] == "16070"]
    assert all(f["portion"] == "100 g" and f["grams"] == 100 for f in listing["foods"])
    assert not lentils or lentils[0]["amount"] == 3.33


def test_foods_accepts_other_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert as_json(["foods", "vit d", "--top", "1"], capsys)["nutrient"] == "vitamin_d"
    assert as_json(["foods", "Vitamin B-12", "--top", "1"], capsys)["nutrient"] == "vitamin_b12"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["foods", "irn"], "did you mean 'iron'"),
        (["foods", "iron", "--top", "0"], "not a whole number of 1 or more"),
        (["foods", "iron", "--diet", "pescetarian"], "invalid choice"),
        (["foods", "iron", "--per", "cup"], "invalid choice"),
    ],
)
def test_foods_cli_usage_errors_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(args, capsys)
    assert code == 2 and message in err and "Traceback" not in err


def test_foods_cli_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", "foods", "vitamin_b12", "--diet", "vegan", "--top", "2"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "(fortified)" in done.stdout and "2 everyday foods" in done.stdout
