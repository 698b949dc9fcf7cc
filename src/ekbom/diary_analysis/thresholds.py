"""The decision thresholds of the rules, per lab test, read from the rules' own conditions.

Nothing is retyped here: every line on a trend chart comes from a ``{lab: TEST, lt|le|gt|ge: N}``
condition of a rule, modifier or red flag (or from the anaemia cut-offs for haemoglobin).
A comparison that only applies to some people (``{all: [{age: {lt: 18}}, {lab: ferritin, lt:
50}]}`` is for children) is kept only when the person's stored basics meet that guard; without
basics, only comparisons with no guard are kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from ekbom.engine.facts import PersonFacts, person_facts
from ekbom.engine.medications import match_all
from ekbom.errors import ProfileError
from ekbom.knowledge.language import COMPARATORS, Vocabulary, compile_when
from ekbom.knowledge.models import Knowledge
from ekbom.profile import parse_profile

# Conditions about the person (not about labs or other verdicts): these guard a comparison.
_BASICS = frozenset(
    {
        "age",
        "sex",
        "pregnant",
        "trimester",
        "postmenopausal",
        "diet",
        "condition",
        "medication",
        "medication_class",
    }
)


class Threshold(NamedTuple):
    """One decision value of a lab test, with the rules that use it."""

    test: str
    value: float
    unit: str
    sources: tuple[str, ...]  # spec labels (I7) or ids (red flag ids) of the rules using it
    safety: bool  # used by an avoid rule or a safety red flag


def decision_thresholds(
    knowledge: Knowledge, basics: Mapping[str, Any] | None = None
) -> dict[str, tuple[Threshold, ...]]:
    """Test id -> its thresholds, ascending, that apply to a person with these basics."""
    facts = _facts(knowledge, basics)
    vocab = Vocabulary(
        frozenset(knowledge.tests),
        frozenset(knowledge.conditions),
        frozenset(knowledge.ingredients),
        frozenset(knowledge.classes),
        frozenset(knowledge.nutrients),
    )
    found: dict[tuple[str, float], tuple[list[str], bool]] = {}
    for label, when, safety in _conditions(knowledge):
        for test, value, guards in _comparisons(when, ()):
            if all(_holds(guard, vocab, facts) for guard in guards):
                sources, was_safety = found.setdefault((test, value), ([], False))
                if label not in sources:
                    sources.append(label)
                found[(test, value)] = (sources, was_safety or safety)
    if "hemoglobin" in knowledge.tests and facts is not None:
        below = next(c.below for c in knowledge.anaemia_cutoffs if c.predicate(facts, False))
        found[("hemoglobin", below)] = (["anaemia"], True)
    result: dict[str, list[Threshold]] = {}
    for (test, value), (sources, safety) in sorted(found.items()):
        unit = knowledge.tests[test].canonical
        result.setdefault(test, []).append(Threshold(test, value, unit, tuple(sources), safety))
    return {test: tuple(items) for test, items in result.items()}


def _conditions(knowledge: Knowledge) -> Iterator[tuple[str, Any, bool]]:
    """(label, raw `when`, safety) of every rule, modifier and red flag."""
    for group in knowledge.rules.values():
        for rule in group.rules:
            yield rule.spec, rule.when, rule.verdict == "avoid"
        for modifier in group.modifiers:
            yield modifier.id, modifier.when, False
    for flag in knowledge.red_flags.values():
        if flag.when is not None:
            yield flag.id, flag.when, flag.safety


def _is_basics(node: Any) -> bool:
    if not isinstance(node, Mapping) or len(node) == 0:
        return False
    if "all" in node or "any" in node:
        children = node.get("all") or node.get("any") or []
        return all(_is_basics(child) for child in children)
    if "not" in node:
        return _is_basics(node["not"])
    return bool(set(node) & _BASICS)


def _comparisons(
    node: Any, guards: tuple[Any, ...]
) -> Iterator[tuple[str, float, tuple[Any, ...]]]:
    """(test, value, guards) for each lab comparison in a condition tree."""
    if not isinstance(node, Mapping):
        return
    if "all" in node:
        children = list(node["all"] or [])
        inner = guards + tuple(child for child in children if _is_basics(child))
        for child in children:
            if not _is_basics(child):
                yield from _comparisons(child, inner)
    elif "any" in node:
        for child in node["any"] or []:
            yield from _comparisons(child, guards)
    elif "not" in node:
        yield from _comparisons(node["not"], guards)
    elif "lab" in node:
        for op in COMPARATORS:
            if isinstance(node.get(op), int | float):
                yield str(node["lab"]), float(node[op]), guards


def _holds(guard: Any, vocab: Vocabulary, facts: PersonFacts | None) -> bool:
    if facts is None:
        return False
    problems: list[str] = []
    compiled = compile_when(guard, vocab, lambda line, message: problems.append(message), 1)
    return not problems and compiled.predicate(facts, False)


def _facts(knowledge: Knowledge, basics: Mapping[str, Any] | None) -> PersonFacts | None:
    """The person's facts from the stored basics (no labs), or None without usable basics."""
    if not basics:
        return None
    keep = ("age", "sex", "pregnant", "pregnancy_trimester", "postmenopausal", "diet")
    wanted = {key: basics[key] for key in (*keep, "conditions", "medications") if key in basics}
    try:
        person = parse_profile(wanted, knowledge)
    except ProfileError:
        return None
    return person_facts(person, knowledge, match_all(person.medications, knowledge))
