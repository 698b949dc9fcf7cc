"""`ekbom history`, `edit` and `delete`."""

from __future__ import annotations

import csv
import io
import json

from tests.diary_cli.conftest import Run


def _fill(run: Run) -> None:
    for args in (
        ("log", "lab", "ferritin", "48", "ng/mL", "--date", "2026-10-02"),
        ("log", "symptoms", "--nrs", "6", "--cramps", "--date", "2026-11-01"),
        ("log", "supplement", "iron", "65", "mg", "--from", "2026-10-05", "--note", "with juice"),
        ("log", "lab", "tsat", "15", "%", "--date", "2026-06-01"),
    ):
        assert run(*args).code == 0


def test_history_lists_entries_by_day_with_ids(run: Run) -> None:
    _fill(run)
    assert run("history").out.splitlines() == [
        "4  2026-06-01  lab         tsat 15 %",
        "1  2026-10-02  lab         ferritin 48 ng/mL",
        '3  2026-10-05  supplement  iron 65 mg a day, ongoing  "with juice"',
        "2  2026-11-01  symptoms    NRS 6, leg cramps",
    ]


def test_history_filters_by_dates_and_kind(run: Run) -> None:
    _fill(run)
    out = run("history", "--from", "2026-10-03", "--to", "2026-10-31").out
    assert [line.split()[0] for line in out.splitlines()] == ["3"]  # the iron period overlaps
    out = run("history", "--kind", "lab", "--kind", "symptoms").out
    assert [line.split()[0] for line in out.splitlines()] == ["4", "1", "2"]
    assert run("history", "--from", "2026-12-01", "--kind", "lab").out == (
        "No entries in that range.\n"
    )
    assert run("history", "--from", "2026-12-01").out.split()[0] == "3"  # still ongoing
    assert run("history", "--from", "2026-12-01", "--to", "2026-01-01").code == 2


def test_history_json_gives_the_export_entries(run: Run) -> None:
    _fill(run)
    entries = json.loads(run("history", "--format", "json").out)
    assert [e["id"] for e in entries] == [4, 1, 3, 2]
    assert entries[2]["from"] == "2026-10-05" and entries[2]["to"] is None
    assert entries[3]["leg_cramps"] is True


def test_history_csv_has_one_row_per_entry(run: Run) -> None:
    _fill(run)
    rows = list(csv.DictReader(io.StringIO(run("history", "-f", "csv").out)))
    assert [row["id"] for row in rows] == ["4", "1", "3", "2"]
    assert (rows[1]["test"], rows[1]["value"], rows[1]["unit"]) == ("ferritin", "48.0", "ng/mL")
    assert (rows[2]["date"], rows[2]["nutrient"], rows[2]["note"]) == (
        "2026-10-05",
        "iron",
        "with juice",
    )
    assert rows[3]["leg_cramps"] == "yes" and rows[3]["irls_score"] == ""


def test_edit_changes_only_what_is_given(run: Run) -> None:
    _fill(run)
    done = run("edit", "1", "--value", "52", "--note", "repeat test")
    assert done.code == 0, done.err
    assert done.out == 'Changed entry 1: 2026-10-02  lab         ferritin 52 ng/mL  "repeat test"\n'
    done = run("edit", "2", "--clear", "cramps", "--irls", "20")
    assert "NRS 6, IRLS 20\n" in done.out
    done = run("edit", "3", "--to", "2026-11-20", "--clear", "note")
    assert done.out.endswith("iron 65 mg a day, to 2026-11-20\n")


def test_edit_refuses_options_of_another_kind(run: Run) -> None:
    _fill(run)
    done = run("edit", "1", "--nrs", "3")
    assert done.code == 2
    assert "--nrs does not apply to entry 1, a lab entry; use --date, --test" in done.err
    assert run("edit", "3", "--date", "2026-10-01").code == 2  # a supplement has --from
    assert run("edit", "1", "--clear", "nrs").code == 2
    assert run("edit", "1").code == 2


def test_edit_checks_the_whole_entry(run: Run) -> None:
    _fill(run)
    done = run("edit", "1", "--test", "vitamin_d", "--unit", "mmol/L")
    assert done.code == 1 and "UNIT: 'mmol/L' is not a unit for vitamin_d" in done.err
    assert "ferritin 48 ng/mL" in run("history").out


def test_edit_of_an_unknown_id_says_where_to_look(run: Run) -> None:
    done = run("edit", "99", "--value", "1")
    assert done.code == 1 and "no entry 99" in done.err and "ekbom history" in done.err


def test_delete_prints_what_it_deleted(run: Run) -> None:
    _fill(run)
    done = run("delete", "4")
    assert done.out == "Deleted entry 4: 2026-06-01  lab         tsat 15 %\n"
    assert "tsat" not in run("history").out
    assert run("delete", "4").code == 1
