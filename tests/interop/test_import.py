"""FHIR -> profile on small hand-made records: what is read, what becomes a note, what fails."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import ekbom
from ekbom.errors import FhirError
from ekbom.interop import import_fhir, read_path
from ekbom.interop.fhir_import import FhirImport
from ekbom.interop.resources import RawResource, flatten

AS_OF = date(2026, 11, 28)
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"


def patient(ident: str = "p1", gender: str = "female", born: str = "1970-11-29") -> dict[str, Any]:
    return {"resourceType": "Patient", "id": ident, "gender": gender, "birthDate": born}


def lab(
    code: str, value: float, unit: str, when: str | None = "2026-11-01", **extra: Any
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit},
        **extra,
    }
    if when:
        resource["effectiveDateTime"] = when
    return resource


def condition(system: str, code: str, status: str = "active", **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{"code": status}]},
        "code": {"coding": [{"system": system, "code": code}], "text": f"code {code}"},
        "subject": {"reference": "Patient/p1"},
        **extra,
    }


def medication(text: str, status: str = "active", **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "status": status,
        "intent": "order",
        "medicationCodeableConcept": {"text": text},
        "subject": {"reference": "Patient/p1"},
        **extra,
    }


def dosage(
    value: float, unit: str, frequency: int = 1, period_unit: str = "d"
) -> list[dict[str, Any]]:
    return [
        {
            "timing": {"repeat": {"frequency": frequency, "period": 1, "periodUnit": period_unit}},
            "doseAndRate": [{"doseQuantity": {"value": value, "unit": unit}}],
        }
    ]


def run(*resources: dict[str, Any], as_of: date = AS_OF) -> FhirImport:
    return import_fhir([RawResource(r, f"test[{i}]") for i, r in enumerate(resources)], as_of=as_of)


def one(*resources: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    imported = run(patient(), *resources).only("test")
    return imported.profile, [str(note) for note in imported.notes]


# -- the person ----------------------------------------------------------------------------------


def test_import_patient_age_counts_whole_years_at_as_of() -> None:
    assert one()[0] == {"as_of": "2026-11-28", "age": 55, "sex": "female"}
    older = run(patient(born="1970-11-28")).only("t").profile
    assert older["age"] == 56


def test_import_patient_unknown_gender_and_missing_birth_date_are_notes() -> None:
    imported = run({"resourceType": "Patient", "id": "x", "gender": "unknown"}).only("t")
    assert "sex" not in imported.profile and "age" not in imported.profile
    text = " ".join(map(str, imported.notes))
    assert "gender is unknown" in text and "no birth date" in text
    with pytest.raises(ekbom.ProfileError):
        ekbom.assess(imported.profile)


def test_import_patient_partial_birth_date_uses_its_first_day_with_a_note() -> None:
    imported = run(patient(born="1980-06")).only("t")
    assert imported.profile["age"] == 46
    assert any("not a full date" in str(n) for n in imported.notes)


# -- labs ------------------------------------------------------------------------------------------


def test_import_labs_by_loinc_with_ucum_units_mapped_to_ours() -> None:
    profile, notes = one(
        lab("2276-4", 48, "ng/mL"),
        lab("33914-3", 76.3, "mL/min"),
        lab("98979-8", 29.6, "mL/min/{1.73_m2}"),
        lab("19123-9", 2.1, "meq/L"),
        lab("718-7", 12.6, "g/dL", when=None),
    )
    assert profile["labs"] == [
        {"test": "ferritin", "value": 48, "unit": "ng/mL", "date": "2026-11-01"},
        {"test": "egfr", "value": 76.3, "unit": "mL/min/1.73m2", "date": "2026-11-01"},
        {"test": "egfr", "value": 29.6, "unit": "mL/min/1.73m2", "date": "2026-11-01"},
        {"test": "magnesium", "value": 2.1, "unit": "mEq/L", "date": "2026-11-01"},
        {"test": "hemoglobin", "value": 12.6, "unit": "g/dL"},
    ]
    assert notes == []


def test_import_labs_unusable_results_become_notes_not_errors() -> None:
    profile, notes = one(
        lab("2276-4", 48, "mg"),
        lab("2502-3", 180, "%"),
        lab("718-7", 12, "g/dL", when="2026-12-01"),
        lab("2132-9", 300, "pg/mL", status="entered-in-error"),
        lab("1989-3", 30, "ng/mL", when="2026-10"),
    )
    assert profile["labs"] == [{"test": "vitamin_d3", "value": 30, "unit": "ng/mL"}]
    assert any("unit 'mg' is not one ekbom reads for ferritin" in n for n in notes)
    assert any("outside the possible range" in n for n in notes)
    assert any("after 2026-11-28" in n for n in notes)
    assert any("status 'entered-in-error'" in n for n in notes)
    assert any("not a full day" in n for n in notes)


def test_import_labs_comparator_is_read_with_a_note() -> None:
    quantity = {"value": 0.5, "comparator": "<", "unit": "mg/L", "system": UCUM, "code": "mg/L"}
    profile, notes = one({**lab("1988-5", 0.5, "mg/L"), "valueQuantity": quantity})
    assert profile["labs"][0]["value"] == 0.5
    assert any("'< 0.5'" in n for n in notes)


def test_import_labs_other_codes_are_counted_in_one_note() -> None:
    profile, notes = one(lab("4548-4", 6.1, "%"), lab("2093-3", 180, "mg/dL"))
    assert "labs" not in profile
    assert notes == ["Observation: 2 results with codes ekbom does not read were left out"]


def test_import_invalid_resource_is_skipped_with_a_note() -> None:
    broken = lab("2276-4", 48, "ng/mL")
    broken["valueQuantity"]["value"] = "forty"
    profile, notes = one(broken, lab("2502-3", 18, "%"))
    assert [entry["test"] for entry in profile["labs"]] == ["tsat"]
    assert any("is not valid FHIR R4" in n and "valueQuantity" in n for n in notes)


# -- conditions ----------------------------------------------------------------------------------


def test_import_conditions_by_snomed_and_icd_prefix() -> None:
    profile, notes = one(
        condition(SNOMED, "399187006"),
        condition(ICD, "N18.32"),
        condition(ICD, "K50.90"),
        condition(ICD, "z99.2"),
        condition(SNOMED, "59621000"),
    )
    assert profile["conditions"] == [
        "hemochromatosis",
        "ckd",
        "inflammatory_disease",
        "malabsorption",
        "dialysis",
    ]
    assert notes == [
        "Condition at test[5]: condition 'code 59621000' (http://snomed.info/sct 59621000) "
        "is not one ekbom uses"
    ]


def test_import_conditions_inactive_and_refuted_are_left_out() -> None:
    refuted = condition(SNOMED, "78275009", verificationStatus={"coding": [{"code": "refuted"}]})
    profile, notes = one(condition(SNOMED, "31541009", status="resolved"), refuted)
    assert "conditions" not in profile and notes == []


def test_import_recent_infection_counts_only_within_its_window() -> None:
    recent = condition(SNOMED, "10509002", status="resolved", onsetDateTime="2026-11-10")
    old = condition(SNOMED, "10509002", status="active", onsetDateTime="2026-09-01")
    assert one(recent)[0]["conditions"] == ["recent_infection"]
    assert "conditions" not in one(old)[0]


def test_import_pregnancy_with_trimester_and_postmenopause_flags() -> None:
    profile, _ = one(condition(SNOMED, "72892002"), condition(ICD, "Z34.92"))
    assert (profile["pregnant"], profile["pregnancy_trimester"]) == (True, 2)
    assert one(condition(SNOMED, "76498008"))[0]["postmenopausal"] is True


def test_import_pregnancy_code_on_a_male_patient_is_dropped_with_a_note() -> None:
    imported = run(patient(gender="male"), condition(SNOMED, "77386006")).only("t")
    assert "pregnant" not in imported.profile
    assert any("male patient" in str(n) for n in imported.notes)


# -- medicines and supplements -------------------------------------------------------------------


def test_import_medications_active_only_with_product_names_kept() -> None:
    combo = (
        "Acetaminophen 21.7 MG/ML / Dextromethorphan 1 MG/ML / doxylamine 0.417 MG/ML Oral Solution"
    )
    profile, _ = one(medication(combo), medication("Warfarin Sodium 5 MG", status="stopped"))
    assert profile["medications"] == [combo]
    assessment = ekbom.assess(profile)
    assert [t["ingredient"] for t in assessment.medication_triggers] == ["doxylamine"]


def test_import_supplement_orders_with_dosage_become_supplements() -> None:
    profile, notes = one(
        medication("ferrous sulfate 325 MG Oral Tablet", dosageInstruction=dosage(1, "TAB")),
        medication(
            "Cholecalciferol 50000 UNT Oral Capsule",
            dosageInstruction=dosage(1, "CAP", period_unit="wk"),
        ),
        medication(
            "Magnesium Oxide 400 MG Oral Tablet", dosageInstruction=dosage(1, "TAB", frequency=2)
        ),
        {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationCodeableConcept": {"text": "Pyridoxine"},
            "subject": {"reference": "Patient/p1"},
            "dosage": dosage(25, "mg"),
        },
    )
    assert profile["supplements"] == [
        {"nutrient": "iron", "amount": 65, "unit": "mg", "per": "day"},
        {"nutrient": "vitamin_d", "amount": 50000, "unit": "IU", "per": "week"},
        {"nutrient": "magnesium", "amount": 480, "unit": "mg", "per": "day"},
        {"nutrient": "vitamin_b6", "amount": 25, "unit": "mg", "per": "day"},
    ]
    assert "medications" not in profile and notes == []


def test_import_supplement_without_dosage_stays_a_medication_with_a_note() -> None:
    profile, notes = one(medication("ferrous sulfate 325 MG Oral Tablet"))
    assert profile["medications"] == ["ferrous sulfate 325 MG Oral Tablet"]
    assert "supplements" not in profile
    assert any("no daily amount" in n and "supplement (iron)" in n for n in notes)


def test_import_medication_reference_resolves_to_the_medication_resource() -> None:
    med = {"resourceType": "Medication", "id": "m1", "code": {"text": "Zoloft 50 mg"}}
    order = medication("x")
    del order["medicationCodeableConcept"]
    order["medicationReference"] = {"reference": "Medication/m1"}
    profile, _ = one(med, order)
    assert profile["medications"] == ["Zoloft 50 mg"]


# -- patients, files and errors -------------------------------------------------------------------


def test_import_several_patients_are_grouped_by_subject_reference() -> None:
    found = run(
        patient("a"),
        patient("b", gender="male"),
        {**lab("2276-4", 20, "ug/L"), "subject": {"reference": "Patient/b"}},
        {
            **lab("2276-4", 90, "ug/L"),
            "subject": {"reference": "https://ehr.example/fhir/Patient/a"},
        },
        {**lab("2276-4", 50, "ug/L"), "subject": {"reference": "Patient/c"}},
    )
    values = {p.patient_id: [entry["value"] for entry in p.profile["labs"]] for p in found.profiles}
    assert values == {"a": [90], "b": [20]}
    assert any("belongs to no Patient" in str(n) for n in found.notes)
    assert found.only("t", "b").profile["sex"] == "male"
    with pytest.raises(FhirError, match="2 patients"):
        found.only("t")
    with pytest.raises(FhirError, match="no Patient 'z'"):
        found.only("t", "z")


def test_import_no_patient_is_an_error_only_when_a_profile_is_asked_for() -> None:
    found = run(lab("2276-4", 20, "ug/L"))
    assert found.profiles == ()
    with pytest.raises(FhirError, match="no Patient resource"):
        found.only("record.json")


def test_import_reads_ndjson_folders_and_nested_bundles(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Patient.ndjson").write_text(json.dumps(patient()) + "\n\n", encoding="utf-8")
    lines = [json.dumps(lab("2276-4", value, "ug/L")) for value in (20, 30)]
    (folder / "Observation.000.ndjson").write_text("\n".join(lines), encoding="utf-8")
    (folder / "notes.txt").write_text("not read", encoding="utf-8")
    searchset = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": lab("2502-3", 18, "%")}],
    }
    outer = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": searchset}]}
    (folder / "more.json").write_text(json.dumps(outer), encoding="utf-8")
    profile = import_fhir(read_path(folder), as_of=AS_OF).only("export").profile
    # Files are read in name order: Observation.000.ndjson, Patient.ndjson, more.json.
    assert [entry["value"] for entry in profile["labs"]] == [20, 30, 18]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"resourceType": "Patient",', "line 1"),
        ('{"hello": 1}', "no resourceType"),
        ('{"resourceType": "Bundle", "entry": {"resource": 1}}', "must be a list"),
    ],
)
def test_import_unreadable_files_raise_fhir_error_naming_the_file(
    tmp_path: Path, text: str, where: str
) -> None:
    path = tmp_path / "record.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FhirError) as caught:
        read_path(path)
    assert caught.value.source.endswith("record.json")
    assert where in str(caught.value)


def test_import_bad_ndjson_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "Observation.ndjson"
    path.write_text(json.dumps(patient()) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(FhirError, match="line 2"):
        read_path(path)


def test_import_flatten_rejects_a_non_resource_value() -> None:
    with pytest.raises(FhirError, match="prefetch.labs"):
        flatten([1, 2], "prefetch.labs")
