"""The builders of the condition language's single tests (`lab`, `missing`, `condition`,
`medication`, `age`, `sex`, `symptom`, `lifestyle`, `verdict`, ...): each checks its node against
the vocabulary and returns the predicate. `ekbom.knowledge.language` combines them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ekbom.knowledge.condition_terms import (
    COMPARATORS,
    LIFESTYLE_KEYS,
    SYMPTOM_FLAGS,
    SYMPTOM_SCORES,
    Facts,
    Predicate,
    Report,
    Vocabulary,
    always,
    expect_keys,
    id_list,
    read_comparison,
)
from ekbom.knowledge.vocabulary import VERDICTS


def build_lab(node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]) -> Predicate:
    expect_keys(node, {"lab", *COMPARATORS}, report, line)
    test = node["lab"]
    if test not in vocab.tests:
        report(line, f"unknown lab test '{test}'")
    comparison = read_comparison(node, report, line)
    if comparison is None:
        return always
    compare = COMPARATORS[comparison[0]]
    limit = float(comparison[1])

    def predicate(facts: Facts, safety: bool) -> bool:
        values = facts.labs.get(test)
        if values is None:
            return False
        return compare(values[0], limit) or (safety and compare(values[1], limit))

    return predicate


def build_missing(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"missing"}, report, line)
    test = node["missing"]
    if test not in vocab.tests:
        report(line, f"unknown lab test '{test}'")
    return lambda facts, safety: test not in facts.labs


def build_condition(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"condition"}, report, line)
    wanted = id_list(node["condition"], vocab.conditions, "condition", report, line)
    return lambda facts, safety: not wanted.isdisjoint(facts.conditions)


def build_medication(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"medication"}, report, line)
    wanted = id_list(node["medication"], vocab.ingredients, "ingredient", report, line)
    return lambda facts, safety: not wanted.isdisjoint(facts.ingredients)


def build_medication_class(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"medication_class"}, report, line)
    wanted = id_list(node["medication_class"], vocab.classes, "medication class", report, line)
    return lambda facts, safety: not wanted.isdisjoint(facts.classes)


def build_age(node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]) -> Predicate:
    expect_keys(node, {"age"}, report, line)
    spec = node["age"]
    comparison = read_comparison(spec, report, line) if isinstance(spec, Mapping) else None
    if comparison is None:
        if not isinstance(spec, Mapping):
            report(line, "'age' needs a comparison such as {lt: 18}")
        return always
    compare, limit = COMPARATORS[comparison[0]], comparison[1]
    return lambda facts, safety: compare(facts.age, limit)


def enum_builder(key: str, allowed: tuple[Any, ...]) -> Any:
    def build(node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]) -> Predicate:
        expect_keys(node, {key}, report, line)
        wanted = node[key]
        if wanted not in allowed or isinstance(wanted, bool) != isinstance(allowed[0], bool):
            report(line, f"'{key}' must be one of {list(allowed)}, not {wanted!r}")
        return lambda facts, safety: getattr(facts, key) == wanted

    return build


def build_symptom(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"symptom", *COMPARATORS}, report, line)
    name = node["symptom"]
    if name in SYMPTOM_FLAGS:
        return lambda facts, safety: facts.symptoms.get(name) is True
    if name not in SYMPTOM_SCORES:
        report(line, f"unknown symptom '{name}'")
        return always
    comparison = read_comparison(node, report, line)
    if comparison is None:
        return always
    compare, limit = COMPARATORS[comparison[0]], comparison[1]

    def predicate(facts: Facts, safety: bool) -> bool:
        value = facts.symptoms.get(name)
        return value is not None and compare(value, limit)

    return predicate


def build_lifestyle(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"lifestyle", "is", "missing", *COMPARATORS}, report, line)
    name = node["lifestyle"]
    if name not in LIFESTYLE_KEYS:
        report(line, f"unknown lifestyle key '{name}'")
    if "is" in node:
        wanted = node["is"]
        return lambda facts, safety: facts.lifestyle.get(name) == wanted
    if "missing" in node:
        return lambda facts, safety: facts.lifestyle.get(name) is None
    comparison = read_comparison(node, report, line)
    if comparison is None:
        return always
    compare, limit = COMPARATORS[comparison[0]], comparison[1]

    def predicate(facts: Facts, safety: bool) -> bool:
        value = facts.lifestyle.get(name)
        return value is not None and compare(value, limit)

    return predicate


def build_verdict(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"verdict"}, report, line)
    spec = node["verdict"]
    if not isinstance(spec, Mapping) or len(spec) != 1:
        report(line, "'verdict' needs one nutrient mapped to a list of verdicts")
        return always
    ((nutrient, wanted),) = spec.items()
    if nutrient not in vocab.nutrients:
        report(line, f"unknown nutrient '{nutrient}'")
    verdicts = id_list(wanted, frozenset(VERDICTS), "verdict", report, line)
    deps.add(nutrient)
    return lambda facts, safety: facts.verdicts.get(nutrient) in verdicts


def build_over_limit(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"supplement_above_limit"}, report, line)
    nutrient = node["supplement_above_limit"]
    if nutrient not in vocab.nutrients:
        report(line, f"unknown nutrient '{nutrient}'")
    return lambda facts, safety: nutrient in facts.over_limit


def build_anaemia(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"anaemia"}, report, line)
    if node["anaemia"] is not True:
        report(line, "'anaemia' takes only the value true")
    return lambda facts, safety: facts.anaemic(safety)


def build_criteria(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"criteria"}, report, line)
    if node["criteria"] != "not_met":
        report(line, "'criteria' takes only the value not_met")
    return lambda facts, safety: facts.criteria_not_met
