"""The resources of an assessment's FHIR document, one builder per kind (see fhir_export)."""

from __future__ import annotations

import html
import uuid
from typing import Any

from ekbom.interop.codings import UCUM_DOSE, Vocabulary, fhir_id
from ekbom.presenter import current_text, label

EXTENSION_BASE = "StructureDefinition"
INTERACTION_SEVERITY = {"safety": "high", "depletion": "moderate", "absorption": "low"}


def narrative(lines: list[str]) -> dict[str, str]:
    """A generated FHIR Narrative: one XHTML paragraph per line."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line) or "<p>None.</p>"
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


class Entries:
    """Builds the document's resources; every resource gets a `urn:uuid` full URL."""

    def __init__(self, vocab: Vocabulary, document: dict[str, Any], seed: str) -> None:
        self.vocab = vocab
        self.document = document
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, seed)
        self.resources: list[dict[str, Any]] = []
        self.as_of = document["as_of"]

    def url(self, local_id: str) -> str:
        return f"urn:uuid:{uuid.uuid5(self.namespace, local_id)}"

    def add(self, resource: dict[str, Any]) -> str:
        """Keep a resource (its `id` is local); return its full URL for references."""
        resource["id"] = fhir_id(resource["id"])
        self.resources.append(resource)
        return self.url(resource["id"])

    def coding(self, system: str, code: str, display: str | None = None) -> dict[str, str]:
        return self.vocab.coding(system, code, display)

    def extension(self, name: str, **value: Any) -> dict[str, Any]:
        base = self.vocab.codes.systems["ekbom"]
        return {"url": f"{base}/{EXTENSION_BASE}/{name}", **value}

    # -- labs ------------------------------------------------------------------------------------

    def lab(self, index: int, row: dict[str, Any], subject: dict[str, str]) -> str:
        unit = self.vocab.ucum(row["test"], row["unit"])
        notes = [f"Reported as {row['reported']['value']:g} {row['reported']['unit']}."]
        if row["derived"]:
            notes.append("Worked out by ekbom from serum iron and TIBC of the same day.")
        if row["status"] == "stale":
            notes.append("Older than a year on the assessment day: the rules treat it as missing.")
        resource = self.vocab.lab_observation(
            index, row["test"], subject, row["value"], unit, row["date"], notes
        )
        return self.add(resource)

    # -- nutrients -----------------------------------------------------------------------------

    def verdict(self, result: dict[str, Any], subject: dict[str, str], used: list[str]) -> str:
        nutrient = self.vocab.kb.nutrients[result["nutrient"]]
        label = self.vocab.kb.texts.verdicts[result["verdict"]]
        extensions = [
            self.extension("rule", valueCoding=self.coding("rule", rule_id))
            for rule_id in result["rule_ids"]
        ]
        extensions.append(self.extension("needs-clinician", valueBoolean=result["needs_clinician"]))
        extensions.append(self.extension("evidence-grade", valueCode=result["evidence"]["grade"]))
        extensions += [
            self.extension("citation", valueString=cid) for cid in result["evidence"]["citations"]
        ]
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": f"verdict-{nutrient.id}",
            "extension": extensions,
            "status": "final",
            "code": {
                "coding": [self.coding("nutrient", nutrient.id, nutrient.name)],
                "text": f"{nutrient.name}: ekbom verdict",
            },
            "subject": subject,
            "effectiveDateTime": self.as_of,
            "valueCodeableConcept": {
                "coding": [self.coding("verdict", result["verdict"], label)],
                "text": label,
            },
            "note": [
                {"text": text}
                for text in [result["summary"], *result["reasons"], *result["cautions"]]
            ],
        }
        if used:
            resource["derivedFrom"] = [{"reference": url} for url in used]
        return self.add(resource)

    def proposal(
        self, result: dict[str, Any], subject: dict[str, str], verdict_url: str
    ) -> str | None:
        """A MedicationRequest proposal for a dose, or a do-not-perform one for `avoid`."""
        nutrient = self.vocab.kb.nutrients[result["nutrient"]]
        dose = result["dose"]
        avoid = result["verdict"] == "avoid"
        if dose is None and not avoid:
            return None
        resource: dict[str, Any] = {
            "resourceType": "MedicationRequest",
            "id": f"proposal-{nutrient.id}",
            "status": "active",
            "intent": "proposal",
            "medicationCodeableConcept": {
                "coding": [self.coding("nutrient", nutrient.id, nutrient.name)],
                "text": f"{nutrient.name} supplement",
            },
            "subject": subject,
            "reasonReference": [{"reference": verdict_url}],
        }
        if avoid:
            resource["doNotPerform"] = True
        else:
            resource["dosageInstruction"] = [self._dosage(dose)]
            kb = self.vocab.kb
            who = label(kb, "self_directed" if dose["self_directed"] else "clinician_led")
            note = f"{who.capitalize()} dose ({dose['basis']})."
            if result.get("current"):
                note += f" To add to what the patient takes now: {current_text(result, kb)}."
            resource["note"] = [{"text": note}]
        return self.add(resource)

    def _dosage(self, dose: dict[str, Any]) -> dict[str, Any]:
        text = (
            f"{dose['amount']:g} {dose['unit']} {dose['basis']} a {dose['per']}, {dose['schedule']}"
        )
        return {
            "text": text,
            "timing": {
                "repeat": {
                    "frequency": 1,
                    "period": 1,
                    "periodUnit": "d" if dose["per"] == "day" else "wk",
                }
            },
            "doseAndRate": [
                {
                    "doseQuantity": {
                        "value": dose["amount"],
                        "unit": dose["unit"],
                        "system": self.vocab.system("ucum"),
                        "code": UCUM_DOSE[dose["unit"]],
                    }
                }
            ],
        }

    # -- issues and requests ---------------------------------------------------------------------

    def issue(
        self,
        ident: str,
        code: dict[str, Any],
        severity: str,
        detail: str,
        patient: dict[str, str],
        implicated: list[str] | None = None,
    ) -> str:
        resource: dict[str, Any] = {
            "resourceType": "DetectedIssue",
            "id": ident,
            "status": "final",
            "code": code,
            "severity": severity,
            "patient": patient,
            "identifiedDateTime": self.as_of,
            "detail": detail,
        }
        if implicated:
            resource["implicated"] = [{"reference": url} for url in implicated]
        return self.add(resource)

    def red_flag(self, index: int, flag: dict[str, Any], patient: dict[str, str]) -> str:
        title = self.vocab.codes.red_flag_titles[flag["id"]]
        code = {"coding": [self.coding("red-flag", flag["id"], title)], "text": title}
        return self.issue(f"red-flag-{index}", code, "high", flag["message"], patient)

    def trigger(self, index: int, trigger: dict[str, Any], patient: dict[str, str]) -> str:
        label = self.vocab.kb.classes[trigger["class"]].label
        code = {"coding": [self.coding("medication-class", trigger["class"], label)], "text": label}
        detail = f"{trigger['medication']}: {trigger['ingredient']}. {trigger['advice']}"
        return self.issue(f"trigger-{index}", code, "moderate", detail, patient)

    def interaction(
        self, index: int, item: dict[str, Any], patient: dict[str, str], verdict_url: str | None
    ) -> str:
        nutrient = self.vocab.kb.nutrients[item["nutrient"]].name
        text = f"{nutrient} and {item['medication']}: {item['kind']} interaction"
        code = {"coding": [self.coding("interaction", item["kind"])], "text": text}
        hours = item["separate_hours"]
        both_ways = item.get("before_hours", hours) == item.get("after_hours", hours)
        detail = item["advice"] + (
            f" Keep them {hours:g} hours apart." if hours and both_ways else ""
        )
        severity = INTERACTION_SEVERITY[item["kind"]]
        implicated = [verdict_url] if verdict_url else None  # calcium and zinc have no verdict
        return self.issue(f"interaction-{index}", code, severity, detail, patient, implicated)

    def test_request(self, index: int, item: dict[str, Any], subject: dict[str, str]) -> str:
        test = self.vocab.kb.tests[item["test"]]
        codings = [self.coding("loinc", code, test.name) for code in test.loinc[:1]]
        codings.append(self.coding("lab-test", test.id, test.name))
        priority = self.vocab.kb.texts.priorities[item["priority"]]
        return self.add(
            {
                "resourceType": "ServiceRequest",
                "id": f"test-{index}",
                "status": "active",
                "intent": "proposal",
                "priority": "routine",
                "code": {"coding": codings, "text": test.name},
                "orderDetail": [
                    {
                        "coding": [self.coding("test-priority", item["priority"], priority)],
                        "text": priority,
                    }
                ],
                "subject": subject,
                "reasonCode": [{"text": item["why"]}],
            }
        )
