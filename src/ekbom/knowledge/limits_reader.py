"""Read and check a nutrient's upper limits: adults by policy, children by age band (spec §4)."""

from __future__ import annotations

from typing import Any

from ekbom.knowledge import models as m
from ekbom.knowledge.reader import Reader
from ekbom.knowledge.vocabulary import LIMIT_COLUMNS, LIMIT_SOURCES
from ekbom.yamlsource import line_of


def read_adult_limits(node: Any, reader: Reader, line: int) -> dict[str, float | None] | None:
    """`limits`: one figure per policy; `strictest` must be the lower of `us` and `eu`."""
    limits = reader.fields(node, line, dict.fromkeys(LIMIT_COLUMNS, "number?"), what="limits")
    if len(limits) != len(LIMIT_COLUMNS):
        return None
    expected = m.lower_limit(limits["us"], limits["eu"])
    if limits["strictest"] != expected:
        reader.report(
            line_of(node, "strictest", line),
            "limits",
            f"strictest must be the lower of us and eu ({expected}), not {limits['strictest']}",
        )
    return limits


def read_child_limits(
    node: Any, reader: Reader, line: int, nutrient_id: str, adult_age: int
) -> m.ChildLimits | None:
    """`child_limits`: per source a list of age bands covering the ages from 0 to the year
    before `adult_age` without gaps."""
    f = reader.fields(
        node,
        line,
        {"us": "list", "eu": "list", "citations": "strs"},
        what=f"child_limits of {nutrient_id}",
    )
    if len(f) < 3:
        return None
    bands = {
        source: _bands(f[source], reader, line_of(node, source, line), adult_age - 1)
        for source in LIMIT_SOURCES
    }
    if any(found is None for found in bands.values()):
        return None
    return m.ChildLimits(bands["us"] or (), bands["eu"] or (), tuple(f["citations"]))


def _bands(
    items: list[Any], reader: Reader, line: int, last_age: int
) -> tuple[m.AgeBand, ...] | None:
    result: list[m.AgeBand] = []
    next_age = 0
    for i, item in enumerate(items):
        item_line = line_of(items, i, line)
        f = reader.fields(
            item,
            item_line,
            {"from_age": "int", "to_age": "int", "limit": "number?"},
            what="age band",
        )
        if len(f) < 3:
            return None
        if f["from_age"] != next_age:
            reader.report(
                item_line,
                "age-bands",
                f"this band starts at age {f['from_age']}, but the bands before it end at age "
                f"{next_age - 1}; bands must follow on without gaps or overlaps from age 0",
            )
            return None
        if not f["from_age"] <= f["to_age"] <= last_age:
            reader.report(
                item_line,
                "age-bands",
                f"to_age must be from {f['from_age']} to {last_age}, not {f['to_age']}",
            )
            return None
        if f["limit"] is not None and f["limit"] <= 0:
            reader.report(
                item_line, "limits", f"a limit must be above 0 (or null), not {f['limit']}"
            )
            return None
        result.append(m.AgeBand(f["from_age"], f["to_age"], f["limit"]))
        next_age = f["to_age"] + 1
    if next_age != last_age + 1:
        reader.report(
            line,
            "age-bands",
            f"the bands must cover ages 0 to {last_age}; they end at age {next_age - 1}",
        )
        return None
    return tuple(result)


def read_entry_check(node: Any, reader: Reader, line: int) -> m.EntryCheck | None:
    """`entry_check`: a daily amount from which one supplement entry is taken to be a mistake."""
    f = reader.fields(node, line, {"at_least": "number", "message": "str"}, what="entry_check")
    if len(f) < 2:
        return None
    if "{amount}" not in f["message"]:
        reader.report(line, "placeholder", "the entry_check message must show the {amount}")
    return m.EntryCheck(float(f["at_least"]), f["message"])
