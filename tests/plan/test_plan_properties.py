"""Property test: for random medicines, supplements and waking days (16 to 23¾ hours), every
printed timetable keeps every rule, each directional gap across midnight included, or the plan
reports the conflict (and prints no timetable)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekbom.engine.medications import match_all
from ekbom.knowledge.loader import load_knowledge
from ekbom.plan import make_plan
from tests.plan.checks import broken_rules

AS_OF = "2026-11-28"
MEDICINES = [
    "Synthroid 50 mcg",
    "levothyroxine 100 mcg at bedtime",
    "Sinemet 25/100",
    "levodopa",
    "ciprofloxacin 500 mg twice daily",
    "levofloxacin 500 mg",
    "moxifloxacin",
    "Avelox 400 mg once daily",
    "Cipro 250 mg",
    "doxycycline 100 mg",
    "minocycline 100 mg twice daily",
    "tetracycline 500 mg four times a day",
    "Fosamax 70 mg weekly",
    "risedronate 35 mg",
    "ibandronate monthly",
    "gabapentin 300 mg three times a day",
    "gabapentin 600 mg at bedtime",
    "Neurontin 300 mg twice daily",
    "omeprazole 20 mg",
    "Zoloft 50 mg",
    "warfarin",
    "mystery pill",
]
SUPPLEMENTS = [
    {"nutrient": "iron", "amount": 18, "unit": "mg"},
    {"nutrient": "magnesium", "amount": 100, "unit": "mg"},
    {"nutrient": "calcium", "amount": 500, "unit": "mg"},
    {"nutrient": "zinc", "amount": 10, "unit": "mg"},
    {"nutrient": "vitamin_d", "amount": 1000, "unit": "IU"},
    {"nutrient": "vitamin_c", "amount": 250, "unit": "mg"},
]
DAYS = [
    ("07:00", "23:00"),
    ("05:00", "21:00"),
    ("09:00", "21:00"),
    ("06:30", "22:30"),
    ("10:00", "01:00"),
    ("22:00", "14:00"),
    ("07:00", "05:00"),  # 22 hours awake: the evening dose sits close to the next morning
    ("07:00", "06:45"),  # the longest day ekbom plans
]


@st.composite
def days(draw: Any) -> tuple[str, str]:
    """A waking day of the sample, or any of 16 to 23¾ hours from any quarter hour."""
    if draw(st.booleans()):
        return tuple(draw(st.sampled_from(DAYS)))  # type: ignore[return-value]
    wake = draw(st.integers(0, 24 * 4 - 1)) * 15
    sleep = (wake + draw(st.integers(16 * 4, 24 * 4 - 1)) * 15) % (24 * 60)
    return f"{wake // 60:02d}:{wake % 60:02d}", f"{sleep // 60:02d}:{sleep % 60:02d}"


KNOWLEDGE = load_knowledge()
VOCABULARY = sorted([*KNOWLEDGE.ingredients, *KNOWLEDGE.brands])
FREQUENCIES = ["", " twice daily", " three times a day", " four times a day", " at bedtime"]


@st.composite
def medicines(draw: Any) -> str:
    """A named medicine of the sample, or any name of the vocabulary with a frequency."""
    if draw(st.booleans()):
        return str(draw(st.sampled_from(MEDICINES)))
    return str(draw(st.sampled_from(VOCABULARY))) + str(draw(st.sampled_from(FREQUENCIES)))


@st.composite
def supplements(draw: Any) -> dict[str, Any]:
    """A supplement of the sample, or any nutrient of the vocabulary at a small amount."""
    if draw(st.booleans()):
        return dict(draw(st.sampled_from(SUPPLEMENTS)))
    nutrient = KNOWLEDGE.nutrients[draw(st.sampled_from(sorted(KNOWLEDGE.nutrients)))]
    return {
        "nutrient": nutrient.id,
        "amount": draw(st.sampled_from([1, 5, 10])),
        "unit": nutrient.unit,
    }


@st.composite
def profiles(draw: Any) -> dict[str, Any]:
    profile: dict[str, Any] = {"age": draw(st.integers(20, 80)), "sex": "female", "as_of": AS_OF}
    profile["medications"] = draw(st.lists(medicines(), max_size=6, unique=True))
    profile["supplements"] = draw(
        st.lists(supplements(), max_size=4, unique_by=lambda s: s["nutrient"])
    )
    ferritin = draw(st.sampled_from([30, 60, 90, 150]))
    profile["labs"] = [
        {"test": "ferritin", "value": ferritin, "unit": "ug/L"},
        {"test": "tsat", "value": draw(st.sampled_from([15, 30])), "unit": "%"},
        {"test": "vitamin_d", "value": draw(st.sampled_from([15, 40, 80])), "unit": "ng/mL"},
    ]
    profile["symptoms"] = {"leg_cramps": draw(st.booleans())}
    return profile


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles(), day=days())
def test_plan_printed_timetables_keep_every_rule_or_report_the_conflict(
    profile: dict[str, Any], day: tuple[str, str]
) -> None:
    """Every directional gap holds round the clock (the next day's doses too), or the plan
    says which cannot be kept apart and what to ask."""
    knowledge = KNOWLEDGE
    plan = make_plan(profile, wake=day[0], sleep=day[1], knowledge=knowledge)
    document = plan.to_dict()
    taken = {s["nutrient"] for s in profile["supplements"]}
    for medicine in match_all(tuple(profile["medications"]), knowledge):  # nutrient medicines
        for name in medicine.ingredients:
            content = knowledge.ingredients[name].nutrient
            if content is not None and content.route == "oral":
                taken.add(content.nutrient)
    for slot in document["slots"]:
        if slot["kind"] == "supplement":
            assert slot["source"] in ("current", "suggested")
            assert slot["source"] == "suggested" or slot["nutrient"] in taken
            assert slot["source"] == "current" or slot["nutrient"] not in ("calcium", "zinc")
    if document["status"] == "ok":
        assert document["conflicts"] == []
        assert broken_rules(document, profile["medications"], knowledge) == []
    else:
        assert document["slots"] == [], "a conflict must never come with a timetable"
        assert document["conflicts"]
        for conflict in document["conflicts"]:
            assert conflict["items"] and conflict["message"] and conflict["ask"]
