"""Calcium and zinc a person takes have interactions but no verdict of their own (spec 1.1 §5.5):
the FHIR export still holds each one, as a DetectedIssue that implicates no verdict."""

from __future__ import annotations

from datetime import UTC, datetime

import ekbom
from ekbom.interop import assessment_bundle
from ekbom.profile import parse_profile
from tests.interop.conftest import AS_OF

WHEN = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)


def test_export_calcium_and_zinc_interactions_validate() -> None:
    from fhir.resources.R4B.bundle import Bundle

    person = parse_profile(
        {
            "age": 50,
            "sex": "female",
            "medications": ["moxifloxacin 400 mg"],
            "supplements": [
                {"nutrient": "calcium", "amount": 500, "unit": "mg"},
                {"nutrient": "zinc", "amount": 10, "unit": "mg"},
            ],
        },
        as_of=AS_OF,
    )
    assessment = ekbom.assess(person, as_of=AS_OF)
    bundle = assessment_bundle(assessment, person, timestamp=WHEN)
    Bundle.model_validate(bundle)
    issues = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DetectedIssue"
        and e["resource"]["id"].startswith("interaction-")
    ]
    texts = sorted(issue["code"]["text"] for issue in issues)
    assert texts == [
        "Calcium and moxifloxacin: absorption interaction",
        "Zinc and moxifloxacin: absorption interaction",
    ]
    assert all("implicated" not in issue for issue in issues)
    assert all("4 hours before or 8 hours after" in issue["detail"] for issue in issues)
    assert not any("Keep them 8 hours apart" in issue["detail"] for issue in issues)
