"""Read and check the knowledge files; build the `Knowledge` the engine uses.

`load_knowledge()` (cached) raises `KnowledgeError` listing every problem; `check_knowledge()`
returns the problems instead, for `ekbom kb check`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from ekbom.errors import KnowledgeError, KnowledgeIssue
from ekbom.knowledge import models as m
from ekbom.knowledge.context import ReadContext
from ekbom.knowledge.foods_reader import ADVICE, read_foods
from ekbom.knowledge.language import CRITERIA, VERDICTS, Vocabulary
from ekbom.knowledge.medications_reader import medication_words, read_medications
from ekbom.knowledge.reader import Reader, read_yaml_file
from ekbom.knowledge.rules_reader import (
    evaluation_order,
    read_advice,
    read_interactions,
    read_red_flags,
    read_rules,
)
from ekbom.knowledge.units import normalise_unit
from ekbom.yamlsource import line_of

DATA_DIR = Path(__file__).parent / "data"
POLICIES = ("us", "eu", "strictest")
RLS_QUESTIONS = "rls_questions.yaml"
__all__ = ["check_knowledge", "data_dir", "load_knowledge", "medication_words"]


def data_dir() -> Path:
    """The knowledge folder: `EKBOM_KNOWLEDGE_DIR` when set, else the packaged data."""
    override = os.environ.get("EKBOM_KNOWLEDGE_DIR")
    return Path(override) if override else DATA_DIR


@cache
def _load_cached(directory: str) -> m.Knowledge:
    knowledge, issues = _build(Path(directory))
    if issues:
        raise KnowledgeError(issues)
    assert knowledge is not None
    return knowledge


def load_knowledge(directory: Path | str | None = None) -> m.Knowledge:
    """The checked knowledge base (loaded once per folder); KnowledgeError if it has problems."""
    return _load_cached(str(directory or data_dir()))


def check_knowledge(directory: Path | str | None = None) -> list[KnowledgeIssue]:
    """Every problem in the knowledge files, in file order (empty when all is well)."""
    root = Path(directory or data_dir())
    knowledge, issues = _build(root)
    if knowledge is not None:  # the interop files refer to conditions, tests and red flags
        from ekbom.knowledge.interop_codes import read_interop_files

        issues.extend(read_interop_files(root, knowledge)[1])
        from ekbom.knowledge.screening_codes import read_screening_file  # `ekbom screen`

        issues.extend(read_screening_file(root, knowledge)[1])
    if knowledge is not None:  # timing.yaml (ekbom plan) refers to medicines and interactions
        from ekbom.knowledge.timing_reader import check_timing

        issues.extend(check_timing(knowledge, root))
    from ekbom.knowledge.diary_assess import check_diary_assess  # `assess --diary` settings

    issues.extend(check_diary_assess(root))
    if knowledge is not None:  # effect windows and report questions (the diary's analysis)
        from ekbom.knowledge.diary_knowledge import check_diary_knowledge

        issues.extend(check_diary_knowledge(root))
    return issues


class _Files:
    """Reads one YAML file at a time, turning YAML errors into issues."""

    def __init__(self, root: Path, issues: list[KnowledgeIssue]) -> None:
        self.root = root
        self.issues = issues

    def read(self, relative: str) -> tuple[Any, Reader]:
        return read_yaml_file(self.root, relative, self.issues)


def _build(root: Path) -> tuple[m.Knowledge | None, list[KnowledgeIssue]]:
    issues: list[KnowledgeIssue] = []
    files = _Files(root, issues)
    texts = _read_texts(*files.read("text.yaml"))
    rls_questions = _read_rls_questions(*files.read(RLS_QUESTIONS))
    citations = _read_citations(*files.read("citations.yaml"))
    tests = _read_tests(*files.read("labs.yaml"))
    nutrients = _read_nutrients(*files.read("nutrients.yaml"))
    conditions = _read_conditions(*files.read("conditions.yaml"))
    medicines = read_medications(*files.read("medications.yaml"), nutrients)
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
        group = read_rules(nutrient.id, context, *files.read(f"rules/{nutrient.id}.yaml"))
        if group is not None:
            rules[nutrient.id] = group
    interactions = read_interactions(context, *files.read("interactions.yaml"))
    advice = read_advice(context, *files.read("lifestyle.yaml"))
    red_flags, cutoffs = read_red_flags(context, *files.read("red_flags.yaml"))
    foods = read_foods(root, context, *files.read(ADVICE))
    order = evaluation_order(rules, Reader("rules/", issues))
    for medication_class in classes.values():
        context.cite(medication_class.citations, Reader("medications.yaml", issues), 1)
    if issues or texts is None:
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
        foods=foods,
        medicine_reading=medicines.reading,
        salt_names=medicines.salt_names,
        brand_contents=medicines.brand_contents,
    )
    return knowledge, issues


def _read_rls_questions(node: Any, reader: Reader) -> dict[str, str]:
    """criterion key -> its question in plain words, in the spec's order; every key needed."""
    f = reader.fields(node, 1, {"version": "int", "criteria": "map"}, what=RLS_QUESTIONS)
    if "criteria" not in f:
        return {}
    wanted = dict.fromkeys(CRITERIA, "str")
    found = reader.fields(f["criteria"], line_of(node, "criteria"), wanted, what="criteria")
    return {key: " ".join(found[key].split()) for key in CRITERIA if key in found}


