"""Iron rules I1–I11 (spec §3.1) at their thresholds, the iron red flags (§3.1, §3.9), and
vitamin C (§3.6), whose rules follow the iron verdict."""

from __future__ import annotations

import pytest

from .conftest import assess, entry, flags, iron_labs, lab, profile, requested, rule, supp, text_of

ADULT_CASES = [
    # (id, ferritin, tsat, extra profile keys, verdict, rule id)
    (
        "I1 hemochromatosis",
        30,
        15,
        {"conditions": ["hemochromatosis"]},
        "avoid",
        "iron.known-overload",
    ),
    ("I1 before I3", None, None, {"conditions": ["iron_overload"]}, "avoid", "iron.known-overload"),
    ("I2 tsat 45", 50, 45, {}, "avoid", "iron.overload-labs"),
    ("I2 tsat 44.6 rounds to 45", 50, 44.6, {}, "avoid", "iron.overload-labs"),
    ("tsat 44.4 rounds to 44", 50, 44.4, {}, "recommended", "iron.low-stores"),
    ("I2 ferritin 301", 301, 30, {}, "avoid", "iron.overload-labs"),
    ("I2 ferritin 300.4 unrounded", 300.4, 30, {}, "avoid", "iron.overload-labs"),
    ("ferritin 300", 300, 30, {}, "not_indicated", "iron.not-indicated"),
    ("I2 tsat without ferritin", None, 50, {}, "avoid", "iron.overload-labs"),
    ("I3 ferritin missing", None, 30, {}, "test_first", "iron.ferritin-missing"),
    ("I3 nothing", None, None, {}, "test_first", "iron.ferritin-missing"),
    ("I6 tsat missing", 30, None, {}, "test_first", "iron.tsat-missing"),
    (
        "I6 high ferritin, tsat missing",
        250,
        None,
        {},
        "test_first",
        "iron.tsat-missing-high-ferritin",
    ),
    ("I6 ferritin 76, tsat missing", 76, None, {}, "test_first", "iron.tsat-missing-iv-band"),
    ("I7 ferritin 75", 75, 30, {}, "recommended", "iron.low-stores"),
    ("I7 ferritin 75.4", 75.4, 30, {}, "recommended", "iron.low-stores"),
    ("I8 ferritin 75.6", 75.6, 30, {}, "consider", "iron.iv-band"),
    ("I8 ferritin 76", 76, 30, {}, "consider", "iron.iv-band"),
    ("I8 ferritin 100", 100, 30, {}, "consider", "iron.iv-band"),
    ("I8 ferritin 100.4", 100.4, 30, {}, "consider", "iron.iv-band"),
    ("I11 ferritin 100.6", 100.6, 30, {}, "not_indicated", "iron.not-indicated"),
    ("I7 tsat 19 ferritin 100", 100, 19, {}, "recommended", "iron.low-stores"),
    ("I7 tsat 19.4", 90, 19.4, {}, "recommended", "iron.low-stores"),
    ("I8 tsat 19.6 rounds to 20", 90, 19.6, {}, "consider", "iron.iv-band"),
    ("I8 tsat 20", 90, 20, {}, "consider", "iron.iv-band"),
    ("I9 ferritin 101 tsat 19", 101, 19, {}, "test_first", "iron.high-ferritin-low-tsat"),
    ("I9 ferritin 280 tsat 10", 280, 10, {}, "test_first", "iron.high-ferritin-low-tsat"),
    ("I11 ferritin 101 tsat 20", 101, 20, {}, "not_indicated", "iron.not-indicated"),
    (
        "I10 inflammatory disease",
        150,
        30,
        {"conditions": ["inflammatory_disease"]},
        "test_first",
        "iron.inflammation",
    ),
    (
        "I10 recent infection",
        150,
        30,
        {"conditions": ["recent_infection"]},
        "test_first",
        "iron.inflammation",
    ),
    (
        "I10 at ferritin 300",
        300,
        30,
        {"conditions": ["recent_infection"]},
        "test_first",
        "iron.inflammation",
    ),
    (
        "I7 beats I10",
        30,
        15,
        {"conditions": ["inflammatory_disease"]},
        "recommended",
        "iron.low-stores",
    ),
    ("I11", 120, 25, {}, "not_indicated", "iron.not-indicated"),
]


