"""interactions.yaml says spec 1.1 §5.5: each antibiotic with its own hours for every mineral,
and no antibiotic of the vocabulary without them (a class member added later must get a row)."""

from __future__ import annotations

import pytest

from ekbom.knowledge.loader import load_knowledge

KNOWLEDGE = load_knowledge()
MINERALS = {"iron", "magnesium", "calcium", "zinc"}


def rows_for(ingredient: str, nutrient: str) -> list[tuple[float | None, ...]]:
    classes = set(KNOWLEDGE.ingredients[ingredient].classes)
    return [
        (row.separate_hours, row.before_hours, row.after_hours)
        for row in KNOWLEDGE.interactions
        if row.kind == "absorption"
        and nutrient in row.nutrients
        and (ingredient in row.ingredients or row.classes & classes)
    ]


@pytest.mark.parametrize(
    ("ingredient", "hours"),
    [
        ("ciprofloxacin", (6, 2, 6)),
        ("levofloxacin", (2, 2, 2)),
        ("moxifloxacin", (8, 4, 8)),
        ("doxycycline", (4, 2, 4)),
        ("minocycline", (4, 2, 4)),
        ("tetracycline", (4, 2, 4)),
    ],
)
@pytest.mark.parametrize("nutrient", sorted(MINERALS))
def test_interactions_antibiotic_hours_for_every_mineral(
    ingredient: str, hours: tuple[int, int, int], nutrient: str
) -> None:
    assert rows_for(ingredient, nutrient) == [hours]


@pytest.mark.parametrize("cls", ["quinolone", "tetracycline"])
def test_interactions_every_antibiotic_of_the_vocabulary_has_one_row_per_mineral(cls: str) -> None:
    members = [name for name, i in KNOWLEDGE.ingredients.items() if cls in i.classes]
    assert members
    for name in members:
        for nutrient in MINERALS:
            assert len(rows_for(name, nutrient)) == 1, f"{name} + {nutrient}"


@pytest.mark.parametrize(
    ("ingredient", "nutrient", "hours"),
    [
        ("alendronate", "magnesium", (2, 2, 2)),
        ("risedronate", "calcium", (2, 2, 2)),
        ("ibandronate", "calcium", (2, 2, 2)),
        ("levothyroxine", "magnesium", (4, 4, 4)),
        ("levothyroxine", "calcium", (4, 4, 4)),
        ("levothyroxine", "iron", (4, 4, 4)),
        ("gabapentin", "magnesium", (2, 0, 2)),
    ],
)
def test_interactions_bone_thyroid_and_gabapentin_rows(
    ingredient: str, nutrient: str, hours: tuple[int, int, int]
) -> None:
    assert rows_for(ingredient, nutrient) == [hours]


def test_interactions_gabapentin_cites_its_label() -> None:
    (row,) = [r for r in KNOWLEDGE.interactions if "gabapentin" in r.ingredients]
    assert "neurontin-label" in row.citations
    assert KNOWLEDGE.citation_entries["neurontin-label"]["title"].startswith("NEURONTIN")
