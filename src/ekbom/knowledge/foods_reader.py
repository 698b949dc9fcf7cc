"""Read `foods/foods.csv` and `foods/advice.yaml`; pick each nutrient's foods once, at load.

The assessment lists the top foods for a nutrient and a diet. Ranking the table for every
assessment would cost more than the rest of an assessment, so the lists (and the advice texts
with their food names filled in) are made here, once per knowledge load, for every nutrient of
the table and every diet, and again for kidney patients (advice.yaml `kidney`: only foods low
in potassium); the engine only looks them up with `FoodKnowledge.picks_for`.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from ekbom.foods.rank import FoodAmount, food_entry, for_diet, ranked
from ekbom.foods.table import Food, FoodTable, parse_food_table
from ekbom.knowledge import parse_cache
from ekbom.knowledge.context import ReadContext
from ekbom.knowledge.reader import Reader
from ekbom.knowledge.vocabulary import DIETS
from ekbom.yamlsource import line_of

TABLE = "foods/foods.csv"
ADVICE = "foods/advice.yaml"
PLACEHOLDERS = ("non_heme", "vitamin_c")
CACHE_KIND = "food-table-1"  # bump when Food or FoodTable change shape
_NAMES_IN_TEXT = 3

Entry = dict[str, Any]
Picks = dict[tuple[str, str], tuple[tuple[Entry, ...], tuple[Entry, ...]]]
NO_FOODS: tuple[tuple[Entry, ...], tuple[Entry, ...]] = ((), ())


class KidneyFoods(NamedTuple):
    """advice.yaml `kidney`: which people get only foods low in a column (potassium)."""

    conditions: frozenset[str]
    column: str
    unit: str
    most_per_portion: float
    advice: Entry  # message and citations

    def allows(self, food: Food) -> bool:
        """True when one portion of `food` has at most `most_per_portion` (a food without a
        value is left out: it cannot be shown to be low)."""
        value = food.values.get(self.column)
        return value is not None and value * food.portion_g / 100.0 <= self.most_per_portion


class FoodAdvice(NamedTuple):
    """advice.yaml: Daily Values, the listing threshold and the texts."""

    daily_values: dict[str, float]
    good_source_percent: float
    top: int
    source: Entry
    advice: dict[str, tuple[Entry, ...]]
    iron_kinds: dict[str, str]
    kidney: KidneyFoods

    def minimum(self, nutrient: str) -> float:
        """The smallest amount that makes a food worth listing for `nutrient`."""
        return self.daily_values[nutrient] * self.good_source_percent / 100.0


class FoodKnowledge(NamedTuple):
    """The food table, its advice, and each (nutrient, diet)'s assessment foods and advice."""

    table: FoodTable
    advice: FoodAdvice
    units: dict[str, str]
    """The nutrients foods are listed for (columns other than the kidney column), with units."""
    picks: Picks
    texts: dict[tuple[str, str], tuple[Entry, ...]]
    """(nutrient, diet) -> that nutrient's advice texts, placeholders filled for the diet."""
    kidney_picks: Picks
    """As `picks`, for people with a condition of advice.yaml `kidney`."""

    def picks_for(
        self, nutrient: str, diet: str | None, conditions: frozenset[str]
    ) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
        """The foods and food advice an assessment shows for `nutrient`."""
        kidney = not self.advice.kidney.conditions.isdisjoint(conditions)
        chosen = self.kidney_picks if kidney else self.picks
        return chosen.get((nutrient, diet or "omnivore"), NO_FOODS)


def read_foods(
    root: Path, ctx: ReadContext, advice_node: Any, advice_reader: Reader
) -> FoodKnowledge | None:
    """The food knowledge, or None when the files have problems (each reported)."""
    advice = _read_advice(ctx, advice_node, advice_reader)
    reader = Reader(TABLE, advice_reader.issues)
    try:
        table, problems = parse_cache.load_parsed(root / TABLE, parse_food_table, CACHE_KIND)
    except FileNotFoundError:
        reader.report(1, "missing-file", f"{root / TABLE} does not exist")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reader.report(1, "unreadable", str(exc))
        return None
    for line, message in problems:
        reader.report(line, "food-table", message)
    if table is None or advice is None or problems:
        return None
    units = _check_columns(table, advice, ctx, reader)
    if units is None:
        return None
    picks, texts = pick_foods(table, advice, units, lambda food: True)
    kidney, _ = pick_foods(table, advice, units, advice.kidney.allows, (advice.kidney.advice,))
    return FoodKnowledge(table, advice, units, picks, texts, kidney)


