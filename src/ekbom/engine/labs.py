"""Lab results: which are current, which one each rule uses, and a derived TSAT (spec §1)."""

from __future__ import annotations

import math
from datetime import date
from typing import NamedTuple

from ekbom.errors import Problem, ProfileError
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.vocabulary import TSAT_PARTS
from ekbom.profile import LabResult, future_date_message


class LabRow(NamedTuple):
    """One entry of the assessment's `labs` list (a named tuple: cheap to build, immutable)."""

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


class LabFacts(NamedTuple):
    """The `labs` rows, and per test the current value the rules use: (rounded, unrounded)."""

    rows: tuple[LabRow, ...]
    current: dict[str, tuple[float, float]]
    shown: dict[str, str]


def round_half_away(value: float, decimals: int) -> float:
    """Round half away from zero (42.5 -> 43, -0.5 -> -1), unlike Python's banker's round().

    Only values at (or within float noise of) a tie need the exact decimal path; elsewhere the
    nearest value is the same under every rounding rule, and round() finds it faster.
    """
    scaled = abs(value) * 10**decimals
    if abs(scaled - int(scaled) - 0.5) > 1e-6:
        return round(value, decimals)
    from decimal import ROUND_HALF_UP, Decimal  # rare path: keep it off start-up

    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return float(rounded)


def is_stale(when: date | None, as_of: date, knowledge: Knowledge) -> bool:
    """Whether a result taken on `when` is too old to count on `as_of` (labs.yaml
    `stale_after_days`); an undated result never is."""
    return when is not None and (as_of - when).days > knowledge.stale_after_days


def _newer(result: LabResult, best: LabResult) -> bool:
    """Whether `result` wins over `best`: undated beats dated, then the later date, then the
    later listed (results arrive in list order, so a tie goes to `result`)."""
    if result.date is None:
        return True
    if best.date is None:
        return False
    return result.date >= best.date


def _latest_pair(labs: tuple[LabResult, ...]) -> tuple[LabResult, LabResult] | None:
    iron_test, tibc_test = TSAT_PARTS
    irons = {r.date: r for r in sorted(labs, key=lambda r: r.position) if r.test == iron_test}
    tibcs = {r.date: r for r in sorted(labs, key=lambda r: r.position) if r.test == tibc_test}
    shared = set(irons) & set(tibcs)
    if not shared:
        return None
    best = max(shared, key=lambda d: (d is None, d or date.min))
    return irons[best], tibcs[best]


def _display(value: float, unit: str) -> str:
    number = f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def _shown(result: LabResult, precision: int) -> str:
    """The value in the unit the person gave, with the canonical value beside it when the
    numbers differ (spec §3.11): '18 ng/mL (45 nmol/L)', '48 ng/mL'."""
    given = _display(result.reported_value, result.reported_unit)
    canonical = round_half_away(result.value, precision)
    if math.isclose(result.value, result.reported_value, rel_tol=1e-9):
        return given
    return f"{given} ({_display(canonical, result.unit)})"


def lab_facts(labs: tuple[LabResult, ...], as_of: date, knowledge: Knowledge) -> LabFacts:
    """Judge every lab result against `as_of`; raise ProfileError for future or impossible ones."""
    problems = [
        Problem(f"labs[{r.position}].date", future_date_message(r.date, as_of))
        for r in labs
        if r.date is not None and r.date > as_of
    ]
    if problems:
        raise ProfileError(problems)
    chosen: dict[str, LabResult] = {}
    for result in labs:
        best = chosen.get(result.test)
        if best is None or _newer(result, best):
            chosen[result.test] = result
    current: dict[str, tuple[float, float]] = {}
    shown: dict[str, str] = {}
    used_indexes: set[int] = set()
    for test, result in chosen.items():
        if is_stale(result.date, as_of, knowledge) or knowledge.tests[test].stands_in_for:
            continue
        precision = knowledge.tests[test].precision
        current[test] = (round_half_away(result.value, precision), result.value)
        shown[test] = _shown(result, precision)
        used_indexes.add(result.position)
    for test, result in chosen.items():  # e.g. a D3-only result when there is no current total
        target = knowledge.tests[test].stands_in_for
        if target is None or target in current or is_stale(result.date, as_of, knowledge):
            continue
        precision = knowledge.tests[target].precision
        current[target] = current[test] = (round_half_away(result.value, precision), result.value)
        shown[target] = shown[test] = _display(result.reported_value, result.reported_unit)
        used_indexes.add(result.position)
    derived_row = None
    if "tsat" not in current:
        pair = _latest_pair(labs)
        if pair is not None:
            derived_row = _derive_tsat(pair, as_of, knowledge)
            if not derived_row.stale:
                value = derived_row.value
                precision = knowledge.tests["tsat"].precision
                current["tsat"] = (round_half_away(value, precision), value)
                shown["tsat"] = _display(round_half_away(value, 1), "%")
                used_indexes.update(r.position for r in pair)
    rows = [
        LabRow(
            r.test,
            r.value,
            r.unit,
            r.reported_value,
            r.reported_unit,
            r.date,
            is_stale(r.date, as_of, knowledge),
            False,
            r.position in used_indexes,
        )
        for r in labs
    ]
    if derived_row is not None:
        rows.append(derived_row)
    return LabFacts(tuple(rows), current, shown)


def _derive_tsat(pair: tuple[LabResult, LabResult], as_of: date, knowledge: Knowledge) -> LabRow:
    iron, tibc = pair
    value = tsat_percent(iron, tibc)
    stale = is_stale(iron.date, as_of, knowledge)
    return LabRow(
        "tsat", value, "%", round_half_away(value, 1), "%", iron.date, stale, True, not stale
    )


def tsat_percent(iron: LabResult, tibc: LabResult) -> float:
    """The transferrin saturation (%) a serum iron and a TIBC give (both in their canonical
    units); ProfileError when the pair cannot both be true (iron above TIBC: over 100 %)."""
    value = iron.value / tibc.value * 100
    if value > 100:
        raise ProfileError(
            [
                Problem(
                    f"labs[{iron.position}], labs[{tibc.position}]",
                    f"serum iron {iron.reported_value:g} {iron.reported_unit} is more than TIBC "
                    f"{tibc.reported_value:g} {tibc.reported_unit}, which would give a transferrin "
                    f"saturation of {value:.0f}%; check both values and their units",
                )
            ]
        )
    return value
