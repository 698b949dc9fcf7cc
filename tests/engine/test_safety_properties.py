"""Safety invariants over random valid profiles (spec §1, §2, §3, §4).

The strategies build profiles the spec calls valid; the expected "current" lab values are worked
out here from the profile (conftest.current_value / current_tsat), not taken from the engine.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ekbom
from ekbom.engine.medications import match_all

from .conftest import (
    AS_OF,
    GIVEN,
    LAB_UNITS,
    LIMITS,
    NUTRIENT_ORDER,
    assess,
    current_tsat,
    current_value,
    days_before,
    dose_in,
    flags,
    limit,
    meets,
    supplement_total,
    verdict,
)

KB = ekbom.load_knowledge()
RULES = {rule.id: rule for rule in KB.all_rules()}
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CONDITIONS = [
    "dialysis",
    "ckd",
    "ckd_severe",
    "hemochromatosis",
    "iron_overload",
    "inflammatory_disease",
    "recent_infection",
    "peripheral_neuropathy",
    "kidney_stones",
    "bariatric_surgery",
    "malabsorption",
    "sleep_apnea",
    "hypercalcaemia",
    "sarcoidosis",
]
CRITERIA = [
    "urge_to_move",
    "worse_at_rest",
    "relieved_by_movement",
    "worse_in_evening",
    "not_explained_by_other_condition",
]
ANTICOAGULANTS = [
    "warfarin",
    "apixaban",
    "rivaroxaban",
    "dabigatran",
    "edoxaban",
    "clopidogrel",
    "prasugrel",
    "ticagrelor",
    "Coumadin",
    "Eliquis",
    "Xarelto",
    "Plavix",
]
# Nutrient medicines as EHRs and people write them (spec 1.1 §1 "Current intake", §5.4).
NUTRIENT_MEDS = [
    "ferrous sulfate 325 mg once daily",
    "ferrous sulfate 325 mg every other day",
    "Ferrous Sulfate 325 MG Oral Tablet",
    "ferric carboxymaltose 750 mg IV",
    "magnesium oxide 400 mg twice daily",
    "cholecalciferol 2000 IU daily",
    "cyanocobalamin 1000 mcg daily",
    "folic acid 1 mg daily",
    "pyridoxine 50 mg daily",
    "Diclegis 2 tablets at bedtime",
    "iron tablets",
]
OTHER_MEDS = [
    "diphenhydramine",
    "doxylamine",
    "promethazine",
    "hydroxyzine",
    "metoclopramide",
    "haloperidol",
    "quetiapine",
    "sertraline",
    "fluoxetine",
    "mirtazapine",
    "lithium",
    "bupropion",
    "omeprazole",
    "famotidine",
    "phenytoin",
    "valproate",
    "metformin",
    "methotrexate",
    "sulfasalazine",
    "levothyroxine",
    "levodopa",
    "carbidopa/levodopa",
    "ciprofloxacin",
    "doxycycline",
    "alendronate",
    "gabapentin",
    "hydrochlorothiazide",
    "chlorthalidone",
    "furosemide",
    "Benadryl",
    "Unisom",
    "Reglan",
    "Phenergan",
    "Zoloft",
    "Seroquel",
    "Prilosec",
    "Nexium",
    "Pepcid",
    "Glucophage",
    "Synthroid",
    "Sinemet",
    "Cipro",
    "Fosamax",
    "Neurontin",
    "Wellbutrin",
    "Acetaminophen / Dextromethorphan / Doxylamine",
    "Zorblatin 10 mg",
    "fish oil",
]

# canonical (low, high) and edge values near the spec's cut-offs
LAB_VALUES: dict[str, tuple[float, float, list[float]]] = {
    "ferritin": (
        1,
        400,
        [44.6, 45, 49.6, 50, 75, 75.4, 75.6, 100, 100.6, 199.6, 200, 300, 300.4, 301, 1500],
    ),
    "tsat": (2, 60, [19.4, 19.6, 20, 44.4, 44.6, 45, 90]),
    "serum_iron": (10, 190, [20, 44.6, 60, 180]),
    "tibc": (200, 500, [200, 250, 400]),
    "hemoglobin": (5, 20, [10.96, 11.0, 11.46, 11.5, 11.96, 12.0, 12.96, 13.0]),
    "magnesium": (0.3, 1.3, [0.69, 0.694, 0.70, 0.744, 0.75, 1.05, 1.051, 1.06]),
    "vitamin_b12": (40, 1500, [147.6, 148, 220.6, 221]),
    "folate": (1, 60, [6.7, 6.76, 6.8]),
    "vitamin_d": (5, 150, [29.4, 29.6, 30, 49.6, 49.92, 50, 124.8, 125, 125.3, 250]),
    "vitamin_b6": (2, 300, [19.4, 19.6, 20]),
    "crp": (0, 100, [10.0, 10.04, 10.1]),
    "egfr": (5, 150, [29.4, 29.6, 30, 59, 60]),
    "mma": (50, 2000, [400]),
}
LAB_TESTS = [*LAB_VALUES, *["ferritin", "tsat", "vitamin_d", "magnesium", "egfr"] * 2]

# supplement amount ranges in the limit unit, and the units a person may write
SUPP_UNITS = {
    "iron": ["mg", "g", "ug"],
    "magnesium": ["mg", "g"],
    "vitamin_b6": ["mg", "ug"],
    "vitamin_b12": ["ug", "µg", "mcg", "mg"],
    "folate": ["ug", "µg", "mcg", "mg"],
    "vitamin_c": ["mg", "g"],
    "vitamin_e": ["mg", "IU"],
    "vitamin_d": ["ug", "µg", "IU"],
    "calcium": ["mg", "g"],
    "zinc": ["mg"],
}
SUPP_RANGE = {
    "iron": 100,
    "magnesium": 500,
    "vitamin_b6": 150,
    "vitamin_b12": 5000,
    "folate": 1500,
    "vitamin_c": 3000,
    "vitamin_e": 1200,
    "vitamin_d": 150,
    "calcium": 1200,
    "zinc": 50,
}
BASE_UNIT = {"vitamin_b12": "ug", "folate": "ug", "vitamin_d": "ug"}


def _from_canonical(test: str, canonical: float, unit: str) -> float:
    factor, divide = LAB_UNITS[test][1][unit]
    return round(canonical * factor if divide else canonical / factor, 4)


@st.composite
def labs_st(draw: Any, tests: tuple[str, ...] = tuple(LAB_TESTS)) -> dict:
    test = draw(st.sampled_from(tests))
    lo, hi, edges = LAB_VALUES[test]
    canonical = draw(
        st.one_of(st.floats(lo, hi).map(lambda v: round(v, 2)), st.sampled_from(edges))
    )
    unit = draw(st.sampled_from(sorted(LAB_UNITS[test][1])))
    entry: dict[str, Any] = {
        "test": test,
        "value": _from_canonical(test, canonical, unit),
        "unit": unit,
    }
    day = draw(st.one_of(st.none(), st.integers(0, 730)))
    if day is not None:
        entry["date"] = days_before(day)
    return entry


@st.composite
def supplement_st(draw: Any) -> dict:
    nutrient = draw(st.sampled_from(sorted(SUPP_UNITS)))
    base = BASE_UNIT.get(nutrient, "mg")
    limits = LIMITS.get(nutrient, ("", {}))[1].values()
    edges = [x for v in limits if math.isfinite(v) for x in (float(v), v + 1.0)]
    amount = draw(
        st.one_of(
            st.floats(0.5, SUPP_RANGE[nutrient]).map(lambda v: round(v, 1)),
            st.sampled_from(edges or [10.0]),
        )
    )
    unit = draw(st.sampled_from(SUPP_UNITS[nutrient]))
    factor = {("mg", "g"): 0.001, ("mg", "ug"): 1000, ("ug", "mg"): 0.001}.get((base, unit), 1)
    if unit == "IU":
        factor = 40 if nutrient == "vitamin_d" else 1 / 0.67
    out: dict[str, Any] = {"nutrient": nutrient, "amount": round(amount * factor, 4), "unit": unit}
    if draw(st.booleans()):
        out["per"] = "week"
        out["amount"] = round(out["amount"] * 7, 4)
    return out


@st.composite
def profiles(draw: Any) -> tuple[dict, dict]:
    child = draw(st.sampled_from([False, False, False, True]))
    age = draw(st.integers(0, 17) if child else st.integers(18, 120))
    sex = draw(st.sampled_from(["female", "male"]))
    p: dict[str, Any] = {"age": age, "sex": sex}
    if sex == "female" and 12 <= age <= 55 and draw(st.integers(0, 3)) == 0:
        how = draw(st.sampled_from(["flag", "trimester", "both"]))
        if how != "trimester":
            p["pregnant"] = True
        if how != "flag":
            p["pregnancy_trimester"] = draw(st.integers(1, 3))
    elif sex == "female" and age >= 40 and draw(st.booleans()):
        p["postmenopausal"] = True
    if draw(st.booleans()):
        p["diet"] = draw(st.sampled_from(["omnivore", "vegetarian", "vegan"]))
    p["conditions"] = draw(st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=2))
    meds = st.sampled_from(OTHER_MEDS + ANTICOAGULANTS)
    strength = st.sampled_from(["", " 5 mg", " 50 mg", " 100 mg"])
    named = st.tuples(meds, strength).map("".join)
    p["medications"] = draw(st.lists(st.one_of(named, st.sampled_from(NUTRIENT_MEDS)), max_size=3))
    p["supplements"] = draw(st.lists(supplement_st(), max_size=4))
    p["labs"] = draw(st.lists(labs_st(), max_size=10))
    if draw(st.integers(0, 9)) < 7:  # most people bring an iron panel
        panel = draw(st.sampled_from([("ferritin", "tsat"), ("ferritin", "serum_iron", "tibc")]))
        drawn = [draw(labs_st(tests=(t,))) for t in panel]
        if len(drawn) == 3 and draw(st.booleans()):  # a same-day iron/TIBC pair
            drawn[2].pop("date", None)
            drawn[2].update({"date": drawn[1]["date"]} if "date" in drawn[1] else {})
        p["labs"] += drawn
    p["symptoms"] = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "leg_cramps": st.booleans(),
                "night_muscle_irritability": st.booleans(),
                "irls_score": st.integers(0, 40),
                "severity_nrs": st.integers(0, 10),
                "nights_per_week": st.integers(0, 7),
                "rls_criteria": st.fixed_dictionaries(
                    {}, optional=dict.fromkeys(CRITERIA, st.booleans())
                ),
            },
        )
    )
    p["lifestyle"] = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "caffeine_mg_per_day": st.integers(0, 800),
                "alcohol_drinks_per_week": st.integers(0, 40),
                "smoker": st.booleans(),
                "exercise_minutes_per_week": st.integers(0, 600),
            },
        )
    )
    policy = draw(st.sampled_from([None, "us", "eu", "strictest"]))
    kwargs: dict[str, Any] = {"as_of": AS_OF}
    if policy and draw(st.booleans()):
        p["limits"] = policy
    elif policy:
        kwargs["limits"] = policy
    return p, kwargs


def _run(case: tuple[dict, dict]) -> tuple[dict, dict, str]:
    p, kwargs = case
    d = assess(p, **kwargs)
    return p, d, kwargs.get("limits") or p.get("limits") or "strictest"


def _special(p: dict) -> bool:
    return (
        p["age"] < 18
        or bool(p.get("pregnant"))
        or "pregnancy_trimester" in p
        or "dialysis" in p["conditions"]
    )


@SETTINGS
@given(profiles())
def test_safety_iron_never_given_when_unsafe(case):
    p, d, _ = _run(case)
    if verdict(d, "iron") not in GIVEN:
        return
    ferritin, tsat = current_value(p, "ferritin"), current_tsat(p)
    conds = set(p["conditions"])
    assert ferritin is not None, "iron given without a current ferritin"
    assert not conds & {"hemochromatosis", "iron_overload"}
    assert tsat is None or not meets("tsat", tsat, lambda t: t >= 45), tsat
    if "dialysis" not in conds:
        assert not meets("ferritin", ferritin, lambda f: f > 300), ferritin
        if p["age"] >= 18:
            assert tsat is not None, "adult iron given without a current TSAT"


@SETTINGS
@given(profiles())
def test_safety_magnesium_never_given_when_unsafe(case):
    p, d, _ = _run(case)
    if verdict(d, "magnesium") not in GIVEN:
        return
    assert not set(p["conditions"]) & {"dialysis", "ckd_severe"}
    egfr, mg = current_value(p, "egfr"), current_value(p, "magnesium")
    assert egfr is None or not meets("egfr", egfr, lambda e: e < 30), egfr
    assert mg is None or not meets("magnesium", mg, lambda m: m > 1.05), mg


@SETTINGS
@given(profiles())
def test_safety_self_directed_doses_stay_within_limit(case):
    p, d, policy = _run(case)
    for n in d["nutrients"]:
        dose, name = n["dose"], n["nutrient"]
        if n["needs_clinician"]:
            assert dose is None or dose["self_directed"] is False, name
        if not dose or not dose["self_directed"] or name not in LIMITS:
            continue
        amount = dose_in(dose, LIMITS[name][0]) / (7 if dose.get("per") == "week" else 1)
        assert amount > 0, name
        total = amount + supplement_total(p, name)
        assert total <= limit(name, policy, p["age"]) + 0.1, (name, amount, total, policy)


@SETTINGS
@given(profiles())
def test_safety_companion_vitamins_never_given_when_unsafe(case):
    p, d, policy = _run(case)
    if verdict(d, "iron") == "avoid":
        assert verdict(d, "vitamin_c") not in GIVEN
    meds = " ".join(p["medications"]).lower()
    if any(a.lower() in meds for a in ANTICOAGULANTS):
        assert verdict(d, "vitamin_e") not in GIVEN
    vit_d = current_value(p, "vitamin_d")
    if vit_d is not None and meets("vitamin_d", vit_d, lambda v: v > 125):
        assert verdict(d, "vitamin_d") == "avoid"
    if supplement_total(p, "vitamin_b6") > limit("vitamin_b6", policy, p["age"]) + 1e-6:
        assert verdict(d, "vitamin_b6") == "avoid"


@SETTINGS
@given(profiles())
def test_safety_special_groups_always_need_clinician(case):
    p, d, _ = _run(case)
    if not _special(p):
        return
    for n in d["nutrients"]:
        if n["verdict"] != "not_indicated":
            assert n["needs_clinician"] is True, n["nutrient"]
        assert n["dose"] is None or n["dose"]["self_directed"] is False, n["nutrient"]


@SETTINGS
@given(profiles())
def test_safety_nutrients_complete_ordered_and_cited(case):
    _, d, _ = _run(case)
    assert [n["nutrient"] for n in d["nutrients"]] == NUTRIENT_ORDER
    for n in d["nutrients"]:
        assert n["evidence"]["citations"], n["nutrient"]
        assert set(n["evidence"]["citations"]) <= set(d["citations"]), n["nutrient"]


def _hb_cutoff(p: dict) -> float:
    if p.get("pregnant") or "pregnancy_trimester" in p:
        return 11.0
    age = p["age"]
    if age >= 15:
        return 13.0 if p["sex"] == "male" else 12.0
    return 12.0 if age >= 12 else 11.5 if age >= 5 else 11.0


def _near_limit(p: dict, policy: str) -> bool:
    return any(abs(supplement_total(p, n) - limit(n, policy, p["age"])) < 1e-6 for n in LIMITS)


@SETTINGS
def _clinician_dose(p: dict, d: dict, name: str) -> bool:
    """Spec 1.1 §3.9: no over-limit flag for an adult whose supplements stay within the
    clinician-led dose of a recommended or considered nutrient."""
    entry = next((n for n in d["nutrients"] if n["nutrient"] == name), None)
    if p["age"] < 18 or entry is None or entry["verdict"] not in ("recommended", "consider"):
        return False
    dose = RULES[entry["rule_ids"][0]].dose
    if dose is None or (dose.self_directed and not entry["needs_clinician"]):
        return False
    return supplement_total(p, name) <= dose.amount


@given(profiles())
def test_safety_red_flags_raised_on_their_own_condition(case):
    p, d, policy = _run(case)
    got = flags(d)
    conds = set(p["conditions"])
    ferritin, tsat = current_value(p, "ferritin"), current_tsat(p)
    overload = (tsat is not None and meets("tsat", tsat, lambda t: t >= 45)) or (
        ferritin is not None
        and "dialysis" not in conds
        and meets("ferritin", ferritin, lambda f: f > 300)
    )
    assert ("iron_overload_suspected" in got) is overload
    mg = current_value(p, "magnesium")
    assert ("hypermagnesaemia" in got) is (
        mg is not None and meets("magnesium", mg, lambda m: m > 1.05)
    )
    vit_d = current_value(p, "vitamin_d")
    assert ("vitamin_d_excess" in got) is (
        vit_d is not None and meets("vitamin_d", vit_d, lambda v: v > 125)
    )
    hb = current_value(p, "hemoglobin")
    cut = _hb_cutoff(p)
    assert ("anaemia" in got) is (hb is not None and meets("hemoglobin", hb, lambda h: h < cut))
    assert ("dialysis" in got) is ("dialysis" in conds)
    assert ("child" in got) is (p["age"] < 18)
    if not _near_limit(p, policy):
        above = any(
            supplement_total(p, n) > limit(n, policy, p["age"]) and not _clinician_dose(p, d, n)
            for n in LIMITS
        )
        assert ("supplement_above_limit" in got) is above
        b6 = supplement_total(p, "vitamin_b6") > limit("vitamin_b6", policy, p["age"])
        assert ("b6_above_limit" in got) is b6


# --- spec 1.1: what the person already takes, and the first step ------------------------------


def _taken(p: dict, d: dict, name: str) -> float:
    """What the person takes now a day: their supplements (worked out here) or, when nutrient
    medicines add to it, the engine's current amount, whichever is larger."""
    entry = next(n for n in d["nutrients"] if n["nutrient"] == name)
    current = entry["current"] or {}
    return max(supplement_total(p, name), float(current.get("amount") or 0.0))


