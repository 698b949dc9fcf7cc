"""Invalid profiles at the library level: `ekbom.assess` raises one `ProfileError` listing all.

Spec assessment-v1 §1 (what a valid profile is), §5.2 (unit spellings) and §6 (one documented
exception type, a ValueError, carrying every problem with its location).
"""

from __future__ import annotations

from typing import Any

import pytest

import ekbom
from ekbom.errors import EkbomError, Problem, ProfileError

AS_OF = "2026-11-28"
BASE: dict[str, Any] = {"age": 45, "sex": "female"}


def with_(**extra: Any) -> dict[str, Any]:
    return {**BASE, **extra}


def lab(test: str, value: float, unit: str, date: str | None = None, **extra: Any) -> dict:
    entry: dict[str, Any] = {"test": test, "value": value, "unit": unit, **extra}
    if date is not None:
        entry["date"] = date
    return entry


def problems_of(profile: Any) -> tuple[Problem, ...]:
    with pytest.raises(ProfileError) as caught:
        ekbom.assess(profile, as_of=AS_OF)
    return caught.value.problems


# (id, profile, the exact locations of its problems in order)
BAD: list[tuple[str, Any, list[str]]] = [
    ("not-a-mapping-list", [BASE], ["profile"]),
    ("not-a-mapping-none", None, ["profile"]),
    ("not-a-mapping-text", "age: 45", ["profile"]),
    ("missing-age-and-sex", {}, ["age", "sex"]),
    ("age-as-word", with_(age="forty"), ["age"]),
    ("age-as-bool", with_(age=True), ["age"]),
    ("age-too-high", with_(age=121), ["age"]),
    ("age-negative", with_(age=-1), ["age"]),
    ("age-fraction", with_(age=45.5), ["age"]),
    ("sex-unknown", with_(sex="femal"), ["sex"]),
    ("pregnant-as-text", with_(pregnant="yes"), ["pregnant"]),
    ("trimester-out-of-range", with_(pregnancy_trimester=4), ["pregnancy_trimester"]),
    ("diet-unknown", with_(diet="keto"), ["diet"]),
    ("limits-unknown", with_(limits="uk"), ["limits"]),
    ("as-of-not-a-date", with_(as_of="28/11/2026"), ["as_of"]),
    ("unknown-top-key", with_(labz=[]), ["labz"]),
    (
        "unknown-lab-key",
        with_(labs=[lab("ferritin", 40, "ug/L", dat="2026-01-01")]),
        ["labs[0].dat"],
    ),
    (
        "unknown-supplement-key",
        with_(supplements=[{"nutrient": "iron", "amount": 10, "unit": "mg", "pr": "day"}]),
        ["supplements[0].pr"],
    ),
    ("unknown-symptoms-key", with_(symptoms={"leg_cramp": True}), ["symptoms.leg_cramp"]),
    ("unknown-lifestyle-key", with_(lifestyle={"smoke": True}), ["lifestyle.smoke"]),
    (
        "unknown-rls-criteria-key",
        with_(symptoms={"rls_criteria": {"urge_to_mov": True}}),
        ["symptoms.rls_criteria.urge_to_mov"],
    ),
    ("unknown-condition", with_(conditions=["ckd", "diabetes"]), ["conditions[1]"]),
    ("conditions-not-a-list", with_(conditions="ckd"), ["conditions"]),
    ("medication-not-text", with_(medications=[42]), ["medications[0]"]),
    ("unknown-lab-test", with_(labs=[lab("ferriton", 40, "ug/L")]), ["labs[0].test"]),
    ("lab-value-text", with_(labs=[lab("ferritin", "forty", "ug/L")]), ["labs[0].value"]),
    ("lab-value-nan", with_(labs=[lab("ferritin", float("nan"), "ug/L")]), ["labs[0].value"]),
    ("lab-unit-missing", with_(labs=[{"test": "ferritin", "value": 40}]), ["labs[0].unit"]),
    ("lab-wrong-dimension", with_(labs=[lab("ferritin", 40, "mg")]), ["labs[0].unit"]),
    ("lab-wrong-unit-mmol", with_(labs=[lab("ferritin", 40, "mmol/L")]), ["labs[0].unit"]),
    ("implausible-ferritin", with_(labs=[lab("ferritin", 200000, "ug/L")]), ["labs[0].value"]),
    ("implausible-tsat", with_(labs=[lab("tsat", 130, "%")]), ["labs[0].value"]),
    ("negative-ferritin", with_(labs=[lab("ferritin", -1, "ug/L")]), ["labs[0].value"]),
    (
        "implausible-after-conversion",  # 50 mmol/L magnesium is 50, far above 5
        with_(labs=[lab("magnesium", 50, "mmol/L")]),
        ["labs[0].value"],
    ),
    (
        "lab-date-not-a-date",
        with_(labs=[lab("ferritin", 40, "ug/L", "yesterday")]),
        ["labs[0].date"],
    ),
    ("future-lab-date", with_(labs=[lab("ferritin", 40, "ug/L", "2026-11-29")]), ["labs[0].date"]),
    (
        "future-second-lab",
        with_(labs=[lab("ferritin", 40, "ug/L", "2026-01-01"), lab("tsat", 20, "%", "2027-01-01")]),
        ["labs[1].date"],
    ),
    (
        "derived-tsat-over-100",
        with_(
            labs=[
                lab("ferritin", 40, "ug/L"),
                lab("serum_iron", 300, "ug/dL"),
                lab("tibc", 200, "ug/dL"),
            ]
        ),
        ["labs[1], labs[2]"],
    ),
    (
        "trimester-with-not-pregnant",
        with_(pregnant=False, pregnancy_trimester=2),
        ["pregnancy_trimester"],
    ),
    ("pregnant-male", with_(sex="male", pregnant=True), ["pregnant"]),
    ("trimester-male", with_(sex="male", pregnancy_trimester=1), ["pregnant"]),
    (
        "iu-for-iron",
        with_(supplements=[{"nutrient": "iron", "amount": 10, "unit": "IU"}]),
        ["supplements[0].unit"],
    ),
    (
        "iu-for-magnesium",
        with_(supplements=[{"nutrient": "magnesium", "amount": 10, "unit": "IU"}]),
        ["supplements[0].unit"],
    ),
    (
        "supplement-unit-per-volume",
        with_(supplements=[{"nutrient": "iron", "amount": 10, "unit": "mg/L"}]),
        ["supplements[0].unit"],
    ),
    (
        "supplement-unknown-nutrient",
        with_(supplements=[{"nutrient": "ironn", "amount": 10, "unit": "mg"}]),
        ["supplements[0].nutrient"],
    ),
    (
        "supplement-negative-amount",
        with_(supplements=[{"nutrient": "iron", "amount": -5, "unit": "mg"}]),
        ["supplements[0].amount"],
    ),
    (
        "supplement-bad-period",
        with_(supplements=[{"nutrient": "iron", "amount": 5, "unit": "mg", "per": "month"}]),
        ["supplements[0].per"],
    ),
    ("irls-out-of-range", with_(symptoms={"irls_score": 41}), ["symptoms.irls_score"]),
    ("nrs-out-of-range", with_(symptoms={"severity_nrs": 11}), ["symptoms.severity_nrs"]),
    ("nights-out-of-range", with_(symptoms={"nights_per_week": 8}), ["symptoms.nights_per_week"]),
    ("cramps-as-text", with_(symptoms={"leg_cramps": "often"}), ["symptoms.leg_cramps"]),
    (
        "criterion-as-text",
        with_(symptoms={"rls_criteria": {"urge_to_move": "yes"}}),
        ["symptoms.rls_criteria.urge_to_move"],
    ),
    (
        "negative-caffeine",
        with_(lifestyle={"caffeine_mg_per_day": -1}),
        ["lifestyle.caffeine_mg_per_day"],
    ),
    ("symptoms-not-a-mapping", with_(symptoms=["leg_cramps"]), ["symptoms"]),
]


