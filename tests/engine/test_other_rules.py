"""Rules for magnesium, B6, B12, folate, vitamins E and D (spec §3.2–§3.5, §3.7, §3.8)."""

from __future__ import annotations

import pytest

from .conftest import assess, entry, flags, lab, profile, requested, rule, supp, text_of


def _check(d: dict, nutrient: str, expected: str, rule_id: str | None) -> None:
    e = entry(d, nutrient)
    got = (e["verdict"], e["rule_ids"][0]) if rule_id else e["verdict"]
    assert got == ((expected, rule_id) if rule_id else expected)


# --- magnesium §3.2 ------------------------------------------------------------------------------

CRAMPS = {"symptoms": {"leg_cramps": True}}
MG_CASES = [
    ("M1 dialysis", {"conditions": ["dialysis"], **CRAMPS}, [], "avoid", "magnesium.kidney"),
    ("M1 ckd_severe", {"conditions": ["ckd_severe"]}, [], "avoid", "magnesium.kidney"),
    ("M1 egfr 29", {}, [lab("egfr", 29)], "avoid", "magnesium.kidney"),
    ("M1 egfr 29.6 unrounded", CRAMPS, [lab("egfr", 29.6)], "avoid", "magnesium.kidney"),
    ("egfr 30", CRAMPS, [lab("egfr", 30)], "consider", "magnesium.cramps"),
    ("M1 beats low Mg", {}, [lab("egfr", 20), lab("magnesium", 0.5)], "avoid", "magnesium.kidney"),
    ("M2 1.051 unrounded", {}, [lab("magnesium", 1.051)], "avoid", "magnesium.high-level"),
    ("Mg 1.05", {}, [lab("magnesium", 1.05)], "not_indicated", "magnesium.normal-level"),
    ("M2 2.56 mg/dL", {}, [lab("magnesium", 2.56, "mg/dL")], "avoid", "magnesium.high-level"),
    ("2.55 mg/dL", {}, [lab("magnesium", 2.55, "mg/dL")], "not_indicated", None),
    ("M2 2.12 mEq/L", {}, [lab("magnesium", 2.12, "mEq/L")], "avoid", "magnesium.high-level"),
    ("2.1 mEq/L", {}, [lab("magnesium", 2.1, "mEq/L")], "not_indicated", None),
    ("M2 beats cramps", CRAMPS, [lab("magnesium", 1.2)], "avoid", "magnesium.high-level"),
    ("M3 0.69", {}, [lab("magnesium", 0.69)], "recommended", "magnesium.low-level"),
    ("M3 0.694", {}, [lab("magnesium", 0.694)], "recommended", "magnesium.low-level"),
    ("M4 0.70", {}, [lab("magnesium", 0.70)], "consider", "magnesium.borderline-level"),
    ("M3 1.68 mg/dL", {}, [lab("magnesium", 1.68, "mg/dL")], "recommended", None),
    ("M4 1.70 mg/dL rounds to 0.70", {}, [lab("magnesium", 1.70, "mg/dL")], "consider", None),
    ("M3 1.38 mEq/L", {}, [lab("magnesium", 1.38, "mEq/L")], "recommended", None),
    ("M4 1.4 mEq/L", {}, [lab("magnesium", 1.4, "mEq/L")], "consider", None),
    ("M4 0.744", {}, [lab("magnesium", 0.744)], "consider", "magnesium.borderline-level"),
    ("0.746 rounds to 0.75", {}, [lab("magnesium", 0.746)], "not_indicated", None),
    ("M4 1.81 mg/dL", {}, [lab("magnesium", 1.81, "mg/dL")], "consider", None),
    ("1.82 mg/dL", {}, [lab("magnesium", 1.82, "mg/dL")], "not_indicated", None),
    ("1.5 mEq/L", {}, [lab("magnesium", 1.5, "mEq/L")], "not_indicated", None),
    ("M5 cramps", CRAMPS, [], "consider", "magnesium.cramps"),
    (
        "M5 irritability",
        {"symptoms": {"night_muscle_irritability": True}},
        [],
        "consider",
        "magnesium.cramps",
    ),
    ("M5 normal Mg", CRAMPS, [lab("magnesium", 0.85)], "consider", "magnesium.cramps"),
    ("M6", {}, [], "not_indicated", "magnesium.not-indicated"),
]


