"""Write synthetic people as FHIR R4 resources, one NDJSON line each (Bulk Data layout).

The shapes follow Synthea's R4 output (codings with system, code and display; UCUM quantities;
`Patient/<id>` references as a Bulk Data export writes them). Background observations (vital
signs and routine labs the screen does not read) are written from a string template, because a
benchmark export holds millions of them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from ekbom.screening.synth_people import Cond, Lab, Med, Person, uuid

SYSTEMS = {
    "loinc": "http://loinc.org",
    "snomed": "http://snomed.info/sct",
    "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
    "ucum": "http://unitsofmeasure.org",
    "rxnorm": "http://www.nlm.nih.gov/research/umls/rxnorm",
    "clinical": "http://terminology.hl7.org/CodeSystem/condition-clinical",
    "verification": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
}
# The LOINC long names of the tests a synthetic person has (the codes come from labs.yaml).
NAMES = {
    "ferritin": "Ferritin [Mass/volume] in Serum or Plasma",
    "tsat": "Iron saturation [Mass Fraction] in Serum or Plasma",
    "serum_iron": "Iron [Mass/volume] in Serum or Plasma",
    "tibc": "Iron binding capacity [Mass/volume] in Serum or Plasma",
    "crp": "C reactive protein [Mass/volume] in Serum or Plasma",
}
# (LOINC, display, category, UCUM unit, low, high): what a background observation can be.
BACKGROUND = (
    ("8302-2", "Body Height", "vital-signs", "cm", 100.0, 200.0),
    ("29463-7", "Body Weight", "vital-signs", "kg", 20.0, 140.0),
    ("39156-5", "Body Mass Index", "vital-signs", "kg/m2", 15.0, 45.0),
    ("8867-4", "Heart rate", "vital-signs", "/min", 50.0, 110.0),
    ("9279-1", "Respiratory rate", "vital-signs", "/min", 10.0, 22.0),
    ("718-7", "Hemoglobin [Mass/volume] in Blood", "laboratory", "g/dL", 9.0, 17.0),
    (
        "33914-3",
        "Glomerular filtration rate/1.73 sq M.predicted",
        "laboratory",
        "mL/min/{1.73_m2}",
        20.0,
        120.0,
    ),
    ("2339-0", "Glucose [Mass/volume] in Blood", "laboratory", "mg/dL", 60.0, 200.0),
    ("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "laboratory", "mg/dL", 120.0, 280.0),
    ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "laboratory", "%", 4.5, 9.0),
)
_TEMPLATE = (
    '{{"resourceType":"Observation","id":"{id}","status":"final","category":[{{"coding":[{{'
    '"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"{cat}",'
    '"display":"{cat}"}}]}}],"code":{{"coding":[{{"system":"http://loinc.org","code":"{code}",'
    '"display":"{name}"}}],"text":"{name}"}},"subject":{{"reference":"Patient/{patient}"}},'
    '"encounter":{{"reference":"Encounter/{encounter}"}},"effectiveDateTime":"{day}T10:{minute}:00Z",'
    '"issued":"{day}T10:{minute}:00.000Z","valueQuantity":{{"value":{value},"unit":"{unit}",'
    '"system":"http://unitsofmeasure.org","code":"{unit}"}}}}\n'
)


def _line(resource: dict[str, Any]) -> str:
    return json.dumps(resource, separators=(",", ":"), ensure_ascii=False) + "\n"


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    found = {"system": SYSTEMS[system], "code": code}
    if display:
        found["display"] = display
    return found


def patient(person: Person) -> str:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": person.id,
        "name": [{"use": "official", "family": "Synthetic", "given": ["Person"]}],
        "gender": person.sex,
        "birthDate": person.birth.isoformat(),
    }
    if person.deceased:
        resource["deceasedDateTime"] = f"{person.deceased.isoformat()}T12:00:00Z"
    return _line(resource)


def condition(person: Person, cond: Cond, ident: str) -> str:
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": ident,
        "clinicalStatus": {"coding": [_coding("clinical", cond.clinical or "active")]},
        "verificationStatus": {"coding": [_coding("verification", cond.verification)]},
        "code": {"coding": [_coding(cond.system, cond.code)]},
        "subject": {"reference": f"Patient/{person.id}"},
    }
    if cond.onset:
        resource["onsetDateTime"] = f"{cond.onset.isoformat()}T09:00:00Z"
        resource["recordedDate"] = resource["onsetDateTime"]
    if cond.abatement:
        resource["abatementDateTime"] = f"{cond.abatement.isoformat()}T09:00:00Z"
    return _line(resource)


def observation(person: Person, lab: Lab, ident: str, local_code: bool, loinc: str) -> str:
    """The lab as an Observation coded `loinc` (the test's preferred code in labs.yaml)."""
    coding = [_coding("loinc", loinc, NAMES[lab.test])]
    if local_code:  # a lab's own code first, as many real exports have
        coding.insert(0, {"system": "http://example.org/lab-codes", "code": lab.test.upper()})
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": ident,
        "status": lab.status,
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "laboratory",
                    }
                ]
            }
        ],
        "code": {"coding": coding, "text": NAMES[lab.test]},
        "subject": {"reference": f"Patient/{person.id}"},
    }
    if lab.day:
        resource["effectiveDateTime"] = f"{lab.day.isoformat()}T{lab.time}"
        resource["issued"] = resource["effectiveDateTime"]
    if lab.value is None:
        resource["valueString"] = "see report"
    else:
        quantity: dict[str, Any] = {"value": lab.value}
        if lab.unit_text:
            quantity["unit"] = lab.unit_text
        if lab.unit_code:
            quantity |= {"system": SYSTEMS["ucum"], "code": lab.unit_code}
        resource["valueQuantity"] = quantity
    return _line(resource)


def medication_request(person: Person, med: Med, ident: str) -> str:
    concept: dict[str, Any] = {}
    if med.display:
        concept["coding"] = [{"system": SYSTEMS["rxnorm"], "code": "0", "display": med.display}]
    if med.text:
        concept["text"] = med.text
    return _line(
        {
            "resourceType": "MedicationRequest",
            "id": ident,
            "status": med.status,
            "intent": med.intent,
            "medicationCodeableConcept": concept,
            "subject": {"reference": f"Patient/{person.id}"},
            "authoredOn": f"{med.authored.isoformat()}T08:00:00Z",
        }
    )


def background(person_id: str, count: int, as_of: date, rng: random.Random) -> Iterator[str]:
    """`count` routine observations of one person over the last five years."""
    encounter = uuid(rng)
    for i in range(count):
        code, name, cat, unit, low, high = BACKGROUND[rng.randrange(len(BACKGROUND))]
        if i % 8 == 0:
            encounter = uuid(rng)
        yield _TEMPLATE.format(
            id=uuid(rng),
            cat=cat,
            code=code,
            name=name,
            patient=person_id,
            encounter=encounter,
            day=(as_of - timedelta(days=rng.randrange(1800))).isoformat(),
            minute=f"{rng.randrange(60):02d}",
            value=round(low + (high - low) * rng.random(), 1),
            unit=unit,
        )