def _check_columns(
    table: FoodTable, advice: FoodAdvice, ctx: ReadContext, reader: Reader
) -> dict[str, str] | None:
    """Each column is a known nutrient, in its unit, with a Daily Value, or the kidney column in
    its unit; returns the nutrients' units (None when a column is wrong)."""
    units: dict[str, str] = {}
    declared = _declared_units(table.header.get("values", ""))
    kidney = advice.kidney
    if kidney.column not in table.nutrients:
        reader.report(1, "missing-key", f"{ADVICE} kidney: foods.csv has no '{kidney.column}'")
        return None
    if declared.get(kidney.column) != kidney.unit:
        shown = declared.get(kidney.column)
        reader.report(1, "unit", f"column '{kidney.column}' is in {shown}, not {kidney.unit}")
        return None
    for column in table.nutrients:
        nutrient = ctx.nutrients.get(column)
        if column == kidney.column:
            continue
        if nutrient is None:
            reader.report(1, "reference", f"column '{column}' is not a nutrient id")
        elif declared.get(column) != nutrient.unit:
            reader.report(
                1, "unit", f"column '{column}' is in {declared.get(column)}, not {nutrient.unit}"
            )
        elif column not in advice.daily_values:
            reader.report(1, "missing-key", f"{ADVICE} needs a daily value for '{column}'")
        else:
            units[column] = nutrient.unit
    return units if len(units) == len(table.nutrients) - 1 else None


def _declared_units(values_line: str) -> dict[str, str]:
    """'... units: iron mg, folate ug' -> {'iron': 'mg', 'folate': 'ug'}."""
    _, _, listed = values_line.partition("units: ")
    pairs = (item.strip().split(" ") for item in listed.split(",") if item.strip())
    return {pair[0]: pair[-1] for pair in pairs if len(pair) == 2}


def _read_advice(ctx: ReadContext, node: Any, reader: Reader) -> FoodAdvice | None:
    spec = {
        "version": "int",
        "daily_values": "map",
        "good_source_percent": "number",
        "assessment_top": "int",
        "source": "map",
        "advice": "map",
        "iron_kinds": "map",
        "kidney": "map",
    }
    f = reader.fields(node, 1, spec, what=ADVICE)
    if len(f) < len(spec):
        return None
    values = {}
    for nutrient, value in f["daily_values"].items():
        line = line_of(f["daily_values"], nutrient)
        if nutrient not in ctx.nutrients:
            reader.report(line, "reference", f"unknown nutrient '{nutrient}'")
        elif isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            reader.report(line, "type", f"the daily value of {nutrient} must be above 0")
        else:
            values[nutrient] = float(value)
    if not 0 <= f["good_source_percent"] <= 100 or f["assessment_top"] < 1:
        reader.report(1, "range", "good_source_percent must be 0-100 and assessment_top at least 1")
    advice: dict[str, tuple[Entry, ...]] = {}
    for nutrient, items in f["advice"].items():
        line = line_of(f["advice"], nutrient)
        if nutrient not in ctx.nutrients:
            reader.report(line, "reference", f"unknown nutrient '{nutrient}'")
        advice[nutrient] = tuple(
            _text(item, ctx, reader, line_of(items, i, line)) for i, item in enumerate(items or [])
        )
    kinds = {str(k): str(v) for k, v in f["iron_kinds"].items()}
    if set(kinds) != {"heme", "non_heme"}:
        reader.report(line_of(f["iron_kinds"]), "missing-key", "iron_kinds needs heme and non_heme")
    source = _text(f["source"], ctx, reader, line_of(f["source"]))
    source = {"message": source["message"], "citations": source["citations"]}
    kidney = _kidney(f["kidney"], ctx, reader, line_of(node, "kidney"))
    if kidney is None:
        return None
    return FoodAdvice(
        values, float(f["good_source_percent"]), f["assessment_top"], source, advice, kinds, kidney
    )