@pytest.mark.parametrize(
    ("extra", "labs", "expected", "rule_id"),
    [c[1:] for c in MG_CASES],
    ids=[c[0] for c in MG_CASES],
)
def test_magnesium_rules_at_thresholds(extra, labs, expected, rule_id):
    _check(assess(profile(labs=labs, **extra)), "magnesium", expected, rule_id)


@pytest.mark.parametrize(("value", "unit"), [(1.051, "mmol/L"), (2.56, "mg/dL"), (1.4, "mmol/L")])
def test_magnesium_high_level_raises_hypermagnesaemia(value, unit):
    assert "hypermagnesaemia" in flags(assess(profile(labs=[lab("magnesium", value, unit)])))


def test_magnesium_hypermagnesaemia_flag_even_on_dialysis():
    d = assess(profile(conditions=["dialysis"], labs=[lab("magnesium", 1.4)]))
    assert rule(d, "magnesium") == "magnesium.kidney"
    assert "hypermagnesaemia" in flags(d)


def test_magnesium_no_hypermagnesaemia_at_1_05():
    assert "hypermagnesaemia" not in flags(assess(profile(labs=[lab("magnesium", 1.05)])))


def test_magnesium_low_level_needs_clinician_with_studied_dose():
    mg = entry(assess(profile(labs=[lab("magnesium", 0.6)])), "magnesium")
    assert mg["needs_clinician"] is True
    assert mg["dose"] is not None
    assert (mg["dose"]["amount"], mg["dose"]["unit"], mg["dose"]["self_directed"]) == (
        200,
        "mg",
        False,
    )


def test_magnesium_borderline_is_self_directed_200_mg():
    mg = entry(assess(profile(labs=[lab("magnesium", 0.72)])), "magnesium")
    assert mg["needs_clinician"] is False
    assert (mg["dose"]["amount"], mg["dose"]["unit"], mg["dose"]["self_directed"]) == (
        200,
        "mg",
        True,
    )


@pytest.mark.parametrize(
    ("extra", "labs", "needs"),
    [
        ({"conditions": ["ckd"]}, [], True),
        ({}, [lab("egfr", 45)], True),
        ({}, [lab("egfr", 59)], True),
        ({}, [lab("egfr", 60)], False),
        ({}, [], False),
    ],
)
def test_magnesium_moderate_kidney_disease_needs_clinician(extra, labs, needs):
    mg = entry(assess(profile(labs=labs, **CRAMPS, **extra)), "magnesium")
    assert mg["verdict"] == "consider"
    assert mg["needs_clinician"] is needs
    assert mg["dose"]["self_directed"] is (not needs)


# (policy, supplements, dose added or None, continue_current): spec 1.1 §2, a dose is what to add.
MG_LIMIT_CASES = [
    ("strictest", [supp("magnesium", 100)], 100, False),
    ("eu", [supp("magnesium", 100)], 100, False),
    ("us", [supp("magnesium", 100)], 100, False),
    (None, [supp("magnesium", 199)], 1, False),
    (None, [supp("magnesium", 200)], None, True),
    ("us", [supp("magnesium", 300)], None, True),
    (None, [supp("magnesium", 700, per="week")], 100, False),
    (None, [supp("magnesium", 0.1, "g")], 100, False),
    (None, [supp("magnesium", 50), supp("magnesium", 50)], 100, False),
    (None, [supp("calcium", 500)], 200, False),
    (None, [supp("magnesium", 250)], None, True),
    (None, [supp("magnesium", 251)], None, False),
    ("us", [supp("magnesium", 350)], None, True),
]


