"""The screen on real Synthea R4 data (../shared/data/synthea-r4), turned into Bulk Data NDJSON.

The real records hold no RLS and no iron studies, so three real patients get clearly labelled
fixture records (an RLS Condition and a ferritin Observation, ids starting `ekbom-fixture-`); the
rest of each patient (birth date, sex, real medicine names) is as Synthea wrote it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import ekbom
from ekbom.screening import run_screen
from tests.screening.conftest import SHARED_DATA, needs_screening

SYNTHEA = SHARED_DATA / "synthea-r4"
AS_OF = date(2020, 6, 1)  # the bundles' records run to early 2020
pytestmark = [
    needs_screening,
    pytest.mark.skipif(not SYNTHEA.is_dir(), reason=f"real data folder {SYNTHEA} is absent"),
]


def _fixtures(patient: dict[str, Any], ferritin: float) -> list[dict[str, Any]]:
    """Labelled fixture records for one real patient: active RLS and a recent ferritin."""
    subject = {"reference": f"urn:uuid:{patient['id']}"}
    return [
        {
            "resourceType": "Condition",
            "id": f"ekbom-fixture-rls-{patient['id'][:8]}",
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "G25.81"}]},
            "subject": subject,
            "onsetDateTime": "2019-01-01",
        },
        {
            "resourceType": "Observation",
            "id": f"ekbom-fixture-ferritin-{patient['id'][:8]}",
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "2276-4"}]},
            "subject": subject,
            "effectiveDateTime": "2020-03-01T09:00:00-05:00",
            "valueQuantity": {
                "value": ferritin,
                "unit": "ng/mL",
                "system": "http://unitsofmeasure.org",
                "code": "ng/mL",
            },
        },
    ]


@pytest.fixture(scope="module")
def real_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]], int]:
    """The bundles as one NDJSON file per resource type, plus the fixture records; the three
    patients given fixtures, and how many patients there are."""
    by_type: dict[str, list[str]] = defaultdict(list)
    patients = []
    for path in sorted(SYNTHEA.glob("*.json")):
        bundle = json.loads(path.read_text(encoding="utf-8"))
        for entry in bundle["entry"]:
            resource = entry["resource"]
            by_type[resource["resourceType"]].append(json.dumps(resource))
            if resource["resourceType"] == "Patient" and "deceasedDateTime" not in resource:
                patients.append(resource)
    chosen = patients[:3]
    for patient, ferritin in zip(chosen, (30.0, 90.0, 400.0), strict=True):
        for record in _fixtures(patient, ferritin):
            by_type[record["resourceType"]].append(json.dumps(record))
    folder = tmp_path_factory.mktemp("synthea-ndjson")
    for kind, lines in by_type.items():
        (folder / f"{kind}.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, chosen, len(by_type["Patient"])


def test_real_export_screens_without_error(
    real_export: tuple[Path, list[dict[str, Any]], int],
) -> None:
    folder, chosen, total = real_export
    result = run_screen(folder, as_of=AS_OF)
    summary = result.summary
    assert summary["bad_lines"]["total"] == 0
    assert summary["patients"]["in_export"] == total > 30
    assert "Encounter.ndjson" in summary["ignored_files"]
    medicines = summary["medicines"]
    # Every medicine name in the Synthea sample is in the vocabulary (spec 1.1 §5.4).
    assert medicines["active_names"] > 0 and medicines["unrecognised"] == []
    rows = {row["patient_id"]: row for row in result.table.to_pylist()}
    assert set(rows) == {p["id"] for p in chosen}
    for patient, ferritin in zip(chosen, (30.0, 90.0, 400.0), strict=True):
        row = rows[patient["id"]]
        birth = date.fromisoformat(patient["birthDate"])
        assert row["age"] == AS_OF.year - birth.year - (
            (AS_OF.month, AS_OF.day) < (birth.month, birth.day)
        )
        assert row["sex"] == patient["gender"]
        assert row["ferritin"] == ferritin and row["ferritin_date"] == date(2020, 3, 1)
        profile = {
            "age": row["age"],
            "sex": row["sex"],
            "labs": [
                {"test": "ferritin", "value": ferritin, "unit": "ng/mL", "date": "2020-03-01"}
            ],
        }
        expected = ekbom.assess(profile, as_of=AS_OF).nutrient("iron")
        assert (row["iron_verdict"], row["iron_rule"]) == (expected.verdict, expected.rule_ids[0])