@pytest.mark.parametrize(
    ("ferritin", "tsat", "extra", "expected", "rule_id"),
    [c[1:] for c in ADULT_CASES],
    ids=[c[0] for c in ADULT_CASES],
)
def test_iron_adult_rules_at_thresholds(ferritin, tsat, extra, expected, rule_id):
    d = assess(profile(labs=iron_labs(ferritin, tsat), **extra))
    assert (entry(d, "iron")["verdict"], rule(d, "iron")) == (expected, rule_id)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (75, "ng/mL", "recommended"),
        (76, "ng/mL", "consider"),
        (301, "ng/mL", "avoid"),
        (300.4, "ng/mL", "avoid"),
        (75, "µg/L", "recommended"),
        (101, "ng/mL", "not_indicated"),
    ],
)
def test_iron_ferritin_units(value, unit, expected):
    d = assess(profile(labs=[lab("ferritin", value, unit), lab("tsat", 30)]))
    assert entry(d, "iron")["verdict"] == expected


CRP_CASES = [
    (10.1, "mg/L", "test_first"),
    (10.0, "mg/L", "not_indicated"),
    (10.04, "mg/L", "not_indicated"),
    (1.01, "mg/dL", "test_first"),
    (1.0, "mg/dL", "not_indicated"),
    (2.5, "mg/dL", "test_first"),
]


@pytest.mark.parametrize(("crp", "unit", "expected"), CRP_CASES)
def test_iron_crp_threshold_for_inflammation(crp, unit, expected):
    d = assess(profile(labs=[*iron_labs(150, 30), lab("crp", crp, unit)]))
    assert entry(d, "iron")["verdict"] == expected
    if expected == "test_first":
        assert rule(d, "iron") == "iron.inflammation"


def test_iron_crp_does_not_reach_high_ferritin():
    d = assess(profile(labs=[*iron_labs(301, 30), lab("crp", 50)]))
    assert rule(d, "iron") == "iron.overload-labs"


DIALYSIS_CASES = [
    ("ferritin missing", None, 10, "test_first", "iron.ferritin-missing"),
    ("tsat missing", 150, None, "test_first", "iron.dialysis-tsat-missing"),
    ("iv", 199, 19, "recommended", "iron.dialysis-iv"),
    ("iv, ferritin rounds to 199", 199.4, 19, "recommended", "iron.dialysis-iv"),
    ("ferritin rounds to 200", 199.6, 19, "not_indicated", "iron.dialysis-not-indicated"),
    ("ferritin 200", 200, 19, "not_indicated", "iron.dialysis-not-indicated"),
    ("tsat 20", 150, 20, "not_indicated", "iron.dialysis-not-indicated"),
    ("tsat rounds to 20", 150, 19.6, "not_indicated", "iron.dialysis-not-indicated"),
    (
        "ferritin 500 is not overload on dialysis",
        500,
        30,
        "not_indicated",
        "iron.dialysis-not-indicated",
    ),
    ("low stores on dialysis are not I7", 40, 30, "not_indicated", "iron.dialysis-not-indicated"),
    ("tsat 45 still avoids", 150, 45, "avoid", "iron.overload-labs"),
    ("tsat 44.6 still avoids", 150, 44.6, "avoid", "iron.overload-labs"),
]


