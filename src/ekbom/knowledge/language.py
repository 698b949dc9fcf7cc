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

import operator
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, Protocol

from ekbom.knowledge.vocabulary import ACTIVE_VERDICTS as ACTIVE_VERDICTS
from ekbom.knowledge.vocabulary import VERDICTS as VERDICTS
from ekbom.yamlsource import line_of


class Facts(Protocol):
    """What a compiled condition reads about one person (built by the engine)."""

    @property
    def labs(self) -> Mapping[str, tuple[float, float]]: ...
    @property
    def conditions(self) -> frozenset[str]: ...
    @property
    def ingredients(self) -> frozenset[str]: ...
    @property
    def classes(self) -> frozenset[str]: ...
    @property
    def age(self) -> int: ...
    @property
    def sex(self) -> str: ...
    @property
    def pregnant(self) -> bool: ...
    @property
    def trimester(self) -> int | None: ...
    @property
    def postmenopausal(self) -> bool: ...
    @property
    def diet(self) -> str | None: ...
    @property
    def symptoms(self) -> Mapping[str, Any]: ...
    @property
    def lifestyle(self) -> Mapping[str, Any]: ...
    @property
    def verdicts(self) -> Mapping[str, str]: ...
    @property
    def over_limit(self) -> frozenset[str]: ...
    @property
    def criteria_not_met(self) -> bool: ...

    def anaemic(self, safety: bool) -> bool: ...


Predicate = Callable[[Facts, bool], bool]

COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}
SYMPTOM_FLAGS = ("leg_cramps", "night_muscle_irritability")
SYMPTOM_SCORES = ("irls_score", "severity_nrs", "nights_per_week")
LIFESTYLE_KEYS = (
    "caffeine_mg_per_day",
    "alcohol_drinks_per_week",
    "smoker",
    "exercise_minutes_per_week",
)
# The five RLS diagnostic criteria (spec assessment-v1 §5.6): the keys of a profile's
# `symptoms.rls_criteria`, of `criteria: not_met`, and of the questions in rls_questions.yaml.
CRITERIA = (
    "urge_to_move",
    "worse_at_rest",
    "relieved_by_movement",
    "worse_in_evening",
    "not_explained_by_other_condition",
)


class Vocabulary(NamedTuple):
    """The ids a condition may name."""

    tests: frozenset[str]
    conditions: frozenset[str]
    ingredients: frozenset[str]
    classes: frozenset[str]
    nutrients: frozenset[str]


class Compiled(NamedTuple):
    """A compiled condition plus what it depends on."""

    predicate: Predicate
    verdict_deps: frozenset[str]


Report = Callable[[int, str], None]


def compile_when(node: Any, vocab: Vocabulary, report: Report, line: int) -> Compiled:
    """Check `node` and compile it; problems go to `report(line, message)`."""
    deps: set[str] = set()
    predicate = _compile(node, vocab, report, line, deps)
    return Compiled(predicate, frozenset(deps))


def _always(facts: Facts, safety: bool) -> bool:
    return True


def _compile(node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]) -> Predicate:
    line = line_of(node, None, line)
    if not isinstance(node, Mapping):
        report(line, f"a condition must be a mapping, not {type(node).__name__}")
        return _always
    if not node:
        return _always
    keys = set(node)
    # The first operator of _BUILDERS found decides, so `lab`/`lifestyle` win over their
    # `missing:` option.
    for name, builder in _BUILDERS.items():
        if name in keys:
            predicate: Predicate = builder(node, vocab, report, line, deps)
            return predicate
    report(line, f"unknown condition {sorted(keys)}; use one of {', '.join(_BUILDERS)}")
    return _always


def _expect_keys(node: Mapping[str, Any], allowed: set[str], report: Report, line: int) -> None:
    extra = set(node) - allowed
    if extra:
        report(line, f"unexpected key(s) {sorted(extra)} here; allowed: {sorted(allowed)}")


def _comparison(
    node: Mapping[str, Any], report: Report, line: int, kinds: tuple[type, ...] = (int, float)
) -> tuple[str, Any] | None:
    ops = [key for key in node if key in COMPARATORS]
    if len(ops) != 1:
        report(line, "give exactly one of lt, le, gt, ge")
        return None
    value = node[ops[0]]
    if isinstance(value, bool) or not isinstance(value, kinds):
        report(line, f"'{ops[0]}' needs a number, not {value!r}")
        return None
    return ops[0], value


def _id_list(
    value: Any, allowed: frozenset[str], what: str, report: Report, line: int
) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        report(line, f"{what} must be an id or a non-empty list of ids")
        return frozenset()
    for item in items:
        if item not in allowed:
            report(line, f"unknown {what} '{item}'")
    return frozenset(items)


def _build_all(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str], key: str = "all"
) -> Predicate:
    _expect_keys(node, {key}, report, line)
    parts = node[key]
    if not isinstance(parts, list) or not parts:
        report(line, f"'{key}' needs a non-empty list of conditions")
        return _always
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
    _expect_keys(node, {"not"}, report, line)
    inner = _compile(node["not"], vocab, report, line, deps)
    # Safety widening must not pass through a negation: "not (x > 300)" would get less cautious.
    return lambda facts, safety: not inner(facts, False)


def _build_lab(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"lab", *COMPARATORS}, report, line)
    test = node["lab"]
    if test not in vocab.tests:
        report(line, f"unknown lab test '{test}'")
    comparison = _comparison(node, report, line)
    if comparison is None:
        return _always
    compare = COMPARATORS[comparison[0]]
    limit = float(comparison[1])

    def predicate(facts: Facts, safety: bool) -> bool:
        values = facts.labs.get(test)
        if values is None:
            return False
        return compare(values[0], limit) or (safety and compare(values[1], limit))

    return predicate


