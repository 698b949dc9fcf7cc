"""Lab handling (spec §1 "Lab handling", §5.2): conversion, rounding, staleness, selection,
derived TSAT, lab errors, the Hb-based anaemia flag (§3.9); and profile validation (§1, §6)."""

from __future__ import annotations

import pytest

import ekbom

from .conftest import assess, days_before, entry, flags, iron_labs, lab, profile, rule, supp


def _labs(d: dict, test: str) -> list[dict]:
    return [x for x in d["labs"] if x["test"] == test]


def _problems(exc: pytest.ExceptionInfo) -> str:
    return "\n".join(str(p) for p in exc.value.problems)


CONVERSIONS = [
    ("ferritin", 42, "ng/mL", 42.0, "ug/L"),
    ("ferritin", 42, "µg/L", 42.0, "ug/L"),
    ("ferritin", 42, "ug/L", 42.0, "ug/L"),
    ("ferritin", 42, "mcg/L", 42.0, "ug/L"),
    ("tsat", 30, "%", 30.0, "%"),
    ("serum_iron", 10, "umol/L", 55.85, "ug/dL"),
    ("serum_iron", 60, "µg/dL", 60.0, "ug/dL"),
    ("tibc", 60, "umol/L", 335.1, "ug/dL"),
    ("hemoglobin", 125, "g/L", 12.5, "g/dL"),
    ("hemoglobin", 8, "mmol/L", 12.888, "g/dL"),
    ("magnesium", 2.0, "mg/dL", 0.8228, "mmol/L"),
    ("magnesium", 1.6, "mEq/L", 0.8, "mmol/L"),
    ("vitamin_b12", 300, "pg/mL", 221.4, "pmol/L"),
    ("vitamin_b12", 300, "ng/L", 221.4, "pmol/L"),
    ("folate", 3, "ng/mL", 6.798, "nmol/L"),
    ("folate", 3, "ug/L", 6.798, "nmol/L"),
    ("vitamin_d", 20, "ng/mL", 49.92, "nmol/L"),
    ("vitamin_b6", 5, "ug/L", 20.23, "nmol/L"),
    ("vitamin_b6", 5, "ng/mL", 20.23, "nmol/L"),
    ("crp", 1.2, "mg/dL", 12.0, "mg/L"),
    ("egfr", 75, "mL/min/1.73m2", 75.0, "mL/min/1.73m2"),
    ("mma", 0.3, "umol/L", 300.0, "nmol/L"),
]


@pytest.mark.parametrize(("test", "value", "unit", "canonical", "canonical_unit"), CONVERSIONS)
def test_labs_converted_unrounded_to_canonical_unit(test, value, unit, canonical, canonical_unit):
    d = assess(profile(labs=[lab(test, value, unit, date="2026-10-01")]))
    out = d["labs"][0]
    assert out["test"] == test
    assert out["unit"] == canonical_unit
    assert out["value"] == pytest.approx(canonical, rel=1e-9)
    assert out["reported"] == {"value": value, "unit": unit}
    assert (out["date"], out["status"], out["derived"], out["used"]) == (
        "2026-10-01",
        "current",
        False,
        True,
    )


@pytest.mark.parametrize(
    ("test", "value", "unit", "canonical_unit"),
    [
        ("ferritin", 42, "NG/ML", "ug/L"),
        ("magnesium", 0.8, "MMOL/L", "mmol/L"),
        ("magnesium", 1.6, "meq/l", "mmol/L"),
        ("vitamin_d", 20, "NG/ML", "nmol/L"),
        ("ferritin", 42, "mcg/l", "ug/L"),
    ],
)
def test_labs_unit_spelling_is_normalised(test, value, unit, canonical_unit):
    out = assess(profile(labs=[lab(test, value, unit)]))["labs"][0]
    assert out["unit"] == canonical_unit


def test_labs_undated_result_has_null_date_and_is_current():
    out = assess(profile(labs=[lab("ferritin", 42)]))["labs"][0]
    assert out["date"] is None
    assert out["status"] == "current"


@pytest.mark.parametrize(
    ("test", "unit"),
    [("ferritin", "mg"), ("vitamin_d", "ug/L"), ("tsat", "ratio"), ("hemoglobin", "mg/dL")],
)
def test_labs_unknown_unit_is_profile_error(test, unit):
    p = profile(labs=[lab("tsat", 30), lab(test, 10, unit)])
    with pytest.raises(ekbom.ProfileError) as exc:
        assess(p)
    locations = [pr.location for pr in exc.value.problems]
    assert "labs[1].unit" in locations