@pytest.mark.parametrize(
    ("ferritin", "tsat", "expected", "rule_id"),
    [c[1:] for c in DIALYSIS_CASES],
    ids=[c[0] for c in DIALYSIS_CASES],
)
def test_iron_dialysis_branches(ferritin, tsat, expected, rule_id):
    d = assess(profile(conditions=["dialysis"], labs=iron_labs(ferritin, tsat)))
    iron = entry(d, "iron")
    assert (iron["verdict"], iron["rule_ids"][0]) == (expected, rule_id)
    if expected != "not_indicated":
        assert iron["needs_clinician"] is True


def test_iron_dialysis_iv_has_no_oral_dose():
    d = assess(profile(conditions=["dialysis"], labs=iron_labs(150, 15)))
    assert entry(d, "iron")["dose"] is None


def test_iron_dialysis_tsat_missing_requests_tsat():
    d = assess(profile(conditions=["dialysis"], labs=iron_labs(150, None)))
    assert requested(d).get("tsat") == "essential"


def test_iron_dialysis_applies_to_children():
    d = assess(profile(age=12, conditions=["dialysis"], labs=iron_labs(150, 15)))
    assert rule(d, "iron") == "iron.dialysis-iv"


CHILD_CASES = [
    ("low", 10, 49, None, "recommended", "iron.child-low"),
    ("49.4 rounds to 49", 10, 49.4, None, "recommended", "iron.child-low"),
    ("49.6 rounds to 50", 10, 49.6, None, "consider", "iron.child-borderline"),
    ("50", 10, 50, None, "consider", "iron.child-borderline"),
    ("75", 10, 75, None, "consider", "iron.child-borderline"),
    ("75.4", 10, 75.4, None, "consider", "iron.child-borderline"),
    ("75.6", 10, 75.6, None, "not_indicated", "iron.child-not-indicated"),
    ("76", 10, 76, 30, "not_indicated", "iron.child-not-indicated"),
    ("age 17", 17, 40, None, "recommended", "iron.child-low"),
    ("age 0", 0, 20, None, "recommended", "iron.child-low"),
    ("age 18 is adult", 18, 40, None, "test_first", "iron.tsat-missing"),
    ("tsat 45 avoids first", 10, 30, 45, "avoid", "iron.overload-labs"),
    ("ferritin missing", 10, None, 10, "test_first", "iron.ferritin-missing"),
]


@pytest.mark.parametrize(
    ("age", "ferritin", "tsat", "expected", "rule_id"),
    [c[1:] for c in CHILD_CASES],
    ids=[c[0] for c in CHILD_CASES],
)
def test_iron_child_rules(age, ferritin, tsat, expected, rule_id):
    d = assess(profile(age=age, labs=iron_labs(ferritin, tsat)))
    assert (entry(d, "iron")["verdict"], rule(d, "iron")) == (expected, rule_id)


@pytest.mark.parametrize("ferritin", [30, 60])
def test_iron_child_needs_pediatric_clinician_and_no_dose(ferritin):
    iron = entry(assess(profile(age=9, labs=iron_labs(ferritin, None))), "iron")
    assert iron["needs_clinician"] is True
    assert iron["dose"] is None


def test_iron_overload_labs_raise_flag_and_request_tsat():
    d = assess(profile(labs=iron_labs(50, 46)))
    assert "iron_overload_suspected" in flags(d)
    assert requested(d).get("tsat") == "essential"


@pytest.mark.parametrize(("ferritin", "tsat"), [(301, 30), (300.4, 30), (50, 44.6)])
def test_iron_overload_flag_uses_either_value(ferritin, tsat):
    assert "iron_overload_suspected" in flags(assess(profile(labs=iron_labs(ferritin, tsat))))


@pytest.mark.parametrize(("ferritin", "tsat"), [(300, 30), (50, 44.4), (120, 25)])
def test_iron_overload_flag_absent_below_cutoffs(ferritin, tsat):
    assert "iron_overload_suspected" not in flags(assess(profile(labs=iron_labs(ferritin, tsat))))


