"""Reader for the nutrient rule files (rules/*.yaml): rules, modifiers, doses, tests, the example
cases, and the order the nutrients are decided in."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter
from typing import Any

from ekbom.knowledge import models as m
from ekbom.knowledge.context import ReadContext
from ekbom.knowledge.language import VERDICTS
from ekbom.knowledge.reader import Reader
from ekbom.yamlsource import line_of

GRADES = ("high", "moderate", "low", "very_low")
PRIORITIES = ("essential", "useful")
CASE_EXPECTATIONS = ("fires", "silent")

_RULE_REQUIRED = {
    "id": "str",
    "spec": "str",
    "title": "str",
    "when": "map",
    "verdict": "str",
    "summary": "str",
    "reasons": "strs",
    "evidence": "map",
}
_RULE_OPTIONAL = {
    "needs_clinician": "bool",
    "cautions": "strs",
    "forms": "strs",
    "dose": "map",
    "tests": "list",
    "red_flags": "strs",
    "cases": "list",
    "if_taking": "str",
}
_MODIFIER_REQUIRED = {"id": "str", "title": "str", "when": "map", "evidence": "map"}
_MODIFIER_OPTIONAL = {
    "verdicts": "strs",
    "rules": "strs",
    "needs_clinician": "bool",
    "cautions": "strs",
    "tests": "list",
}


def read_rules(
    nutrient: str, ctx: ReadContext, node: Any, reader: Reader
) -> m.NutrientRules | None:
    """One nutrient's rules file."""
    if node is None:
        return None
    f = reader.fields(
        node, 1, {"nutrient": "str", "rules": "list"}, {"modifiers": "list"}, what="rules file"
    )
    if f.get("nutrient") != nutrient:
        reader.report(1, "path", f"this file must hold the rules of '{nutrient}'")
    seen: dict[str, int] = {}
    deps: set[str] = set()
    rules = [
        rule
        for item, line in reader.items(node, "rules", 1)
        if (rule := _read_rule(nutrient, item, line, ctx, reader, seen, deps)) is not None
    ]
    ids = {rule.id for rule in rules}
    modifiers = [
        mod
        for item, line in _optional_items(node, "modifiers")
        if (mod := _read_modifier(nutrient, item, line, ctx, reader, seen, deps, ids)) is not None
    ]
    for rule in rules[:-1]:
        if not any(case.expect == "silent" for case in rule.cases):
            reader.report(
                rule.source.line,
                "cases",
                f"rule '{rule.id}' needs at least one case that stays silent",
            )
    if rules and rules[-1].when != {}:
        reader.report(
            rules[-1].source.line,
            "fallthrough",
            "the last rule must have `when: {}` so every person gets a verdict",
        )
    deps.discard(nutrient)
    return m.NutrientRules(nutrient, tuple(rules), tuple(modifiers), frozenset(deps))


def _optional_items(node: Any, key: str) -> list[tuple[Any, int]]:
    items = node.get(key) if isinstance(node, dict) else None
    if not isinstance(items, list):
        return []
    return [(item, line_of(items, i)) for i, item in enumerate(items)]


def _check_id(
    nutrient: str, f: dict[str, Any], line: int, reader: Reader, seen: dict[str, int]
) -> bool:
    rid = f["id"]
    if not rid.startswith(nutrient + ".") or rid != rid.lower() or " " in rid:
        reader.report(line, "id", f"id '{rid}' must be lower case and start with '{nutrient}.'")
    return reader.unique(seen, rid, line, "rule id")