def test_labs_unknown_unit_message_lists_accepted_units():
    with pytest.raises(ekbom.ProfileError) as exc:
        assess(profile(labs=[lab("ferritin", 42, "mg")]))
    text = _problems(exc)
    assert "ug/L" in text and "ng/mL" in text
    assert isinstance(exc.value, ValueError)


@pytest.mark.parametrize(
    ("test", "value", "unit"),
    [
        ("ferritin", -1, "ug/L"),
        ("tsat", 101, "%"),
        ("tibc", 49, "ug/dL"),
        ("hemoglobin", 19, "g/L"),
        ("hemoglobin", 26, "g/dL"),
        ("egfr", 251, "mL/min/1.73m2"),
        ("magnesium", 0.09, "mmol/L"),
        ("vitamin_d", 0.3, "ng/mL"),
        ("folate", 111, "ng/mL"),
        ("vitamin_b12", 13, "pg/mL"),
    ],
)
def test_labs_implausible_value_is_profile_error(test, value, unit):
    with pytest.raises(ekbom.ProfileError) as exc:
        assess(profile(labs=[lab(test, value, unit)]))
    assert any(p.location.startswith("labs[0]") for p in exc.value.problems)
    assert str(value) in _problems(exc)


@pytest.mark.parametrize(
    ("test", "value", "unit"),
    [
        ("tsat", 100, "%"),
        ("tsat", 0, "%"),
        ("tibc", 50, "ug/dL"),
        ("hemoglobin", 20, "g/L"),
        ("hemoglobin", 25, "g/dL"),
        ("egfr", 250, "mL/min/1.73m2"),
        ("magnesium", 5, "mmol/L"),
    ],
)
def test_labs_range_ends_are_accepted(test, value, unit):
    assert assess(profile(labs=[lab(test, value, unit)]))["labs"][0]["test"] == test


def test_labs_future_date_is_profile_error():
    with pytest.raises(ekbom.ProfileError) as exc:
        assess(profile(labs=[lab("ferritin", 42, date="2026-11-29")]))
    assert any(p.location.startswith("labs[0]") for p in exc.value.problems)


def test_labs_dated_on_as_of_is_current():
    assert (
        assess(profile(labs=[lab("ferritin", 42, date="2026-11-28")]))["labs"][0]["status"]
        == "current"
    )


@pytest.mark.parametrize(("days", "status"), [(365, "current"), (366, "stale"), (0, "current")])
def test_labs_stale_after_365_days(days, status):
    d = assess(profile(labs=[lab("ferritin", 40, date=days_before(days)), lab("tsat", 25)]))
    out = d["labs"][0]
    assert out["status"] == status
    assert out["used"] is (status == "current")
    expected = "iron.low-stores" if status == "current" else "iron.ferritin-missing"
    assert rule(d, "iron") == expected


def test_labs_as_of_keyword_beats_profile_key():
    p = profile(as_of="2027-12-01", labs=[lab("ferritin", 40, date="2026-06-01"), lab("tsat", 25)])
    d = assess(p, as_of="2026-11-28")
    assert d["as_of"] == "2026-11-28"
    assert d["labs"][0]["status"] == "current"
    stale = ekbom.assess(p).to_dict()
    assert stale["as_of"] == "2027-12-01"
    assert stale["labs"][0]["status"] == "stale"


def test_labs_as_of_accepts_date_object():
    from datetime import date

    d = ekbom.assess(profile(), as_of=date(2026, 11, 28)).to_dict()
    assert d["as_of"] == "2026-11-28"


SELECTION = [
    ("latest dated wins", [(30, "2026-01-01"), (150, "2026-06-01")], 1),
    ("latest dated wins, listed first", [(150, "2026-06-01"), (30, "2026-01-01")], 0),
    ("undated beats dated", [(30, None), (150, "2026-11-01")], 0),
    ("last undated wins", [(30, None), (150, None)], 1),
    ("same day last listed wins", [(30, "2026-06-01"), (150, "2026-06-01")], 1),
    ("stale older ignored", [(30, "2025-01-01"), (150, "2026-06-01")], 1),
]


