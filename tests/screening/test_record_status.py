"""Which records count is knowledge shared by the FHIR import and the screen (fhir_codes.yaml
`record_status`): for the same resources both keep the same results, conditions and medicines.
The cases are the statuses where the two once disagreed (an Observation of status `unknown`, an
iron order that is only a proposal) and one of each that counts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ekbom.interop.fhir_import import import_fhir
from ekbom.interop.resources import read_path
from ekbom.knowledge.interop_codes import load_interop_codes
from tests.screening.conftest import needs_screening

pytestmark = needs_screening

AS_OF = date(2026, 11, 28)
LOINC = "http://loinc.org"
STATUS = load_interop_codes().record_status


def _patient(pid: str) -> dict[str, Any]:
    return {"resourceType": "Patient", "id": pid, "gender": "female", "birthDate": "1970-01-01"}


def _rls(pid: str) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": f"rls-{pid}",
        "subject": {"reference": f"Patient/{pid}"},
        "clinicalStatus": {"coding": [{"code": "active"}]},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "32914008"}]},
        "onsetDateTime": "2020-01-01",
    }


def _ferritin(pid: str, status: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": f"ferritin-{pid}",
        "status": status,
        "subject": {"reference": f"Patient/{pid}"},
        "code": {"coding": [{"system": LOINC, "code": "2276-4"}]},
        "effectiveDateTime": "2026-10-01T08:00:00Z",
        "valueQuantity": {"value": 30, "unit": "ng/mL", "code": "ng/mL"},
    }


def _iron(pid: str, intent: str) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "id": f"iron-{pid}",
        "status": "active",
        "intent": intent,
        "subject": {"reference": f"Patient/{pid}"},
        "medicationCodeableConcept": {"text": "ferrous sulfate 325 MG Oral Tablet"},
        "authoredOn": "2026-09-01",
    }


# patient id -> (Observation status, MedicationRequest intent)
CASES = {"counted": ("final", "order"), "not-counted": ("unknown", "proposal")}


def _export(folder: Path) -> Path:
    resources: dict[str, list[dict[str, Any]]] = {
        "Patient": [],
        "Condition": [],
        "Observation": [],
        "MedicationRequest": [],
    }
    for pid, (status, intent) in CASES.items():
        resources["Patient"].append(_patient(pid))
        resources["Condition"].append(_rls(pid))
        resources["Observation"].append(_ferritin(pid, status))
        resources["MedicationRequest"].append(_iron(pid, intent))
    for kind, rows in resources.items():
        (folder / f"{kind}.ndjson").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder


def test_the_cases_are_on_both_sides_of_the_shared_lists() -> None:
    assert "final" in STATUS.observation_used and "unknown" not in STATUS.observation_used
    assert "order" in STATUS.medication_intents
    assert "proposal" not in STATUS.medication_intents


def test_the_import_and_the_screen_count_the_same_records(tmp_path: Path) -> None:
    from ekbom.screening import run_screen

    folder = _export(tmp_path)
    rows = run_screen(folder, as_of=AS_OF).table.to_pylist()
    screened = {row["patient_id"]: row for row in rows}
    imported = import_fhir(read_path(folder), as_of=AS_OF).profiles
    profiles = {p.patient_id: p.profile for p in imported}
    assert set(screened) == set(profiles) == set(CASES)
    for pid in CASES:
        labs = [lab["test"] for lab in profiles[pid].get("labs", [])]
        medicines = profiles[pid].get("medications", [])
        counted = pid == "counted"
        assert (screened[pid]["ferritin"] is not None) == ("ferritin" in labs) == counted
        assert bool(screened[pid]["no_iron_studies"]) == (not counted)
        assert bool(medicines) == counted
