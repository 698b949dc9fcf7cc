"""Everyday foods rich in the nutrients ekbom assesses, from the USDA Standard Reference (SR28).

The table ships in the package (`knowledge/data/foods/foods.csv`, built by
`python scripts/build_foods.py`) and loads with the rest of the knowledge::

    from ekbom.foods import rank_foods
    from ekbom.knowledge.loader import load_knowledge
    table = load_knowledge().foods.table
    rank_foods(table.foods, "iron", diet="vegan")[:10]
"""

from ekbom.foods.rank import PER, FoodAmount, diet_allows, food_entry, rank_foods, rounded
from ekbom.foods.table import DIETS, Food, FoodTable, parse_food_table

__all__ = [
    "DIETS",
    "PER",
    "Food",
    "FoodAmount",
    "FoodTable",
    "diet_allows",
    "food_entry",
    "parse_food_table",
    "rank_foods",
    "rounded",
]