@SETTINGS
@given(profiles())
def test_safety_no_self_directed_dose_passes_the_limit_with_what_is_taken(case):
    p, d, policy = _run(case)
    for n in d["nutrients"]:
        dose, name = n["dose"], n["nutrient"]
        if not dose or not dose["self_directed"] or name not in LIMITS:
            continue
        amount = dose_in(dose, LIMITS[name][0])
        assert amount + _taken(p, d, name) <= limit(name, policy) + 0.1, (name, amount, policy)


@SETTINGS
@given(profiles())
def test_safety_no_dose_when_continuing_and_no_second_full_dose(case):
    p, d, _ = _run(case)
    for n in d["nutrients"]:
        if n["continue_current"]:
            assert n["dose"] is None, n["nutrient"]
            assert n["current"] is not None, n["nutrient"]
        if not (n["dose"] and n["current"]):
            continue
        taken = float(n["current"]["amount"] or 0)
        rule_dose = RULES[n["rule_ids"][0]].dose
        if n["nutrient"] == "iron":  # 65 mg tablets: enough from 32 mg a day (spec §2)
            assert taken < 32, taken
            continue
        # what to add: the rule's daily total minus what is taken, never a second full dose
        assert n["dose"]["amount"] + taken <= rule_dose.amount + 0.1, (n["nutrient"], taken)


