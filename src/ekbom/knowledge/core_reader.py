"""Read and check the core knowledge files (texts, citations, labs, nutrients, conditions,
medicines, rules, interactions, lifestyle, red flags, foods) into the `Knowledge` the engine uses.

`ekbom.knowledge.loader` is the entry point (`load_knowledge`, `check_knowledge`); this module is
its core part, `CORE`, which the other parts need.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ekbom.errors import KnowledgeIssue
from ekbom.knowledge import models as m
from ekbom.knowledge.advice_reader import read_advice, read_red_flags
from ekbom.knowledge.context import ReadContext
from ekbom.knowledge.folder import Part
from ekbom.knowledge.foods_reader import ADVICE, read_foods
from ekbom.knowledge.interactions_reader import read_interactions
from ekbom.knowledge.language import Vocabulary
from ekbom.knowledge.limits_reader import (
    read_adult_limits,
    read_child_limits,
    read_entry_check,
)
from ekbom.knowledge.medications_reader import read_medications
from ekbom.knowledge.reader import Reader, read_yaml_file
from ekbom.knowledge.rules_reader import evaluation_order, read_rules
from ekbom.knowledge.text_reader import RLS_QUESTIONS, read_rls_questions, read_texts
from ekbom.knowledge.units import normalise_unit
from ekbom.yamlsource import line_of


def read_core(root: Path, _: object = None) -> tuple[m.Knowledge | None, list[KnowledgeIssue]]:
    """Read and check the core files of the folder `root`: the knowledge (None when there are
    problems) and every problem, in file order."""
    issues: list[KnowledgeIssue] = []

    def read(relative: str) -> tuple[Any, Reader]:
        return read_yaml_file(root, relative, issues)

    texts = read_texts(*read("text.yaml"))
    rls_questions = read_rls_questions(*read(RLS_QUESTIONS))
    citations = _read_citations(*read("citations.yaml"))
    tests, stale_after_days = _read_tests(*read("labs.yaml"))
    nutrients, adult_age = _read_nutrients(*read("nutrients.yaml"))
    conditions = _read_conditions(*read("conditions.yaml"))
    medicines = read_medications(*read("medications.yaml"), nutrients)
    classes, ingredients, brands = medicines.classes, medicines.ingredients, medicines.brands
    vocab = Vocabulary(
        frozenset(tests),
        frozenset(conditions),
        frozenset(ingredients),
        frozenset(classes),
        frozenset(nutrients),
    )
    context = ReadContext(vocab, citations, tests, nutrients)
    rules = {}
    for nutrient in (n for n in nutrients.values() if n.assessed):
        group = read_rules(nutrient.id, context, *read(f"rules/{nutrient.id}.yaml"))
        if group is not None:
            rules[nutrient.id] = group
    interactions = read_interactions(context, *read("interactions.yaml"))
    advice = read_advice(context, *read("lifestyle.yaml"))
    red_flags, cutoffs = read_red_flags(context, *read("red_flags.yaml"))
    foods = read_foods(root, context, *read(ADVICE))
    order = evaluation_order(rules, Reader("rules/", issues))
    for medication_class in classes.values():
        context.cite(medication_class.citations, Reader("medications.yaml", issues), 1)
    for nutrient in nutrients.values():
        cited = nutrient.citations + (nutrient.child_limits or m.ChildLimits((), (), ())).citations
        context.cite(cited, Reader("nutrients.yaml", issues), 1)
    if issues or texts is None or adult_age is None or stale_after_days is None:
        return None, issues
    knowledge = m.Knowledge(
        texts=texts,
        rls_questions=rls_questions,
        citations=citations,
        tests=tests,
        nutrients=nutrients,
        conditions=conditions,
        classes=classes,
        ingredients=ingredients,
        brands=brands,
        rules=rules,
        interactions=tuple(interactions),
        advice=tuple(advice),
        red_flags=red_flags,
        anaemia_cutoffs=tuple(cutoffs),
        evaluation_order=order,
        names=medicines.names,
        adult_age=adult_age,
        stale_after_days=stale_after_days,
        foods=foods,
        medicine_reading=medicines.reading,
        salt_names=medicines.salt_names,
        brand_contents=medicines.brand_contents,
    )
    return knowledge, issues


def _read_citations(node: Any, reader: Reader) -> dict[str, m.Citation]:
    reader.fields(node, 1, {"citations": "list"}, what="citations.yaml")
    result: dict[str, m.Citation] = {}
    seen: dict[str, int] = {}
    for item, line in reader.items(node, "citations", 1):
        f = reader.fields(
            item,
            line,
            {"id": "str", "title": "str", "year": "int", "verified": "bool", "checked": "str"},
            {
                "authors": "str",
                "source": "str",
                "doi": "str",
                "pmid": "str",
                "url": "str",
                "certainty": "str",
            },
            what="citation",
        )
        if f.get("certainty") not in (None, *m.CERTAINTIES):
            reader.report(
                line_of(item, "certainty", line),
                "citation",
                f"certainty '{f.pop('certainty')}' is not one of: {', '.join(m.CERTAINTIES)}",
            )
        if (
            "id" in f
            and "title" in f
            and "year" in f
            and reader.unique(seen, f["id"], line, "citation id")
        ):
            result[f["id"]] = m.Citation(**f)
    return result


def _whole_number(
    found: dict[str, Any], key: str, low: int, high: int, node: Any, reader: Reader
) -> int | None:
    """`found[key]` when it is a whole number from `low` to `high` (else reported, None)."""
    value = found.get(key)
    if value is not None and not low <= value <= high:
        reader.report(
            line_of(node, key, 1), "range", f"'{key}' must be from {low} to {high}, not {value}"
        )
        return None
    return value if isinstance(value, int) else None


def _read_tests(node: Any, reader: Reader) -> tuple[dict[str, m.LabTest], int | None]:
    """The lab tests by id, and after how many days a result is stale."""
    top = reader.fields(
        node, 1, {"version": "int", "stale_after_days": "int", "tests": "list"}, what="labs.yaml"
    )
    stale_after_days = _whole_number(top, "stale_after_days", 1, 36500, node, reader)
    result: dict[str, m.LabTest] = {}
    for f, item, line in reader.entries(
        node,
        "tests",
        {
            "id": "str",
            "name": "str",
            "plain": "str",
            "loinc": "strs",
            "canonical": "str",
            "units": "map",
            "plausible": "list",
            "precision": "int",
        },
        {"note": "str", "fraction": "map", "stands_in_for": "str"},
        what="lab test",
        unique=("id", "test id"),
    ):
        units: dict[str, float] = {}
        for spelling, factor in f["units"].items():
            if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 0:
                reader.report(
                    line_of(f["units"], spelling, line),
                    "unit",
                    f"unit '{spelling}' needs a positive factor, not {factor!r}",
                )
                continue
            units[normalise_unit(spelling)] = float(factor)
        canonical = normalise_unit(f["canonical"])
        if units.get(canonical) != 1.0:
            reader.report(
                line_of(item, "canonical", line),
                "unit",
                f"the canonical unit '{f['canonical']}' must be listed in units with factor 1",
            )
        low_high = f["plausible"]
        if (
            len(low_high) != 2
            or not all(isinstance(v, int | float) for v in low_high)
            or low_high[0] >= low_high[1]
        ):
            reader.report(line, "range", "plausible must be [low, high] with low < high")
            continue
        result[f["id"]] = m.LabTest(
            f["id"],
            f["name"],
            f["plain"],
            tuple(f["loinc"]),
            canonical,
            units,
            (float(low_high[0]), float(low_high[1])),
            f["precision"],
            f.get("note"),
            _read_fraction(f.get("fraction"), canonical, reader, line_of(item, "fraction", line)),
            f.get("stands_in_for"),
        )
    for test in (t for t in result.values() if t.stands_in_for is not None):
        other = result.get(test.stands_in_for or "")
        if other is None or other is test or other.canonical != test.canonical:
            reader.report(
                1,
                "reference",
                f"test '{test.id}' stands in for '{test.stands_in_for}', which must be another "
                "test with the same canonical unit",
            )
    return result, stale_after_days


def _read_fraction(node: Any, canonical: str, reader: Reader, line: int) -> m.FractionCheck | None:
    """`fraction`: a percent value this low was entered as a fraction (spec §1)."""
    if node is None:
        return None
    f = reader.fields(node, line, {"at_most": "number", "message": "str"}, what="fraction")
    if len(f) < 2:
        return None
    if canonical != "%":
        reader.report(line, "unit", "only a test measured in % can have a fraction check")
    for name in ("{value}", "{percent}"):
        if name not in f["message"]:
            reader.report(line, "placeholder", f"the fraction message must show {name}")
    return m.FractionCheck(float(f["at_most"]), f["message"])


def _read_nutrients(node: Any, reader: Reader) -> tuple[dict[str, m.Nutrient], int | None]:
    """The nutrients by id, and the age (whole years) from which adult limits apply."""
    top = reader.fields(
        node, 1, {"version": "int", "adult_age": "int", "nutrients": "list"}, what="nutrients.yaml"
    )
    adult_age = _whole_number(top, "adult_age", 1, 120, node, reader)
    result: dict[str, m.Nutrient] = {}
    for f, item, line in reader.entries(
        node,
        "nutrients",
        {
            "id": "str",
            "name": "str",
            "plain": "str",
            "assessed": "bool",
            "unit": "str",
            "basis": "str",
            "limits": "map",
            "citations": "strs",
        },
        {"iu": "number", "child_limits": "map", "entry_check": "map"},
        what="nutrient",
    ):
        if f["unit"] not in ("mg", "ug"):
            reader.report(line, "unit", f"nutrient unit must be mg or ug, not '{f['unit']}'")
        limits = read_adult_limits(f["limits"], reader, line_of(item, "limits", line))
        children = None
        if adult_age is None:  # reported above; the children's bands end the year before it
            pass
        elif "child_limits" in f:
            children = read_child_limits(
                f["child_limits"], reader, line_of(item, "child_limits", line), f["id"], adult_age
            )
        elif limits is not None and any(v is not None for v in limits.values()):
            reader.report(
                line,
                "missing-key",
                f"nutrient '{f['id']}' has adult limits, so it needs child_limits "
                f"(ages 0-{adult_age - 1})",
            )
        check = None
        if "entry_check" in f:
            check = read_entry_check(f["entry_check"], reader, line_of(item, "entry_check", line))
        if limits is not None:
            result[f["id"]] = m.Nutrient(
                f["id"],
                f["name"],
                f["plain"],
                f["assessed"],
                f["unit"],
                f["basis"],
                limits,
                tuple(f["citations"]),
                f.get("iu"),
                children,
                check,
            )
    return result, adult_age


def _read_conditions(node: Any, reader: Reader) -> dict[str, m.Condition]:
    reader.fields(node, 1, {"version": "int", "conditions": "list"}, what="conditions.yaml")
    result: dict[str, m.Condition] = {}
    required = {"id": "str", "name": "str", "plain": "str"}
    for f, _, _ in reader.entries(node, "conditions", required, what="condition"):
        result[f["id"]] = m.Condition(**f)
    return result


CORE: Part[m.Knowledge] = Part("core", read_core)
"""The core part of the knowledge folder: every other part that refers to it needs it."""
