"""Profile -> FHIR R4 resources: what a clinical record would hold about the same person.

`profile_resources(profile, as_of=…)` writes a Patient, one Observation per lab result (LOINC and
UCUM, or ekbom's lab-test code where no LOINC code is confirmed), a Condition per condition and
profile flag (SNOMED CT, else ICD-10-CM), a MedicationRequest per medicine, a MedicationStatement
per supplement and a profile-fact Observation per symptom, habit and diet answer. Reading them
back with `import_fhir` gives the same profile (except `limits`, a setting, not a fact).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ekbom.interop.codings import UCUM_DOSE, Vocabulary, fhir_id, vocabulary
from ekbom.knowledge.units import match_unit
from ekbom.profile import Profile, parse_profile


def profile_resources(
    profile: Mapping[str, Any] | Profile,
    *,
    as_of: date,
    patient_id: str = "patient",
    vocab: Vocabulary | None = None,
) -> list[dict[str, Any]]:
    """The profile as FHIR R4 resources (JSON mappings), the Patient first."""
    vocab = vocab or vocabulary()
    person = (
        profile if isinstance(profile, Profile) else parse_profile(profile, vocab.kb, as_of=as_of)
    )
    writer = _Writer(vocab, as_of, patient_id)
    resources = [writer.patient(person)]
    resources += [writer.lab(i, lab) for i, lab in enumerate(person.labs)]
    resources += writer.conditions(person)
    resources += [writer.medication(i, name) for i, name in enumerate(person.medications)]
    resources += [writer.supplement(i, s) for i, s in enumerate(person.supplements)]
    resources += writer.facts(person)
    return resources


def profile_bundle(
    profile: Mapping[str, Any] | Profile, *, as_of: date, patient_id: str = "patient"
) -> dict[str, Any]:
    """The profile's resources in a collection Bundle."""
    return bundle_of(profile_resources(profile, as_of=as_of, patient_id=patient_id), "collection")


