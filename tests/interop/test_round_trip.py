"""Profile -> FHIR -> profile keeps every fact the spec uses (all but `limits`, a setting)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ekbom
from ekbom.interop import import_fhir, profile_bundle, profile_resources
from ekbom.interop.resources import RawResource
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.units import match_unit
from ekbom.profile import Profile, parse_profile
from tests.interop.conftest import AS_OF, sample_profiles

PROFILES = sample_profiles()


def round_trip(profile: dict[str, Any], as_of: date = AS_OF) -> dict[str, Any]:
    resources = profile_resources(profile, as_of=as_of)
    found = import_fhir([RawResource(r, "round trip") for r in resources], as_of=as_of)
    imported = found.only("round trip")
    # The only note a round trip may give: a supplement written as a medicine ("iron drops")
    # has no dose, so it stays a medicine.
    assert [n for n in imported.notes if "no daily amount" not in n.message] == []
    assert found.notes == ()
    return imported.profile


def facts(person: Profile) -> dict[str, Any]:
    """Everything of a parsed profile the rules read, unit spellings normalised (as_of and limits
    are settings given to the import and the assessment, not facts)."""
    tests = load_knowledge().tests
    labs = [
        (
            lab.test,
            lab.reported_value,
            match_unit(lab.reported_unit, tests[lab.test].units),
            lab.date,
        )
        for lab in person.labs
    ]
    return {**person._asdict(), "labs": labs, "limits": None, "as_of": None}


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_round_trip_keeps_every_fact(name: str) -> None:
    original = PROFILES[name]
    back = round_trip(original)
    assert facts(parse_profile(back, as_of=AS_OF)) == facts(parse_profile(original, as_of=AS_OF))
    before = ekbom.assess(original, as_of=AS_OF, limits="strictest").to_dict()
    assert ekbom.assess(back, as_of=AS_OF, limits="strictest").to_dict() == before


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_round_trip_resources_are_valid_r4(name: str) -> None:
    from fhir.resources.R4B.bundle import Bundle

    bundle = Bundle.model_validate(profile_bundle(PROFILES[name], as_of=AS_OF))
    kinds = {entry.resource.get_resource_type() for entry in bundle.entry}
    assert "Patient" in kinds


def test_round_trip_codes_are_standard_where_ekbom_has_them() -> None:
    resources = profile_resources(PROFILES["dialysis_high_magnesium"], as_of=AS_OF)
    systems = {
        r["resourceType"]: {c["system"] for c in r["code"]["coding"]}
        for r in resources
        if r["resourceType"] in ("Condition", "Observation")
        and r["id"] in ("lab-0", "condition-dialysis")
    }
    assert systems["Condition"] == {"http://snomed.info/sct"}
    assert "http://loinc.org" in systems["Observation"]
    magnesium = next(r for r in resources if r["id"] == "lab-0")["valueQuantity"]
    assert (magnesium["code"], magnesium["system"]) == ("meq/L", "http://unitsofmeasure.org")


def test_round_trip_leap_day_birth_date_keeps_the_age() -> None:
    leap = date(2028, 2, 29)
    back = round_trip({"age": 30, "sex": "female"}, as_of=leap)
    assert back["age"] == 30


_LABS = st.lists(
    st.sampled_from(
        [
            {"test": "ferritin", "value": 48, "unit": "ng/mL"},
            {"test": "ferritin", "value": 12.5, "unit": "µg/L"},
            {"test": "tsat", "value": 19, "unit": "%"},
            {"test": "hemoglobin", "value": 118, "unit": "g/L"},
            {"test": "magnesium", "value": 1.9, "unit": "mg/dL"},
            {"test": "vitamin_b6", "value": 4, "unit": "ng/mL"},
            {"test": "egfr", "value": 45, "unit": "mL/min/1.73m2"},
            {"test": "vitamin_b12", "value": 250, "unit": "ng/L"},
        ]
    ),
    max_size=5,
)


@settings(max_examples=40, deadline=None)
@given(
    age=st.integers(0, 120),
    sex=st.sampled_from(["female", "male"]),
    labs=_LABS,
    days=st.lists(st.integers(0, 800) | st.none(), min_size=5, max_size=5),
    conditions=st.lists(
        st.sampled_from(sorted(load_knowledge().conditions)), unique=True, max_size=4
    ),
    medications=st.lists(
        st.sampled_from(["Zoloft 50 mg", "iron drops", "Eliquis", "lithium"]), max_size=3
    ),
)
def test_round_trip_property_any_profile(
    age: int,
    sex: str,
    labs: list[dict[str, Any]],
    days: list[int | None],
    conditions: list[str],
    medications: list[str],
) -> None:
    dated = []
    for lab, day in zip(labs, days, strict=False):
        entry = dict(lab)
        if day is not None:
            entry["date"] = date.fromordinal(AS_OF.toordinal() - day).isoformat()
        dated.append(entry)
    profile = {
        "age": age,
        "sex": sex,
        "labs": dated,
        "conditions": conditions,
        "medications": medications,
    }
    back = round_trip(profile)
    assert facts(parse_profile(back, as_of=AS_OF)) == facts(parse_profile(profile, as_of=AS_OF))
