"""Read and check medications.yaml: classes, ingredients (with nutrient medicines), the list of
medicines recognised without a class, brands, and the words medicine strings are read with."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ekbom.knowledge import models as m
from ekbom.knowledge.reader import Reader
from ekbom.yamlsource import line_of

ROUTES = ("oral", "iv")
STRENGTH_UNITS = ("mg", "ug", "g", "IU")

_WORD = re.compile(r"[a-z0-9]+")


def medication_words(text: str) -> list[str]:
    """The lower-case words of a medicine name, as names are matched ("L-Dopa" -> l, dopa)."""
    return _WORD.findall(text.lower())


def name_key(name: str) -> str:
    """How a medicine name is looked up: its lower-case words joined by single spaces."""
    return " ".join(medication_words(name))


class MedicationVocabulary(NamedTuple):
    """medications.yaml as read: what the loader and the matcher need."""

    classes: dict[str, m.MedicationClass]
    ingredients: dict[str, m.Ingredient]
    brands: dict[str, m.Brand]
    reading: m.MedicineReading | None
    names: dict[str, tuple[str, ...]]
    salt_names: frozenset[str]
    brand_contents: dict[str, tuple[tuple[str, float], ...]]


def read_medications(
    node: Any, reader: Reader, nutrients: dict[str, m.Nutrient]
) -> MedicationVocabulary:
    reader.fields(
        node,
        1,
        {"classes": "list", "ingredients": "list", "brands": "list", "reading": "map"},
        {"recognised": "list"},
        what="medications.yaml",
    )
    classes = _classes(node, reader)
    seen: dict[str, int] = {}
    ingredients = _ingredients(node, reader, classes, nutrients, seen)
    _recognised(node, reader, ingredients, seen)
    brands = _brands(node, reader, ingredients, seen)
    reading = _reading(node.get("reading") if isinstance(node, dict) else None, reader)
    salts = frozenset(
        name_key(name)
        for i in ingredients.values()
        if i.also_a_salt
        for name in (i.name, *i.aliases)
    )
    contents = {name_key(b.name): b.contents for b in brands.values() if b.contents}
    return MedicationVocabulary(
        classes, ingredients, brands, reading, _name_index(ingredients, brands), salts, contents
    )


def _classes(node: Any, reader: Reader) -> dict[str, m.MedicationClass]:
    classes: dict[str, m.MedicationClass] = {}
    for f, _, line in reader.entries(
        node,
        "classes",
        {"id": "str", "label": "str", "trigger": "bool"},
        {"advice": "str", "citations": "strs"},
        what="medication class",
        unique=("id", "class id"),
    ):
        if f["trigger"] and "advice" not in f:
            reader.report(line, "missing-key", f"trigger class '{f['id']}' needs advice")
        classes[f["id"]] = m.MedicationClass(
            f["id"], f["label"], f["trigger"], tuple(f.get("citations", ())), f.get("advice")
        )
    return classes


def _ingredients(
    node: Any,
    reader: Reader,
    classes: dict[str, m.MedicationClass],
    nutrients: dict[str, m.Nutrient],
    seen: dict[str, int],
) -> dict[str, m.Ingredient]:
    ingredients: dict[str, m.Ingredient] = {}
    for item, line in reader.items(node, "ingredients", 1):
        f = reader.fields(
            item,
            line,
            {"name": "str", "classes": "strs"},
            {"aliases": "strs", "nutrient": "map", "also_a_salt": "bool"},
            what="ingredient",
        )
        if len(f) < 2 or not reader.unique(seen, f["name"], line, "medication name"):
            continue
        for cls in f["classes"]:
            if cls not in classes:
                reader.report(line, "reference", f"unknown medication class '{cls}'")
        for alias in f.get("aliases", ()):
            reader.unique(seen, alias, line, "medication name")
        content = None
        if "nutrient" in f:
            content = _nutrient(f["nutrient"], line_of(item, "nutrient", line), reader, nutrients)
        ingredients[f["name"]] = m.Ingredient(
            f["name"],
            tuple(f["classes"]),
            tuple(f.get("aliases", ())),
            content,
            f.get("also_a_salt", False),
        )
    return ingredients


def _nutrient(
    node: Any, line: int, reader: Reader, nutrients: dict[str, m.Nutrient]
) -> m.NutrientContent | None:
    """`nutrient: {id, route?, factor? | strengths?}` of a nutrient medicine, checked."""
    f = reader.fields(
        node,
        line,
        {"id": "str"},
        {"route": "str", "factor": "number", "strengths": "map"},
        what="nutrient",
    )
    if "id" not in f:
        return None
    ok = True
    if f["id"] not in nutrients:
        reader.report(
            line,
            "reference",
            f"unknown nutrient '{f['id']}'; use one of {', '.join(sorted(nutrients))}",
        )
        ok = False
    route = f.get("route", "oral")
    if route not in ROUTES:
        reader.report(line, "route", f"route must be {' or '.join(ROUTES)}, not '{route}'")
        ok = False
    factor = f.get("factor")
    if factor is not None and not 0 < factor <= 1:
        reader.report(
            line,
            "factor",
            f"factor must be above 0 and at most 1 (nutrient per unit of the salt), not {factor}",
        )
        ok = False
    strengths: list[tuple[float, float]] = []
    for written, amount in (f.get("strengths") or {}).items():
        salt = _number(written)
        valid = (
            salt is not None and isinstance(amount, int | float) and not isinstance(amount, bool)
        )
        if salt is None or not valid or salt <= 0 or amount <= 0:
            reader.report(
                line_of(f["strengths"], written, line),
                "factor",
                f"strengths need 'mg of the salt: amount of {f['id']}', both above 0, "
                f"not {written!r}: {amount!r}",
            )
            ok = False
            continue
        strengths.append((float(salt), float(amount)))
    if factor is not None and strengths:
        reader.report(line, "factor", "give either factor or strengths, not both")
        ok = False
    if route == "iv" and (factor is not None or strengths):
        reader.report(line, "factor", "iron by vein is never counted: no factor or strengths")
        ok = False
    if not ok:
        return None
    return m.NutrientContent(
        f["id"], route, float(factor) if factor is not None else None, tuple(strengths)
    )


def _number(written: Any) -> float | None:
    """A mapping key as a number (YAML keys are read as text)."""
    if isinstance(written, bool):
        return None
    try:
        return float(written)
    except (TypeError, ValueError):
        return None


def _recognised(
    node: Any, reader: Reader, ingredients: dict[str, m.Ingredient], seen: dict[str, int]
) -> None:
    """`recognised`: groups of {source, names}, medicines recognised without a class. A name
    already listed under `ingredients` (with a class or as a nutrient medicine) keeps that
    entry; a name may be in several groups."""
    if not isinstance(node, dict) or "recognised" not in node:
        return
    aliases = {alias for x in ingredients.values() for alias in x.aliases}
    for group, line in reader.items(node, "recognised", 1):
        f = reader.fields(group, line, {"source": "str", "names": "strs"}, what="recognised group")
        for i, name in enumerate(f.get("names", ())):
            if name in ingredients or name in aliases:
                continue
            if reader.unique(seen, name, line_of(group["names"], i, line), "medication name"):
                ingredients[name] = m.Ingredient(name, ())


def _brands(
    node: Any, reader: Reader, ingredients: dict[str, m.Ingredient], seen: dict[str, int]
) -> dict[str, m.Brand]:
    brands: dict[str, m.Brand] = {}
    for item, line in reader.items(node, "brands", 1):
        f = reader.fields(
            item,
            line,
            {"name": "str", "ingredients": "strs"},
            {"contents": "map"},
            what="brand",
        )
        if len(f) < 2 or not reader.unique(seen, f["name"], line, "medication name"):
            continue
        for name in f["ingredients"]:
            if name not in ingredients:
                reader.report(line, "reference", f"unknown ingredient '{name}'")
        contents: list[tuple[str, float]] = []
        for name, amount in (f.get("contents") or {}).items():
            if name not in f["ingredients"]:
                reader.report(
                    line_of(f["contents"], name, line),
                    "reference",
                    f"contents name '{name}', which is not one of the brand's ingredients",
                )
            elif isinstance(amount, bool) or not isinstance(amount, int | float) or amount <= 0:
                reader.report(
                    line_of(f["contents"], name, line),
                    "factor",
                    f"contents of '{name}' must be mg per tablet above 0, not {amount!r}",
                )
            else:
                contents.append((name, float(amount)))
        brands[f["name"]] = m.Brand(f["name"], tuple(f["ingredients"]), tuple(contents))
    return brands


def _reading(node: Any, reader: Reader) -> m.MedicineReading | None:
    """`reading`: strength units, frequency phrases, tablet words and concentration words."""
    if node is None:
        return None
    line = line_of(node, None, 1)
    f = reader.fields(
        node,
        line,
        {"units": "map", "frequencies": "list", "counts": "strs", "per": "strs"},
        what="reading",
    )
    if len(f) < 4:
        return None
    units: dict[str, str] = {}
    for unit, spellings in f["units"].items():
        at = line_of(f["units"], unit, line)
        if unit not in STRENGTH_UNITS or not isinstance(spellings, list):
            reader.report(
                at,
                "unit",
                f"units maps {', '.join(STRENGTH_UNITS)} to lists of spellings, not '{unit}'",
            )
            continue
        for spelling in spellings:
            units[" ".join(medication_words(str(spelling).replace("µ", "u")))] = unit
    frequencies: dict[tuple[str, ...], float] = {}
    for i, item in enumerate(f["frequencies"]):
        at = line_of(f["frequencies"], i, line)
        g = reader.fields(
            item, at, {"times": "number", "words": "strs"}, {"every_days": "number"}, "frequency"
        )
        days = g.get("every_days", 1)
        if len(g) < 2 or g["times"] <= 0 or days <= 0:
            if len(g) >= 2:
                reader.report(at, "factor", "times and every_days must be above 0")
            continue
        for phrase in g["words"]:
            key = tuple(medication_words(phrase))
            if key in frequencies:
                reader.report(at, "duplicate-id", f"frequency '{phrase}' is listed twice")
            frequencies[key] = g["times"] / days
    return m.MedicineReading(
        units,
        frequencies,
        frozenset(w.lower() for w in f["counts"]),
        frozenset(w.lower() for w in f["per"]),
    )


def _name_index(
    ingredients: dict[str, m.Ingredient], brands: dict[str, m.Brand]
) -> dict[str, tuple[str, ...]]:
    """Lower-case medication name (generic, alias or brand) -> the ingredients it stands for."""
    index: dict[str, tuple[str, ...]] = {}
    for ingredient in ingredients.values():
        for name in (ingredient.name, *ingredient.aliases):
            index[name_key(name)] = (ingredient.name,)
    for brand in brands.values():
        index[name_key(brand.name)] = brand.ingredients
    return index
