"""Vitamin D total vs D3 only (spec 1.1 §5.2): `vitamin_d3` (LOINC 1989-3) stands in for a missing
total (`vitamin_d`, LOINC 62292-8) and the vitamin D entry says D2 takers may have more."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ekbom.interop import import_fhir
from ekbom.interop.resources import RawResource

from .conftest import assess, days_before, entry, lab

D2_WORDS = "It misses vitamin D2 (ergocalciferol)."


def d3(value: float, unit: str = "nmol/L", when: str | None = None) -> dict[str, Any]:
    return lab("vitamin_d3", value, unit, when)


def _run(*labs: dict[str, Any]) -> tuple[list[dict], dict]:
    d = assess({"age": 45, "sex": "female", "labs": list(labs)})
    return d["labs"], entry(d, "vitamin_d")


def test_d3_only_is_used_as_the_vitamin_d_result():
    rows, vit_d = _run(d3(40))
    assert [(r["test"], r["used"]) for r in rows] == [("vitamin_d3", True)]
    assert vit_d["verdict"] == "recommended" and vit_d["rule_ids"][0] == "vitamin_d.low"
    assert "vitamin_d.d3-only" in vit_d["rule_ids"]
    assert any(D2_WORDS in c for c in vit_d["cautions"])
    assert any("40 nmol/L" in r for r in vit_d["reasons"])


@pytest.mark.parametrize(
    ("value", "unit", "rule"),
    [
        (50, "nmol/L", "vitamin_d.not-indicated"),
        (49, "nmol/L", "vitamin_d.low"),
        (20, "ng/mL", "vitamin_d.not-indicated"),
        (126, "nmol/L", "vitamin_d.excess"),
    ],
)
def test_d3_only_meets_the_vitamin_d_cut_offs(value, unit, rule):
    _, vit_d = _run(d3(value, unit))
    assert vit_d["rule_ids"][0] == rule
    assert "vitamin_d.d3-only" in vit_d["rule_ids"]


def test_a_current_total_wins_over_d3():
    rows, vit_d = _run(d3(40), lab("vitamin_d", 80))
    assert [(r["test"], r["used"]) for r in rows] == [("vitamin_d3", False), ("vitamin_d", True)]
    assert vit_d["rule_ids"] == ["vitamin_d.not-indicated"]
    assert not any(D2_WORDS in c for c in vit_d["cautions"])


def test_a_total_wins_even_when_the_d3_result_is_newer():
    rows, vit_d = _run(lab("vitamin_d", 80, date=days_before(300)), d3(40, when=days_before(5)))
    assert [r["used"] for r in rows] == [True, False]
    assert vit_d["rule_ids"] == ["vitamin_d.not-indicated"]


def test_a_stale_total_lets_d3_stand_in():
    rows, vit_d = _run(lab("vitamin_d", 80, date=days_before(366)), d3(40, when=days_before(10)))
    assert [(r["status"], r["used"]) for r in rows] == [("stale", False), ("current", True)]
    assert vit_d["rule_ids"][0] == "vitamin_d.low"
    assert any(D2_WORDS in c for c in vit_d["cautions"])


def test_a_stale_d3_is_not_used():
    rows, vit_d = _run(d3(40, when=days_before(366)))
    assert rows[0]["used"] is False and rows[0]["status"] == "stale"
    assert vit_d["rule_ids"] == ["vitamin_d.untested"]


def _fhir_lab(code: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "valueQuantity": {"value": 30, "unit": "ng/mL", "system": "http://unitsofmeasure.org"},
        "effectiveDateTime": "2026-11-01",
    }


def test_fhir_import_reads_1989_3_as_d3_only_and_62292_8_as_the_total():
    patient = {"resourceType": "Patient", "id": "p", "gender": "female", "birthDate": "1970-01-01"}
    resources = [patient, _fhir_lab("1989-3"), _fhir_lab("62292-8")]
    imported = import_fhir(
        [RawResource(r, f"t[{i}]") for i, r in enumerate(resources)], as_of=date(2026, 11, 28)
    ).only("t")
    assert [row["test"] for row in imported.profile["labs"]] == ["vitamin_d3", "vitamin_d"]