def _kidney(node: Any, ctx: ReadContext, reader: Reader, line: int) -> KidneyFoods | None:
    spec = {
        "conditions": "strs",
        "column": "str",
        "unit": "str",
        "most_per_portion": "number",
        "text": "str",
        "citations": "strs",
    }
    f = reader.fields(node, line, spec, what="kidney")
    if len(f) < len(spec):
        return None
    for condition in f["conditions"]:
        if condition not in ctx.vocab.conditions:
            reader.report(line, "reference", f"kidney: unknown condition '{condition}'")
    if f["most_per_portion"] < 0:
        reader.report(line, "range", "kidney: most_per_portion must be 0 or more")
    text = _text({"text": f["text"], "citations": f["citations"]}, ctx, reader, line)
    return KidneyFoods(
        frozenset(f["conditions"]),
        f["column"],
        f["unit"],
        float(f["most_per_portion"]),
        {"message": text["message"], "citations": text["citations"]},
    )


def _text(node: Any, ctx: ReadContext, reader: Reader, line: int) -> Entry:
    f = reader.fields(
        node, line, {"text": "str", "citations": "strs"}, {"diets": "strs"}, what="advice text"
    )
    diets = tuple(f.get("diets", DIETS))
    for diet in set(diets) - set(DIETS):
        reader.report(line, "diet", f"unknown diet '{diet}'; use {', '.join(DIETS)}")
    text = " ".join(str(f.get("text", "")).split())
    for name in _placeholders(text):
        if name not in PLACEHOLDERS:
            reader.report(
                line, "placeholder", f"unknown placeholder '{{{name}}}'; use {PLACEHOLDERS}"
            )
    citations = ctx.cite(f.get("citations", ()), reader, line)
    if not citations:
        reader.report(line, "citation", "cite at least one source")
    return {"message": text, "citations": citations, "diets": diets}


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"\{([^{}]*)\}", text)


# -- the picks --------------------------------------------------------------------------------


def pick_foods(
    table: FoodTable,
    advice: FoodAdvice,
    units: dict[str, str],
    keep: Callable[[Food], bool],
    first: tuple[Entry, ...] = (),
) -> tuple[Picks, dict[tuple[str, str], tuple[Entry, ...]]]:
    """Each (nutrient, diet)'s foods among those `keep` allows, and its advice: `first` (when
    any food is listed), the nutrient's texts (names taken from the kept foods), the source."""
    foods = [food for food in table.foods if keep(food)]
    everyone = {
        nutrient: ranked(foods, nutrient, minimum=advice.minimum(nutrient)) for nutrient in units
    }
    picks: Picks = {}
    all_texts = {}
    for diet in DIETS:
        names = {
            "non_heme": _names(
                a
                for a in for_diet(everyone.get("iron", []), diet)
                if a.food.iron_kind == "non_heme"
            ),
            "vitamin_c": _names(for_diet(everyone.get("vitamin_c", []), diet)),
        }
        for nutrient, found in everyone.items():
            dv = advice.daily_values[nutrient]
            listed = tuple(
                food_entry(a, nutrient, units[nutrient], dv)
                for a in islice(for_diet(found, diet), advice.top)
            )
            texts = tuple(
                {"message": e["message"].format(**names), "citations": e["citations"]}
                for e in advice.advice.get(nutrient, ())
                if diet in e["diets"]
            )
            shown = (*first, *texts, advice.source) if listed else ()
            picks[(nutrient, diet)] = (listed, shown)
            all_texts[(nutrient, diet)] = texts
    return picks, all_texts


def _names(amounts: Any) -> str:
    """'guava, kiwi and orange juice': the first unfortified foods, lower case, as a list (a
    name with a comma, such as "Bagels, egg", would blur the list and is passed over)."""
    names: list[str] = []
    for amount in amounts:
        assert isinstance(amount, FoodAmount)
        if amount.food.fortified or amount.food.name in names or "," in amount.food.name:
            continue
        names.append(amount.food.name)
        if len(names) == _NAMES_IN_TEXT:
            break
    shown = [n[:1].lower() + n[1:] if n[1:2].islower() else n for n in names]
    if len(shown) < 2:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " or " + shown[-1]
