"""Pregnancy read from FHIR records (spec assessment-v1 §5.2 and §7 item 6, version 1.1).

ICD-10-CM Z3A.* (weeks of gestation), Z33.1, Z34.*, O09.* and the obstetric chapter's codes of
an ongoing pregnancy; not O00-O08 (pregnancy with abortive outcome) nor the puerperium. SNOMED CT
77386006, and the LOINC 82810-3 pregnancy-status Observation (77386006 pregnant, 60001007 not).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ekbom
from tests.interop.test_import import ICD, LOINC, SNOMED, condition, one, patient, run
from tests.knowledge_copy import edit


def status(answer: str, when: str | None = "2026-11-01", **extra: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "82810-3"}]},
        "valueCodeableConcept": {"coding": [{"system": SNOMED, "code": answer}]},
        "subject": {"reference": "Patient/p1"},
        **extra,
    }
    if when:
        resource["effectiveDateTime"] = when
    return resource


PREGNANT_ICD = [
    "Z3A.01",  # less than 8 weeks gestation
    "Z3A.20",
    "Z3A.49",
    "Z33.1",
    "Z34.00",
    "O09.511",
    "O10.011",  # pre-existing essential hypertension, first trimester
    "O13.2",
    "O16.9",
    "O21.0",  # hyperemesis
    "O24.410",  # gestational diabetes, diet controlled
    "O26.843",
    "O30.003",
    "O36.5930",
    "O44.03",
    "O48.0",
    "O60.03",  # preterm labour without delivery
    "O98.011",
    "O99.011",  # anaemia complicating pregnancy
    "O99.212",
    "O99.891",
    "O9A.111",
    "o99.011",  # letter case ignored
]

NOT_PREGNANT_ICD = [
    "O00.101",  # tubal pregnancy (abortive outcome)
    "O02.1",  # missed abortion
    "O03.9",  # spontaneous abortion
    "O04.89",
    "O07.4",
    "O08.9",  # the last code of the abortive-outcome block
    "O10.03",  # complicating the puerperium
    "O24.430",  # gestational diabetes in the puerperium
    "O60.14",  # preterm labour with delivery
    "O72.1",  # postpartum haemorrhage
    "O80",  # delivery
    "O85",  # puerperal sepsis
    "O90.89",
    "O94",  # sequelae
    "O99.03",  # anaemia complicating the puerperium
    "O99.893",
    "O9A.13",
    "Z33.2",  # encounter for elective termination
]


@pytest.mark.parametrize("code", PREGNANT_ICD)
def test_pregnancy_icd10cm_code_of_an_ongoing_pregnancy_sets_pregnant(code: str) -> None:
    profile, _ = one(condition(ICD, code))
    assert profile.get("pregnant") is True, code


@pytest.mark.parametrize("code", NOT_PREGNANT_ICD)
def test_pregnancy_icd10cm_code_of_an_ended_pregnancy_does_not(code: str) -> None:
    profile, _ = one(condition(ICD, code))
    assert "pregnant" not in profile, code


def test_pregnancy_o_chapter_codes_give_no_trimester() -> None:
    profile, _ = one(condition(ICD, "O99.013"))  # third trimester, but no trimester is read
    assert profile["pregnant"] is True and "pregnancy_trimester" not in profile


def test_pregnancy_snomed_pregnancy_finding_sets_pregnant() -> None:
    profile, _ = one(condition(SNOMED, "77386006"))
    assert profile["pregnant"] is True


def test_pregnancy_resolved_condition_does_not_count() -> None:
    profile, _ = one(condition(ICD, "Z3A.20", status="resolved"))
    assert "pregnant" not in profile


def test_pregnancy_status_observation_pregnant() -> None:
    profile, notes = one(status("77386006"))
    assert profile["pregnant"] is True
    assert not any("82810-3" in n or "codes ekbom does not read" in n for n in notes)


def test_pregnancy_status_observation_not_pregnant() -> None:
    profile, _ = one(status("60001007"))
    assert profile["pregnant"] is False
    assert "pregnancy_trimester" not in profile


def test_pregnancy_status_latest_result_wins() -> None:
    profile, _ = one(status("77386006", "2026-06-01"), status("60001007", "2026-11-01"))
    assert profile["pregnant"] is False
    profile, _ = one(status("60001007", "2026-11-01"), status("77386006", "2026-06-01"))
    assert profile["pregnant"] is False
    profile, _ = one(status("60001007", "2026-06-01"), status("77386006", "2026-11-01"))
    assert profile["pregnant"] is True


def test_pregnancy_status_no_never_overrides_an_active_pregnancy_condition() -> None:
    profile, notes = one(condition(ICD, "Z34.02"), status("60001007"))
    assert (profile["pregnant"], profile["pregnancy_trimester"]) == (True, 2)
    assert any("says not pregnant" in n for n in notes)


@pytest.mark.parametrize(("when", "counts"), [("2026-02-21", True), ("2026-02-20", False)])
def test_pregnancy_status_older_than_280_days_no_longer_counts(when: str, counts: bool) -> None:
    profile, notes = one(status("77386006", when))  # 280 and 281 days before 2026-11-28
    assert ("pregnant" in profile) is counts
    assert any("more than 280 days old" in n for n in notes) is not counts


def test_pregnancy_status_unknown_answer_sets_nothing_with_a_note() -> None:
    profile, notes = one(status("261665006"))
    assert "pregnant" not in profile
    assert any("sets nothing" in n for n in notes)


def test_pregnancy_status_not_final_is_skipped() -> None:
    profile, notes = one(status("77386006", status="registered"))
    assert "pregnant" not in profile
    assert any("status 'registered'" in n for n in notes)


def test_pregnancy_status_not_pregnant_on_a_male_patient_is_left_out() -> None:
    imported = run(patient(gender="male"), status("60001007")).only("t")
    assert "pregnant" not in imported.profile


# -- the codes as data (fhir_codes.yaml) ---------------------------------------------------------


@pytest.mark.usefixtures("private_parse_cache")
@pytest.mark.parametrize(
    ("old", "new", "check", "fragment"),
    [
        ("loinc: 82810-3", "loinc: 8281O-3", "code", "not a LOINC code"),
        ('{"77386006": true,', '{"77386006": yes please,', "code", "true or false"),
        ("within_days: 280", "within_days: 0", "range", "above 0"),
        ("      - O99.893\n", "      - X\n", "code", "'X' is not an ICD-10-CM code"),
    ],
)
def test_pregnancy_codes_file_mistakes_are_reported_at_their_line(
    kb_copy: Path, old: str, new: str, check: str, fragment: str
) -> None:
    line = edit(kb_copy, "fhir_codes.yaml", old, new)
    found = [
        i
        for i in ekbom.check_knowledge(kb_copy)
        if i.path == "fhir_codes.yaml" and i.check == check and fragment in i.message
    ]
    assert len(found) == 1, found
    assert found[0].line == line