@pytest.mark.parametrize(
    ("results", "chosen"), [c[1:] for c in SELECTION], ids=[c[0] for c in SELECTION]
)
def test_labs_selection_of_one_test(results, chosen):
    labs = [lab("ferritin", v, date=dt) for v, dt in results] + [lab("tsat", 25)]
    d = assess(profile(labs=labs))
    used = [x["used"] for x in _labs(d, "ferritin")]
    assert used == [i == chosen for i in range(len(results))]
    expected = "iron.low-stores" if results[chosen][0] == 30 else "iron.not-indicated"
    assert rule(d, "iron") == expected


def test_labs_all_entries_reported_in_input_order():
    labs = [
        lab("vitamin_d", 40),
        lab("ferritin", 30, date="2026-01-01"),
        lab("tsat", 25),
        lab("ferritin", 35, date="2024-01-01"),
        lab("crp", 3),
    ]
    d = assess(profile(labs=labs))
    assert [(x["test"], x["reported"]["value"]) for x in d["labs"]] == [
        ("vitamin_d", 40),
        ("ferritin", 30),
        ("tsat", 25),
        ("ferritin", 35),
        ("crp", 3),
    ]
    assert [x["status"] for x in d["labs"]] == ["current", "current", "current", "stale", "current"]


# --- derived TSAT ------------------------------------------------------------------------------


def _pair(iron, tibc, unit="ug/dL", dt="2026-10-01", dt2=None):
    return [lab("serum_iron", iron, unit, dt), lab("tibc", tibc, unit, dt2 or dt)]


@pytest.mark.parametrize(("iron", "tibc", "unit"), [(50, 400, "ug/dL"), (9, 72, "umol/L")])
def test_labs_tsat_derived_from_iron_and_tibc(iron, tibc, unit):
    d = assess(profile(labs=[lab("ferritin", 90), *_pair(iron, tibc, unit)]))
    assert len(d["labs"]) == 4
    t = d["labs"][-1]
    assert (t["test"], t["unit"], t["derived"], t["status"], t["used"]) == (
        "tsat",
        "%",
        True,
        "current",
        True,
    )
    assert t["value"] == pytest.approx(12.5)
    assert t["date"] == "2026-10-01"
    assert [x["used"] for x in d["labs"][1:3]] == [True, True]
    assert rule(d, "iron") == "iron.low-stores"  # T 12.5 < 20 and F <= 100


def test_labs_tsat_derived_from_undated_pair():
    d = assess(profile(labs=[lab("ferritin", 150), *_pair(40, 400, dt=None)]))
    assert d["labs"][-1]["derived"] is True
    assert rule(d, "iron") == "iron.high-ferritin-low-tsat"


def test_labs_tsat_not_derived_without_shared_date():
    d = assess(profile(labs=[lab("ferritin", 40), *_pair(50, 400, dt2="2026-09-01")]))
    assert len(d["labs"]) == 3
    assert rule(d, "iron") == "iron.tsat-missing"


def test_labs_tsat_not_derived_when_measured_tsat_current():
    d = assess(profile(labs=[lab("ferritin", 40), lab("tsat", 30), *_pair(50, 400)]))
    assert len(d["labs"]) == 4
    assert not any(x["derived"] for x in d["labs"])


def test_labs_tsat_derived_when_measured_tsat_stale():
    labs = [lab("ferritin", 150), lab("tsat", 30, date="2025-01-01"), *_pair(40, 400)]
    d = assess(profile(labs=labs))
    assert d["labs"][1]["used"] is False
    assert d["labs"][-1]["derived"] is True
    assert rule(d, "iron") == "iron.high-ferritin-low-tsat"


def test_labs_tsat_derived_from_stale_pair_is_stale():
    d = assess(profile(labs=[lab("ferritin", 40), *_pair(50, 400, dt="2025-06-01")]))
    t = d["labs"][-1]
    assert (t["derived"], t["status"], t["used"]) == (True, "stale", False)
    assert [x["used"] for x in d["labs"][1:3]] == [False, False]
    assert rule(d, "iron") == "iron.tsat-missing"


def test_labs_tsat_derived_from_latest_pair():
    labs = [
        lab("ferritin", 150),
        *_pair(200, 400, dt="2026-03-01"),
        *_pair(40, 400, dt="2026-09-01"),
    ]
    d = assess(profile(labs=labs))
    assert d["labs"][-1]["value"] == pytest.approx(10)
    assert [x["used"] for x in d["labs"][1:5]] == [False, False, True, True]
    assert rule(d, "iron") == "iron.high-ferritin-low-tsat"


