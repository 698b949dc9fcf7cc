"""`ekbom screen --format fhir`: DEQM gaps-in-care reports that validate as FHIR R4 (fhir.resources
R4B models), round-trip, and count what the CSV output counts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ekbom.screening.care_gaps_fhir import PROFILES, CareGapsFhir, write_ndjson
from ekbom.screening.output import GAP_COLUMNS
from tests.screening.conftest import Export, needs_screening

pytestmark = needs_screening
WHEN = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def written(duckdb_result: Any, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    path = tmp_path_factory.mktemp("fhir") / "gaps.ndjson"
    lines = write_ndjson(duckdb_result.table, duckdb_result.summary, path)
    found = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len(found) == lines
    return found


def _model(resource: dict[str, Any]) -> Any:
    from fhir.resources.R4B import get_fhir_model_class

    return get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def _contained(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle["entry"]]


def test_fhir_every_resource_validates_and_round_trips(written: list[dict[str, Any]]) -> None:
    for resource in written:
        model = _model(resource)
        again = json.loads(model.model_dump_json(exclude_none=True))
        assert _model(again) == model
        for inner in _contained(resource) if resource["resourceType"] == "Bundle" else []:
            model = _model(inner)
            assert _model(json.loads(model.model_dump_json(exclude_none=True))) == model


def test_fhir_validation_is_real(written: list[dict[str, Any]]) -> None:
    """The R4B models refuse what R4 does not have, also inside a Bundle's entries."""
    from pydantic import ValidationError

    bundle = next(r for r in written if r["resourceType"] == "Bundle")
    broken = json.loads(json.dumps(bundle))
    broken["entry"][-1]["resource"]["gapStatus"] = "open-gap"
    with pytest.raises(ValidationError, match="gapStatus"):
        _model(broken)


def test_fhir_file_order_and_kinds(written: list[dict[str, Any]]) -> None:
    kinds = [r["resourceType"] for r in written]
    n = len(GAP_COLUMNS)
    assert kinds[:n] == ["Measure"] * n
    assert kinds[n : 2 * n] == ["MeasureReport"] * n
    assert set(kinds[2 * n :]) == {"Bundle"}


def test_fhir_summary_counts_equal_the_csv(
    written: list[dict[str, Any]], duckdb_result: Any, tmp_path: Path
) -> None:
    import pyarrow.csv as pcsv

    from ekbom.screening import output

    csv_path = tmp_path / "gaps.csv"
    output.write(duckdb_result.table, csv_path, "csv")
    rows = pcsv.read_csv(csv_path).to_pylist()
    measures = {m["url"] + "|" + m["version"]: m["identifier"][0]["value"] for m in written[:5]}
    reports = [r for r in written if r.get("type") == "summary"]
    assert [measures[r["measure"]] for r in reports] == list(GAP_COLUMNS)
    for report in reports:
        gap = measures[report["measure"]]
        counts = {
            p["code"]["coding"][0]["code"]: p["count"] for p in report["group"][0]["population"]
        }
        assert counts == {
            "initial-population": len(rows),
            "denominator": len(rows),
            "numerator": sum(1 for row in rows if row[gap]),
        }
        assert report["meta"]["profile"] == [PROFILES["summary"]]
    assert sum(1 for row in rows if row["no_iron_studies"]) > 0


def test_fhir_one_bundle_per_patient_with_an_open_gap(
    written: list[dict[str, Any]], duckdb_result: Any
) -> None:
    rows = duckdb_result.table.to_pylist()
    with_gaps = [row for row in rows if any(row[gap] for gap in GAP_COLUMNS)]
    bundles = [r for r in written if r["resourceType"] == "Bundle"]
    assert 0 < len(bundles) == len(with_gaps) < len(rows)
    patients = []
    for bundle, row in zip(bundles, with_gaps, strict=True):
        resources = _contained(bundle)
        patient = next(r for r in resources if r["resourceType"] == "Patient")
        patients.append(patient["identifier"][0]["value"])
        issues = [r for r in resources if r["resourceType"] == "DetectedIssue"]
        assert len(issues) == sum(1 for gap in GAP_COLUMNS if row[gap])
    assert patients == [row["patient_id"] for row in with_gaps]


def test_fhir_bundle_follows_the_deqm_gaps_in_care_profiles(
    written: list[dict[str, Any]],
) -> None:
    bundle = next(r for r in written if r["resourceType"] == "Bundle")
    assert bundle["type"] == "document"
    assert bundle["meta"]["profile"] == [PROFILES["bundle"]]
    assert bundle["identifier"]["system"] == "urn:ietf:rfc:3986" and bundle["timestamp"]
    by_url = {entry["fullUrl"]: entry["resource"] for entry in bundle["entry"]}
    composition = bundle["entry"][0]["resource"]
    assert composition["resourceType"] == "Composition"
    assert composition["type"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "96315-7",
        "display": "Gaps in care report",
    }
    for section in composition["section"]:
        report = by_url[section["focus"]["reference"]]
        issue = by_url[section["entry"][0]["reference"]]
        assert report["type"] == "individual"
        assert report["meta"]["profile"] == [PROFILES["individual"]]
        assert issue["code"]["coding"][0]["code"] == "CAREGAP"
        assert issue["modifierExtension"][0]["valueCodeableConcept"]["coding"][0]["code"] == (
            "open-gap"
        )
        assert issue["evidence"][0]["detail"][0]["reference"] == section["focus"]["reference"]
        assert by_url[issue["patient"]["reference"]]["resourceType"] == "Patient"
        assert report["subject"] == issue["patient"] == composition["subject"]
    # Every reference in the Bundle points at one of its entries.
    text = json.dumps(bundle)
    references = {part.split('"')[0] for part in text.split('"reference": "')[1:]}
    assert references <= set(by_url)


def test_fhir_measures_name_their_rules_and_the_knowledge_version(
    written: list[dict[str, Any]], duckdb_result: Any
) -> None:
    measures = {m["identifier"][0]["value"]: m for m in written[:5]}
    untreated = measures["iron_indicated_untreated"]
    numerator = untreated["group"][0]["population"][2]
    assert "rule iron.low-stores" in numerator["criteria"]["expression"]
    assert untreated["version"] == duckdb_result.summary["knowledge_version"]
    assert (
        "red_flags.yaml iron_overload_suspected"
        in (measures["iron_with_overload_risk"]["description"])
    )


def test_fhir_resources_are_made_one_at_a_time(duckdb_result: Any) -> None:
    """A generator: the first Measure exists before any Bundle is built."""
    made = CareGapsFhir(duckdb_result.summary, timestamp=WHEN).resources(duckdb_result.table)
    assert isinstance(made, Iterator)
    assert next(made)["resourceType"] == "Measure"


def test_fhir_ids_are_stable_for_the_same_screen(duckdb_result: Any) -> None:
    def ids() -> Counter[str]:
        builder = CareGapsFhir(duckdb_result.summary, timestamp=WHEN)
        return Counter(r["id"] for r in builder.resources(duckdb_result.table))

    first = ids()
    assert first == ids()
    assert max(first.values()) == 1


def test_cli_screen_writes_fhir_for_an_ndjson_out(
    export: Export, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ekbom.cli import main

    out = tmp_path / "gaps.ndjson"
    try:
        main(["screen", str(export.folder), "--out", str(out), "--as-of", "2026-11-28", "-q"])
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    first = json.loads(out.read_text("utf-8").splitlines()[0])
    assert first["resourceType"] == "Measure"
    summary = json.loads((tmp_path / "gaps.summary.json").read_text("utf-8"))
    assert summary["format"] == "fhir"