def test_iron_overload_flag_on_dialysis_follows_tsat():
    d = assess(profile(conditions=["dialysis"], labs=iron_labs(150, 50)))
    assert "iron_overload_suspected" in flags(d)


def test_iron_ferritin_missing_requests_ferritin_and_tsat():
    req = requested(assess(profile()))
    assert req.get("ferritin") == "essential"
    assert req.get("tsat") == "essential"


def test_iron_tsat_missing_requests_tsat():
    assert requested(assess(profile(labs=iron_labs(40, None)))).get("tsat") == "essential"


def test_iron_high_ferritin_low_tsat_requests_crp_and_clinician():
    d = assess(profile(labs=iron_labs(150, 15)))
    assert requested(d).get("crp") == "essential"
    assert entry(d, "iron")["needs_clinician"] is True


def test_iron_inflammation_needs_clinician():
    d = assess(profile(labs=iron_labs(150, 30), conditions=["recent_infection"]))
    assert entry(d, "iron")["needs_clinician"] is True


def test_iron_low_stores_dose_is_clinician_led_65_mg():
    iron = entry(assess(profile(labs=iron_labs(40, 25))), "iron")
    assert iron["needs_clinician"] is True
    dose = iron["dose"]
    assert dose is not None
    assert (dose["amount"], dose["unit"], dose["self_directed"]) == (65, "mg", False)
    # 65 mg is above the 40/45 mg limit: the text must say why a clinician is needed
    assert "limit" in text_of(iron) or any("limit" in c.lower() for c in iron["cautions"])


def test_iron_low_stores_dose_not_reduced_by_current_iron():
    p = profile(
        labs=iron_labs(40, 25), supplements=[{"nutrient": "iron", "amount": 30, "unit": "mg"}]
    )
    assert entry(assess(p), "iron")["dose"]["amount"] == 65


def test_iron_iv_band_has_no_oral_dose_and_needs_clinician():
    iron = entry(assess(profile(labs=iron_labs(90, 30))), "iron")
    assert iron["dose"] is None
    assert iron["needs_clinician"] is True


def test_iron_not_indicated_adult_needs_no_clinician():
    iron = entry(assess(profile(labs=iron_labs(150, 30))), "iron")
    assert iron["needs_clinician"] is False
    assert iron["dose"] is None


def test_iron_rls_target_text_never_says_deficient():
    for ferritin in (60, 90):
        text = text_of(entry(assess(profile(labs=iron_labs(ferritin, 30))), "iron"))
        for phrase in ("you are deficient", "you are iron deficient", "you are iron-deficient"):
            assert phrase not in text


def test_iron_pregnant_low_stores_needs_clinician():
    iron = entry(
        assess(profile(pregnant=True, pregnancy_trimester=1, labs=iron_labs(30, 15))), "iron"
    )
    assert iron["verdict"] == "recommended"
    assert iron["needs_clinician"] is True
    assert iron["dose"] is None or iron["dose"]["self_directed"] is False


IDA = "iron_deficiency_anaemia_cause"
IDA_CASES = [
    # (id, sex, age, postmenopausal, hb value, hb unit, ferritin, tsat, expected)
    ("male anaemic low ferritin", "male", 50, None, 12.9, "g/dL", 30, 15, True),
    ("male hb 13.0", "male", 50, None, 13.0, "g/dL", 30, 15, False),
    ("male ferritin 45", "male", 50, None, 11.0, "g/dL", 45, 15, False),
    ("male ferritin 44.6 unrounded", "male", 50, None, 11.0, "g/dL", 44.6, 15, True),
    ("male hb 129 g/L", "male", 50, None, 129, "g/L", 30, 15, True),
    ("male hb 8.06 mmol/L unrounded", "male", 50, None, 8.06, "mmol/L", 30, 15, True),
    ("male hb 8.07 mmol/L", "male", 50, None, 8.07, "mmol/L", 30, 15, False),
    ("premenopausal woman", "female", 40, None, 10.0, "g/dL", 30, 15, False),
    ("postmenopausal woman", "female", 60, True, 11.9, "g/dL", 30, 15, True),
    ("postmenopausal hb 12.0", "female", 60, True, 12.0, "g/dL", 30, 15, False),
    ("male 17 is a child", "male", 17, None, 10.0, "g/dL", 30, 15, False),
    ("iron avoid, not recommended", "male", 50, None, 10.0, "g/dL", 30, 46, False),
    ("iron test_first", "male", 50, None, 10.0, "g/dL", 30, None, False),
]