@SETTINGS
@given(profiles())
def test_safety_children_get_no_dose_but_prenatal_folic_acid(case):
    p, d, _ = _run(case)
    if p["age"] >= 18:
        return
    for n in d["nutrients"]:
        pregnant = bool(p.get("pregnant") or "pregnancy_trimester" in p)
        if n["nutrient"] == "folate" and pregnant:
            continue
        assert n["dose"] is None, n["nutrient"]
        assert n["continue_current"] is False, n["nutrient"]


@SETTINGS
@given(profiles())
def test_safety_first_step_stops_an_avoided_nutrient_that_is_taken(case):
    p, d, _ = _run(case)
    taken = {s["nutrient"] for s in p["supplements"]}
    for medicine in match_all(tuple(p["medications"]), KB):  # nutrient medicines (spec 1.1 §1)
        taken.update(
            KB.ingredients[name].nutrient.nutrient  # type: ignore[union-attr]
            for name in medicine.ingredients
            if KB.ingredients[name].nutrient is not None
        )
    avoided = [n["nutrient"] for n in d["nutrients"] if n["verdict"] == "avoid"]
    stopped = [name for name in avoided if name in taken]
    step = d["best_first_step"]
    if stopped:
        assert step is not None and step["action"] == "stop", step
        assert step["nutrient"] == stopped[0]
    elif step is not None:
        assert step["action"] != "stop"
    if step is not None and step["action"] != "stop" and d["red_flags"]:
        raised = {f["id"] for f in d["red_flags"]}
        urgent = {
            "iron_overload_suspected",
            "hypermagnesaemia",
            "vitamin_d_excess",
            "b6_above_limit",
            "supplement_above_limit",
            "iron_deficiency_anaemia_cause",
            "b12_deficiency",
            "anaemia",
        }
        if raised & urgent:
            assert step["action"] == "see_clinician", (step, raised)