def _build_missing(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"missing"}, report, line)
    test = node["missing"]
    if test not in vocab.tests:
        report(line, f"unknown lab test '{test}'")
    return lambda facts, safety: test not in facts.labs


def _build_condition(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"condition"}, report, line)
    wanted = _id_list(node["condition"], vocab.conditions, "condition", report, line)
    return lambda facts, safety: not wanted.isdisjoint(facts.conditions)


def _build_medication(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"medication"}, report, line)
    wanted = _id_list(node["medication"], vocab.ingredients, "ingredient", report, line)
    return lambda facts, safety: not wanted.isdisjoint(facts.ingredients)


def _build_medication_class(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"medication_class"}, report, line)
    wanted = _id_list(node["medication_class"], vocab.classes, "medication class", report, line)
    return lambda facts, safety: not wanted.isdisjoint(facts.classes)


def _build_age(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"age"}, report, line)
    spec = node["age"]
    comparison = _comparison(spec, report, line) if isinstance(spec, Mapping) else None
    if comparison is None:
        if not isinstance(spec, Mapping):
            report(line, "'age' needs a comparison such as {lt: 18}")
        return _always
    compare, limit = COMPARATORS[comparison[0]], comparison[1]
    return lambda facts, safety: compare(facts.age, limit)


def _enum_builder(key: str, allowed: tuple[Any, ...]) -> Any:
    def build(node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]) -> Predicate:
        _expect_keys(node, {key}, report, line)
        wanted = node[key]
        if wanted not in allowed or isinstance(wanted, bool) != isinstance(allowed[0], bool):
            report(line, f"'{key}' must be one of {list(allowed)}, not {wanted!r}")
        return lambda facts, safety: getattr(facts, key) == wanted

    return build


def _build_symptom(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"symptom", *COMPARATORS}, report, line)
    name = node["symptom"]
    if name in SYMPTOM_FLAGS:
        return lambda facts, safety: facts.symptoms.get(name) is True
    if name not in SYMPTOM_SCORES:
        report(line, f"unknown symptom '{name}'")
        return _always
    comparison = _comparison(node, report, line)
    if comparison is None:
        return _always
    compare, limit = COMPARATORS[comparison[0]], comparison[1]

    def predicate(facts: Facts, safety: bool) -> bool:
        value = facts.symptoms.get(name)
        return value is not None and compare(value, limit)

    return predicate


def _build_lifestyle(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"lifestyle", "is", "missing", *COMPARATORS}, report, line)
    name = node["lifestyle"]
    if name not in LIFESTYLE_KEYS:
        report(line, f"unknown lifestyle key '{name}'")
    if "is" in node:
        wanted = node["is"]
        return lambda facts, safety: facts.lifestyle.get(name) == wanted
    if "missing" in node:
        return lambda facts, safety: facts.lifestyle.get(name) is None
    comparison = _comparison(node, report, line)
    if comparison is None:
        return _always
    compare, limit = COMPARATORS[comparison[0]], comparison[1]

    def predicate(facts: Facts, safety: bool) -> bool:
        value = facts.lifestyle.get(name)
        return value is not None and compare(value, limit)

    return predicate


def _build_verdict(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"verdict"}, report, line)
    spec = node["verdict"]
    if not isinstance(spec, Mapping) or len(spec) != 1:
        report(line, "'verdict' needs one nutrient mapped to a list of verdicts")
        return _always
    ((nutrient, wanted),) = spec.items()
    if nutrient not in vocab.nutrients:
        report(line, f"unknown nutrient '{nutrient}'")
    verdicts = _id_list(wanted, frozenset(VERDICTS), "verdict", report, line)
    deps.add(nutrient)
    return lambda facts, safety: facts.verdicts.get(nutrient) in verdicts


def _build_over_limit(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"supplement_above_limit"}, report, line)
    nutrient = node["supplement_above_limit"]
    if nutrient not in vocab.nutrients:
        report(line, f"unknown nutrient '{nutrient}'")
    return lambda facts, safety: nutrient in facts.over_limit


def _build_anaemia(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"anaemia"}, report, line)
    if node["anaemia"] is not True:
        report(line, "'anaemia' takes only the value true")
    return lambda facts, safety: facts.anaemic(safety)


def _build_criteria(
    node: Any, vocab: Vocabulary, report: Report, line: int, deps: set[str]
) -> Predicate:
    _expect_keys(node, {"criteria"}, report, line)
    if node["criteria"] != "not_met":
        report(line, "'criteria' takes only the value not_met")
    return lambda facts, safety: facts.criteria_not_met


_BUILDERS: dict[str, Any] = {
    "all": _build_all,
    "any": _build_any,
    "not": _build_not,
    "lab": _build_lab,
    "symptom": _build_symptom,
    "lifestyle": _build_lifestyle,
    "missing": _build_missing,
    "condition": _build_condition,
    "medication": _build_medication,
    "medication_class": _build_medication_class,
    "age": _build_age,
    "sex": _enum_builder("sex", ("female", "male")),
    "diet": _enum_builder("diet", ("omnivore", "vegetarian", "vegan")),
    "pregnant": _enum_builder("pregnant", (True, False)),
    "trimester": _enum_builder("trimester", (1, 2, 3)),
    "postmenopausal": _enum_builder("postmenopausal", (True, False)),
    "verdict": _build_verdict,
    "supplement_above_limit": _build_over_limit,
    "anaemia": _build_anaemia,
    "criteria": _build_criteria,
}
