"""What a `when:` condition reads and names: the person's facts (`Facts`), the comparison
operators, symptom, lifestyle and RLS-criteria keys, the ids a condition may name (`Vocabulary`),
and the small checks every condition builder shares. The language itself is
`ekbom.knowledge.language`."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, Protocol


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


Report = Callable[[int, str], None]


def always(facts: Facts, safety: bool) -> bool:
    return True


def expect_keys(node: Mapping[str, Any], allowed: set[str], report: Report, line: int) -> None:
    extra = set(node) - allowed
    if extra:
        report(line, f"unexpected key(s) {sorted(extra)} here; allowed: {sorted(allowed)}")


def read_comparison(
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


def id_list(
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
