"""The assessment document's JSON Schema: valid itself, shipped, and met by real output."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import ekbom
from ekbom.schemas import ASSESSMENT_SCHEMA_FILE, assessment_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "profile.yaml"
DOCS_SCHEMA = ROOT / "docs" / ASSESSMENT_SCHEMA_FILE
PACKAGED_SCHEMA = ROOT / "src" / "ekbom" / "schema" / ASSESSMENT_SCHEMA_FILE

# Hand-written profiles that together reach every part of the assessment document.
AS_OF = "2026-11-28"

PROFILES: dict[str, dict[str, Any]] = {
    "dialysis": {
        "age": 64,
        "sex": "male",
        "conditions": ["dialysis"],
        "labs": [
            {"test": "ferritin", "value": 150, "unit": "ng/mL", "date": "2026-11-01"},
            {"test": "tsat", "value": 15, "unit": "%", "date": "2026-11-01"},
            {"test": "magnesium", "value": 1.4, "unit": "mmol/L", "date": "2026-11-01"},
        ],
    },
    "child": {
        "age": 10,
        "sex": "female",
        "labs": [
            {"test": "ferritin", "value": 40, "unit": "ug/L"},
            {"test": "hemoglobin", "value": 110, "unit": "g/L"},
        ],
    },
    "pregnant": {
        "age": 31,
        "sex": "female",
        "pregnancy_trimester": 1,
        "diet": "vegetarian",
        "labs": [
            {"test": "ferritin", "value": 30, "unit": "ug/L", "date": "2026-11-20"},
            {"test": "tsat", "value": 15, "unit": "%", "date": "2026-11-20"},
            {"test": "hemoglobin", "value": 10.5, "unit": "g/dL", "date": "2026-11-20"},
        ],
        "symptoms": {"nights_per_week": 7, "severity_nrs": 9.5},
    },
    "hemochromatosis": {
        "age": 48,
        "sex": "male",
        "conditions": ["hemochromatosis"],
        "labs": [
            {"test": "ferritin", "value": 800, "unit": "ug/L"},
            {"test": "tsat", "value": 55, "unit": "%"},
        ],
        "supplements": [{"nutrient": "vitamin_c", "amount": 500, "unit": "mg"}],
    },
    "b6_over_limit": {
        "age": 40,
        "sex": "female",
        "limits": "eu",
        "supplements": [
            {"nutrient": "vitamin_b6", "amount": 50, "unit": "mg"},
            {"nutrient": "magnesium", "amount": 0.4, "unit": "g"},
        ],
        "symptoms": {"leg_cramps": True},
    },
    "anticoagulant": {
        "age": 72,
        "sex": "male",
        "medications": ["Eliquis 5 mg", "warfarin"],
        "supplements": [{"nutrient": "vitamin_e", "amount": 400, "unit": "IU"}],
        "labs": [{"test": "vitamin_d", "value": 160, "unit": "nmol/L"}],
    },
    "derived_tsat": {
        "age": 45,
        "sex": "female",
        "labs": [
            {"test": "ferritin", "value": 90, "unit": "ng/mL"},
            {"test": "serum_iron", "value": 10, "unit": "umol/L"},
            {"test": "tibc", "value": 70, "unit": "umol/L"},
        ],
    },
    "stale_labs": {
        "age": 58,
        "sex": "female",
        "postmenopausal": True,
        "labs": [
            {"test": "ferritin", "value": 20, "unit": "ug/L", "date": "2024-01-15"},
            {"test": "tsat", "value": 12, "unit": "%", "date": "2024-01-15"},
            {"test": "serum_iron", "value": 50, "unit": "ug/dL", "date": "2024-01-15"},
            {"test": "tibc", "value": 400, "unit": "ug/dL", "date": "2024-01-15"},
            {"test": "ferritin", "value": 25, "unit": "ug/L", "date": "2026-06-01"},
        ],
    },
    "empty_labs": {"age": 35, "sex": "male", "labs": [], "medications": []},
    "symptoms_and_triggers": {
        "age": 66,
        "sex": "female",
        "conditions": ["sleep_apnea", "kidney_stones"],
        "medications": ["NyQuil", "Zoloft 50 mg", "levodopa 100 mg", "mystery pill"],
        "symptoms": {
            "irls_score": 35,
            "rls_criteria": {
                "urge_to_move": True,
                "worse_at_rest": True,
                "relieved_by_movement": False,
                "worse_in_evening": True,
                "not_explained_by_other_condition": True,
            },
        },
        "lifestyle": {
            "caffeine_mg_per_day": 300,
            "alcohol_drinks_per_week": 10,
            "smoker": True,
            "exercise_minutes_per_week": 200,
        },
        "labs": [{"test": "vitamin_b6", "value": 10, "unit": "nmol/L"}],
    },
    "b12_and_folate_low": {
        "age": 70,
        "sex": "male",
        "diet": "vegan",
        "medications": ["metformin 500 mg", "methotrexate"],
        "labs": [
            {"test": "vitamin_b12", "value": 150, "unit": "pg/mL"},
            {"test": "folate", "value": 2, "unit": "ng/mL"},
            {"test": "hemoglobin", "value": 11.0, "unit": "g/dL"},
        ],
    },
    "borderline_b12": {
        "age": 50,
        "sex": "female",
        "labs": [
            {"test": "vitamin_b12", "value": 180, "unit": "pmol/L"},
            {"test": "mma", "value": 0.4, "unit": "umol/L"},
        ],
        "supplements": [{"nutrient": "vitamin_d", "amount": 50000, "unit": "IU", "per": "week"}],
    },
    "ckd_interactions": {
        "age": 67,
        "sex": "male",
        "conditions": ["ckd"],
        "medications": ["Cipro 500 mg", "Fosamax", "hydrochlorothiazide", "furosemide"],
        "supplements": [{"nutrient": "calcium", "amount": 600, "unit": "mg"}],
        "labs": [
            {"test": "egfr", "value": 45, "unit": "mL/min/1.73m2"},
            {"test": "magnesium", "value": 1.4, "unit": "mg/dL"},
            {"test": "ferritin", "value": 20, "unit": "ug/L"},
            {"test": "tsat", "value": 10, "unit": "%"},
            {"test": "hemoglobin", "value": 11.5, "unit": "g/dL"},
            {"test": "vitamin_d", "value": 10, "unit": "ng/mL"},
        ],
        "limits": "us",
    },
    "inflammation": {
        "age": 39,
        "sex": "female",
        "conditions": ["recent_infection"],
        "labs": [
            {"test": "ferritin", "value": 200, "unit": "ug/L"},
            {"test": "tsat", "value": 25, "unit": "%"},
            {"test": "crp", "value": 2.5, "unit": "mg/dL"},
            {"test": "vitamin_d", "value": 80, "unit": "nmol/L"},
        ],
    },
    "nothing_to_do": {
        "age": 30,
        "sex": "male",
        "labs": [
            {"test": "ferritin", "value": 250, "unit": "ug/L"},
            {"test": "tsat", "value": 30, "unit": "%"},
            {"test": "vitamin_d", "value": 80, "unit": "nmol/L"},
            {"test": "magnesium", "value": 0.9, "unit": "mmol/L"},
        ],
        "lifestyle": {"exercise_minutes_per_week": 300},
    },
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        assessment_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _as_json(document: dict[str, Any]) -> Any:
    """The document as a JSON reader sees it (tuples become lists, and so on)."""
    return json.loads(json.dumps(document))


def _errors(validator: jsonschema.Draft202012Validator, document: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def _assess(profile: dict[str, Any]) -> Any:
    return _as_json(ekbom.assess(profile, as_of=AS_OF).to_dict())


@pytest.fixture(scope="module")
def example_document() -> Any:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return _as_json(ekbom.assess(data).to_dict())


# -- the schema itself ------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = assessment_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_docs_copy_equals_packaged_schema() -> None:
    assert DOCS_SCHEMA.read_bytes() == PACKAGED_SCHEMA.read_bytes(), (
        f"{DOCS_SCHEMA.relative_to(ROOT)} differs from the packaged schema; copy "
        f"{PACKAGED_SCHEMA.relative_to(ROOT)} over it"
    )


def test_assessment_schema_returns_a_fresh_copy() -> None:
    first = assessment_schema()
    first["required"].clear()
    assert assessment_schema()["required"], "callers must not be able to change the schema"


def test_every_top_level_key_of_the_spec_is_required() -> None:
    schema = assessment_schema()
    assert set(schema["required"]) == set(schema["properties"])
    assert len(schema["required"]) == 17


# -- real documents validate ------------------------------------------------------------------


def test_example_profile_assessment_validates(
    validator: jsonschema.Draft202012Validator, example_document: Any
) -> None:
    assert _errors(validator, example_document) == []


@pytest.mark.parametrize("name", list(PROFILES))
def test_hand_written_profile_assessment_validates(
    name: str, validator: jsonschema.Draft202012Validator
) -> None:
    document = _assess(PROFILES[name])
    assert _errors(validator, document) == []
    cited = set(_cited_ids(document))
    assert cited <= set(document["citations"]), "every cited id is in `citations`"


def test_cli_json_equals_library_document_and_validates(
    validator: jsonschema.Draft202012Validator, example_document: Any
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", "assess", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed == example_document
    assert _errors(validator, printed) == []


def test_profiles_reach_every_enum_value_of_the_schema() -> None:
    """So the validation above really checks each verdict, status, kind and priority."""
    documents = [_assess(profile) for profile in PROFILES.values()]
    defs = assessment_schema()["$defs"]
    props = assessment_schema()["properties"]
    seen = {
        "verdict": {n["verdict"] for d in documents for n in d["nutrients"]},
        "status": {lab["status"] for d in documents for lab in d["labs"]},
        "kind": {i["kind"] for d in documents for i in d["interactions"]},
        "priority": {t["priority"] for d in documents for t in d["tests_to_request"]},
        "limits": {d["limits"] for d in documents},
    }
    assert seen["verdict"] == set(defs["verdict"]["enum"])
    assert seen["status"] == set(defs["lab"]["properties"]["status"]["enum"])
    assert seen["kind"] == set(props["interactions"]["items"]["properties"]["kind"]["enum"])
    assert seen["priority"] == set(
        props["tests_to_request"]["items"]["properties"]["priority"]["enum"]
    )
    assert seen["limits"] == set(defs["limits"]["enum"])
    assert any(lab["derived"] for d in documents for lab in d["labs"])
    assert any(d["best_first_step"] is None for d in documents)
    flags = [f for d in documents for f in d["red_flags"]]
    assert any(f["id"] == "supplement_above_limit" for f in flags)


def _cited_ids(document: Any) -> Iterator[str]:
    for result in document["nutrients"]:
        yield from result["evidence"]["citations"]
    for key in ("red_flags", "medication_triggers", "interactions", "lifestyle"):
        for entry in document[key]:
            yield from entry.get("citations", [])


# -- the schema rejects what the spec forbids -------------------------------------------------


def _first_citation(document: Any) -> Any:
    return next(iter(document["citations"].values()))


def _swap_first_two(items: list[Any]) -> None:
    items[0], items[1] = items[1], items[0]


BREAKS: dict[str, Callable[[Any], object]] = {
    "bad verdict": lambda d: d["nutrients"][0].update(verdict="maybe"),
    "seven nutrients": lambda d: d["nutrients"].pop(),
    "nine nutrients": lambda d: d["nutrients"].append(copy.deepcopy(d["nutrients"][0])),
    "nutrients out of order": lambda d: _swap_first_two(d["nutrients"]),
    "missing disclaimer": lambda d: d.pop("disclaimer"),
    "best_first_step not_indicated": lambda d: d.update(
        best_first_step={"nutrient": "iron", "verdict": "not_indicated"}
    ),
    "dose in IU": lambda d: d["nutrients"][0]["dose"].update(unit="IU"),
    "dose without self_directed": lambda d: d["nutrients"][0]["dose"].pop("self_directed"),
    "no citations on a nutrient": lambda d: d["nutrients"][0]["evidence"].update(citations=[]),
    "bad grade": lambda d: d["nutrients"][0]["evidence"].update(grade="strong"),
    "bad lab status": lambda d: d["labs"][0].update(status="old"),
    "lab value as text": lambda d: d["labs"][0].update(value="48"),
    "year as text": lambda d: _first_citation(d).update(year="2024"),
    "citation without title": lambda d: _first_citation(d).pop("title"),
    "unknown red flag": lambda d: d["red_flags"].append(
        {"id": "scary", "message": "Boo.", "citations": []}
    ),
    "supplement_above_limit without nutrient": lambda d: d["red_flags"].append(
        {"id": "supplement_above_limit", "message": "Too much.", "citations": []}
    ),
    "bad interaction kind": lambda d: d["interactions"][0].update(kind="mild"),
    "bad severity band": lambda d: d["severity"].update(band="huge"),
    "wrong schema name": lambda d: d.update(schema="ekbom.assessment/2"),
    "bad date": lambda d: d.update(as_of="28/11/2026"),
    "limits unknown": lambda d: d.update(limits="uk"),
}


@pytest.mark.parametrize("change", list(BREAKS))
def test_schema_rejects_a_broken_document(
    change: str, validator: jsonschema.Draft202012Validator, example_document: Any
) -> None:
    assert example_document["nutrients"][0]["dose"] is not None
    broken = copy.deepcopy(example_document)
    BREAKS[change](broken)
    assert _errors(validator, broken), f"a document with {change} was accepted"


def test_schema_allows_keys_added_later(
    validator: jsonschema.Draft202012Validator, example_document: Any
) -> None:
    extended = copy.deepcopy(example_document)
    extended["new_section"] = {"anything": 1}
    extended["nutrients"][0]["new_field"] = "text"
    extended["labs"][0]["reference_range"] = [30, 400]
    assert _errors(validator, extended) == []
