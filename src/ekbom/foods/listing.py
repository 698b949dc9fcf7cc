"""What `ekbom foods` prints: a ranked list of foods for one nutrient, as JSON or text."""

from __future__ import annotations

import textwrap
from itertools import islice
from typing import Any

from ekbom.foods.rank import food_entry, for_diet, ranked
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.vocabulary import display_unit

WIDTH = 80
_DIET_WORDS = {"omnivore": "all diets", "vegetarian": "vegetarian", "vegan": "vegan"}


def food_listing(
    knowledge: Knowledge,
    nutrient: str,
    *,
    diet: str = "omnivore",
    per: str = "portion",
    top: int = 10,
) -> dict[str, Any]:
    """The top foods for `nutrient`, with the advice for the diet and the table's provenance."""
    foods = knowledge.foods
    if foods is None or nutrient not in foods.units:
        raise KeyError(nutrient)
    advice = foods.advice
    unit = foods.units[nutrient]
    daily = advice.daily_values[nutrient]
    found = ranked(foods.table.foods, nutrient, per=per, minimum=advice.minimum(nutrient))
    header = foods.table.header
    return {
        "nutrient": nutrient,
        "name": knowledge.nutrients[nutrient].name,
        "diet": diet,
        "per": per,
        "unit": unit,
        "daily_value": daily,
        "minimum_percent_of_daily_value": advice.good_source_percent,
        "foods": [
            food_entry(entry, nutrient, unit, daily, per)
            for entry in islice(for_diet(found, diet), top)
        ],
        "advice": [
            {"message": a["message"], "citations": list(a["citations"])}
            for a in foods.texts.get((nutrient, diet), ())
        ],
        "source": {
            "title": header.get("source", ""),
            "licence": header.get("licence", ""),
            "sdist": header.get("sdist", ""),
            "citations": list(advice.source["citations"]),
        },
    }


def listing_text(listing: dict[str, Any], iron_kinds: dict[str, str]) -> str:
    """The listing as aligned plain text, ending with a newline; `iron_kinds` labels heme and
    non-heme iron (advice.yaml)."""
    unit = display_unit(listing["unit"])
    per = "per portion" if listing["per"] == "portion" else "per 100 g"
    foods = listing["foods"]
    lines = [
        f"{listing['name']}: {len(foods)} everyday foods richest {per} "
        f"({_DIET_WORDS[listing['diet']]}); daily value {listing['daily_value']:g} {unit}",
        "",
    ]
    if not foods:
        lines.append(
            "No food in the table gives at least "
            f"{listing['minimum_percent_of_daily_value']:g}% of the daily value."
        )
    rows = [_row(number, food, unit, iron_kinds) for number, food in enumerate(foods, start=1)]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    for row in rows:
        cells = [row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2])]
        lines.append("  ".join([*cells, row[3].rjust(widths[3]), row[4]]).rstrip())
    for advice in listing["advice"]:
        lines += ["", *textwrap.wrap(advice["message"], WIDTH)]
    source = listing["source"]
    lines += [
        "",
        *textwrap.wrap(f"Source: {source['title']}. Licence: {source['licence']}.", WIDTH),
    ]
    return "\n".join(lines) + "\n"


def _row(
    number: int, food: dict[str, Any], unit: str, iron_kinds: dict[str, str]
) -> tuple[str, str, str, str, str]:
    name = food["name"] + (" (fortified)" if food["fortified"] else "")
    kind = iron_kinds.get(food["iron_kind"] or "", "")
    return (
        f"{number}.",
        f"{name}, {food['portion']}",
        f"{food['amount']:g} {unit}",
        f"{food['daily_value_percent']}% DV",
        kind,
    )
