"""The screen reads pregnancy codes as the FHIR import does (fhir_codes.yaml `facts`): the
obstetric codes of an ongoing pregnancy count, the excluded puerperium codes and O00-O08 do not."""

from __future__ import annotations

import json
from pathlib import Path

from ekbom.interop import import_fhir
from ekbom.interop.resources import RawResource
from ekbom.screening import run_screen
from tests.screening.conftest import AS_OF, needs_screening

pytestmark = needs_screening
ICD = "http://hl7.org/fhir/sid/icd-10-cm"
RLS = "G25.81"
CODES = {"p1": "O99.011", "p2": "O99.03", "p3": "O02.1", "p4": "Z3A.20", "p5": "O24.430"}


def records() -> list[dict]:
    found: list[dict] = []
    for pid, code in CODES.items():
        found.append(
            {"resourceType": "Patient", "id": pid, "gender": "female", "birthDate": "1995-01-01"}
        )
        for number, icd in enumerate((RLS, code)):
            found.append(
                {
                    "resourceType": "Condition",
                    "id": f"{pid}-c{number}",
                    "subject": {"reference": f"Patient/{pid}"},
                    "clinicalStatus": {"coding": [{"code": "active"}]},
                    "code": {"coding": [{"system": ICD, "code": icd}]},
                }
            )
    return found


def test_pregnancy_screen_agrees_with_the_import(tmp_path: Path) -> None:
    rows = records()
    for kind in ("Patient", "Condition"):
        lines = [json.dumps(r) for r in rows if r["resourceType"] == kind]
        (tmp_path / f"{kind}.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    screened = {
        r["patient_id"]: r["pregnant"] for r in run_screen(tmp_path, as_of=AS_OF).table.to_pylist()
    }
    imported = import_fhir([RawResource(r, "x") for r in rows], as_of=AS_OF).profiles
    by_import = {p.patient_id: p.profile.get("pregnant", False) for p in imported}
    assert screened == by_import == {"p1": True, "p2": False, "p3": False, "p4": True, "p5": False}
