"""`ekbom export` and `ekbom import`: the same diary back, or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from tests.diary_cli.conftest import Run


def _fill(run: Run) -> None:
    for args in (
        ("profile", "set", "--age", "52", "--sex", "female", "--medication", "Zoloft 50 mg"),
        ("log", "lab", "ferritin", "48.3", "ng/mL", "--date", "2026-10-02", "--note", "µ ünïcode"),
        ("log", "symptoms", "--nrs", "6", "--cramps", "--date", "2026-11-01"),
        ("log", "supplement", "iron", "65", "mg", "--from", "2026-10-05", "--to", "2026-11-05"),
    ):
        assert run(*args).code == 0


def _without_time(text: str) -> dict[str, object]:
    document = json.loads(text)
    document.pop("exported_at")
    return document


def test_export_import_round_trip_is_lossless(run: Run, tmp_path: Path) -> None:
    _fill(run)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run("export", str(first)).code == 0
    other = str(tmp_path / "other.db")
    done = run("import", str(first), "--db", other)
    assert done.code == 0, done.err
    assert done.out == f"Imported 3 entries and the basics from {first} into {other}.\n"
    run("export", str(second), "--db", other)
    assert _without_time(first.read_text("utf-8")) == _without_time(second.read_text("utf-8"))
    assert (first.stat().st_mode & 0o777) == 0o600


def test_export_to_standard_output(run: Run) -> None:
    _fill(run)
    document = json.loads(run("export", "-").out)
    assert document["format"] == "ekbom.diary/1" and len(document["entries"]) == 3


def test_import_of_a_bad_file_writes_nothing(run: Run, tmp_path: Path) -> None:
    _fill(run)
    path = tmp_path / "diary.json"
    run("export", str(path))
    document = json.loads(path.read_text("utf-8"))
    document["entries"][0]["value"] = -3
    document["entries"][1]["nutrient"] = "irn"  # the iron period (by day: lab, iron, symptoms)
    path.write_text(json.dumps(document), "utf-8")
    other = str(tmp_path / "other.db")
    done = run("import", str(path), "--db", other)
    assert done.code == 1
    assert done.err.splitlines()[0] == f"Error: {path} has 2 problems; nothing was saved:"
    assert "  entries[0].value: -3 ng/mL is outside the possible range" in done.err
    assert "  entries[1].nutrient: 'irn' is not allowed (did you mean 'iron'?)" in done.err
    assert run("history", "--db", other).out.startswith("No entries")


def test_import_into_a_filled_diary_needs_replace(run: Run, tmp_path: Path) -> None:
    _fill(run)
    path = tmp_path / "diary.json"
    run("export", str(path))
    run("log", "lab", "crp", "3", "mg/L", "--date", "2026-11-02")
    done = run("import", str(path))
    assert done.code == 1 and "--replace" in done.err
    assert run("import", str(path), "--replace").code == 0
    assert "crp" not in run("history").out


def test_import_of_text_that_is_not_json(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "diary.json"
    path.write_text("{not json", "utf-8")
    done = run("import", str(path))
    assert done.code == 1 and "is not valid JSON" in done.err
    assert run("import", str(tmp_path / "missing.json")).code == 2


def test_import_of_undecodable_bytes_exits_1_without_usage(run: Run, tmp_path: Path) -> None:
    _fill(run)
    path = tmp_path / "diary.json"
    run("export", str(path))
    exported = path.read_bytes()
    spliced = exported[:40] + b"\xff\xfe\x00\x9c" + exported[40:]
    path.write_bytes(spliced)
    before = run("history").out
    done = run("import", str(path), "--replace")
    assert done.code == 1
    assert "byte 40: is not UTF-8 text" in done.err and "usage:" not in done.err
    assert run("history").out == before  # nothing was written


def test_export_says_entry_for_one_and_entries_for_more(run: Run, tmp_path: Path) -> None:
    assert run("log", "symptoms", "--nrs", "6", "--date", "2026-11-01").code == 0
    one = run("export", str(tmp_path / "one.json"))
    assert " 1 entry from " in one.err, one.err
    assert run("log", "symptoms", "--nrs", "5", "--date", "2026-11-02").code == 0
    two = run("export", str(tmp_path / "two.json"))
    assert " 2 entries from " in two.err, two.err
