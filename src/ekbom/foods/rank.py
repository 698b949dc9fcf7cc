"""Rank the foods of the table for one nutrient: per portion or per 100 g, within a diet.

One entry per food: foods that share a name (the same food in a vegan and a vegetarian version,
say) are listed once, at their best. Ties keep a fixed order (name, then SR number), so the same
question always gets the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from ekbom.foods.table import Food
from ekbom.knowledge.vocabulary import DIETS

PER = ("portion", "100g")


class FoodAmount(NamedTuple):
    """A food and how much of one nutrient it gives per portion or per 100 g."""

    food: Food
    amount: float
    grams: float


def diet_allows(diet: str, food: Food) -> bool:
    """True when a person on `diet` eats `food` (DIETS runs from the widest diet)."""
    return DIETS.index(food.diet) >= DIETS.index(diet)


def rank_foods(
    foods: Iterable[Food],
    nutrient: str,
    *,
    diet: str = "omnivore",
    per: str = "portion",
    minimum: float = 0.0,
) -> list[FoodAmount]:
    """Foods with a value for `nutrient`, richest first, at least `minimum` each."""
    if diet not in DIETS:
        raise ValueError(f"diet must be one of {', '.join(DIETS)}, not {diet!r}")
    return list(for_diet(ranked(foods, nutrient, per=per, minimum=minimum), diet))


def ranked(
    foods: Iterable[Food], nutrient: str, *, per: str = "portion", minimum: float = 0.0
) -> list[FoodAmount]:
    """Every food with at least `minimum` of `nutrient`, richest first (all diets)."""
    if per not in PER:
        raise ValueError(f"per must be one of {', '.join(PER)}, not {per!r}")
    found = []
    for food in foods:
        value = food.values.get(nutrient)
        if value is None:
            continue
        grams = food.portion_g if per == "portion" else 100.0
        amount = value * grams / 100.0
        if amount >= minimum and amount > 0:
            found.append(FoodAmount(food, amount, grams))
    found.sort(key=lambda entry: (-entry.amount, entry.food.name, entry.food.sr))
    return found


def for_diet(found: Iterable[FoodAmount], diet: str) -> Iterator[FoodAmount]:
    """The entries a person on `diet` eats, one per food name (the first, richest, one)."""
    limit = DIETS.index(diet)
    listed: set[tuple[str, bool]] = set()
    for entry in found:
        key = (entry.food.name, entry.food.fortified)
        if DIETS.index(entry.food.diet) >= limit and key not in listed:
            listed.add(key)
            yield entry


def rounded(value: float) -> float:
    """An amount to show: three significant figures (6.5934 -> 6.59, 84.06 -> 84.1)."""
    return float(f"{value:.3g}")


def food_entry(
    found: FoodAmount, nutrient: str, unit: str, daily_value: float, per: str = "portion"
) -> dict[str, Any]:
    """One food as the assessment document and `ekbom foods --format json` show it."""
    food = found.food
    return {
        "sr": food.sr,
        "name": food.name,
        "portion": food.portion if per == "portion" else "100 g",
        "grams": found.grams,
        "amount": rounded(found.amount),
        "unit": unit,
        "daily_value_percent": round(100 * found.amount / daily_value),
        "fortified": food.fortified,
        "iron_kind": food.iron_kind if nutrient == "iron" else None,
    }
