"""Assessment document (§2), other outputs (§3.9, §3.10, §5.4, §5.5) and profile errors (§1, §6)."""

from __future__ import annotations

import json

import pytest

import ekbom

from .conftest import (
    NUTRIENT_ORDER,
    VERDICTS,
    assess,
    flags,
    iron_labs,
    lab,
    profile,
    supp,
)

TOP_KEYS = {
    "schema",
    "as_of",
    "knowledge_version",
    "limits",
    "labs",
    "nutrients",
    "best_first_step",
    "tests_to_request",
    "red_flags",
    "medication_triggers",
    "unrecognised_medications",
    "interactions",
    "lifestyle",
    "severity",
    "screening",
    "citations",
    "disclaimer",
}
NUTRIENT_KEYS = {
    "nutrient",
    "verdict",
    "needs_clinician",
    "summary",
    "reasons",
    "rule_ids",
    "evidence",
    "dose",
    "current",
    "continue_current",
    "cautions",
    "forms",
    "foods",
    "food_advice",
}
CRITERIA = [
    "urge_to_move",
    "worse_at_rest",
    "relieved_by_movement",
    "worse_in_evening",
    "not_explained_by_other_condition",
]


def _errors(p: dict) -> list:
    with pytest.raises(ekbom.ProfileError) as exc:
        assess(p)
    return exc.value.problems


# --- the document -----------------------------------------------------------------------------


def test_outputs_document_shape():
    d = assess(profile(labs=iron_labs(40, 25)))
    assert set(d) == TOP_KEYS
    assert d["schema"] == "ekbom.assessment/1.1"
    assert (d["as_of"], d["limits"]) == ("2026-11-28", "strictest")
    assert isinstance(d["knowledge_version"], str) and d["knowledge_version"]
    assert isinstance(d["disclaimer"], str) and d["disclaimer"].strip()
    json.dumps(d)


@pytest.mark.parametrize("policy", ["us", "eu", "strictest"])
def test_outputs_limits_echoed(policy):
    assert assess(profile(), limits=policy)["limits"] == policy


def test_outputs_nutrients_all_eight_in_order_with_fields():
    d = assess(profile())
    assert [n["nutrient"] for n in d["nutrients"]] == NUTRIENT_ORDER
    for n in d["nutrients"]:
        assert set(n) == NUTRIENT_KEYS
        assert n["verdict"] in VERDICTS
        assert n["evidence"]["grade"] in {"high", "moderate", "low", "very_low"}
        assert isinstance(n["summary"], str) and n["summary"].strip()
        assert n["rule_ids"] and n["rule_ids"][0].startswith(n["nutrient"] + ".")


def test_outputs_every_citation_resolves():
    d = assess(profile(conditions=["dialysis"], labs=iron_labs(150, 15)))
    for n in d["nutrients"]:
        cited = n["evidence"]["citations"]
        assert cited, n["nutrient"]
        assert set(cited) <= set(d["citations"])
    for c in d["citations"].values():
        assert c["title"]


# --- best first step §3.10 --------------------------------------------------------------------