@pytest.mark.parametrize(("policy", "supplements", "amount", "keep_on"), MG_LIMIT_CASES)
def test_magnesium_dose_is_what_to_add(policy, supplements, amount, keep_on):
    kw = {"limits": policy} if policy else {}
    mg = entry(assess(profile(supplements=supplements, **CRAMPS), **kw), "magnesium")
    assert mg["verdict"] == "consider"
    assert mg["continue_current"] is keep_on
    if amount is None:
        assert mg["dose"] is None
        wanted = "keep taking" if keep_on else "cut down"
        assert any(wanted in c.lower() for c in mg["cautions"]), mg["cautions"]
    else:
        assert mg["dose"]["amount"] == pytest.approx(amount, abs=0.1)
        if supplements and supplements[0]["nutrient"] == "magnesium":
            assert any("on top of" in c for c in mg["cautions"]), mg["cautions"]


def test_magnesium_limits_policy_in_profile_is_honoured():
    p = profile(limits="us", supplements=[supp("magnesium", 100)], **CRAMPS)
    d = assess(p)
    assert d["limits"] == "us"
    assert entry(d, "magnesium")["dose"]["amount"] == pytest.approx(100, abs=0.1)


# --- vitamin B6 §3.3 -----------------------------------------------------------------------------

B6_CASES = [
    ("B2 19.4", None, [], [lab("vitamin_b6", 19.4)], {}, "recommended", "vitamin_b6.low-plp"),
    ("19.6 rounds to 20", None, [], [lab("vitamin_b6", 19.6)], {}, "not_indicated", None),
    ("B2 4.8 ug/L", None, [], [lab("vitamin_b6", 4.8, "ug/L")], {}, "recommended", None),
    (
        "4.9 ug/L rounds to 20",
        None,
        [],
        [lab("vitamin_b6", 4.9, "ug/L")],
        {},
        "not_indicated",
        None,
    ),
    ("B2 4.8 ng/mL", None, [], [lab("vitamin_b6", 4.8, "ng/mL")], {}, "recommended", None),
    ("B3 cramps", None, [], [], CRAMPS, "consider", "vitamin_b6.with-magnesium"),
    ("B3 low Mg", None, [], [lab("magnesium", 0.6)], {}, "consider", "vitamin_b6.with-magnesium"),
    (
        "no B3 when Mg avoided",
        None,
        [],
        [],
        {"conditions": ["dialysis"], **CRAMPS},
        "not_indicated",
        "vitamin_b6.not-indicated",
    ),
    ("B1 strictest 13", None, [supp("vitamin_b6", 13)], [], {}, "avoid", "vitamin_b6.above-limit"),
    ("12 is not above", None, [supp("vitamin_b6", 12)], [], {}, "not_indicated", None),
    ("B1 eu 25", "eu", [supp("vitamin_b6", 25)], [], {}, "avoid", "vitamin_b6.above-limit"),
    ("us 25", "us", [supp("vitamin_b6", 25)], [], {}, "not_indicated", None),
    (
        "us 100",
        "us",
        [supp("vitamin_b6", 100)],
        [lab("vitamin_b6", 15)],
        {},
        "recommended",
        "vitamin_b6.low-plp",
    ),
    ("B1 us 101", "us", [supp("vitamin_b6", 101)], [], {}, "avoid", "vitamin_b6.above-limit"),
    ("B1 beats B2", None, [supp("vitamin_b6", 50)], [lab("vitamin_b6", 10)], {}, "avoid", None),
    ("B1 weekly", None, [supp("vitamin_b6", 140, per="week")], [], {}, "avoid", None),
    ("weekly under", None, [supp("vitamin_b6", 70, per="week")], [], {}, "not_indicated", None),
]


