"""The screen on a synthetic export against its ground truth, decided by `ekbom.assess`."""

from __future__ import annotations

import gzip
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import ekbom
from ekbom.screening import EngineOptions, run_screen
from ekbom.screening.output import COLUMNS, GAP_COLUMNS
from tests.screening.conftest import AS_OF, Export, make_export, needs_screening

pytestmark = needs_screening


def _rows(result: Any) -> dict[str, dict[str, Any]]:
    rows = {}
    for row in result.table.to_pylist():
        rows[row["patient_id"]] = {
            k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()
        }
    return rows


def test_screen_finds_exactly_the_patients_with_active_rls(
    export: Export, duckdb_result: Any
) -> None:
    expected = [row["patient_id"] for row in export.truth["rows"]]
    assert len(expected) > 300, "the fixture should hold many RLS patients"
    assert duckdb_result.table.column("patient_id").to_pylist() == expected  # sorted by id


def test_screen_iron_verdicts_equal_ekbom_assess_for_every_patient(
    export: Export, duckdb_result: Any
) -> None:
    got = _rows(duckdb_result)
    differ = []
    for patient_id, profile in export.truth["profiles"].items():
        iron = ekbom.assess(profile, as_of=AS_OF).nutrient("iron")
        row = got[patient_id]
        screen = (row["iron_verdict"], row["iron_rule"], row["iron_needs_clinician"])
        if screen != (iron.verdict, iron.rule_ids[0], iron.needs_clinician):
            differ.append((patient_id, screen, iron.verdict, iron.rule_ids[0]))
    assert differ == []
    assert {row["iron_rule"] for row in got.values()} == {
        r.id for r in ekbom.load_knowledge().rules["iron"].rules
    }


@pytest.mark.parametrize("column", [name for name, _, _ in COLUMNS])
def test_screen_column_matches_the_truth_for_every_patient(
    export: Export, duckdb_result: Any, column: str
) -> None:
    got = _rows(duckdb_result)
    differ = [
        (row["patient_id"], row[column], got[row["patient_id"]][column])
        for row in export.truth["rows"]
        if got[row["patient_id"]][column] != row[column]
    ]
    assert differ == []


@pytest.mark.parametrize("gap", GAP_COLUMNS)
def test_screen_gap_is_exercised_both_ways(export: Export, gap: str) -> None:
    flags = [row[gap] for row in export.truth["rows"]]
    assert any(flags) and not all(flags), f"{gap} needs both true and false patients"


def test_screen_summary_counts_match_the_truth(export: Export, duckdb_result: Any) -> None:
    summary, truth = duckdb_result.summary, export.truth["summary"]
    assert summary["patients"] == truth["patients"]
    assert summary["skipped_results"] == truth["skipped_results"]
    assert summary["derived_tsat_over_100"] == truth["derived_tsat_over_100"] > 0
    gaps = {gap["id"]: gap["patients"] for gap in summary["gaps"]}
    assert gaps == {g: sum(r[g] for r in export.truth["rows"]) for g in GAP_COLUMNS}


def test_screen_reports_every_bad_line_with_file_and_line(
    export: Export, duckdb_result: Any
) -> None:
    bad = duckdb_result.summary["bad_lines"]
    listed = sorted((f["file"], item["line"]) for f in bad["files"] for item in f["listed"])
    expected = [(b["file"], b["line"]) for b in export.truth["summary"]["bad_lines"]]
    assert listed == expected
    assert bad["total"] == len(expected) > 0
    assert {f["file"] for f in bad["files"]} >= {"Observation.000.ndjson", "Condition.ndjson"}


def test_screen_reads_gzip_files(tmp_path: Path, export: Export, duckdb_result: Any) -> None:
    for path in export.folder.iterdir():
        target = tmp_path / path.name
        if path.name.endswith(".ndjson"):
            with path.open("rb") as source, gzip.open(str(target) + ".gz", "wb") as out:
                shutil.copyfileobj(source, out)
    result = run_screen(tmp_path, as_of=AS_OF)
    assert result.table.equals(duckdb_result.table)
    assert result.summary["bad_lines"] == {
        **duckdb_result.summary["bad_lines"],
        "files": [
            {**f, "file": f["file"] + ".gz"} for f in duckdb_result.summary["bad_lines"]["files"]
        ],
    }


def test_screen_with_a_tiny_memory_limit_gives_the_same_rows(
    export: Export, duckdb_result: Any
) -> None:
    result = run_screen(
        export.folder, as_of=AS_OF, options=EngineOptions(memory_limit="64MB", threads=1)
    )
    assert result.table.equals(duckdb_result.table)


def test_screen_later_day_makes_old_results_stale(export: Export) -> None:
    result = run_screen(export.folder, as_of=date(2028, 12, 1))
    rows = result.table.to_pylist()
    assert rows and all(row["ferritin"] is None or row["ferritin_date"] is None for row in rows)
    assert sum(row["no_iron_studies"] for row in rows) >= len(rows) - sum(
        row["ferritin_date"] is None and row["ferritin"] is not None for row in rows
    )


def test_screen_runs_without_observation_or_medication_files(
    tmp_path: Path, export: Export
) -> None:
    for name in ("Patient.ndjson", "Condition.ndjson"):
        shutil.copy(export.folder / name, tmp_path / name)
    result = run_screen(tmp_path, as_of=AS_OF)
    rows = result.table.to_pylist()
    assert len(rows) == len(export.truth["rows"])
    assert all(row["no_iron_studies"] and not row["trigger_medication"] for row in rows)
    assert {row["iron_verdict"] for row in rows} <= {"test_first", "avoid"}


def test_screen_output_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    first = make_export(tmp_path / "a", patients=120, seed=5, background=1)
    second = make_export(tmp_path / "b", patients=120, seed=5, background=1)
    for name in ("Patient.ndjson", "Observation.000.ndjson", "ground_truth.json"):
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes()
    assert run_screen(first.folder, as_of=AS_OF).table.equals(
        run_screen(second.folder, as_of=AS_OF).table
    )