def _read_texts(node: Any, reader: Reader) -> m.Texts | None:
    f = reader.fields(
        node,
        1,
        {
            "knowledge_version": "str",
            "cases_as_of": "str",
            "disclaimer": "str",
            "messages": "map",
            "populations": "map",
            "irls_bands": "list",
            "verdicts": "map",
            "priorities": "map",
        },
        what="text.yaml",
    )
    if len(f) != 8:
        return None
    for verdict in VERDICTS:
        if verdict not in f["verdicts"]:
            reader.report(1, "missing-key", f"verdicts needs a label for '{verdict}'")
    return m.Texts(
        f["knowledge_version"],
        f["cases_as_of"],
        " ".join(f["disclaimer"].split()),
        dict(f["messages"]),
        {k: dict(v) for k, v in f["populations"].items()},
        tuple((int(b["max"]), str(b["band"])) for b in f["irls_bands"]),
        dict(f["verdicts"]),
        dict(f["priorities"]),
    )


def _read_citations(node: Any, reader: Reader) -> dict[str, m.Citation]:
    reader.fields(node, 1, {"citations": "list"}, what="citations.yaml")
    result: dict[str, m.Citation] = {}
    seen: dict[str, int] = {}
    for item, line in reader.items(node, "citations", 1):
        f = reader.fields(
            item,
            line,
            {"id": "str", "title": "str", "year": "int"},
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
        if (
            "id" in f
            and "title" in f
            and "year" in f
            and reader.unique(seen, f["id"], line, "citation id")
        ):
            result[f["id"]] = m.Citation(**f)
    return result


def _read_tests(node: Any, reader: Reader) -> dict[str, m.LabTest]:
    reader.fields(node, 1, {"version": "int", "tests": "list"}, what="labs.yaml")
    result: dict[str, m.LabTest] = {}
    seen: dict[str, int] = {}
    for item, line in reader.items(node, "tests", 1):
        f = reader.fields(
            item,
            line,
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
            {"note": "str"},
            what="lab test",
        )
        if len(f) < 8 or not reader.unique(seen, f["id"], line, "test id"):
            continue
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
        )
    return result


def _read_nutrients(node: Any, reader: Reader) -> dict[str, m.Nutrient]:
    reader.fields(node, 1, {"version": "int", "nutrients": "list"}, what="nutrients.yaml")
    result: dict[str, m.Nutrient] = {}
    seen: dict[str, int] = {}
    for item, line in reader.items(node, "nutrients", 1):
        f = reader.fields(
            item,
            line,
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
            {"iu": "number"},
            what="nutrient",
        )
        if len(f) < 8 or not reader.unique(seen, f["id"], line, "nutrient id"):
            continue
        if f["unit"] not in ("mg", "ug"):
            reader.report(line, "unit", f"nutrient unit must be mg or ug, not '{f['unit']}'")
        limits = reader.fields(f["limits"], line, dict.fromkeys(POLICIES, "number?"), what="limits")
        if len(limits) == len(POLICIES):
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
            )
    return result


def _read_conditions(node: Any, reader: Reader) -> dict[str, m.Condition]:
    reader.fields(node, 1, {"version": "int", "conditions": "list"}, what="conditions.yaml")
    result: dict[str, m.Condition] = {}
    seen: dict[str, int] = {}
    for item, line in reader.items(node, "conditions", 1):
        f = reader.fields(
            item, line, {"id": "str", "name": "str", "plain": "str"}, what="condition"
        )
        if len(f) == 3 and reader.unique(seen, f["id"], line, "condition id"):
            result[f["id"]] = m.Condition(**f)
    return result
