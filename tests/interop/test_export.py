"""Assessment -> FHIR R4 document Bundle: valid under the R4B models, and saying what the
assessment says (verdicts, red flags, interactions, tests, doses)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

import ekbom
from ekbom.interop import assessment_bundle
from ekbom.interop.codings import Vocabulary
from ekbom.profile import parse_profile
from tests.interop.conftest import AS_OF, sample_profiles

PROFILES = sample_profiles()
WHEN = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)


def export(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    person = parse_profile(PROFILES[name], as_of=AS_OF)
    assessment = ekbom.assess(person, as_of=AS_OF)
    return assessment_bundle(assessment, person, timestamp=WHEN), assessment.to_dict()


def of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def code_of(resource: dict[str, Any], field: str = "code") -> str:
    return str(resource[field]["coding"][0]["code"])


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_export_validates_against_the_r4b_models(name: str) -> None:
    from fhir.resources.R4B.bundle import Bundle

    bundle, _ = export(name)
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "document"
    assert parsed.entry[0].resource.get_resource_type() == "Composition"


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_export_says_what_the_assessment_says(name: str, vocab: Vocabulary) -> None:
    bundle, document = export(name)
    verdicts = {
        code_of(o): code_of(o, "valueCodeableConcept")
        for o in of_type(bundle, "Observation")
        if o["code"]["coding"][0]["system"] == vocab.system("nutrient")
    }
    assert verdicts == {n["nutrient"]: n["verdict"] for n in document["nutrients"]}
    issues = of_type(bundle, "DetectedIssue")
    flags = [
        code_of(i) for i in issues if i["code"]["coding"][0]["system"] == vocab.system("red-flag")
    ]
    assert flags == [f["id"] for f in document["red_flags"]]
    assert all(i["severity"] == "high" for i in issues if code_of(i) in flags)
    interactions = [
        i for i in issues if i["code"]["coding"][0]["system"] == vocab.system("interaction")
    ]
    assert len(interactions) == len(document["interactions"])
    requested = [r["code"]["coding"][-1]["code"] for r in of_type(bundle, "ServiceRequest")]
    assert requested == [t["test"] for t in document["tests_to_request"]]
    assert all(r["intent"] == "proposal" for r in of_type(bundle, "ServiceRequest"))


def test_export_doses_and_avoid_verdicts_become_medication_request_proposals() -> None:
    bundle, document = export("iron_overload")
    proposals = {
        code_of(r, "medicationCodeableConcept"): r for r in of_type(bundle, "MedicationRequest")
    }
    by_nutrient = {n["nutrient"]: n for n in document["nutrients"]}
    for nutrient, result in by_nutrient.items():
        if result["verdict"] == "avoid":
            assert proposals[nutrient]["doNotPerform"] is True
        elif result["dose"] is not None:
            quantity = proposals[nutrient]["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]
            assert (quantity["value"], quantity["unit"]) == (
                result["dose"]["amount"],
                result["dose"]["unit"],
            )
        else:
            assert nutrient not in proposals
    assert proposals["iron"]["doNotPerform"] is True


def test_export_references_resolve_inside_the_bundle() -> None:
    bundle, _ = export("example")
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("reference"), str):
                found.append(value["reference"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(bundle)
    assert found and set(found) <= urls


def test_export_composition_sections_point_at_their_entries() -> None:
    bundle, document = export("dialysis_high_magnesium")
    composition = bundle["entry"][0]["resource"]
    sections = {s["title"]: s for s in composition["section"]}
    assert (
        len(sections["Red flags: talk to a doctor soon"]["entry"])
        == len(document["red_flags"])
        == 2
    )
    assert len(sections["Lab results"]["entry"]) == len(document["labs"])
    assert "Best first step" in sections and "References" in sections
    assert all(
        s["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
        for s in sections.values()
    )
    device = of_type(bundle, "Device")[0]
    assert device["version"][0]["value"].endswith(f"(knowledge {document['knowledge_version']})")


def test_export_verdict_carries_rule_ids_and_lab_sources(vocab: Vocabulary) -> None:
    bundle, document = export("example")
    iron = next(o for o in of_type(bundle, "Observation") if o["id"] == "verdict-iron")
    rules = [e["valueCoding"]["code"] for e in iron["extension"] if e["url"].endswith("/rule")]
    assert rules == document["nutrients"][0]["rule_ids"]
    assert len(iron["derivedFrom"]) == sum(row["used"] for row in document["labs"])


def test_export_is_deterministic_for_a_given_timestamp() -> None:
    assert export("example")[0] == export("example")[0]