def _read_rule(
    nutrient: str,
    node: Any,
    line: int,
    ctx: ReadContext,
    reader: Reader,
    seen: dict[str, int],
    deps: set[str],
) -> m.Rule | None:
    f = reader.fields(node, line, _RULE_REQUIRED, _RULE_OPTIONAL, what="rule")
    if len(set(_RULE_REQUIRED) & set(f)) < len(_RULE_REQUIRED):
        return None
    line = line_of(node, None, line)
    if not _check_id(nutrient, f, line, reader, seen):
        return None
    if f["verdict"] not in VERDICTS:
        reader.report(
            line_of(node, "verdict", line),
            "verdict",
            f"unknown verdict '{f['verdict']}'; use one of {', '.join(VERDICTS)}",
        )
    compiled = ctx.compile(f["when"], reader, line_of(node, "when", line))
    deps.update(compiled.verdict_deps)
    grade, citations = _evidence(f["evidence"], ctx, reader, line_of(node, "evidence", line))
    texts = [f["summary"], *f["reasons"], *f.get("cautions", ())]
    if "if_taking" in f:
        texts.append(f["if_taking"])
    for text in texts:
        ctx.placeholders(text, reader, line)
    for flag in f.get("red_flags", ()):
        if flag == "":
            reader.report(line, "red-flag", "empty red flag id")
    cases = _read_cases(f.get("cases", []), reader, line_of(node, "cases", line))
    if not any(case.expect == "fires" for case in cases):
        reader.report(line, "cases", f"rule '{f['id']}' needs at least one case that fires")
    return m.Rule(
        id=f["id"],
        nutrient=nutrient,
        spec=f["spec"],
        title=f["title"],
        when=f["when"],
        predicate=compiled.predicate,
        verdict=f["verdict"],
        summary=f["summary"],
        reasons=tuple(f["reasons"]),
        grade=grade,
        citations=citations,
        source=m.Source(reader.path, line),
        needs_clinician=f.get("needs_clinician", False),
        cautions=tuple(f.get("cautions", ())),
        forms=tuple(f.get("forms", ())),
        dose=_read_dose(f.get("dose"), ctx.nutrients.get(nutrient), reader, line),
        tests=_read_tests(f.get("tests", []), ctx, reader, line),
        red_flags=tuple(f.get("red_flags", ())),
        cases=cases,
        if_taking=f.get("if_taking"),
    )


def _read_modifier(
    nutrient: str,
    node: Any,
    line: int,
    ctx: ReadContext,
    reader: Reader,
    seen: dict[str, int],
    deps: set[str],
    rule_ids: set[str],
) -> m.Modifier | None:
    f = reader.fields(node, line, _MODIFIER_REQUIRED, _MODIFIER_OPTIONAL, what="modifier")
    if len(set(_MODIFIER_REQUIRED) & set(f)) < len(_MODIFIER_REQUIRED):
        return None
    line = line_of(node, None, line)
    if not _check_id(nutrient, f, line, reader, seen):
        return None
    verdicts = frozenset(f.get("verdicts", ()))
    rules = frozenset(f.get("rules", ()))
    if not verdicts and not rules:
        reader.report(line, "modifier", "a modifier needs `verdicts` or `rules` it applies to")
    for verdict in verdicts - set(VERDICTS):
        reader.report(line, "verdict", f"unknown verdict '{verdict}'")
    for rid in rules - rule_ids:
        reader.report(line, "reference", f"unknown rule id '{rid}'")
    compiled = ctx.compile(f["when"], reader, line_of(node, "when", line))
    deps.update(compiled.verdict_deps)
    _, citations = _evidence(f["evidence"], ctx, reader, line, need_grade=False)
    for text in f.get("cautions", ()):
        ctx.placeholders(text, reader, line)
    return m.Modifier(
        id=f["id"],
        nutrient=nutrient,
        title=f["title"],
        when=f["when"],
        predicate=compiled.predicate,
        citations=citations,
        source=m.Source(reader.path, line),
        verdicts=verdicts,
        rules=rules,
        needs_clinician=f.get("needs_clinician", False),
        cautions=tuple(f.get("cautions", ())),
        tests=_read_tests(f.get("tests", []), ctx, reader, line),
    )