def test_labs_tsat_derived_undated_pair_counts_as_latest():
    labs = [lab("ferritin", 150), *_pair(40, 400, dt=None), *_pair(200, 400, dt="2026-09-01")]
    d = assess(profile(labs=labs))
    assert d["labs"][-1]["value"] == pytest.approx(10)


def test_labs_derived_tsat_44_6_avoids_iron():
    d = assess(profile(labs=[lab("ferritin", 50), *_pair(44.6, 100)]))
    assert rule(d, "iron") == "iron.overload-labs"


def test_labs_derived_tsat_above_100_names_both_entries():
    with pytest.raises(ekbom.ProfileError) as exc:
        assess(profile(labs=[lab("ferritin", 50), *_pair(300, 250)]))
    text = _problems(exc)
    assert "labs[1]" in text and "labs[2]" in text


# --- rounding at decision precision (§1) ------------------------------------------------------


@pytest.mark.parametrize(
    ("labs", "nutrient", "rule_id"),
    [
        ([lab("vitamin_d", 20, "ng/mL")], "vitamin_d", "vitamin_d.not-indicated"),
        ([lab("vitamin_d", 12, "ng/mL")], "vitamin_d", "vitamin_d.low"),
        ([lab("vitamin_b12", 200.5, "pg/mL")], "vitamin_b12", "vitamin_b12.borderline"),
        ([lab("egfr", 29.6)], "magnesium", "magnesium.kidney"),
        ([*iron_labs(50, 44.6)], "iron", "iron.overload-labs"),
        ([*iron_labs(300.4, 30)], "iron", "iron.overload-labs"),
    ],
)
def test_labs_rounding_examples_from_spec(labs, nutrient, rule_id):
    assert rule(assess(profile(labs=labs)), nutrient) == rule_id


TIES = [
    # exact decimal ties: half away from zero differs from round-half-even here
    ([*iron_labs(100.5, 30)], "iron", "iron.not-indicated"),
    ([*iron_labs(150, 30), lab("crp", 10.05)], "iron", "iron.inflammation"),
    ([lab("vitamin_b12", 220.5)], "vitamin_b12", "vitamin_b12.not-indicated"),
    ([lab("magnesium", 0.745)], "magnesium", "magnesium.normal-level"),
]


@pytest.mark.parametrize(("labs", "nutrient", "rule_id"), TIES)
def test_labs_rounding_ties_go_away_from_zero(labs, nutrient, rule_id):
    assert rule(assess(profile(labs=labs)), nutrient) == rule_id


# --- anaemia red flag (§3.9) ------------------------------------------------------------------

ANAEMIA = [
    # (sex, age, pregnant, value, unit, flagged)
    ("female", 30, False, 11.9, "g/dL", True),
    ("female", 30, False, 12.0, "g/dL", False),
    ("female", 30, False, 119, "g/L", True),
    ("female", 30, False, 120, "g/L", False),
    ("female", 30, False, 7.44, "mmol/L", True),
    ("female", 30, False, 7.45, "mmol/L", False),
    ("male", 30, False, 12.9, "g/dL", True),
    ("male", 30, False, 13.0, "g/dL", False),
    ("male", 15, False, 12.5, "g/dL", True),
    ("male", 14, False, 12.5, "g/dL", False),
    ("male", 12, False, 11.9, "g/dL", True),
    ("female", 14, False, 11.9, "g/dL", True),
    ("male", 11, False, 11.4, "g/dL", True),
    ("male", 11, False, 11.5, "g/dL", False),
    ("female", 5, False, 11.4, "g/dL", True),
    ("female", 4, False, 11.4, "g/dL", False),
    ("female", 4, False, 10.9, "g/dL", True),
    ("male", 0, False, 11.0, "g/dL", False),
    ("female", 30, True, 11.5, "g/dL", False),
    ("female", 30, True, 10.9, "g/dL", True),
    ("female", 14, True, 11.5, "g/dL", False),
    ("female", 30, True, 6.82, "mmol/L", True),
]


