"""The generic readers of a profile's fields: whole numbers, numbers, true/false, a choice, a date,
a list and a mapping, each recording a problem (with its location and how to fix it) instead of
raising, so that one pass reports every problem."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ekbom.errors import Problem
from ekbom.knowledge.reader import did_you_mean
from ekbom.profile.model import kind_of, parse_date


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def fmt(value: float) -> str:
    return f"{value:g}"


class FieldReader:
    """Reads fields and collects `problems`."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, location: str, message: str) -> None:
        self.problems.append(Problem(location, message))

    def unknown_keys(self, data: Mapping[str, Any], allowed: Sequence[str], prefix: str) -> None:
        for key in data:
            if key not in allowed:
                where = f"{prefix}{key}"
                self.problem(
                    where,
                    f"unknown key{did_you_mean(str(key), allowed)}; "
                    f"allowed keys here: {', '.join(allowed)}",
                )

    def missing(
        self, data: Mapping[str, Any], key: str, where: str, required: bool, hint: str
    ) -> bool:
        if data.get(key) is None:
            if required:
                self.problem(where, f"is required; {hint}")
            return True
        return False

    def integer(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        low: int,
        high: int,
        required: bool = False,
    ) -> int | None:
        hint = f"give a whole number from {low} to {high}"
        if self.missing(data, key, where, required, hint):
            return None
        value = data[key]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.problem(where, f"{value!r} is not allowed; {hint}")
            return None
        return value

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        low: float = 0.0,
        high: float = math.inf,
    ) -> float | None:
        if data.get(key) is None:
            return None
        value = data[key]
        if not is_number(value) or not low <= value <= high:
            upper = "" if high == math.inf else f" and at most {fmt(high)}"
            self.problem(
                where, f"{value!r} is not allowed; give a number of at least {fmt(low)}{upper}"
            )
            return None
        return float(value)

    def boolean(self, data: Mapping[str, Any], key: str, where: str) -> bool | None:
        if data.get(key) is None:
            return None
        value = data[key]
        if not isinstance(value, bool):
            self.problem(where, f"{value!r} is not allowed; use true or false")
            return None
        return value

    def choice(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        allowed: Sequence[str],
        required: bool = False,
    ) -> str | None:
        hint = f"use one of: {', '.join(allowed)}"
        if self.missing(data, key, where, required, hint):
            return None
        value = data[key]
        if value not in allowed:
            hint_word = did_you_mean(value, allowed) if isinstance(value, str) else ""
            self.problem(where, f"{value!r} is not allowed{hint_word}; {hint}")
            return None
        return str(value)

    def a_date(self, data: Mapping[str, Any], key: str, where: str) -> date | None:
        if data.get(key) is None:
            return None
        parsed = parse_date(data[key])
        if parsed is None:
            self.problem(where, f"{data[key]!r} is not a date; write it as YYYY-MM-DD")
        return parsed

    def a_list(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            self.problem(where, f"must be a list, not {kind_of(value)}")
            return []
        return list(value)

    def a_mapping(self, value: Any, where: str) -> Mapping[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.problem(where, f"must be a mapping of keys to values, not {kind_of(value)}")
            return None
        return value

    # -- sections ----------------------------------------------------------------------------