@pytest.mark.parametrize(
    ("policy", "supplements", "labs", "extra", "expected", "rule_id"),
    [c[1:] for c in B6_CASES],
    ids=[c[0] for c in B6_CASES],
)
def test_vitamin_b6_rules(policy, supplements, labs, extra, expected, rule_id):
    kw = {"limits": policy} if policy else {}
    d = assess(profile(supplements=supplements, labs=labs, **extra), **kw)
    _check(d, "vitamin_b6", expected, rule_id)


def test_vitamin_b6_above_limit_raises_both_flags():
    d = assess(profile(supplements=[supp("vitamin_b6", 100)]))  # strictest: 12 mg
    assert {"b6_above_limit", "supplement_above_limit"} <= flags(d)
    msgs = [f["message"].lower() for f in d["red_flags"] if f["id"] == "supplement_above_limit"]
    assert any("b6" in m for m in msgs)


def test_vitamin_b6_at_us_limit_keeps_on_without_adding():
    d = assess(
        profile(supplements=[supp("vitamin_b6", 100)], labs=[lab("vitamin_b6", 15)]), limits="us"
    )
    b6 = entry(d, "vitamin_b6")
    assert "b6_above_limit" not in flags(d)
    assert b6["dose"] is None
    assert b6["continue_current"] is True


@pytest.mark.parametrize(
    ("current", "amount"), [(0, 10), (5, 5), (2, 8), (9.9, 0.1), (10, None), (12, None)]
)
def test_vitamin_b6_low_plp_dose_tops_up_to_10_mg(current, amount):
    supplements = [supp("vitamin_b6", current)] if current else []
    b6 = entry(assess(profile(supplements=supplements, labs=[lab("vitamin_b6", 12)])), "vitamin_b6")
    assert b6["verdict"] == "recommended"
    if amount is None:
        assert b6["dose"] is None
        assert b6["continue_current"] is True
    else:
        assert (b6["dose"]["unit"], b6["dose"]["self_directed"]) == ("mg", True)
        assert b6["dose"]["amount"] == pytest.approx(amount, abs=0.1)


# --- vitamin B12 §3.4 ----------------------------------------------------------------------------

B12_CASES = [
    (147, "pmol/L", "recommended"),
    (147.4, "pmol/L", "recommended"),
    (147.6, "pmol/L", "test_first"),
    (148, "pmol/L", "test_first"),
    (199, "pg/mL", "recommended"),
    (200, "pg/mL", "test_first"),
    (200.5, "pg/mL", "test_first"),
    (199, "ng/L", "recommended"),
    (220, "pmol/L", "test_first"),
    (220.6, "pmol/L", "not_indicated"),
    (221, "pmol/L", "not_indicated"),
    (298, "pg/mL", "test_first"),
    (299, "pg/mL", "not_indicated"),
]


@pytest.mark.parametrize(("value", "unit", "expected"), B12_CASES)
def test_vitamin_b12_thresholds_and_units(value, unit, expected):
    d = assess(profile(labs=[lab("vitamin_b12", value, unit)]))
    assert entry(d, "vitamin_b12")["verdict"] == expected
    # b12_deficiency follows rule C1
    assert ("b12_deficiency" in flags(d)) is (expected == "recommended")


def test_vitamin_b12_deficient_is_clinician_led_1000_ug():
    b12 = entry(assess(profile(labs=[lab("vitamin_b12", 100)])), "vitamin_b12")
    assert b12["rule_ids"][0] == "vitamin_b12.deficient"
    assert b12["needs_clinician"] is True
    assert (b12["dose"]["amount"], b12["dose"]["unit"], b12["dose"]["self_directed"]) == (
        1000,
        "ug",
        False,
    )


def test_vitamin_b12_borderline_requests_mma():
    d = assess(profile(labs=[lab("vitamin_b12", 180)]))
    assert rule(d, "vitamin_b12") == "vitamin_b12.borderline"
    assert requested(d).get("mma") == "essential"