@pytest.mark.parametrize(
    ("profile", "locations"), [(p, loc) for _, p, loc in BAD], ids=[i for i, _, _ in BAD]
)
def test_assess_bad_profile_raises_profile_error_at_location(
    profile: Any, locations: list[str]
) -> None:
    problems = problems_of(profile)
    assert [p.location for p in problems] == locations, [str(p) for p in problems]
    for problem in problems:
        assert problem.message.strip(), "every problem says what to do"


def test_profile_error_is_a_value_error_and_an_ekbom_error() -> None:
    with pytest.raises(ValueError) as caught:
        ekbom.assess(with_(age="forty"), as_of=AS_OF)
    assert isinstance(caught.value, ekbom.ProfileError)
    assert isinstance(caught.value, EkbomError)


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (with_(age="forty"), "age: 'forty' is not allowed; give a whole number from 0 to 120"),
        (
            with_(labs=[lab("ferritin", 40, "mg")]),
            "labs[0].unit: 'mg' is not a unit for ferritin; use ug/L, ng/mL",
        ),
    ],
)
def test_problem_str_is_location_colon_message(profile: dict, expected: str) -> None:
    (problem,) = problems_of(profile)
    assert str(problem) == f"{problem.location}: {problem.message}"
    assert str(problem) == expected