STEP_KEYS = ("action", "nutrient", "verdict", "red_flag")
BEST = [
    (
        "iron test comes before a recommended self-directed nutrient",
        {"labs": [lab("vitamin_d", 40)]},
        ("test", "iron", "test_first", None),
    ),
    (
        "a red flag comes before a recommended iron",
        {"labs": [*iron_labs(40, 25), lab("vitamin_b12", 100)]},
        ("see_clinician", "vitamin_b12", "recommended", "b12_deficiency"),
    ),
    ("iron recommended", {"labs": iron_labs(40, 25)}, ("start", "iron", "recommended", None)),
    (
        "iron recommended, already taken",
        {"labs": iron_labs(40, 25), "supplements": [supp("iron", 65)]},
        ("continue", "iron", "recommended", None),
    ),
    (
        "iron by a rule with no dose, already taken",
        {"labs": iron_labs(40, 15), "conditions": ["dialysis"], "supplements": [supp("iron", 30)]},
        ("continue", "iron", "recommended", None),
    ),
    (
        "consider under a rule with no dose, already taken",
        {"labs": [*iron_labs(90, 30), lab("vitamin_d", 60)], "supplements": [supp("iron", 30)]},
        ("consider", "iron", "consider", None),
    ),
    ("first test_first", {}, ("test", "iron", "test_first", None)),
    (
        "other recommended before test_first",
        {"labs": [*iron_labs(150, 30), lab("vitamin_d", 40)]},
        ("start", "vitamin_d", "recommended", None),
    ),
    (
        "test_first beats consider",
        {"labs": [*iron_labs(150, 30), lab("vitamin_b12", 180)], "symptoms": {"leg_cramps": True}},
        ("test", "vitamin_b12", "test_first", None),
    ),
    (
        "consider",
        {"labs": [*iron_labs(150, 30), lab("vitamin_d", 60)], "symptoms": {"leg_cramps": True}},
        ("consider", "magnesium", "consider", None),
    ),
    (
        "stop an avoided nutrient taken now, before its red flag",
        {"labs": iron_labs(400, 50), "supplements": [supp("iron", 65)]},
        ("stop", "iron", "avoid", None),
    ),
    (
        "a red flag without a nutrient",
        {"labs": [*iron_labs(150, 30), lab("vitamin_d", 60), lab("hemoglobin", 10)]},
        ("see_clinician", None, None, "anaemia"),
    ),
    (
        "supplement above the limit names its nutrient",
        {
            "labs": [*iron_labs(150, 30), lab("vitamin_d", 60)],
            "supplements": [supp("zinc", 1), supp("vitamin_c", 2500)],
        },
        ("see_clinician", "vitamin_c", "not_indicated", "supplement_above_limit"),
    ),
]


@pytest.mark.parametrize(("extra", "expected"), [c[1:] for c in BEST], ids=[c[0] for c in BEST])
def test_outputs_best_first_step(extra, expected):
    step = assess(profile(**extra))["best_first_step"]
    assert tuple(step[k] for k in STEP_KEYS) == expected
    assert step["text"].endswith(".") and step["why"]


def test_outputs_best_first_step_null_when_nothing_applies():
    assert (
        assess(profile(labs=[*iron_labs(150, 30), lab("vitamin_d", 60)]))["best_first_step"] is None
    )


@pytest.mark.parametrize(
    ("extra", "carer"),
    [
        ({}, "your doctor"),
        ({"conditions": ["dialysis"]}, "your kidney team"),
        ({"pregnant": True}, "your pregnancy care team"),
        ({"age": 9}, "your child's doctor"),
    ],
)
def test_outputs_best_first_step_names_who_to_see(extra, carer):
    step = assess(profile(**extra))["best_first_step"]
    assert carer in step["text"]


# --- red flags §3.9 ---------------------------------------------------------------------------

FLAGS = [
    ("pregnancy", {"pregnant": True}, True),
    ("pregnancy", {"pregnancy_trimester": 3}, True),
    ("pregnancy", {}, False),
    ("dialysis", {"conditions": ["dialysis"]}, True),
    ("dialysis", {"conditions": ["ckd"]}, False),
    ("child", {"age": 17}, True),
    ("child", {"age": 18}, False),
    ("very_severe_symptoms", {"symptoms": {"irls_score": 31}}, True),
    ("very_severe_symptoms", {"symptoms": {"irls_score": 30}}, False),
    ("very_severe_symptoms", {"symptoms": {"severity_nrs": 9}}, True),
    ("very_severe_symptoms", {"symptoms": {"severity_nrs": 8}}, False),
    ("criteria_not_met", {"symptoms": {"rls_criteria": dict.fromkeys(CRITERIA, True)}}, False),
    (
        "criteria_not_met",
        {
            "symptoms": {
                "rls_criteria": {**dict.fromkeys(CRITERIA, True), "worse_in_evening": False}
            }
        },
        True,
    ),
    ("criteria_not_met", {"symptoms": {"rls_criteria": dict.fromkeys(CRITERIA[:4], False)}}, False),
]


@pytest.mark.parametrize(("flag", "extra", "raised"), FLAGS)
def test_outputs_red_flag_conditions(flag, extra, raised):
    d = assess(profile(**extra))
    assert (flag in flags(d)) is raised
    for f in d["red_flags"]:
        assert f["message"].strip()


