"""The rule catalogue's medicine sections: medication classes, nutrient medicines and brands, and
the supplement-medicine interactions."""

from __future__ import annotations

from ekbom.knowledge.catalogue_markdown import cites, code, number, table, yes
from ekbom.knowledge.models import Ingredient, Interaction, Knowledge


def medications_section(knowledge: Knowledge) -> str:
    class_rows = [
        (
            f"`{cls.id}`",
            cls.label,
            yes(cls.trigger),
            ", ".join(_ingredient_names(knowledge, cls.id)),
            cites(cls.citations),
        )
        for cls in knowledge.classes.values()
    ]
    others = ", ".join(
        name
        for name, ingredient in zip(
            _ingredient_names(knowledge, None),
            (i for i in knowledge.ingredients.values() if not i.classes),
            strict=True,
        )
        if ingredient.nutrient is None
    )
    nutrient_rows = [
        (i.name, f"`{i.nutrient.nutrient}`", i.nutrient.route, _strength_rule(i, knowledge))
        for i in knowledge.ingredients.values()
        if i.nutrient is not None
    ]
    brand_rows = [
        (b.name, ", ".join(b.ingredients) + _contents(b.contents))
        for b in knowledge.brands.values()
    ]
    return "\n\n".join(
        [
            "## Medications",
            "A trigger class may make restless legs worse; a medicine is reported under the first"
            " of its classes in this order. Aliases are in brackets.",
            "### Classes",
            table(("class", "label", "trigger", "ingredients", "citations"), class_rows),
            "### Nutrient medicines",
            "Counted as current intake: the strength written after the name, read as below"
            " (spec §1). Amount unknown means taken, amount not guessed.",
            table(("ingredient", "nutrient", "route", "strength read as"), nutrient_rows),
            "### Other recognised ingredients",
            others or "none",
            "### Brand names",
            table(("brand", "ingredients"), brand_rows),
        ]
    )


def _strength_rule(ingredient: Ingredient, knowledge: Knowledge) -> str:
    content = ingredient.nutrient
    if content is None or content.route == "iv":
        return "not counted (by vein)"
    unit = knowledge.nutrients[content.nutrient].unit
    if content.factor is not None:
        return f"× {content.factor:g}"
    if content.strengths:
        return ", ".join(f"{salt:g} mg = {amount:g} {unit}" for salt, amount in content.strengths)
    return "amount unknown"


def _contents(contents: tuple[tuple[str, float], ...]) -> str:
    if not contents:
        return ""
    return " (a tablet: " + ", ".join(f"{name} {mg:g} mg" for name, mg in contents) + ")"


def _ingredient_names(knowledge: Knowledge, class_id: str | None) -> list[str]:
    """Ingredients of one class (or, for None, of no class), with their aliases."""
    names = []
    for ingredient in knowledge.ingredients.values():
        member = class_id in ingredient.classes if class_id else not ingredient.classes
        if member:
            aliases = f" ({', '.join(ingredient.aliases)})" if ingredient.aliases else ""
            names.append(ingredient.name + aliases)
    return names


def interactions_section(knowledge: Knowledge) -> str:
    rows = [
        (
            f"`{item.id}`",
            code(item.nutrients),
            _partners(item),
            item.kind,
            _hours(item),
            item.advice,
            cites(item.citations),
        )
        for item in knowledge.interactions
    ]
    headers = ("id", "nutrients", "with", "kind", "separate hours", "advice", "citations")
    return "\n\n".join(
        [
            "## Interactions",
            "Absorption interactions are listed when the nutrient is recommended or considered,"
            " or already taken; depletion and safety interactions whenever the medicine is"
            " present.",
            table(headers, rows),
        ]
    )


def _hours(item: Interaction) -> str:
    """'4', or '6 (medicine 2 before / 6 after)' when the gap depends on the order."""
    if item.separate_hours is None:
        return "—"
    text = number(item.separate_hours)
    if item.before_hours is None or item.after_hours is None:
        return text
    if item.before_hours == item.after_hours:
        return text
    before, after = number(item.before_hours), number(item.after_hours)
    return f"{text} (medicine {before} before / {after} after)"


def _partners(item: Interaction) -> str:
    parts = [*sorted(item.ingredients), *(f"class `{c}`" for c in sorted(item.classes))]
    if item.supplement:
        parts.append(f"{item.supplement} (supplement)")
    text = ", ".join(parts)
    if item.without:
        text += f" without {', '.join(sorted(item.without))}"
    return text