@pytest.mark.parametrize(("sex", "age", "pregnant", "value", "unit", "flagged"), ANAEMIA)
def test_labs_anaemia_flag_by_age_sex_pregnancy(sex, age, pregnant, value, unit, flagged):
    extra = {"pregnant": True} if pregnant else {}
    d = assess(profile(sex=sex, age=age, labs=[lab("hemoglobin", value, unit)], **extra))
    assert ("anaemia" in flags(d)) is flagged


def test_labs_stale_hemoglobin_raises_no_anaemia():
    d = assess(profile(labs=[lab("hemoglobin", 9, date="2025-01-01")]))
    assert "anaemia" not in flags(d)


def test_labs_stale_magnesium_is_missing():
    d = assess(profile(labs=[lab("magnesium", 0.5, date="2025-01-01")]))
    assert entry(d, "magnesium")["verdict"] == "not_indicated"


# --- profile errors §1, §6 --------------------------------------------------------------------

UNKNOWN_KEYS = [
    # (profile, location prefix, bad key, hint)
    (profile(lifestlye={}), "", "lifestlye", "lifestyle"),
    (
        profile(labs=[{"test": "ferritin", "value": 40, "unit": "ug/L", "dat": "2026-01-01"}]),
        "labs[0]",
        "dat",
        "date",
    ),
    (profile(symptoms={"leg_crampss": True}), "symptoms", "leg_crampss", "leg_cramps"),
    (profile(lifestyle={"smoking": True}), "lifestyle", "smoking", "smoker"),
    (
        profile(supplements=[{"nutrient": "iron", "amount": 1, "unit": "mg", "pr": "day"}]),
        "supplements[0]",
        "pr",
        "per",
    ),
    (
        profile(symptoms={"rls_criteria": {"urge_to_mov": True}}),
        "symptoms",
        "urge_to_mov",
        "urge_to_move",
    ),
]


@pytest.mark.parametrize(("p", "prefix", "bad", "hint"), UNKNOWN_KEYS)
def test_outputs_unknown_key_error_with_hint(p, prefix, bad, hint):
    problems = _errs(p)
    assert any(
        pr.location.startswith(prefix) and bad in str(pr) and hint in pr.message for pr in problems
    ), [str(x) for x in problems]


@pytest.mark.parametrize(
    ("p", "location"),
    [
        (profile(pregnant=False, pregnancy_trimester=2), "pregnan"),
        (profile(sex="male", pregnant=True), "pregnant"),
        (profile(age=121), "age"),
        (profile(age=-1), "age"),
        (profile(sex="other"), "sex"),
        (profile(symptoms={"irls_score": 41}), "symptoms.irls_score"),
        (profile(symptoms={"severity_nrs": 11}), "symptoms.severity_nrs"),
        (profile(conditions=["diabetes"]), "conditions"),
        (profile(limits="uk"), "limits"),
        (profile(supplements=[supp("magnesium", 100, "IU")]), "supplements[0].unit"),
        (profile(supplements=[supp("biotin", 100)]), "supplements[0].nutrient"),
        (profile(diet="carnivore"), "diet"),
        ({"sex": "female"}, "age"),
    ],
)
def test_outputs_invalid_profile_error_location(p, location):
    problems = _errs(p)
    assert any(location in pr.location for pr in problems), [str(x) for x in problems]
    for pr in problems:
        assert str(pr) == f"{pr.location}: {pr.message}"


def test_outputs_unknown_condition_lists_valid_ids():
    text = " ".join(pr.message for pr in _errs(profile(conditions=["diabetes"])))
    assert "dialysis" in text and "sleep_apnea" in text


def test_outputs_all_problems_reported_together():
    problems = _errs(profile(age=121, labs=[lab("ferritin", 40), lab("ferritin", 40, "mg")]))
    locations = [p.location for p in problems]
    assert "age" in locations and "labs[1].unit" in locations


def test_outputs_profile_error_is_value_error():
    assert issubclass(ekbom.ProfileError, ValueError)


@pytest.mark.parametrize("unit", ["mcg", "µg", "ug", "UG", "MG"])
def test_outputs_supplement_unit_spellings_accepted(unit):
    amount = 400 if unit.lower() in {"mcg", "µg", "ug"} else 0.4
    d = assess(profile(supplements=[supp("folate", amount, unit)]))
    assert "supplement_above_limit" not in flags(d)
    assert entry(d, "folate")["verdict"] == "not_indicated"


def _errs(p: dict) -> list:
    with pytest.raises(ekbom.ProfileError) as exc:
        assess(p)
    return exc.value.problems