B12_RISKS = [
    {"medications": ["metformin"]},
    {"medications": ["Glucophage 500 mg"]},
    {"medications": ["omeprazole"]},
    {"medications": ["Prilosec"]},
    {"medications": ["famotidine 20 mg"]},
    {"medications": ["Pepcid"]},
    {"medications": ["Nexium"]},
    {"diet": "vegan"},
    {"age": 65},
    {"conditions": ["bariatric_surgery"]},
    {"conditions": ["malabsorption"]},
    {"conditions": ["peripheral_neuropathy"]},
]


@pytest.mark.parametrize("risk", B12_RISKS)
def test_vitamin_b12_risk_untested(risk):
    d = assess(profile(**risk))
    _check(d, "vitamin_b12", "test_first", "vitamin_b12.risk-untested")
    assert requested(d).get("vitamin_b12") == "essential"


@pytest.mark.parametrize(
    "extra", [{"age": 64}, {"diet": "vegetarian"}, {"medications": ["Wellbutrin"]}]
)
def test_vitamin_b12_no_risk_not_indicated(extra):
    _check(assess(profile(**extra)), "vitamin_b12", "not_indicated", "vitamin_b12.not-indicated")


def test_vitamin_b12_risk_with_stale_result_is_untested():
    p = profile(age=70, labs=[lab("vitamin_b12", 400, date="2025-06-01")])
    _check(assess(p), "vitamin_b12", "test_first", "vitamin_b12.risk-untested")


# --- folate §3.5 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"pregnant": True},
        {"pregnancy_trimester": 2},
        {"pregnant": True, "labs": [lab("folate", 30)]},
    ],
)
def test_folate_pregnancy_recommended_400_ug(extra):
    fol = entry(assess(profile(age=30, **extra)), "folate")
    assert (fol["verdict"], fol["rule_ids"][0]) == ("recommended", "folate.pregnancy")
    assert (fol["dose"]["amount"], fol["dose"]["unit"]) == (400, "ug")
    assert fol["needs_clinician"] is True


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (6.7, "nmol/L", "recommended"),
        (6.76, "nmol/L", "not_indicated"),
        (6.8, "nmol/L", "not_indicated"),
        (2.97, "ng/mL", "recommended"),
        (2.98, "ng/mL", "not_indicated"),
        (3, "ng/mL", "not_indicated"),
        (2.97, "ug/L", "recommended"),
    ],
)
def test_folate_low_threshold_and_units(value, unit, expected):
    d = assess(profile(labs=[lab("folate", value, unit), lab("vitamin_b12", 300)]))
    assert entry(d, "folate")["verdict"] == expected


def test_folate_low_with_b12_missing_requests_b12_and_cautions():
    missing = assess(profile(labs=[lab("folate", 5)]))
    present = assess(profile(labs=[lab("folate", 5), lab("vitamin_b12", 300)]))
    assert rule(missing, "folate") == "folate.low"
    assert requested(missing).get("vitamin_b12") == "essential"
    assert len(entry(missing, "folate")["cautions"]) > len(entry(present, "folate")["cautions"])


@pytest.mark.parametrize(("b12", "needs"), [(100, True), (300, False)])
def test_folate_low_needs_clinician_when_b12_deficient(b12, needs):
    fol = entry(assess(profile(labs=[lab("folate", 5), lab("vitamin_b12", b12)])), "folate")
    assert fol["needs_clinician"] is needs
    assert fol["dose"]["self_directed"] is (not needs)


