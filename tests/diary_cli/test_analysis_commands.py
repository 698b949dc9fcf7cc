"""`ekbom trend`, `ekbom effect` and `ekbom report` run on the stored diary."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.diary_cli.conftest import Run

END = date(2026, 11, 20)
START = END - timedelta(days=150)  # iron started; it can act from day 43


def diary_document(days: int = 300) -> dict[str, Any]:
    """A diary of daily severity scores that fall after iron starts, with a few labs."""
    rng = random.Random(4)
    first = END - timedelta(days=days - 1)
    entries: list[dict[str, Any]] = []
    for number in range(days):
        day = first + timedelta(days=number)
        level = 7 if day < START + timedelta(days=42) else 4
        entries.append(
            {
                "kind": "symptoms",
                "date": day.isoformat(),
                "severity_nrs": min(10, max(0, round(level + rng.gauss(0, 1), 1))),
            }
        )
        if number % 60 == 0:
            entries.append(
                {
                    "kind": "lab",
                    "date": day.isoformat(),
                    "test": "ferritin",
                    "value": 30 + number // 6,
                    "unit": "ng/mL",
                }
            )
    entries.append(
        {
            "kind": "supplement",
            "from": START.isoformat(),
            "nutrient": "iron",
            "amount": 65,
            "unit": "mg",
        }
    )
    return {"format": "ekbom.diary/1", "basics": {"age": 50, "sex": "female"}, "entries": entries}


@pytest.fixture
def filled(run: Run, tmp_path: Path) -> Run:
    path = tmp_path / "diary.json"
    path.write_text(json.dumps(diary_document()), "utf-8")
    assert run("import", str(path)).code == 0
    return run


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_trend_writes_the_chart(filled: Run, tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"trend{suffix}"
    done = filled("trend", "ferritin", "--out", str(out), "--as-of", END.isoformat())
    assert done.code == 0, done.err
    assert done.out == f"Wrote {out}.\n"
    assert out.read_bytes().startswith(magic)
    assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("command", "accepted"), [("trend", ".png or .svg"), ("report", ".pdf or .html")]
)
def test_out_with_an_unknown_file_type_is_a_usage_error(
    filled: Run, tmp_path: Path, command: str, accepted: str
) -> None:
    """Exit 2 naming the option and the suffixes, not the internal name `out_path`."""
    out = tmp_path / "chart.jpg"
    done = filled(command, "--out", str(out))
    assert done.code == 2 and f"--out {out}: end the file name in {accepted}" in done.err
    assert "out_path" not in done.err and not out.exists()


@pytest.mark.parametrize("name", ["Iron", "ferrous", "iron bisglycinate"])
def test_effect_accepts_other_names_of_the_nutrient(filled: Run, name: str) -> None:
    done = filled("effect", name, "--as-of", END.isoformat(), "-f", "json")
    assert done.code == 0, done.err
    assert json.loads(done.out)["nutrient"] == "iron"


def test_effect_of_an_unknown_nutrient_is_a_usage_error(filled: Run) -> None:
    """Exit 2 like `explain` and `foods`, in plain words (no "effect window")."""
    done = filled("effect", "zinc", "--as-of", END.isoformat())
    assert done.code == 2
    assert "'zinc' is not a supplement whose effect ekbom can compare" in done.err
    assert "window" not in done.err


def test_effect_compares_before_and_after(filled: Run) -> None:
    done = filled("effect", "iron", "--as-of", END.isoformat())
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert lines[0].startswith(f"iron started {START}; an effect is expected from day 43.")
    assert lines[1].startswith("  before ") and "days with a score 56," in lines[1]
    assert "interval" in lines[3] and "lower" in lines[4]
    document = json.loads(filled("effect", "iron", "--as-of", END.isoformat(), "-f", "json").out)
    assert document["before"]["n"] == 56 and document["difference"] < -2
    assert document["refusal"] is None


def test_effect_refuses_with_the_reason(filled: Run) -> None:
    early = (START + timedelta(days=50)).isoformat()
    document = json.loads(filled("effect", "iron", "--as-of", early, "-f", "json").out)
    assert document["refusal"] is not None and document["interval"] is None


def test_report_html_holds_the_diary_assessment(filled: Run, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = filled("report", "--out", str(out), "--as-of", END.isoformat())
    assert done.code == 0, done.err
    assert out.stat().st_mode & 0o777 == 0o600  # private like the diary
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "Iron" in page and "ferritin" in page.lower()


def test_report_without_basics_names_them(run: Run, tmp_path: Path) -> None:
    done = run("report", "--out", str(tmp_path / "report.html"))
    assert done.code == 1 and "ekbom profile set --age N" in done.err