def test_unknown_key_problem_suggests_the_close_key() -> None:
    (problem,) = problems_of(with_(labs=[lab("ferritin", 40, "ug/L", dat="2026-01-01")]))
    assert "did you mean 'date'?" in problem.message


def test_unknown_condition_problem_lists_every_valid_id() -> None:
    (problem,) = problems_of(with_(conditions=["diabetes"]))
    for cid in ekbom.load_knowledge().conditions:
        assert cid in problem.message


def test_derived_tsat_problem_names_both_entries_and_values() -> None:
    profile = with_(labs=[lab("serum_iron", 300, "ug/dL"), lab("tibc", 200, "ug/dL")])
    (problem,) = problems_of(profile)
    assert "labs[0]" in problem.location and "labs[1]" in problem.location
    assert "300" in problem.message and "200" in problem.message


def test_derived_tsat_exactly_100_is_accepted() -> None:
    profile = with_(
        labs=[
            lab("ferritin", 40, "ug/L"),
            lab("serum_iron", 200, "ug/dL"),
            lab("tibc", 200, "ug/dL"),
        ]
    )
    labs = ekbom.assess(profile, as_of=AS_OF).to_dict()["labs"]
    derived = [row for row in labs if row["derived"]]
    assert [row["value"] for row in derived] == [100.0]


def test_lab_dated_on_as_of_is_not_in_the_future() -> None:
    profile = with_(labs=[lab("ferritin", 40, "ug/L", AS_OF)])
    assert ekbom.assess(profile, as_of=AS_OF).to_dict()["labs"][0]["status"] == "current"


# --- every problem at once ----------------------------------------------------------------------


def test_assess_collects_distinct_problems_at_once() -> None:
    profile = {
        "age": "forty",
        "sex": "female",
        "labz": [],
        "labs": [lab("ferritin", 40, "mg")],
    }
    problems = problems_of(profile)
    assert len(problems) == 3, [str(p) for p in problems]
    assert {p.location for p in problems} == {"age", "labz", "labs[0].unit"}


def test_assess_collects_many_problems_across_every_section() -> None:
    profile = {
        "age": 130,
        "sex": "female",
        "pregnant": False,
        "pregnancy_trimester": 2,
        "conditions": ["diabetes"],
        "supplements": [{"nutrient": "iron", "amount": 10, "unit": "IU"}],
        "labs": [lab("ferritin", 200000, "ug/L"), lab("tsat", 20, "kg")],
        "symptoms": {"leg_cramp": True, "rls_criteria": {"urge": True}},
        "lifestyle": {"smoke": True},
    }
    locations = [p.location for p in problems_of(profile)]
    assert sorted(locations) == sorted(
        [
            "age",
            "pregnancy_trimester",
            "conditions[0]",
            "supplements[0].unit",
            "labs[0].value",
            "labs[1].unit",
            "symptoms.leg_cramp",
            "symptoms.rls_criteria.urge",
            "lifestyle.smoke",
        ]
    )


def test_assess_reports_future_dates_together_with_other_problems() -> None:
    """Spec §6: every problem found; a future date is not held back until the rest is fixed."""
    profile = {
        "age": "forty",
        "sex": "female",
        "labs": [lab("ferritin", 40, "ug/L", "2026-12-01"), lab("tsat", 130, "%")],
    }
    locations = {p.location for p in problems_of(profile)}
    assert locations == {"age", "labs[0].date", "labs[1].value"}


def test_assess_reports_every_future_date() -> None:
    profile = with_(
        labs=[lab("ferritin", 40, "ug/L", "2026-12-01"), lab("tsat", 20, "%", "2027-02-01")]
    )
    assert [p.location for p in problems_of(profile)] == ["labs[0].date", "labs[1].date"]


