"""Real records: the Synthea R4 bundles of ../shared/data/synthea-r4 (skipped when absent)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

import ekbom
from ekbom.interop import import_fhir, read_path
from tests.interop.conftest import shared

AS_OF = date(2020, 6, 1)
KEEBLER = "Randolph_Keebler_ffa66c0a-87b0-4b78-bb7e-3a5c7c44d359.json"


def bundles() -> list[Path]:
    return sorted(shared("synthea-r4").glob("*.json"))


def test_synthea_every_bundle_imports_and_every_profile_assesses() -> None:
    files = bundles()
    assert len(files) >= 30
    patients = 0
    for path in files:
        found = import_fhir(read_path(path), as_of=AS_OF)
        for imported in found.profiles:
            patients += 1
            assessment = ekbom.assess(imported.profile)
            assert len(assessment.nutrients) == 8, path.name
    assert patients == len(files) - 1  # hospitalInformation*.json holds organisations only


def test_synthea_keebler_facts_are_pinned() -> None:
    imported = import_fhir(read_path(shared("synthea-r4") / KEEBLER), as_of=AS_OF).only(KEEBLER)
    profile = imported.profile
    assert imported.patient_id == "ffa66c0a-87b0-4b78-bb7e-3a5c7c44d359"
    assert (profile["age"], profile["sex"]) == (93, "male")
    labs = profile["labs"]
    haemoglobin = [(e["date"], e["value"]) for e in labs if e["test"] == "hemoglobin"]
    assert haemoglobin == [("2013-09-09", 12.994), ("2018-10-08", 15.282)]
    egfr = [e for e in labs if e["test"] == "egfr"]
    assert len(egfr) == 10 and {e["unit"] for e in egfr} == {"mL/min/1.73m2"}
    assert egfr[-1] == {
        "test": "egfr",
        "value": 76.329,
        "unit": "mL/min/1.73m2",
        "date": "2019-08-06",
    }
    assert profile["medications"] == [
        "Simvastatin 10 MG Oral Tablet",
        "amLODIPine 5 MG / Hydrochlorothiazide 12.5 MG / Olmesartan medoxomil 20 MG Oral Tablet",
        "Verapamil Hydrochloride 40 MG",
        "Digoxin 0.125 MG Oral Tablet",
        "Warfarin Sodium 5 MG Oral Tablet",
    ]
    assert "conditions" not in profile
    unused = sorted(
        str(n).split("condition ")[1].split("'")[1]
        for n in imported.notes
        if "is not one" in str(n)
    )
    assert unused == [
        "Atrial Fibrillation",
        "Body mass index 30+ - obesity (finding)",
        "Hyperlipidemia",
        "Hypertension",
        "Stroke",
    ]


def test_synthea_keebler_assessment_reads_the_record() -> None:
    imported = import_fhir(read_path(shared("synthea-r4") / KEEBLER), as_of=AS_OF).only(KEEBLER)
    assessment = ekbom.assess(imported.profile)
    verdicts = {n.nutrient: n.verdict for n in assessment.nutrients}
    assert verdicts["vitamin_e"] == "avoid"  # warfarin
    assert verdicts["vitamin_b12"] == "test_first"  # age 65 or more
    kinds = {(i["nutrient"], i["medication"]) for i in assessment.interactions}
    assert {("magnesium", "hydrochlorothiazide"), ("vitamin_d", "hydrochlorothiazide")} <= kinds
    assert [row.used for row in assessment.labs if row.test == "egfr"][-1] is True


def test_synthea_pregnancy_and_supplement_without_dose() -> None:
    folder = shared("synthea-r4")
    erika = import_fhir(read_path(next(folder.glob("Erika_VonRueden_*.json"))), as_of=AS_OF)
    assert erika.only("erika").profile["pregnant"] is True
    donnette = import_fhir(read_path(next(folder.glob("Donnette_Streich_*.json"))), as_of=AS_OF)
    imported = donnette.only("donnette")
    assert "ferrous sulfate 325 MG Oral Tablet" in imported.profile["medications"]
    assert any("supplement (iron)" in str(n) for n in imported.notes)


def test_synthea_bulk_ndjson_layout_gives_the_same_profiles(tmp_path: Path) -> None:
    """Bundles split into one NDJSON file per resource type, as a Bulk Data export writes them."""
    files = bundles()[:6]
    by_type: dict[str, list[str]] = defaultdict(list)
    expected = {}
    for path in files:
        for p in import_fhir(read_path(path), as_of=AS_OF).profiles:
            expected[p.patient_id] = p.profile
        for entry in json.loads(path.read_text(encoding="utf-8"))["entry"]:
            resource = entry["resource"]
            by_type[resource["resourceType"]].append(json.dumps(resource))
    for kind, lines in by_type.items():
        (tmp_path / f"{kind}.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = import_fhir(read_path(tmp_path), as_of=AS_OF)
    assert {p.patient_id: p.profile for p in found.profiles} == expected


@pytest.mark.parametrize("name", ["Randolph_Keebler_*.json"])
def test_synthea_cli_import_writes_a_profile_assess_accepts(name: str, tmp_path: Path) -> None:
    from tests.interop.test_cli import run_cli

    path = next(shared("synthea-r4").glob(name))
    done = run_cli("import-fhir", str(path), "--as-of", "2020-06-01")
    assert done.returncode == 0, done.stderr
    assert "Note: " in done.stderr
    (tmp_path / "me.yaml").write_text(done.stdout, encoding="utf-8")
    assessed = run_cli("assess", str(tmp_path / "me.yaml"), "--format", "json")
    assert assessed.returncode == 0, assessed.stderr
    assert json.loads(assessed.stdout)["as_of"] == "2020-06-01"