def _evidence(
    node: Any, ctx: ReadContext, reader: Reader, line: int, need_grade: bool = True
) -> tuple[str, tuple[str, ...]]:
    required = {"grade": "str", "citations": "strs"} if need_grade else {"citations": "strs"}
    f = reader.fields(node, line, required, {} if need_grade else {"grade": "str"}, what="evidence")
    grade = f.get("grade", "")
    if need_grade and grade not in GRADES:
        reader.report(line, "grade", f"grade must be one of {', '.join(GRADES)}")
    citations = ctx.cite(f.get("citations", ()), reader, line)
    if not citations:
        reader.report(line, "citation", "cite at least one source")
    return grade, citations


def _read_dose(node: Any, nutrient: m.Nutrient | None, reader: Reader, line: int) -> m.Dose | None:
    if node is None:
        return None
    f = reader.fields(
        node,
        line,
        {"amount": "number", "unit": "str", "per": "str", "basis": "str", "schedule": "str"},
        {"self_directed": "bool", "enough_at": "number", "top_up": "bool", "for_children": "bool"},
        what="dose",
    )
    if len(f) < 5:
        return None
    if nutrient is not None and f["unit"] != nutrient.unit:
        reader.report(line, "unit", f"dose unit must be '{nutrient.unit}' like the limits")
    if f["per"] != "day":
        reader.report(line, "dose", "doses are per day")
    if f["amount"] <= 0:
        reader.report(line, "dose", "dose amount must be positive")
    enough_at = f.get("enough_at")
    if enough_at is not None and not 0 < enough_at <= f["amount"]:
        reader.report(line, "dose", "enough_at must be above 0 and at most the dose amount")
    return m.Dose(
        float(f["amount"]),
        f["unit"],
        f["per"],
        f["basis"],
        f["schedule"],
        f.get("self_directed", True),
        float(enough_at) if enough_at is not None else None,
        f.get("top_up", True),
        f.get("for_children", False),
    )


def _read_tests(
    items: Any, ctx: ReadContext, reader: Reader, line: int
) -> tuple[m.TestRequest, ...]:
    result = []
    for i, item in enumerate(items):
        item_line = line_of(items, i, line)
        f = reader.fields(
            item, item_line, {"test": "str", "priority": "str", "why": "str"}, what="test request"
        )
        if len(f) < 3:
            continue
        if f["test"] not in ctx.tests:
            reader.report(item_line, "reference", f"unknown lab test '{f['test']}'")
        if f["priority"] not in PRIORITIES:
            reader.report(item_line, "priority", f"priority must be one of {PRIORITIES}")
        result.append(m.TestRequest(f["test"], f["priority"], f["why"]))
    return tuple(result)


CASE_CHECKS = ("dose", "continue_current", "first_step", "red_flags", "no_red_flags")
"""What a case's `then` may check: the dose amount added (null for none), continue_current, the
best first step's action, and red flag ids raised or not raised."""


def _read_cases(items: Any, reader: Reader, line: int) -> tuple[m.Case, ...]:
    result = []
    for i, item in enumerate(items):
        item_line = line_of(items, i, line)
        f = reader.fields(
            item, item_line, {"given": "map", "expect": "str"}, {"then": "map"}, what="case"
        )
        if len(f) < 2:
            continue
        if f["expect"] not in CASE_EXPECTATIONS:
            reader.report(item_line, "cases", f"expect must be one of {CASE_EXPECTATIONS}")
        then = f.get("then")
        if then is not None:
            unknown = sorted(set(then) - set(CASE_CHECKS))
            if unknown:
                reader.report(
                    item_line, "cases", f"unknown check {unknown[0]!r}; use one of {CASE_CHECKS}"
                )
            if f["expect"] != "fires":
                reader.report(item_line, "cases", "`then` checks only a case that fires")
        result.append(m.Case(dict(f["given"]), f["expect"], item_line, then))
    return tuple(result)


def evaluation_order(rules: dict[str, m.NutrientRules], reader: Reader) -> tuple[str, ...]:
    """Nutrients in an order where every verdict a rule reads is decided before it."""
    graph = {nutrient: group.depends_on for nutrient, group in rules.items()}
    try:
        return tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        reader.report(1, "cycle", f"rules depend on each other's verdicts in a loop: {exc.args[1]}")
        return tuple(rules)