ABOVE = [
    # (nutrient, supplements, policy, raised, word in message)
    ("magnesium", [supp("magnesium", 251)], None, True, "magnesium"),
    ("magnesium", [supp("magnesium", 251)], "us", False, "magnesium"),
    ("magnesium", [supp("magnesium", 250)], None, False, "magnesium"),
    ("iron", [supp("iron", 41)], None, True, "iron"),
    ("iron", [supp("iron", 41)], "us", False, "iron"),
    ("iron", [supp("iron", 46)], "us", True, "iron"),
    ("folate", [supp("folate", 1001, "ug")], None, True, "fol"),
    ("folate", [supp("folate", 1, "mg")], None, False, "fol"),
    ("vitamin_c", [supp("vitamin_c", 2.5, "g")], None, True, "vitamin c"),
    ("vitamin_e", [supp("vitamin_e", 450, "IU")], None, True, "vitamin e"),
    ("vitamin_e", [supp("vitamin_e", 450, "IU")], "us", False, "vitamin e"),
    ("vitamin_d", [supp("vitamin_d", 4001, "IU")], None, True, "vitamin d"),
    ("vitamin_d", [supp("vitamin_d", 4000, "IU")], None, False, "vitamin d"),
    ("vitamin_d", [supp("vitamin_d", 50000, "IU", per="week")], "us", True, "vitamin d"),
    ("vitamin_b6", [supp("vitamin_b6", 12.5)], None, True, "b6"),
    ("vitamin_b6", [supp("vitamin_b6", 6), supp("vitamin_b6", 7)], "eu", True, "b6"),
    ("vitamin_b12", [supp("vitamin_b12", 5000, "mcg")], None, False, "b12"),
]


@pytest.mark.parametrize(("nutrient", "supplements", "policy", "raised", "word"), ABOVE)
def test_outputs_supplement_above_limit_names_nutrient(nutrient, supplements, policy, raised, word):
    kw = {"limits": policy} if policy else {}
    d = assess(profile(supplements=supplements), **kw)
    msgs = [
        f["message"].lower().replace("_", " ")
        for f in d["red_flags"]
        if f["id"] == "supplement_above_limit"
    ]
    assert bool(msgs) is raised
    if raised:
        assert any(word in m for m in msgs)


# --- medication triggers §3.9, §5.4 -----------------------------------------------------------

TRIGGERS = [
    ("Benadryl", "diphenhydramine", "sedating_antihistamine"),
    ("Reglan 10 mg", "metoclopramide", "dopamine_antagonist"),
    ("Compazine", "prochlorperazine", "dopamine_antagonist"),
    ("Phenergan 25 mg", "promethazine", "sedating_antihistamine"),
    ("promethazine", "promethazine", "sedating_antihistamine"),
    ("Zoloft 50 mg", "sertraline", "serotonergic_antidepressant"),
    ("Prozac", "fluoxetine", "serotonergic_antidepressant"),
    ("Paxil", "paroxetine", "serotonergic_antidepressant"),
    ("Celexa", "citalopram", "serotonergic_antidepressant"),
    ("Lexapro 10mg", "escitalopram", "serotonergic_antidepressant"),
    ("Effexor XR", "venlafaxine", "serotonergic_antidepressant"),
    ("Cymbalta", "duloxetine", "serotonergic_antidepressant"),
    ("Remeron", "mirtazapine", "serotonergic_antidepressant"),
    ("Elavil", "amitriptyline", "serotonergic_antidepressant"),
    ("Seroquel", "quetiapine", "dopamine_antagonist"),
    ("Zyprexa", "olanzapine", "dopamine_antagonist"),
    ("Risperdal", "risperidone", "dopamine_antagonist"),
    ("Haldol", "haloperidol", "dopamine_antagonist"),
    ("Abilify", "aripiprazole", "dopamine_antagonist"),
    ("Vistaril", "hydroxyzine", "sedating_antihistamine"),
    ("Atarax", "hydroxyzine", "sedating_antihistamine"),
    ("lithium carbonate 300 mg", "lithium", "lithium"),
    ("Acetaminophen / Dextromethorphan / Doxylamine", "doxylamine", "sedating_antihistamine"),
]


@pytest.mark.parametrize(("med", "ingredient", "cls"), TRIGGERS)
def test_outputs_medication_trigger(med, ingredient, cls):
    d = assess(profile(medications=[med]))
    got = [(t["medication"], t["ingredient"], t["class"]) for t in d["medication_triggers"]]
    assert got == [(med, ingredient, cls)]
    assert d["medication_triggers"][0]["advice"].strip()
    assert med not in d["unrecognised_medications"]


def test_outputs_unisom_is_a_sedating_antihistamine():
    (t,) = assess(profile(medications=["Unisom"]))["medication_triggers"]
    assert t["class"] == "sedating_antihistamine"
    assert t["ingredient"] in {"doxylamine", "diphenhydramine"}