# --- unit spellings accepted (spec §5.2: µ -> u, mcg -> ug, case folded when unambiguous) -------


@pytest.mark.parametrize(
    ("test", "value", "unit", "canonical"),
    [
        ("ferritin", 40, "ug/L", 40.0),
        ("ferritin", 40, "ng/mL", 40.0),
        ("ferritin", 40, "µg/L", 40.0),  # micro sign U+00B5
        ("ferritin", 40, "μg/L", 40.0),  # Greek small mu U+03BC
        ("ferritin", 40, "mcg/L", 40.0),
        ("ferritin", 40, "NG/ML", 40.0),
        ("ferritin", 40, "ng/ml", 40.0),
        ("ferritin", 40, "UG/L", 40.0),
        ("magnesium", 2.0, "mg/dl", 2.0 * 0.4114),
        ("magnesium", 2.0, "MEQ/L", 1.0),
        ("vitamin_d", 20, "NG/ML", 20 * 2.496),
        ("hemoglobin", 120, "g/l", 12.0),
        ("folate", 5, "mcg/L", 5 * 2.266),
        ("vitamin_b12", 300, "pg/ml", 300 * 0.738),
    ],
)
def test_lab_unit_spelling_is_accepted_and_converted(
    test: str, value: float, unit: str, canonical: float
) -> None:
    row = ekbom.assess(with_(labs=[lab(test, value, unit)]), as_of=AS_OF).to_dict()["labs"][0]
    assert row["value"] == pytest.approx(canonical, rel=1e-9)
    assert row["reported"] == {"value": value, "unit": unit}


@pytest.mark.parametrize("unit", ["mg", "mmol/L", "g/L", "kg", "", "ug/dL", "ugL"])
def test_lab_unit_of_wrong_kind_is_rejected(unit: str) -> None:
    (problem,) = problems_of(with_(labs=[lab("ferritin", 40, unit)]))
    assert problem.location == "labs[0].unit"
    assert "ug/L" in problem.message and "ng/mL" in problem.message


@pytest.mark.parametrize(
    ("nutrient", "amount", "unit", "mg_per_day"),
    [
        ("folate", 400, "mcg", 0.4),
        ("folate", 400, "µg", 0.4),
        ("folate", 400, "μg", 0.4),
        ("folate", 400, "ug", 0.4),
        ("folate", 400, "MCG", 0.4),
        ("magnesium", 0.2, "g", 200.0),
        ("magnesium", 200, "MG", 200.0),
        ("vitamin_d", 4000, "IU", 0.1),
        ("vitamin_d", 4000, "iu", 0.1),
        ("vitamin_e", 100, "IU", 67.0),
    ],
)
def test_supplement_unit_spelling_is_accepted(
    nutrient: str, amount: float, unit: str, mg_per_day: float
) -> None:
    person = ekbom.parse_profile(
        with_(supplements=[{"nutrient": nutrient, "amount": amount, "unit": unit}])
    )
    (supplement,) = person.supplements
    per_unit_mg = {"mg": 1.0, "ug": 0.001}[ekbom.load_knowledge().nutrients[nutrient].unit]
    assert supplement.daily * per_unit_mg == pytest.approx(mg_per_day, rel=1e-9)


@pytest.mark.parametrize(
    ("amount", "above"), [(4000, False), (4001, True), (28000, False), (28001, True)]
)
def test_vitamin_d_iu_counts_against_the_limit(amount: int, above: bool) -> None:
    per = "week" if amount > 10000 else "day"
    weekly = amount / 7 if per == "week" else amount
    supplements = [{"nutrient": "vitamin_d", "amount": amount, "unit": "IU", "per": per}]
    flags = {
        f["id"]
        for f in ekbom.assess(with_(supplements=supplements), as_of=AS_OF).to_dict()["red_flags"]
    }
    assert ("supplement_above_limit" in flags) is above, (amount, per, weekly)


@pytest.mark.parametrize(
    "nutrient", ["iron", "magnesium", "vitamin_b6", "vitamin_b12", "folate", "vitamin_c"]
)
def test_supplement_iu_is_only_for_vitamin_d_and_e(nutrient: str) -> None:
    (problem,) = problems_of(
        with_(supplements=[{"nutrient": nutrient, "amount": 10, "unit": "IU"}])
    )
    assert problem.location == "supplements[0].unit"
    assert "IU" in problem.message
