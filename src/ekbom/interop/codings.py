"""Code systems and code look-ups shared by the FHIR import, export and the CDS Hooks service."""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from ekbom.knowledge.interop_codes import (
    ConditionCodes,
    FactCodes,
    FactObservation,
    InteropCodes,
    icd_matches,
    load_interop_codes,
)
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.models import Knowledge

# UCUM codes of the dose units a profile's supplements use.
UCUM_DOSE = {"mg": "mg", "ug": "ug", "g": "g", "IU": "[IU]"}

# Names of ekbom's own code systems, `<ekbom>/CodeSystem/<name>` (see docs/fhir.md).
OWN_SYSTEMS = (
    "lab-test",
    "condition",
    "nutrient",
    "profile-fact",
    "diet",
    "verdict",
    "rule",
    "red-flag",
    "test-priority",
    "medication-class",
    "interaction",
    "document",
)


class Vocabulary(NamedTuple):
    """The knowledge and the interop codes, with the indexes the adapters need."""

    kb: Knowledge
    codes: InteropCodes
    labs: dict[tuple[str, str], str]  # (system url, code) -> lab test id

    def system(self, name: str) -> str:
        """A standard system URL (loinc, snomed, …) or one of ekbom's own (lab-test, verdict, …)."""
        if name in OWN_SYSTEMS:
            return f"{self.codes.systems['ekbom']}/CodeSystem/{name}"
        return self.codes.systems[name]

    def coding(self, system: str, code: str, display: str | None = None) -> dict[str, str]:
        """A FHIR Coding in one of the systems `system` names."""
        found = {"system": self.system(system), "code": code}
        return {**found, "display": display} if display else found

    def lab_observation(
        self,
        index: int,
        test_id: str,
        subject: dict[str, str],
        value: float,
        unit: str,
        day: str | None,
        notes: list[str] | None = None,
    ) -> dict[str, Any]:
        """A laboratory Observation `lab-INDEX` of one result (value in the UCUM `unit`), coded
        with the test's LOINC code and ekbom's own lab-test code, with any notes and its day."""
        test = self.kb.tests[test_id]
        codings = [self.coding("loinc", code, test.name) for code in test.loinc[:1]]
        codings.append(self.coding("lab-test", test.id, test.name))
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": f"lab-{index}",
            "status": "final",
            "category": [{"coding": [self.coding("observation_category", "laboratory")]}],
            "code": {"coding": codings, "text": test.name},
            "subject": subject,
            "valueQuantity": {
                "value": value,
                "unit": unit,
                "system": self.system("ucum"),
                "code": unit,
            },
        }
        if notes:
            resource["note"] = [{"text": text} for text in notes]
        if day:
            resource["effectiveDateTime"] = day
        return resource

    def ucum(self, test_id: str, ours: str) -> str:
        """The UCUM code for one of a test's unit spellings: the first units-table row naming it,
        else the spelling itself (most of ours are UCUM already)."""
        table = self.codes.units.get(test_id, {})
        return next((ucum for ucum, mapped in table.items() if mapped == ours), ours)

    def conditions_for(self, system: str | None, code: str | None) -> list[ConditionCodes]:
        """Every condition entry a coding stands for (several when codes overlap)."""
        if not system or not code:
            return []
        if system == self.system("condition"):
            return [ConditionCodes((code,), (), ())] if code in self.kb.conditions else []
        return [entry for entry in self.codes.conditions if self._hits(entry, system, code)]

    def facts_for(self, system: str | None, code: str | None) -> list[FactCodes]:
        if not system or not code:
            return []
        icd = system == self.codes.systems["icd10cm"]
        return [
            entry
            for entry in self.codes.facts
            if self._hits(entry, system, code)
            and not (icd and any(icd_matches(pattern, code) for pattern in entry.not_icd10cm))
        ]

    def fact_observation(self, system: str | None, code: str | None) -> FactObservation | None:
        """The fact an Observation code answers (LOINC 82810-3 pregnancy status), if any."""
        if system != self.codes.systems["loinc"]:
            return None
        return next((f for f in self.codes.fact_observations if f.loinc == code), None)

    def _hits(self, entry: ConditionCodes | FactCodes, system: str, code: str) -> bool:
        if system == self.codes.systems["snomed"]:
            return code in entry.snomed
        if system == self.codes.systems["icd10cm"]:
            return any(icd_matches(pattern, code) for pattern in entry.icd10cm)
        return False


def fhir_id(text: str) -> str:
    """A valid FHIR id from a local name ("verdict-vitamin_b12" -> "verdict-vitamin-b12")."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "-" for c in text)[:64]


@cache
def _vocabulary(directory: str | None) -> Vocabulary:
    kb = load_knowledge(directory)
    codes = load_interop_codes(directory)
    loinc = codes.systems["loinc"]
    own = f"{codes.systems['ekbom']}/CodeSystem/lab-test"
    labs: dict[tuple[str, str], str] = {}
    for test in kb.tests.values():
        labs[(own, test.id)] = test.id
        for code in test.loinc:
            labs[(loinc, code)] = test.id
    return Vocabulary(kb, codes, labs)


def vocabulary(directory: str | None = None) -> Vocabulary:
    """The vocabulary of the knowledge folder in use (loaded once)."""
    from ekbom.knowledge.loader import data_dir

    return _vocabulary(str(directory or data_dir()))
