"""The assessment's `foods` and `food_advice`: only for recommended/consider, for the person's
diet, iron paired with vitamin C; the JSON Schema (packaged and docs copies) accepts them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import ekbom
from ekbom.knowledge.loader import load_knowledge
from ekbom.schemas import assessment_schema

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-28"
ACTIVE = ("recommended", "consider")


def assess(**extra: Any) -> dict[str, Any]:
    profile = {
        "age": 45,
        "sex": "female",
        "labs": [
            {"test": "ferritin", "value": 40, "unit": "ug/L"},
            {"test": "tsat", "value": 15, "unit": "%"},
            {"test": "vitamin_d", "value": 15, "unit": "ng/mL"},
        ],
        "symptoms": {"leg_cramps": True},
    }
    profile.update(extra)
    return ekbom.assess(profile, as_of=AS_OF).to_dict()


def nutrient(document: dict[str, Any], nutrient_id: str) -> dict[str, Any]:
    return next(n for n in document["nutrients"] if n["nutrient"] == nutrient_id)


def test_assessment_foods_only_for_recommended_or_consider() -> None:
    document = assess()
    for entry in document["nutrients"]:
        assert bool(entry["foods"]) == (entry["verdict"] in ACTIVE), entry["nutrient"]
        assert bool(entry["food_advice"]) == bool(entry["foods"])
        assert len(entry["foods"]) <= 5


def test_assessment_foods_are_the_top_five_for_the_diet() -> None:
    knowledge = load_knowledge()
    assert knowledge.foods is not None
    for diet in ("vegan", "vegetarian", "omnivore"):
        iron = nutrient(assess(diet=diet), "iron")
        picked = knowledge.foods.picks[("iron", diet)][0]
        assert [f["sr"] for f in iron["foods"]] == [f["sr"] for f in picked]
        amounts = [f["amount"] for f in iron["foods"]]
        assert amounts == sorted(amounts, reverse=True)
    table = {food.sr: food for food in knowledge.foods.table.foods}
    vegan = nutrient(assess(diet="vegan"), "iron")["foods"]
    assert all(table[f["sr"]].diet == "vegan" and f["iron_kind"] == "non_heme" for f in vegan)
    vegetarian = nutrient(assess(diet="vegetarian"), "vitamin_d")["foods"]
    assert all(table[f["sr"]].diet != "omnivore" for f in vegetarian)


def test_assessment_without_diet_uses_all_foods() -> None:
    assert nutrient(assess(), "iron")["foods"] == nutrient(assess(diet="omnivore"), "iron")["foods"]


def test_assessment_iron_advice_pairs_vitamin_c_and_keeps_tea_coffee_calcium_away() -> None:
    advice = [a["message"] for a in nutrient(assess(diet="vegan"), "iron")["food_advice"]]
    pairing = next(text for text in advice if "vitamin C" in text)
    assert "lentils" in pairing or "beans" in pairing  # non-heme iron foods named
    assert any(word in pairing for word in ("guava", "kiwi", "orange", "juice", "pepper"))
    assert any("tea, coffee" in text and "calcium" in text for text in advice)
    assert nutrient(assess(diet="vegan"), "vitamin_c")["foods"], "vitamin C foods for the iron"


def test_assessment_food_advice_citations_are_in_the_document() -> None:
    document = assess()
    cited = {c for n in document["nutrients"] for a in n["food_advice"] for c in a["citations"]}
    assert "usda-sr28" in cited and cited <= set(document["citations"])


def test_assessment_existing_keys_are_unchanged() -> None:
    entry = nutrient(assess(), "iron")
    assert list(entry)[:12] == [  # spec 1.1 §2 order: current intake follows the dose
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
    ]


def test_assessment_with_foods_validates_against_both_schema_copies() -> None:
    packaged = assessment_schema()
    docs = json.loads((ROOT / "docs" / "assessment-v1.schema.json").read_text(encoding="utf-8"))
    assert docs == packaged
    validator = jsonschema.Draft202012Validator(packaged)
    for diet in ("vegan", "vegetarian", "omnivore"):
        assert list(validator.iter_errors(assess(diet=diet))) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.update(iron_kind="plant"),
        lambda f: f.update(sr="123"),
        lambda f: f.pop("portion"),
        lambda f: f.update(amount=0),
    ],
)
def test_assessment_schema_rejects_a_broken_food(change: Any) -> None:
    document = assess()
    change(nutrient(document, "iron")["foods"][0])
    validator = jsonschema.Draft202012Validator(assessment_schema())
    assert list(validator.iter_errors(document))


def test_assessment_foods_rendered_in_text_and_markdown() -> None:
    from rich.console import Console

    from ekbom.cli import render

    document = assess()
    markdown = render.to_markdown(document, load_knowledge())
    assert "**Foods rich in it:**" in markdown and "% of the daily value" in markdown
    console = Console(width=100, record=True, highlight=False)
    render.print_text(document, load_knowledge(), console)
    text = console.export_text()
    assert "Foods rich in it:" in text and "non-heme iron" in text