@pytest.mark.parametrize(
    ("supplements", "amount"),
    [
        ([], 400),
        ([supp("folate", 300, "ug")], 100),
        ([supp("folate", 0.3, "mg")], 100),
        ([supp("folate", 300, "mcg")], 100),
        ([supp("folate", 400, "mcg")], None),
        ([supp("folate", 800, "ug")], None),
        ([supp("folate", 1, "mg")], None),
        ([supp("folate", 1.2, "mg")], None),
    ],
)
def test_folate_low_self_directed_dose_tops_up(supplements, amount):
    p = profile(labs=[lab("folate", 5), lab("vitamin_b12", 300)], supplements=supplements)
    fol = entry(assess(p), "folate")
    if amount is None:
        assert fol["dose"] is None
    else:
        assert fol["dose"]["unit"] == "ug"
        assert fol["dose"]["amount"] == pytest.approx(amount, abs=0.1)


FOLATE_RISKS = [
    ({"lifestyle": {"alcohol_drinks_per_week": 15}}, True),
    ({"lifestyle": {"alcohol_drinks_per_week": 14}}, False),
    ({"medications": ["methotrexate"]}, True),
    ({"medications": ["sulfasalazine"]}, True),
    ({"conditions": ["malabsorption"]}, True),
    *[
        ({"medications": [m]}, True)
        for m in (
            "phenytoin",
            "fosphenytoin",
            "carbamazepine 200 mg",
            "phenobarbital",
            "primidone",
            "valproate",
        )
    ],
]


@pytest.mark.parametrize(("extra", "fires"), FOLATE_RISKS)
def test_folate_risk_untested(extra, fires):
    d = assess(profile(**extra))
    if fires:
        _check(d, "folate", "test_first", "folate.risk-untested")
        assert requested(d).get("folate") == "essential"
    else:
        _check(d, "folate", "not_indicated", "folate.not-indicated")


# --- vitamin E §3.7 -------------------------------------------------------------------------------

ANTICOAGULANTS = [
    "warfarin",
    "apixaban",
    "rivaroxaban",
    "dabigatran",
    "edoxaban",
    "clopidogrel 75 mg",
    "prasugrel",
    "ticagrelor",
    "Coumadin",
    "Eliquis 5 mg",
    "Xarelto",
    "Plavix",
]


@pytest.mark.parametrize("med", ANTICOAGULANTS)
def test_vitamin_e_avoided_with_anticoagulant(med):
    d = assess(profile(medications=[med], conditions=["dialysis"]))
    _check(d, "vitamin_e", "avoid", "vitamin_e.anticoagulant")


def test_vitamin_e_dialysis_clinician_led_dose_tops_up_and_is_not_reduced():
    p = profile(conditions=["dialysis"], supplements=[supp("vitamin_e", 100)])
    e = entry(assess(p), "vitamin_e")
    assert (e["verdict"], e["rule_ids"][0]) == ("consider", "vitamin_e.dialysis")
    assert e["needs_clinician"] is True
    assert (e["dose"]["amount"], e["dose"]["unit"], e["dose"]["self_directed"]) == (
        300,
        "mg",
        False,
    )
    assert any("for 400 mg a day in all" in c for c in e["cautions"])
    assert any("above the daily upper limit of 300 mg" in c for c in e["cautions"])


def test_vitamin_e_dialysis_text_explains_limit_under_strictest():
    e = entry(assess(profile(conditions=["dialysis"])), "vitamin_e")
    assert "limit" in text_of(e)


def test_vitamin_e_not_indicated_by_default():
    _check(assess(profile()), "vitamin_e", "not_indicated", "vitamin_e.not-indicated")


# --- vitamin D §3.8 ------------------------------------------------------------------------------