def bundle_of(resources: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    """A Bundle of the given type (collection, searchset, …) holding `resources`."""
    entries = [
        {"fullUrl": f"urn:ekbom:{r['resourceType']}/{r['id']}", "resource": r} for r in resources
    ]
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": kind}
    if kind == "searchset":
        bundle["total"] = len(entries)
    if entries:
        bundle["entry"] = entries
    return bundle


def birth_date(age: int, as_of: date) -> date:
    """A birth date that makes the person exactly `age` on `as_of` (29 February -> 28th)."""
    try:
        return as_of.replace(year=as_of.year - age)
    except ValueError:
        return as_of.replace(year=as_of.year - age, day=28)


class _Writer:
    def __init__(self, vocab: Vocabulary, as_of: date, patient_id: str) -> None:
        self.vocab = vocab
        self.as_of = as_of
        self.patient_id = patient_id
        self.subject = {"reference": f"Patient/{patient_id}"}

    def coding(self, system: str, code: str, display: str | None = None) -> dict[str, str]:
        return self.vocab.coding(system, code, display)

    def patient(self, person: Profile) -> dict[str, Any]:
        return {
            "resourceType": "Patient",
            "id": self.patient_id,
            "gender": person.sex,
            "birthDate": birth_date(person.age, self.as_of).isoformat(),
        }

    def lab(self, index: int, lab: Any) -> dict[str, Any]:
        unit = self._ucum(lab.test, lab.reported_unit)
        day = lab.date.isoformat() if lab.date is not None else None
        return self.vocab.lab_observation(
            index, lab.test, self.subject, lab.reported_value, unit, day
        )

    def _ucum(self, test_id: str, written: str) -> str:
        test = self.vocab.kb.tests[test_id]
        return self.vocab.ucum(test_id, match_unit(written, test.units) or written)

    def conditions(self, person: Profile) -> list[dict[str, Any]]:
        found = [
            self._condition(f"condition-{c}", [self._condition_coding(c)], c)
            for c in person.conditions
        ]
        if person.pregnant:
            codings = [self._fact_coding("pregnant", None)]
            if person.pregnancy_trimester:
                codings.append(self._fact_coding("pregnant", person.pregnancy_trimester))
            found.append(self._condition("condition-pregnancy", codings, None))
        if person.postmenopausal:
            found.append(
                self._condition(
                    "condition-postmenopausal", [self._fact_coding("postmenopausal", None)], None
                )
            )
        return found

    def _condition(
        self, ident: str, codings: list[dict[str, str]], condition_id: str | None
    ) -> dict[str, Any]:
        resource: dict[str, Any] = {
            "resourceType": "Condition",
            "id": fhir_id(ident),
            "clinicalStatus": {"coding": [self.coding("condition_clinical", "active")]},
            "verificationStatus": {"coding": [self.coding("condition_verification", "confirmed")]},
            "code": {"coding": codings},
            "subject": self.subject,
        }
        if condition_id is not None:
            resource["code"]["text"] = self.vocab.kb.conditions[condition_id].name
            if any(
                e.within_days
                for e in self.vocab.conditions_for(codings[0]["system"], codings[0]["code"])
            ):
                resource["onsetDateTime"] = self.as_of.isoformat()
        return resource

    def _condition_coding(self, condition_id: str) -> dict[str, str]:
        system, code = self.vocab.codes.export_codes[condition_id]
        return self.coding(system, code, self.vocab.kb.conditions[condition_id].name)

    def _fact_coding(self, fact: str, trimester: int | None) -> dict[str, str]:
        entries = [e for e in self.vocab.codes.facts if e.fact == fact]
        if trimester is None:
            return self.coding("snomed", entries[0].snomed[0])
        prefix = next(e.export_prefix for e in entries if e.export_prefix)
        return self.coding("icd10cm", f"{prefix}{trimester}")

    def medication(self, index: int, name: str) -> dict[str, Any]:
        return {
            "resourceType": "MedicationRequest",
            "id": f"medication-{index}",
            "status": "active",
            "intent": "order",
            "medicationCodeableConcept": {"text": name},
            "subject": self.subject,
        }

    def supplement(self, index: int, supplement: Any) -> dict[str, Any]:
        nutrient = self.vocab.kb.nutrients[supplement.nutrient]
        amount = f"{supplement.amount:g} {supplement.unit}"
        return {
            "resourceType": "MedicationStatement",
            "id": f"supplement-{index}",
            "status": "active",
            "medicationCodeableConcept": {
                "coding": [self.coding("nutrient", nutrient.id, nutrient.name)],
                "text": f"{nutrient.name} {amount}",
            },
            "subject": self.subject,
            "dosage": [
                {
                    "text": f"{amount} a {supplement.per}",
                    "timing": {
                        "repeat": {
                            "frequency": 1,
                            "period": 1,
                            "periodUnit": "d" if supplement.per == "day" else "wk",
                        }
                    },
                    "doseAndRate": [
                        {
                            "doseQuantity": {
                                "value": supplement.amount,
                                "unit": supplement.unit,
                                "system": self.vocab.system("ucum"),
                                "code": UCUM_DOSE[supplement.unit],
                            }
                        }
                    ],
                }
            ],
        }

    def facts(self, person: Profile) -> list[dict[str, Any]]:
        values: dict[str, Any] = {"diet": person.diet}
        for section in ("symptoms", "lifestyle"):
            for key, value in getattr(person, section).items():
                if isinstance(value, Mapping):
                    values.update({f"{section}.{key}.{k}": v for k, v in value.items()})
                else:
                    values[f"{section}.{key}"] = value
        return [self._fact(key, value) for key, value in values.items() if value is not None]

    def _fact(self, key: str, value: Any) -> dict[str, Any]:
        fact = self.vocab.codes.profile_facts[key]
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": fhir_id("fact-" + key),
            "status": "final",
            "code": {"coding": [self.coding("profile-fact", key)], "text": key},
            "subject": self.subject,
            "effectiveDateTime": self.as_of.isoformat(),
        }
        if fact.value == "boolean":
            resource["valueBoolean"] = value
        elif fact.value == "integer":
            resource["valueInteger"] = value
        elif fact.value == "quantity":
            ucum = self.vocab.system("ucum")
            resource["valueQuantity"] = {
                "value": value,
                "unit": fact.unit,
                "system": ucum,
                "code": fact.unit,
            }
        else:
            resource["valueCodeableConcept"] = {"coding": [self.coding(key, value)]}
        return resource
