"""The shipped food table and its rankings: real SR28 values, portions, diets, exclusions."""

from __future__ import annotations

import pytest

from ekbom.foods import DIETS, Food, rank_foods
from ekbom.knowledge.loader import load_knowledge

FLESH_GROUPS = {
    "Beef Products",
    "Pork Products",
    "Poultry Products",
    "Finfish and Shellfish Products",
    "Lamb, Veal, and Game Products",
    "Sausages and Luncheon Meats",
}
LEFT_OUT_GROUPS = {
    "Spices and Herbs",
    "Baby Foods",
    "American Indian/Alaska Native Foods",
    "Fast Foods",
    "Restaurant Foods",
}


@pytest.fixture(scope="module")
def foods() -> tuple[Food, ...]:
    knowledge = load_knowledge()
    assert knowledge.foods is not None
    return knowledge.foods.table.foods


def _by_sr(foods: tuple[Food, ...], sr: str) -> Food:
    return next(food for food in foods if food.sr == sr)


@pytest.mark.parametrize(
    ("sr", "name", "values"),
    [
        ("16070", "Lentils", {"iron": 3.33, "magnesium": 36, "folate": 181}),
        ("11458", "Spinach", {"iron": 3.57, "magnesium": 87, "folate": 146}),
        ("15237", "Salmon", {"vitamin_d": 13.1, "vitamin_b12": 2.8}),
        ("09206", "Orange juice", {"vitamin_c": 50}),
    ],
)
def test_rank_table_values_equal_sr28(
    foods: tuple[Food, ...], sr: str, name: str, values: dict[str, float]
) -> None:
    food = _by_sr(foods, sr)
    assert food.name == name
    for nutrient, value in values.items():
        assert food.values[nutrient] == pytest.approx(value)


def test_rank_amount_is_per_common_portion(foods: tuple[Food, ...]) -> None:
    lentils = next(a for a in rank_foods(foods, "iron") if a.food.sr == "16070")
    assert lentils.food.portion == "1 cup, cooked (198 g)"
    assert lentils.amount == pytest.approx(3.33 * 198 / 100)
    per_100g = next(a for a in rank_foods(foods, "iron", per="100g") if a.food.sr == "16070")
    assert per_100g.amount == pytest.approx(3.33) and per_100g.grams == 100


def test_rank_vegan_lists_no_animal_food(foods: tuple[Food, ...]) -> None:
    for nutrient in ("iron", "vitamin_b12", "vitamin_d", "magnesium"):
        for entry in rank_foods(foods, nutrient, diet="vegan"):
            assert entry.food.diet == "vegan"
            assert entry.food.group not in FLESH_GROUPS | {"Dairy and Egg Products"}
            assert entry.food.iron_kind == "non_heme"


def test_rank_vegetarian_has_dairy_and_eggs_but_no_meat_or_fish(foods: tuple[Food, ...]) -> None:
    found = rank_foods(foods, "vitamin_b12", diet="vegetarian")
    assert all(entry.food.group not in FLESH_GROUPS for entry in found)
    names = {entry.food.name for entry in found}
    assert {"Egg", "Milk (cow's)"} <= names


def test_rank_table_has_no_spices_baby_or_regional_foods(foods: tuple[Food, ...]) -> None:
    assert {food.group for food in foods}.isdisjoint(LEFT_OUT_GROUPS)
    words = ("thyme", "whale", "beluga", "seal", "babyfood", "formula", "supplement", "spirulina")
    assert not [food.name for food in foods if any(w in food.name.lower() for w in words)]


def test_rank_per_100g_iron_top_is_everyday_food(foods: tuple[Food, ...]) -> None:
    top = rank_foods(foods, "iron", per="100g")[:10]
    assert all(entry.food.group not in LEFT_OUT_GROUPS for entry in top)
    assert len(top) == 10


def test_rank_one_entry_per_food(foods: tuple[Food, ...]) -> None:
    for diet in DIETS:
        found = rank_foods(foods, "iron", diet=diet)
        keys = [(entry.food.name, entry.food.fortified) for entry in found]
        assert len(keys) == len(set(keys))
    assert len({(f.name, f.fortified, f.diet) for f in foods}) == len(foods)


def test_rank_order_is_deterministic_richest_first(foods: tuple[Food, ...]) -> None:
    first = rank_foods(foods, "magnesium", diet="vegetarian")
    assert first == rank_foods(tuple(reversed(foods)), "magnesium", diet="vegetarian")
    amounts = [entry.amount for entry in first]
    assert amounts == sorted(amounts, reverse=True)


def test_rank_heme_iron_only_from_meat_fish_and_poultry(foods: tuple[Food, ...]) -> None:
    for food in foods:
        assert (food.iron_kind == "heme") == (food.group in FLESH_GROUPS), food.name


def test_rank_fortified_foods_are_marked(foods: tuple[Food, ...]) -> None:
    assert _by_sr(foods, "08123").fortified  # instant oatmeal, fortified
    assert not _by_sr(foods, "16070").fortified
    assert any(entry.food.fortified for entry in rank_foods(foods, "vitamin_b12", diet="vegan"))


def test_rank_minimum_and_bad_arguments(foods: tuple[Food, ...]) -> None:
    assert all(entry.amount >= 5 for entry in rank_foods(foods, "iron", minimum=5))
    with pytest.raises(ValueError, match="diet"):
        rank_foods(foods, "iron", diet="carnivore")
    with pytest.raises(ValueError, match="per"):
        rank_foods(foods, "iron", per="cup")
