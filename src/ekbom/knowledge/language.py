"""The small condition language of the knowledge files (`when:` blocks).

A condition is a mapping with one operator (the empty mapping `{}` is always true):

    all: [C, ...]            every condition holds          any: [C, ...]   at least one holds
    not: C                   C does not hold
    lab: TEST, lt|le|gt|ge: N    the current result of TEST (canonical unit) compares with N;
                             false when there is no current result
    missing: TEST            no current result of TEST (stale results count as missing)
    condition: ID | [ID...]  the person has any of these conditions
    medication: [NAME...]    the person takes any of these ingredients
    medication_class: [ID...]  ... or any ingredient of these classes
    age: {lt|le|gt|ge: N}    sex: female|male      diet: omnivore|vegetarian|vegan
    pregnant: true|false     trimester: 1|2|3     postmenopausal: true|false
    symptom: NAME [, lt|le|gt|ge: N]   a symptom flag is true, or a score compares with N
    lifestyle: NAME, lt|le|gt|ge: N | is: VALUE | missing: true
    verdict: {NUTRIENT: [VERDICT...]}  that nutrient's verdict (decided earlier) is one of these
    supplement_above_limit: NUTRIENT   current supplements of it are above the chosen limit
    anaemia: true            haemoglobin below the cut-off for age, sex and pregnancy
    criteria: not_met        all five RLS criteria answered and at least one is false

Lab comparisons use the value rounded to the test's decision precision. In safety context (rules
whose verdict is avoid, and red flags marked `safety`) they also fire on the unrounded value, so
rounding never makes an answer less cautious (spec assessment-v1 §1).

`compile_when` checks a condition against the vocabulary, reporting each problem with its line,
and turns it into a plain Python function of (facts, safety) for the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ekbom.knowledge import condition_leaves as leaf
from ekbom.knowledge.condition_terms import COMPARATORS as COMPARATORS
from ekbom.knowledge.condition_terms import CRITERIA as CRITERIA
from ekbom.knowledge.condition_terms import LIFESTYLE_KEYS as LIFESTYLE_KEYS
from ekbom.knowledge.condition_terms import SYMPTOM_FLAGS as SYMPTOM_FLAGS
from ekbom.knowledge.condition_terms import SYMPTOM_SCORES as SYMPTOM_SCORES
from ekbom.knowledge.condition_terms import Facts as Facts
from ekbom.knowledge.condition_terms import Predicate as Predicate
from ekbom.knowledge.condition_terms import Report as Report
from ekbom.knowledge.condition_terms import Vocabulary as Vocabulary
from ekbom.knowledge.condition_terms import always, expect_keys
from ekbom.knowledge.vocabulary import ACTIVE_VERDICTS as ACTIVE_VERDICTS
from ekbom.knowledge.vocabulary import VERDICTS as VERDICTS
from ekbom.yamlsource import line_of


class Compiled(NamedTuple):
    """A compiled condition plus what it depends on."""

    predicate: Predicate
    verdict_deps: frozenset[str]


def compile_when(node: Any, vocab: Vocabulary, report: Report, line: int) -> Compiled:
    """Check `node` and compile it; problems go to `report(line, message)`."""
    deps: set[str] = set()
    predicate = _compile(node, vocab, report, line, deps)
    return Compiled(predicate, frozenset(deps))


def _compile(node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]) -> Predicate:
    line = line_of(node, None, line)
    if not isinstance(node, Mapping):
        report(line, f"a condition must be a mapping, not {type(node).__name__}")
        return always
    if not node:
        return always
    keys = set(node)
    # The first operator of _BUILDERS found decides, so `lab`/`lifestyle` win over their
    # `missing:` option.
    for name, builder in _BUILDERS.items():
        if name in keys:
            predicate: Predicate = builder(node, vocab, report, line, deps)
            return predicate
    report(line, f"unknown condition {sorted(keys)}; use one of {', '.join(_BUILDERS)}")
    return always


def _build_all(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str], key: str = "all"
) -> Predicate:
    expect_keys(node, {key}, report, line)
    parts = node[key]
    if not isinstance(parts, list) or not parts:
        report(line, f"'{key}' needs a non-empty list of conditions")
        return always
    preds = tuple(
        _compile(p, vocab, report, line_of(parts, i, line), deps) for i, p in enumerate(parts)
    )
    # Plain loops: measurably faster than all()/any() over a generator on CPython 3.11.
    if key == "all":

        def every(facts: Facts, safety: bool) -> bool:
            for predicate in preds:
                if not predicate(facts, safety):
                    return False
            return True

        return every

    def some(facts: Facts, safety: bool) -> bool:
        for predicate in preds:
            if predicate(facts, safety):
                return True
        return False

    return some


def _build_any(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    return _build_all(node, vocab, report, line, deps, key="any")


def _build_not(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    expect_keys(node, {"not"}, report, line)
    inner = _compile(node["not"], vocab, report, line, deps)
    # Safety widening must not pass through a negation: "not (x > 300)" would get less cautious.
    return lambda facts, safety: not inner(facts, False)


_BUILDERS: dict[str, Any] = {
    "all": _build_all,
    "any": _build_any,
    "not": _build_not,
    "lab": leaf.build_lab,
    "symptom": leaf.build_symptom,
    "lifestyle": leaf.build_lifestyle,
    "missing": leaf.build_missing,
    "condition": leaf.build_condition,
    "medication": leaf.build_medication,
    "medication_class": leaf.build_medication_class,
    "age": leaf.build_age,
    "sex": leaf.enum_builder("sex", ("female", "male")),
    "diet": leaf.enum_builder("diet", ("omnivore", "vegetarian", "vegan")),
    "pregnant": leaf.enum_builder("pregnant", (True, False)),
    "trimester": leaf.enum_builder("trimester", (1, 2, 3)),
    "postmenopausal": leaf.enum_builder("postmenopausal", (True, False)),
    "verdict": leaf.build_verdict,
    "supplement_above_limit": leaf.build_over_limit,
    "anaemia": leaf.build_anaemia,
    "criteria": leaf.build_criteria,
}