def test_outputs_one_trigger_per_ingredient_in_a_string():
    d = assess(profile(medications=["doxylamine / chlorpheniramine", "Zoloft"]))
    got = sorted((t["medication"], t["ingredient"]) for t in d["medication_triggers"])
    assert got == [
        ("Zoloft", "sertraline"),
        ("doxylamine / chlorpheniramine", "chlorpheniramine"),
        ("doxylamine / chlorpheniramine", "doxylamine"),
    ]


@pytest.mark.parametrize("med", ["bupropion", "Wellbutrin XL 150 mg", "metformin", "Synthroid"])
def test_outputs_non_triggers_are_recognised(med):
    d = assess(profile(medications=[med]))
    assert d["medication_triggers"] == []
    assert d["unrecognised_medications"] == []


def test_outputs_unrecognised_medications_kept_not_error():
    d = assess(profile(medications=["Zorblatin 10 mg", "Zoloft", "fish oil"]))
    assert d["unrecognised_medications"] == ["Zorblatin 10 mg", "fish oil"]


# --- interactions §5.5 ------------------------------------------------------------------------


def _inter(d: dict, nutrient: str, kind: str) -> list[dict]:
    return [i for i in d["interactions"] if i["nutrient"] == nutrient and i["kind"] == kind]


IRON_REC = iron_labs(40, 25)
IRON_NOT = iron_labs(150, 30)
CRAMPS = {"leg_cramps": True}  # magnesium: consider
NO_HOURS = (None, None, None)
INTERACTIONS = [
    # (extra profile, nutrient, kind, (separate_hours, before_hours, after_hours) or "absent")
    ({"labs": IRON_REC, "medications": ["levothyroxine"]}, "iron", "absorption", (4, 4, 4)),
    ({"labs": IRON_NOT, "medications": ["levothyroxine"]}, "iron", "absorption", "absent"),
    (
        {"labs": IRON_NOT, "medications": ["levothyroxine"], "supplements": [supp("iron", 18)]},
        "iron",
        "absorption",
        (4, 4, 4),
    ),
    ({"labs": IRON_REC, "medications": ["Sinemet 25/100"]}, "iron", "absorption", (2, 2, 2)),
    # per antibiotic: the medicine N hours before or M hours after the mineral (spec 1.1 §5.5)
    ({"labs": IRON_REC, "medications": ["Cipro 500 mg"]}, "iron", "absorption", (6, 2, 6)),
    ({"labs": IRON_REC, "medications": ["levofloxacin"]}, "iron", "absorption", (2, 2, 2)),
    ({"labs": IRON_REC, "medications": ["moxifloxacin"]}, "iron", "absorption", (8, 4, 8)),
    ({"labs": IRON_REC, "medications": ["doxycycline"]}, "iron", "absorption", (4, 2, 4)),
    ({"labs": IRON_REC, "medications": ["minocycline"]}, "iron", "absorption", (4, 2, 4)),
    ({"labs": IRON_REC, "medications": ["Prilosec"]}, "iron", "absorption", NO_HOURS),
    ({"labs": IRON_REC, "supplements": [supp("calcium", 500)]}, "iron", "absorption", (2, 2, 2)),
    ({"labs": IRON_NOT, "supplements": [supp("calcium", 500)]}, "iron", "absorption", "absent"),
    ({"symptoms": CRAMPS, "medications": ["Fosamax"]}, "magnesium", "absorption", (2, 2, 2)),
    ({"symptoms": CRAMPS, "medications": ["Neurontin"]}, "magnesium", "absorption", (2, 0, 2)),
    ({"symptoms": CRAMPS, "medications": ["levofloxacin"]}, "magnesium", "absorption", (2, 2, 2)),
    ({"symptoms": CRAMPS, "medications": ["moxifloxacin"]}, "magnesium", "absorption", (8, 4, 8)),
    ({"symptoms": CRAMPS, "medications": ["Synthroid"]}, "magnesium", "absorption", (4, 4, 4)),
    ({"medications": ["gabapentin"]}, "magnesium", "absorption", "absent"),
    (
        {"medications": ["gabapentin"], "supplements": [supp("magnesium", 100)]},
        "magnesium",
        "absorption",
        (2, 0, 2),
    ),
    # calcium and zinc: only when the person takes them (never suggested)
    (
        {"medications": ["ciprofloxacin"], "supplements": [supp("calcium", 500)]},
        "calcium",
        "absorption",
        (6, 2, 6),
    ),
    (
        {"medications": ["moxifloxacin"], "supplements": [supp("zinc", 10)]},
        "zinc",
        "absorption",
        (8, 4, 8),
    ),
    (
        {"medications": ["tetracycline"], "supplements": [supp("zinc", 10)]},
        "zinc",
        "absorption",
        (4, 2, 4),
    ),
    (
        {"medications": ["risedronate"], "supplements": [supp("calcium", 500)]},
        "calcium",
        "absorption",
        (2, 2, 2),
    ),
    (
        {"medications": ["levothyroxine"], "supplements": [supp("calcium", 500)]},
        "calcium",
        "absorption",
        (4, 4, 4),
    ),
    ({"medications": ["ciprofloxacin"]}, "calcium", "absorption", "absent"),
    ({"medications": ["ciprofloxacin"]}, "zinc", "absorption", "absent"),
    (
        {"medications": ["metformin"], "labs": [lab("vitamin_b12", 400)]},
        "vitamin_b12",
        "depletion",
        NO_HOURS,
    ),
    ({"medications": ["Nexium"]}, "vitamin_b12", "depletion", NO_HOURS),
    ({"medications": ["furosemide 40 mg"]}, "magnesium", "depletion", NO_HOURS),
    ({"medications": ["methotrexate"]}, "folate", "safety", NO_HOURS),
    ({"medications": ["valproate"]}, "folate", "safety", NO_HOURS),
    ({"medications": ["Coumadin"]}, "vitamin_e", "safety", NO_HOURS),
    ({"medications": ["hydrochlorothiazide"]}, "vitamin_d", "safety", NO_HOURS),
    ({"medications": ["levodopa"]}, "vitamin_b6", "safety", NO_HOURS),
    ({"medications": ["Sinemet"]}, "vitamin_b6", "safety", "absent"),
    ({"medications": ["carbidopa/levodopa"]}, "vitamin_b6", "safety", "absent"),
    ({"medications": ["levodopa", "carbidopa"]}, "vitamin_b6", "safety", "absent"),
]


