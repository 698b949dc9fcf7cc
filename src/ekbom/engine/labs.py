"""Lab results: which are current, which one each rule uses, and a derived TSAT (spec §1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ekbom.errors import Problem, ProfileError
from ekbom.knowledge.models import Knowledge
from ekbom.profile import LabResult, future_date_message

STALE_AFTER_DAYS = 365


@dataclass(frozen=True)
class LabRow:
    """One entry of the assessment's `labs` list."""

    test: str
    value: float
    unit: str
    reported_value: float
    reported_unit: str
    date: date | None
    stale: bool
    derived: bool
    used: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "test": self.test,
            "value": self.value,
            "unit": self.unit,
            "reported": {"value": self.reported_value, "unit": self.reported_unit},
            "date": self.date.isoformat() if self.date else None,
            "status": "stale" if self.stale else "current",
            "derived": self.derived,
            "used": self.used,
        }


@dataclass(frozen=True)
class LabFacts:
    """The `labs` rows, and per test the current value the rules use: (rounded, unrounded)."""

    rows: tuple[LabRow, ...]
    current: dict[str, tuple[float, float]]
    shown: dict[str, str]


def round_half_away(value: float, decimals: int) -> float:
    """Round half away from zero (42.5 -> 43, -0.5 -> -1), unlike Python's banker's round()."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return float(rounded)


def _is_stale(when: date | None, as_of: date) -> bool:
    return when is not None and (as_of - when).days > STALE_AFTER_DAYS


def _pick(results: list[LabResult]) -> LabResult:
    """The result the rules use: undated beats dated, then latest date, then last listed."""
    return max(results, key=lambda r: (r.date is None, r.date or date.min, r.index))


def _latest_pair(labs: tuple[LabResult, ...]) -> tuple[LabResult, LabResult] | None:
    irons = {r.date: r for r in sorted(labs, key=lambda r: r.index) if r.test == "serum_iron"}
    tibcs = {r.date: r for r in sorted(labs, key=lambda r: r.index) if r.test == "tibc"}
    shared = set(irons) & set(tibcs)
    if not shared:
        return None
    best = max(shared, key=lambda d: (d is None, d or date.min))
    return irons[best], tibcs[best]


def _display(value: float, unit: str) -> str:
    number = f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def lab_facts(labs: tuple[LabResult, ...], as_of: date, knowledge: Knowledge) -> LabFacts:
    """Judge every lab result against `as_of`; raise ProfileError for future or impossible ones."""
    problems = [
        Problem(f"labs[{r.index}].date", future_date_message(r.date, as_of))
        for r in labs
        if r.date is not None and r.date > as_of
    ]
    if problems:
        raise ProfileError(problems)
    by_test: dict[str, list[LabResult]] = {}
    for result in labs:
        by_test.setdefault(result.test, []).append(result)
    chosen = {test: _pick(results) for test, results in by_test.items()}
    used = {test: r.index for test, r in chosen.items() if not _is_stale(r.date, as_of)}
    current: dict[str, tuple[float, float]] = {}
    shown: dict[str, str] = {}
    for test, index in used.items():
        result = next(r for r in labs if r.index == index)
        precision = knowledge.tests[test].precision
        current[test] = (round_half_away(result.value, precision), result.value)
        shown[test] = _display(result.reported_value, result.reported_unit)
    used_indexes = set(used.values())
    derived_row = None
    if "tsat" not in current:
        pair = _latest_pair(labs)
        if pair is not None:
            derived_row = _derive_tsat(pair, as_of)
            if not derived_row.stale:
                value = derived_row.value
                precision = knowledge.tests["tsat"].precision
                current["tsat"] = (round_half_away(value, precision), value)
                shown["tsat"] = _display(round_half_away(value, 1), "%")
                used_indexes.update(r.index for r in pair)
    rows = [
        LabRow(
            r.test,
            r.value,
            r.unit,
            r.reported_value,
            r.reported_unit,
            r.date,
            _is_stale(r.date, as_of),
            False,
            r.index in used_indexes,
        )
        for r in labs
    ]
    if derived_row is not None:
        rows.append(derived_row)
    return LabFacts(tuple(rows), current, shown)


def _derive_tsat(pair: tuple[LabResult, LabResult], as_of: date) -> LabRow:
    iron, tibc = pair
    value = iron.value / tibc.value * 100
    if value > 100:
        raise ProfileError(
            [
                Problem(
                    f"labs[{iron.index}], labs[{tibc.index}]",
                    f"serum iron {iron.reported_value:g} {iron.reported_unit} is more than TIBC "
                    f"{tibc.reported_value:g} {tibc.reported_unit}, which would give a transferrin "
                    f"saturation of {value:.0f}%; check both values and their units",
                )
            ]
        )
    stale = _is_stale(iron.date, as_of)
    return LabRow(
        "tsat", value, "%", round_half_away(value, 1), "%", iron.date, stale, True, not stale
    )