VIT_D_CASES = [
    (125, "nmol/L", "not_indicated", "vitamin_d.not-indicated"),
    (125.3, "nmol/L", "avoid", "vitamin_d.excess"),
    (126, "nmol/L", "avoid", "vitamin_d.excess"),
    (50, "ng/mL", "not_indicated", None),
    (50.1, "ng/mL", "avoid", "vitamin_d.excess"),
    (29, "nmol/L", "recommended", "vitamin_d.very-low"),
    (29.4, "nmol/L", "recommended", "vitamin_d.very-low"),
    (29.6, "nmol/L", "recommended", "vitamin_d.low"),
    (11.8, "ng/mL", "recommended", "vitamin_d.very-low"),
    (12, "ng/mL", "recommended", "vitamin_d.low"),
    (49, "nmol/L", "recommended", "vitamin_d.low"),
    (49.6, "nmol/L", "not_indicated", None),
    (50, "nmol/L", "not_indicated", None),
    (19.8, "ng/mL", "recommended", "vitamin_d.low"),
    (20, "ng/mL", "not_indicated", None),
]


@pytest.mark.parametrize(("value", "unit", "expected", "rule_id"), VIT_D_CASES)
def test_vitamin_d_thresholds_and_units(value, unit, expected, rule_id):
    d = assess(profile(labs=[lab("vitamin_d", value, unit)]))
    _check(d, "vitamin_d", expected, rule_id)
    assert ("vitamin_d_excess" in flags(d)) is (expected == "avoid")


@pytest.mark.parametrize("labs", [[], [lab("vitamin_d", 40, date="2025-11-27")]])
def test_vitamin_d_missing_or_stale_test_first_useful(labs):
    d = assess(profile(labs=labs))
    _check(d, "vitamin_d", "test_first", "vitamin_d.untested")
    assert requested(d).get("vitamin_d") == "useful"


def test_vitamin_d_very_low_needs_clinician_and_names_no_dose():
    vd = entry(assess(profile(labs=[lab("vitamin_d", 20)])), "vitamin_d")
    assert vd["needs_clinician"] is True
    assert vd["dose"] is None  # G2 names no dose (§2: a rule that names no dose suggests none)


@pytest.mark.parametrize(
    ("policy", "supplements", "amount"),
    [
        (None, [], 25),
        (None, [supp("vitamin_d", 400, "IU")], 15),
        (None, [supp("vitamin_d", 2000, "IU")], None),
        ("us", [supp("vitamin_d", 90, "ug")], None),
        ("eu", [supp("vitamin_d", 90, "µg")], None),
        (None, [supp("vitamin_d", 28000, "IU", per="week")], None),
        (None, [supp("vitamin_d", 110, "ug")], None),
    ],
)
def test_vitamin_d_low_dose_25_ug_tops_up(policy, supplements, amount):
    kw = {"limits": policy} if policy else {}
    vd = entry(
        assess(profile(labs=[lab("vitamin_d", 40)], supplements=supplements), **kw), "vitamin_d"
    )
    assert vd["verdict"] == "recommended"
    if amount is None:
        assert vd["dose"] is None
        over = supplements[0]["amount"] == 110
        assert vd["continue_current"] is not over
        assert any(("cut down" if over else "keep taking") in c.lower() for c in vd["cautions"])
    else:
        assert (vd["dose"]["unit"], vd["dose"]["self_directed"]) == ("ug", True)
        assert vd["dose"]["amount"] == pytest.approx(amount, abs=0.1)


@pytest.mark.parametrize(
    "extra",
    [
        {"conditions": ["hypercalcaemia"]},
        {"conditions": ["sarcoidosis"]},
        {"conditions": ["kidney_stones"]},
        {"medications": ["hydrochlorothiazide 25 mg"]},
        {"medications": ["chlorthalidone"]},
    ],
)
def test_vitamin_d_recommended_with_calcium_risk_needs_clinician(extra):
    base = entry(assess(profile(labs=[lab("vitamin_d", 40)])), "vitamin_d")
    vd = entry(assess(profile(labs=[lab("vitamin_d", 40)], **extra)), "vitamin_d")
    assert vd["verdict"] == "recommended"
    assert vd["needs_clinician"] is True
    assert vd["dose"] is None or vd["dose"]["self_directed"] is False
    assert len(vd["cautions"]) > len(base["cautions"])