@pytest.mark.parametrize(("extra", "nutrient", "kind", "hours"), INTERACTIONS)
def test_outputs_interactions(extra, nutrient, kind, hours):
    found = _inter(assess(profile(**extra)), nutrient, kind)
    if hours == "absent":
        assert found == []
    else:
        assert found, f"no {kind} interaction for {nutrient}"
        keys = ("separate_hours", "before_hours", "after_hours")
        assert hours in {tuple(i[k] for k in keys) for i in found}
        assert all(i["advice"].strip() for i in found)


def test_outputs_moxifloxacin_advice_gives_its_own_hours():
    (found,) = _inter(assess(profile(labs=IRON_REC, medications=["Avelox"])), "iron", "absorption")
    assert found["advice"].startswith(
        "Take the antibiotic 4 hours before or 8 hours after this supplement."
    )


def test_outputs_interaction_names_calcium():
    found = _inter(
        assess(profile(labs=IRON_REC, supplements=[supp("calcium", 500)])), "iron", "absorption"
    )
    assert any("calcium" in i["medication"].lower() for i in found)


# --- lifestyle, severity, screening -----------------------------------------------------------

LIFESTYLE = [
    ({}, {"sleep_routine", "move_more"}),
    (
        {"lifestyle": {"caffeine_mg_per_day": 100, "exercise_minutes_per_week": 150}},
        {"sleep_routine", "reduce_caffeine"},
    ),
    (
        {"lifestyle": {"caffeine_mg_per_day": 99, "exercise_minutes_per_week": 149}},
        {"sleep_routine", "move_more"},
    ),
    (
        {
            "lifestyle": {
                "alcohol_drinks_per_week": 1,
                "smoker": True,
                "exercise_minutes_per_week": 300,
            }
        },
        {"sleep_routine", "avoid_alcohol", "stop_smoking"},
    ),
    (
        {
            "lifestyle": {
                "alcohol_drinks_per_week": 0,
                "smoker": False,
                "exercise_minutes_per_week": 200,
            }
        },
        {"sleep_routine"},
    ),
    ({"conditions": ["sleep_apnea"]}, {"sleep_routine", "move_more", "treat_sleep_apnea"}),
]


