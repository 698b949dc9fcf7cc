"""The diary as one JSON document (`ekbom export` / `ekbom import`), and back.

The document keeps everything: ids, the times each entry was recorded and last changed, notes and
the basics, so export -> import -> export gives the same document. Reading it checks all of it
first, every entry with the same checks as a new entry (the checks are given by
`ekbom.diary.entries.read_document`: the store knows no entry rules), and reports every problem at
once with its place in the file (`entries[3].unit`); only a document without problems is written.

    {"format": "ekbom.diary/1", "exported_at": "…Z", "ekbom_version": "…",
     "basics": {"age": 52, "age_on": "2026-11-28", "sex": "female", …, "updated_at": "…Z"},
     "entries": [{"id": 1, "kind": "lab", "date": "2026-10-01", "test": "ferritin",
                  "value": 48.0, "unit": "ng/mL", "note": null,
                  "recorded_at": "…Z", "updated_at": "…Z"}, …]}

"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, NamedTuple

from ekbom.__about__ import __version__
from ekbom.errors import EntryError, Problem
from ekbom.store.basics import Basics
from ekbom.store.entries import Entry, Stamp, SupplementEntry, SymptomEntry

FORMAT = "ekbom.diary/1"
TOP_KEYS = ("format", "exported_at", "ekbom_version", "basics", "entries")
STAMP_KEYS = ("id", "kind", "recorded_at", "updated_at")

EntryCheck = Callable[[str, Mapping[str, Any], date, Stamp], tuple[Entry | None, list[Problem]]]
"""(kind, fields, today, stamp) -> the checked entry and no problems, or None and every problem."""
BasicsCheck = Callable[[Mapping[str, Any], date], Basics]
"""(flat values, today) -> the checked basics; EntryError lists every problem."""


class Diary(NamedTuple):
    """A checked diary document: basics (None when the file has none) and entries."""

    basics: Basics | None
    entries: tuple[Entry, ...]


def to_document(
    basics: Basics, entries: Iterable[Entry], *, exported_at: datetime
) -> dict[str, Any]:
    """The export document of a diary."""
    has_basics = basics != Basics()
    return {
        "format": FORMAT,
        "exported_at": _time(exported_at),
        "ekbom_version": __version__,
        "basics": basics_document(basics) if has_basics else None,
        "entries": [entry_document(entry) for entry in entries],
    }


def entry_document(entry: Entry) -> dict[str, Any]:
    """One entry as JSON-ready data (also `ekbom history --format json`)."""
    fields = {key: _json(value) for key, value in entry.fields().items()}
    return {
        "id": entry.stamp.id,
        "kind": entry.kind,
        **fields,
        "recorded_at": _time(entry.stamp.recorded_at),
        "updated_at": _time(entry.stamp.updated_at),
    }


def basics_document(basics: Basics) -> dict[str, Any]:
    values = {key: _json(value) for key, value in basics.values().items()}
    return {**values, "updated_at": _time(basics.updated_at)}


def from_document(
    document: Any,
    *,
    name: str,
    today: date,
    check_entry: EntryCheck,
    check_basics: BasicsCheck,
) -> Diary:
    """Check a whole document with the entry and basics checks given; EntryError lists every
    problem (nothing is written)."""
    problems: list[Problem] = []
    if not isinstance(document, Mapping):
        raise EntryError(name, [Problem("", "must be a JSON object: a diary's export")])
    for key in document:
        if key not in TOP_KEYS:
            problems.append(Problem(str(key), f"unknown key; allowed keys: {', '.join(TOP_KEYS)}"))
    if document.get("format") != FORMAT:
        problems.append(
            Problem(
                "format",
                f"{document.get('format')!r} is not allowed; this file must say "
                f'"format": "{FORMAT}", as a diary\'s export does',
            )
        )
    basics = _basics(document.get("basics"), today, check_basics, problems)
    entries = _entries(document.get("entries"), today, check_entry, problems)
    problems.extend(_clashes(entries))
    if problems:
        raise EntryError(name, problems)
    return Diary(basics, tuple(entry for _, entry in entries))


def _basics(
    node: Any, today: date, check_basics: BasicsCheck, problems: list[Problem]
) -> Basics | None:
    if node is None:
        return None
    if not isinstance(node, Mapping):
        problems.append(Problem("basics", "must be an object (or null)"))
        return None
    values = {k: v for k, v in node.items() if k != "updated_at"}
    updated = _parse_time(node.get("updated_at"), "basics.updated_at", problems)
    try:
        basics = check_basics(values, today)
    except EntryError as exc:
        problems.extend(Problem(f"basics.{p.location}", p.message) for p in exc.problems)
        return None
    return basics._replace(updated_at=updated)


def _entries(
    node: Any, today: date, check_entry: EntryCheck, problems: list[Problem]
) -> list[tuple[int, Entry]]:
    if node is None:
        return []
    if not isinstance(node, list):
        problems.append(Problem("entries", "must be a list"))
        return []
    entries: list[tuple[int, Entry]] = []
    seen: dict[int, int] = {}
    for index, item in enumerate(node):
        where = f"entries[{index}]"
        if not isinstance(item, Mapping):
            problems.append(Problem(where, "must be an object with kind, date and values"))
            continue
        stamp = _stamp(item, where, seen, index, problems)
        fields = {k: v for k, v in item.items() if k not in STAMP_KEYS}
        entry, found = check_entry(str(item.get("kind")), fields, today, stamp)
        problems.extend(Problem(f"{where}.{p.location}".rstrip("."), p.message) for p in found)
        if entry is not None:
            entries.append((index, entry))
    return entries


def _stamp(
    item: Mapping[str, Any], where: str, seen: dict[int, int], index: int, problems: list[Problem]
) -> Stamp:
    entry_id = item.get("id")
    if entry_id is not None:
        if not isinstance(entry_id, int) or isinstance(entry_id, bool) or entry_id < 1:
            problems.append(
                Problem(
                    f"{where}.id",
                    f"{entry_id!r} is not allowed; give a whole "
                    "number of 1 or more, or leave it out",
                )
            )
            entry_id = None
        elif entry_id in seen:
            problems.append(
                Problem(
                    f"{where}.id",
                    f"{entry_id} is also the id of entries[{seen[entry_id]}]; ids must differ",
                )
            )
            entry_id = None
        else:
            seen[entry_id] = index
    recorded = _parse_time(item.get("recorded_at"), f"{where}.recorded_at", problems)
    updated = _parse_time(item.get("updated_at"), f"{where}.updated_at", problems)
    return Stamp(entry_id, recorded, updated or recorded)


def _clashes(entries: list[tuple[int, Entry]]) -> list[Problem]:
    """Entries of the file that clash with each other (the rules of `ekbom.store.conflicts`)."""
    problems = []
    days: dict[date, int] = {}
    periods: dict[str, list[tuple[int, SupplementEntry]]] = {}
    for index, entry in entries:
        if isinstance(entry, SymptomEntry):
            if entry.day in days:
                problems.append(
                    Problem(
                        f"entries[{index}].date",
                        f"entries[{days[entry.day]}] has the symptoms of {entry.day} already; "
                        "keep one symptom entry per day",
                    )
                )
            days.setdefault(entry.day, index)
        elif isinstance(entry, SupplementEntry):
            for other_index, other in periods.setdefault(entry.nutrient, []):
                if _overlap(entry, other):
                    problems.append(
                        Problem(
                            f"entries[{index}].from",
                            f"this {entry.nutrient} period overlaps entries[{other_index}]; "
                            "periods of one nutrient cannot overlap",
                        )
                    )
            periods[entry.nutrient].append((index, entry))
    return problems


def _overlap(a: SupplementEntry, b: SupplementEntry) -> bool:
    return a.day <= (b.ended_on or date.max) and b.day <= (a.ended_on or date.max)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat() + "Z"


def _parse_time(value: Any, where: str, problems: list[Problem]) -> datetime | None:
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        parsed = datetime.fromisoformat(value.removesuffix("Z"))
    except ValueError:
        problems.append(
            Problem(where, f"{value!r} is not a time; write it as YYYY-MM-DDTHH:MM:SSZ (UTC)")
        )
        return None
    if parsed.tzinfo is not None:
        from datetime import UTC

        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
