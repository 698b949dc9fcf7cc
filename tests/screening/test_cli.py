"""`ekbom screen` and `ekbom synth bulk` from the command line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ekbom.cli import main
from tests.screening.conftest import AS_OF, Export, needs_screening


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _subprocess(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


@needs_screening
def test_cli_screen_writes_parquet_and_the_summary_beside_it(
    tmp_path: Path, export: Export, duckdb_result: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "out" / "gaps.parquet"
    code, stdout, stderr = _run(
        ["screen", str(export.folder), "--out", str(out), "--as-of", AS_OF.isoformat(), "--quiet"],
        capsys,
    )
    assert code == 0, stderr
    assert pq.read_table(out).equals(duckdb_result.table)
    summary = json.loads((tmp_path / "out" / "gaps.summary.json").read_text("utf-8"))
    assert summary["patients"] == duckdb_result.summary["patients"]
    assert summary["output"] == str(out) and summary["format"] == "parquet"
    assert "With active RLS" in stdout and "Dopamine agonist without iron studies" in stdout
    in_export = summary["patients"]["in_export"]
    assert in_export > summary["patients"]["screened"]  # the export holds people not screened
    assert f"{'Patients in the export':<62} {in_export:>9,}\n" in stdout
    first = export.truth["summary"]["bad_lines"][0]
    assert "Warning:" in stderr and f"{first['file']}:{first['line']}: " in stderr


@needs_screening
def test_cli_screen_csv_from_the_out_suffix(
    tmp_path: Path, export: Export, duckdb_result: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "gaps.csv"
    code, _, stderr = _run(
        ["screen", str(export.folder), "--out", str(out), "--as-of", AS_OF.isoformat()], capsys
    )
    assert code == 0, stderr
    assert "ekbom screen: reading Observation: 2 file(s)" in stderr  # progress
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["patient_id"] for row in rows] == duckdb_result.table.column(
        "patient_id"
    ).to_pylist()
    assert (tmp_path / "gaps.summary.json").exists()


def test_cli_screen_missing_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, stderr = _run(
        ["screen", str(tmp_path / "nope"), "--out", str(tmp_path / "x.parquet")], capsys
    )
    assert code == 2 and "is not a folder" in stderr


@needs_screening
def test_cli_screen_folder_without_patients_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, stderr = _run(["screen", str(tmp_path), "--out", str(tmp_path / "x.parquet")], capsys)
    assert code == 1
    assert stderr.startswith("Error: ") and "Patient.ndjson" in stderr and "Traceback" not in stderr


def test_cli_screen_without_the_extra_says_what_to_install(tmp_path: Path) -> None:
    done = _subprocess(
        "import sys; sys.modules['ibis'] = None\n"
        "from ekbom.cli import main\n"
        f"main(['screen', {str(tmp_path)!r}, '--out', {str(tmp_path / 'g.parquet')!r}])"
    )
    assert done.returncode == 1
    assert "pip install 'ekbom[screening]'" in done.stderr and "Traceback" not in done.stderr


def test_cli_screen_spark_without_pyspark_says_what_to_install(tmp_path: Path) -> None:
    done = _subprocess(
        "import sys; sys.modules['pyspark'] = None\n"
        "from ekbom.cli import main\n"
        f"main(['screen', {str(tmp_path)!r}, '--out', {str(tmp_path / 'g.parquet')!r},"
        " '--engine', 'spark'])"
    )
    if "pip install 'ekbom[screening]'" in done.stderr:
        pytest.skip("the screening extra is not installed")
    assert done.returncode == 1
    assert "pip install 'ekbom[spark]'" in done.stderr and "Traceback" not in done.stderr


def test_cli_synth_bulk_writes_an_export_with_its_truth(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    code, stdout, stderr = _run(
        [
            "synth",
            "bulk",
            "--patients",
            "50",
            "--out",
            str(out),
            "--seed",
            "3",
            "--as-of",
            "2026-11-28",
            "--gzip",
        ],
        capsys,
    )
    assert code == 0, stderr
    assert "Wrote 50 patients" in stdout
    names = sorted(p.name for p in out.iterdir())
    assert (
        "Patient.ndjson.gz" in names and "ground_truth.json" in names and "manifest.json" in names
    )
    truth = json.loads((out / "ground_truth.json").read_text("utf-8"))
    assert truth["as_of"] == "2026-11-28" and truth["summary"]["patients"]["in_export"] == 50
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert {entry["type"] for entry in manifest["output"]} == {
        "Patient",
        "Condition",
        "Observation",
        "MedicationRequest",
    }


def test_cli_synth_bulk_refuses_a_folder_with_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Patient.ndjson").write_text("")
    code, _, stderr = _run(["synth", "bulk", "--patients", "5", "--out", str(tmp_path)], capsys)
    assert code == 1 and "already holds NDJSON files" in stderr


def test_cli_synth_bulk_needs_a_patient(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = _run(["synth", "bulk", "--patients", "0", "--out", str(tmp_path)], capsys)
    assert code == 2 and "--patients" in stderr


def test_cli_importing_the_screen_loads_no_engine() -> None:
    done = _subprocess(
        "import sys, ekbom.screening, ekbom.cli\n"
        "print(sorted(m for m in ('ibis', 'duckdb', 'pyspark', 'pyarrow') if m in sys.modules))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@needs_screening
@pytest.mark.parametrize(
    ("limit", "message"),
    [
        ("lots", "Error: --memory-limit: 'lots' is not a size"),
        ("1MB", "Error: DuckDB: Out of Memory Error"),  # DuckDB's error, translated, no traceback
    ],
)
def test_cli_screen_memory_limit_errors_are_plain(
    tmp_path: Path, export: Export, limit: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["screen", str(export.folder), "--out", str(tmp_path / "g.parquet"), "--quiet"]
    code, _, stderr = _run([*args, "--memory-limit", limit], capsys)
    assert code == 1
    assert stderr.startswith(message) and "Traceback" not in stderr