@pytest.mark.parametrize(("extra", "ids"), LIFESTYLE)
def test_outputs_lifestyle_ids(extra, ids):
    d = assess(profile(**extra))
    assert {x["id"] for x in d["lifestyle"]} == ids
    assert all(x["message"].strip() for x in d["lifestyle"])


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "none"),
        (1, "mild"),
        (10, "mild"),
        (11, "moderate"),
        (20, "moderate"),
        (21, "severe"),
        (30, "severe"),
        (31, "very_severe"),
        (40, "very_severe"),
    ],
)
def test_outputs_severity_band(score, band):
    sev = assess(profile(symptoms={"irls_score": score, "severity_nrs": 6, "nights_per_week": 5}))[
        "severity"
    ]
    assert sev == {"irls_score": score, "band": band, "severity_nrs": 6, "nights_per_week": 5}


def test_outputs_severity_without_irls_has_no_band():
    sev = assess(profile(symptoms={"severity_nrs": 9}))["severity"]
    assert (sev["irls_score"], sev["band"], sev["severity_nrs"]) == (None, None, 9)


def test_outputs_screening_all_met():
    s = assess(profile(symptoms={"rls_criteria": dict.fromkeys(CRITERIA, True)}))["screening"]
    assert s == {"criteria_answered": True, "criteria_met": True}


def test_outputs_screening_one_false():
    crit = {**dict.fromkeys(CRITERIA, True), "urge_to_move": False}
    s = assess(profile(symptoms={"rls_criteria": crit}))["screening"]
    assert s == {"criteria_answered": True, "criteria_met": False}


def test_outputs_screening_partial_not_answered():
    s = assess(profile(symptoms={"rls_criteria": {"urge_to_move": True}}))["screening"]
    assert s["criteria_answered"] is False


# --- needs_clinician for special groups §3 --------------------------------------------------

BUSY = {
    "labs": [
        *iron_labs(30, 15),
        lab("vitamin_d", 40),
        lab("vitamin_b6", 10),
        lab("folate", 5),
        lab("vitamin_b12", 300),
    ],
    "symptoms": {"leg_cramps": True},
}


@pytest.mark.parametrize("group", [{"age": 12}, {"pregnant": True}, {"conditions": ["dialysis"]}])
def test_outputs_special_groups_need_clinician(group):
    d = assess(profile(**{**BUSY, **group}))
    active = [n for n in d["nutrients"] if n["verdict"] != "not_indicated"]
    assert len(active) >= 4
    for n in active:
        assert n["needs_clinician"] is True, n["nutrient"]
        assert n["dose"] is None or n["dose"]["self_directed"] is False, n["nutrient"]


def test_outputs_adult_busy_profile_has_self_directed_doses():
    d = assess(profile(**BUSY))
    directed = {n["nutrient"] for n in d["nutrients"] if n["dose"] and n["dose"]["self_directed"]}
    assert {"vitamin_d", "magnesium", "vitamin_b6", "folate", "vitamin_c"} <= directed


def test_outputs_text_says_keep_apart_only_when_the_gap_is_the_same_both_ways():
    from ekbom.knowledge.loader import load_knowledge
    from ekbom.presenter import interaction_item

    document = assess(profile(labs=IRON_REC, medications=["Synthroid", "Cipro 500 mg"]))
    lines = {
        i["medication"]: interaction_item(load_knowledge(), i).text
        for i in document["interactions"]
        if i["nutrient"] == "iron"
    }
    assert lines["levothyroxine"].startswith("Absorption; keep 4 hours apart.")
    assert lines["ciprofloxacin"].startswith("Absorption. Take the antibiotic 2 hours before or 6")


def test_outputs_over_limit_flag_on_an_avoided_nutrient_says_stop_not_cut_down():
    """A red flag must not say "cut down" where the nutrient is to be stopped (spec 1.1 §2)."""
    d = assess(profile(labs=iron_labs(410, 52), supplements=[supp("iron", 65)]))
    over = next(f for f in d["red_flags"] if f["id"] == "supplement_above_limit")
    assert "Stop it" in over["message"] and "Cut down" not in over["message"]
    kept = assess(profile(labs=iron_labs(150, 30), supplements=[supp("vitamin_c", 2500)]))
    over = next(f for f in kept["red_flags"] if f["id"] == "supplement_above_limit")
    assert "Cut down" in over["message"]