@pytest.mark.parametrize(
    ("sex", "age", "post", "hb", "unit", "ferritin", "tsat", "expected"),
    [c[1:] for c in IDA_CASES],
    ids=[c[0] for c in IDA_CASES],
)
def test_iron_deficiency_anaemia_cause_flag(sex, age, post, hb, unit, ferritin, tsat, expected):
    extra = {} if post is None else {"postmenopausal": post}
    p = profile(
        sex=sex, age=age, labs=[*iron_labs(ferritin, tsat), lab("hemoglobin", hb, unit)], **extra
    )
    assert (IDA in flags(assess(p))) is expected


# --- vitamin C §3.6 (follows the iron verdict) ---------------------------------------------

VIT_C_CASES = [
    ("E1 hemochromatosis", {"conditions": ["hemochromatosis"]}, "avoid", "vitamin_c.iron-avoid"),
    ("E1 tsat 46", {"labs": iron_labs(50, 46)}, "avoid", "vitamin_c.iron-avoid"),
    (
        "E1 beats dialysis",
        {"conditions": ["dialysis"], "labs": iron_labs(150, 50)},
        "avoid",
        "vitamin_c.iron-avoid",
    ),
    ("E2 dialysis", {"conditions": ["dialysis"]}, "consider", "vitamin_c.dialysis"),
    ("E3 iron recommended", {"labs": iron_labs(40, 25)}, "consider", "vitamin_c.with-iron"),
    ("iron consider is not E3", {"labs": iron_labs(90, 25)}, "not_indicated", None),
    ("E4", {}, "not_indicated", "vitamin_c.not-indicated"),
]


@pytest.mark.parametrize(
    ("extra", "expected", "rule_id"), [c[1:] for c in VIT_C_CASES], ids=[c[0] for c in VIT_C_CASES]
)
def test_vitamin_c_rules(extra, expected, rule_id):
    c = entry(assess(profile(**extra)), "vitamin_c")
    assert c["verdict"] == expected
    if rule_id:
        assert c["rule_ids"][0] == rule_id


def test_vitamin_c_dialysis_is_clinician_led_200_mg():
    c = entry(assess(profile(conditions=["dialysis"])), "vitamin_c")
    assert c["needs_clinician"] is True
    assert (c["dose"]["amount"], c["dose"]["unit"], c["dose"]["self_directed"]) == (
        200,
        "mg",
        False,
    )


@pytest.mark.parametrize(
    ("current", "amount"), [(0, 200), (100, 100), (200, None), (1900, None), (2000, None)]
)
def test_vitamin_c_with_iron_dose_tops_up(current, amount):
    supplements = [supp("vitamin_c", current)] if current else []
    c = entry(assess(profile(labs=iron_labs(40, 25), supplements=supplements)), "vitamin_c")
    if amount is None:
        assert c["dose"] is None
        assert c["continue_current"] is True
    else:
        assert c["dose"]["self_directed"] is True
        assert c["dose"]["amount"] == pytest.approx(amount, abs=0.1)


def test_vitamin_c_kidney_stones_adds_caution():
    base = entry(assess(profile(labs=iron_labs(40, 25))), "vitamin_c")
    stones = entry(
        assess(profile(labs=iron_labs(40, 25), conditions=["kidney_stones"])), "vitamin_c"
    )
    assert len(stones["cautions"]) > len(base["cautions"])
