"""Compile the knowledge's condition language into Ibis expressions: a second backend for the rules.

The engine turns each `when:` condition into a Python function of one person's facts
(ekbom.knowledge.language); this module turns the same conditions into Ibis boolean expressions
over a table with one row per person, so DuckDB or Spark decide for millions of people exactly
what `ekbom.assess` decides for one. Nothing is retyped: thresholds, test precisions and ids come
from the loaded knowledge.

The facts table has these columns (see ekbom.screening.facts, which builds them):

    lab_<test>               the current result in the test's canonical unit, unrounded; null
                             when there is none (stale results count as missing)
    condition_<id>           the person has the condition (never null)
    ingredient_<name>        takes a medicine with this ingredient (never null)
    class_<id>               takes a medicine of this class (never null)
    age, sex, pregnant, postmenopausal

Lab comparisons follow spec assessment-v1 §1: the rounded value (half away from zero, to the
test's decision precision) is compared, and in safety context the unrounded value too. Rounding
is compiled into the threshold instead of the value: for a value x >= 0 and a step q, round(x) <= L
exactly when x < floor_q(L) + q/2, and so on. The thresholds are computed in decimal and turned
into the nearest double, which makes the comparison agree with the engine's decimal rounding even
at ties (20 ng/mL vitamin D = 49.92 nmol/L is compared as 50).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import Any, NamedTuple

from ekbom.errors import ScreeningError
from ekbom.knowledge.models import Knowledge
from ekbom.screening import _imports

SUPPORTED = (
    "all",
    "any",
    "not",
    "lab",
    "missing",
    "condition",
    "medication",
    "medication_class",
    "age",
    "sex",
    "pregnant",
    "postmenopausal",
)
"""Operators a screen can compile; the others (symptoms, habits, diet, supplements, RLS criteria,
trimester, other nutrients' verdicts, anaemia) are not in a FHIR Bulk Data export."""
COMPARISONS = ("lt", "le", "gt", "ge")


class Needs(NamedTuple):
    """The facts a set of conditions reads: which facts columns must exist."""

    labs: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    ingredients: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()

    def __or__(self, other: object) -> Needs:
        assert isinstance(other, Needs)
        return Needs(*(a | b for a, b in zip(self, other, strict=True)))


def lab_column(test: str) -> str:
    return f"lab_{test}"


def condition_column(condition: str) -> str:
    return f"condition_{condition}"


def ingredient_column(name: str) -> str:
    return "ingredient_" + name.replace(" ", "_").replace("-", "_")


def class_column(class_id: str) -> str:
    return f"class_{class_id}"


def _operator(node: Any, where: str) -> str:
    if not isinstance(node, Mapping):
        raise ScreeningError(where, f"a condition must be a mapping, not {type(node).__name__}")
    for name in node:
        if name in SUPPORTED:
            return str(name)
    raise ScreeningError(
        where,
        f"uses {sorted(node)}, which a FHIR Bulk Data export does not carry; a screen can "
        f"compile only {', '.join(SUPPORTED)}",
    )


def needs_of(node: Any, where: str) -> Needs:
    """The facts columns `node` reads (ScreeningError for an operator a screen cannot compile)."""
    if isinstance(node, Mapping) and not node:
        return Needs()
    kind = _operator(node, where)
    if kind in ("all", "any"):
        found = Needs()
        for part in node[kind]:
            found = found | needs_of(part, where)
        return found
    if kind == "not":
        return needs_of(node["not"], where)
    if kind in ("lab", "missing"):
        return Needs(labs=frozenset([node[kind]]))
    ids = node[kind] if not isinstance(node[kind], str) else [node[kind]]
    if kind == "condition":
        return Needs(conditions=frozenset(ids))
    if kind == "medication":
        return Needs(ingredients=frozenset(ids))
    if kind == "medication_class":
        return Needs(classes=frozenset(ids))
    return Needs()


def rounded_threshold(op: str, limit: float, precision: int) -> float:
    """T such that `round_half_away(x, precision) <op> limit` equals `x < T` (lt, le) or
    `x >= T` (gt, ge) for every x >= 0."""
    step = Decimal(1).scaleb(-precision)
    exact = Decimal(repr(float(limit)))
    at_or_below = (exact / step).to_integral_value(rounding=ROUND_FLOOR) * step
    below = at_or_below - step if at_or_below == exact else at_or_below
    base = at_or_below if op in ("le", "gt") else below
    return float(base + step / 2)


def _compare(value: Any, op: str, limit: float) -> Any:
    if op == "lt":
        return value < limit
    if op == "le":
        return value <= limit
    if op == "gt":
        return value > limit
    return value >= limit


def _comparison(node: Mapping[str, Any], where: str) -> tuple[str, float]:
    ops = [key for key in node if key in COMPARISONS]
    if len(ops) != 1:
        raise ScreeningError(where, "a comparison needs exactly one of lt, le, gt, ge")
    return ops[0], float(node[ops[0]])


class Compiler:
    """Compiles conditions against one facts table (`table`) and the knowledge (`kb`)."""

    def __init__(self, table: Any, kb: Knowledge) -> None:
        self.t = table
        self.kb = kb

    def predicate(self, node: Any, where: str, safety: bool = False) -> Any:
        """`node` as an Ibis boolean expression that is never null (null reads as false)."""
        ibis = _imports.ibis()

        if isinstance(node, Mapping) and not node:
            return ibis.literal(True)
        kind = _operator(node, where)
        if kind in ("all", "any"):
            parts = [self.predicate(p, where, safety) for p in node[kind]]
            combined = parts[0]
            for part in parts[1:]:
                combined = combined & part if kind == "all" else combined | part
            return combined
        if kind == "not":
            # Safety widening must not pass through a negation (as in the engine).
            return ~self.predicate(node["not"], where, False)
        return self._leaf(kind, node, where, safety).fill_null(False)

    def _leaf(self, kind: str, node: Mapping[str, Any], where: str, safety: bool) -> Any:
        builders: dict[str, Callable[[], Any]] = {
            "lab": lambda: self._lab(node, where, safety),
            "missing": lambda: self.t[lab_column(node["missing"])].isnull(),
            "condition": lambda: self._any(condition_column, node["condition"]),
            "medication": lambda: self._any(ingredient_column, node["medication"]),
            "medication_class": lambda: self._any(class_column, node["medication_class"]),
            "age": lambda: _compare(self.t.age, *_comparison(node["age"], where)),
            "sex": lambda: self.t.sex == node["sex"],
            "pregnant": lambda: self.t.pregnant == bool(node["pregnant"]),
            "postmenopausal": lambda: self.t.postmenopausal == bool(node["postmenopausal"]),
        }
        return builders[kind]()

    def _any(self, column: Callable[[str], str], ids: str | Sequence[str]) -> Any:
        names = [ids] if isinstance(ids, str) else list(ids)
        combined = self.t[column(names[0])]
        for name in names[1:]:
            combined = combined | self.t[column(name)]
        return combined

    def _lab(self, node: Mapping[str, Any], where: str, safety: bool) -> Any:
        test = node["lab"]
        if test not in self.kb.tests:
            raise ScreeningError(where, f"unknown lab test '{test}'")
        op, limit = _comparison(node, where)
        value = self.t[lab_column(test)]
        threshold = rounded_threshold(op, limit, self.kb.tests[test].precision)
        rounded = value < threshold if op in ("lt", "le") else value >= threshold
        return (rounded | _compare(value, op, limit)) if safety else rounded


def first_match(cases: Sequence[tuple[Any, Any]]) -> Any:
    """The value of the first case whose condition holds (the last case must always hold)."""
    ibis = _imports.ibis()

    return ibis.cases(*cases[:-1], else_=cases[-1][1])
