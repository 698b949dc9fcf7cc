"""Nutrient medicines in the medication list are planned as what the person takes now (spec 1.1
§1 "Current intake"), kept apart from the medicines they interact with; iron by vein is left out
with a note."""

from __future__ import annotations

from ekbom.plan import make_plan

AS_OF = "2026-12-06"


def _plan(profile: dict) -> dict:
    return make_plan(profile, as_of=AS_OF).to_dict()


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def test_plan_ferrous_sulfate_is_current_iron_kept_apart_from_levothyroxine() -> None:
    plan = _plan(
        {
            "age": 58,
            "sex": "female",
            "labs": [
                {"test": "ferritin", "value": 68, "unit": "ng/mL"},
                {"test": "tsat", "value": 27, "unit": "%"},
            ],
            "medications": ["ferrous sulfate 325 mg once daily", "Synthroid 75 mcg"],
        }
    )
    slots = plan["slots"]
    iron = [s for s in slots if s.get("nutrient") == "iron"]
    assert [s["source"] for s in iron] == ["current"]  # continue: no second full dose
    assert "65 mg" in iron[0]["label"]
    thyroid = next(s for s in slots if "Synthroid" in s["label"])
    assert abs(_minutes(iron[0]["time"]) - _minutes(thyroid["time"])) >= 4 * 60
    assert "ferrous sulfate 325 mg once daily" not in plan["keep_usual_times"]


def test_plan_leaves_out_iron_by_vein_and_says_why() -> None:
    plan = _plan(
        {
            "age": 66,
            "sex": "male",
            "conditions": ["dialysis"],
            "labs": [
                {"test": "ferritin", "value": 350, "unit": "ng/mL"},
                {"test": "tsat", "value": 22, "unit": "%"},
            ],
            "medications": ["iron sucrose 100 mg IV at dialysis"],
        }
    )
    assert not [s for s in plan["slots"] if s.get("nutrient") == "iron"]
    assert any(note.startswith("Iron: you get it through a vein") for note in plan["not_planned"])
