"""The rules of a diary entry, checked before the store saves it.

An entry is checked by handing it to `ekbom.profile.parse_sections` as a one-item profile section
(a lab under `labs`, scores under `symptoms`, a supplement under `supplements`; no age or sex is
needed or invented), so it is rejected with exactly the messages a profile gets (units, plausible
ranges, vocabularies); only the location prefix (`labs[0].`) is dropped. Dates are checked here:
required, real, and not in the future.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ekbom.errors import EntryError, Problem
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.reader import did_you_mean
from ekbom.knowledge.units import match_unit
from ekbom.profile import Sections, parse_date, parse_sections
from ekbom.store.entries import (
    FIELDS,
    KINDS,
    NOTE_MAX,
    SCORES,
    UNSAVED,
    Entry,
    LabEntry,
    Stamp,
    SupplementEntry,
    SymptomEntry,
)


def validate(
    kind: str,
    fields: Mapping[str, Any],
    *,
    today: date,
    what: str | None = None,
    knowledge: Knowledge | None = None,
    stamp: Stamp = UNSAVED,
) -> Entry:
    """Build the entry of `kind` from `fields`, or raise EntryError listing every problem."""
    entry, problems = check(kind, fields, today=today, knowledge=knowledge, stamp=stamp)
    if problems or entry is None:
        raise EntryError(what or f"the {kind} entry", problems)
    return entry


def check(
    kind: str,
    fields: Mapping[str, Any],
    *,
    today: date,
    knowledge: Knowledge | None = None,
    stamp: Stamp = UNSAVED,
) -> tuple[Entry | None, list[Problem]]:
    """The entry and no problems, or None and every problem (located by field name)."""
    kb = knowledge or load_knowledge()
    if kind not in KINDS:
        return None, [Problem("kind", f"{kind!r} is not allowed; use one of: {', '.join(KINDS)}")]
    problems = _unknown(kind, fields)
    note = _note(fields.get("note"), problems)
    if kind == "lab":
        return _finish(_lab(fields, today, kb, note, stamp, problems), problems)
    if kind == "symptoms":
        return _finish(_symptoms(fields, today, kb, note, stamp, problems), problems)
    return _finish(_supplement(fields, today, kb, note, stamp, problems), problems)


def _finish(entry: Entry | None, problems: list[Problem]) -> tuple[Entry | None, list[Problem]]:
    return (None, problems) if problems else (entry, problems)


def _unknown(kind: str, fields: Mapping[str, Any]) -> list[Problem]:
    allowed = FIELDS[kind]
    return [
        Problem(
            str(key),
            f"unknown key{did_you_mean(str(key), allowed)}; allowed keys for a "
            f"{kind} entry: {', '.join(allowed)}",
        )
        for key in fields
        if key not in allowed
    ]


def _note(value: Any, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > NOTE_MAX:
        problems.append(Problem("note", f"must be text of at most {NOTE_MAX} characters"))
        return None
    return value.strip() or None


def a_date(
    fields: Mapping[str, Any], key: str, today: date, problems: list[Problem], required: bool
) -> date | None:
    """A date field: present when required, a real date, not after `today`."""
    value = fields.get(key)
    if value is None:
        if required:
            problems.append(Problem(key, "is required; write the date as YYYY-MM-DD"))
        return None
    when = parse_date(value)
    if when is None or isinstance(value, int | float):
        problems.append(Problem(key, f"{value!r} is not a date; write it as YYYY-MM-DD"))
        return None
    if when > today:
        problems.append(Problem(key, future_message(when, today)))
    return when


def future_message(when: date, today: date) -> str:
    """A diary date may not be in the future (the profile's rule, said for a diary)."""
    return f"{when} is in the future (today is {today}); check the date"


def _as_profile(
    section: str, payload: Any, kb: Knowledge, prefix: str
) -> tuple[Sections | None, list[Problem]]:
    """Parse `payload` as the `section` of a profile; problems lose the `prefix` of their place."""
    parsed, problems = parse_sections({section: payload}, kb)
    if not problems:
        return parsed, []
    return None, [Problem(p.location.removeprefix(prefix) or section, p.message) for p in problems]


def _lab(
    fields: Mapping[str, Any],
    today: date,
    kb: Knowledge,
    note: str | None,
    stamp: Stamp,
    problems: list[Problem],
) -> LabEntry | None:
    day = a_date(fields, "date", today, problems, required=True)
    payload = {key: fields.get(key) for key in ("test", "value", "unit")}
    profile, found = _as_profile("labs", [payload], kb, "labs[0].")
    problems.extend(found)
    if profile is None or day is None:
        return None
    lab = profile.labs[0]
    unit = match_unit(lab.reported_unit, kb.tests[lab.test].units) or lab.reported_unit
    return LabEntry(day, lab.test, float(lab.reported_value), unit, note, stamp)


def _symptoms(
    fields: Mapping[str, Any],
    today: date,
    kb: Knowledge,
    note: str | None,
    stamp: Stamp,
    problems: list[Problem],
) -> SymptomEntry | None:
    day = a_date(fields, "date", today, problems, required=True)
    payload = {key: fields[key] for key in SCORES if fields.get(key) is not None}
    if not payload:
        problems.append(Problem("", f"give at least one score: {', '.join(SCORES)}"))
        return None
    profile, found = _as_profile("symptoms", payload, kb, "symptoms.")
    problems.extend(found)
    if profile is None or day is None:
        return None
    scores = profile.symptoms
    nrs = scores.get("severity_nrs")
    return SymptomEntry(
        day,
        float(nrs) if nrs is not None else None,
        scores.get("irls_score"),
        scores.get("nights_per_week"),
        scores.get("leg_cramps"),
        note,
        stamp,
    )


def _supplement(
    fields: Mapping[str, Any],
    today: date,
    kb: Knowledge,
    note: str | None,
    stamp: Stamp,
    problems: list[Problem],
) -> SupplementEntry | None:
    start = a_date(fields, "from", today, problems, required=True)
    end = a_date(fields, "to", today, problems, required=False)
    if start is not None and end is not None and end < start:
        problems.append(Problem("to", f"{end} is before the first day {start}; check the dates"))
    payload = {key: fields.get(key) for key in ("nutrient", "amount", "unit", "per")}
    profile, found = _as_profile("supplements", [payload], kb, "supplements[0].")
    problems.extend(found)
    if profile is None or start is None:
        return None
    taken = profile.supplements[0]
    return SupplementEntry(
        start, taken.nutrient, float(taken.amount), taken.unit, taken.per, end, note, stamp
    )
