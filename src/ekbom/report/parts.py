"""What the report's templates read besides the assessment document: the summary's groups of
nutrients and sections, and the doctor's diary parts, all as plain values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ekbom import presenter as p
from ekbom.knowledge.models import Knowledge


@dataclass(frozen=True)
class Table:
    """A table the report shows in a box of its own (it scrolls there on a phone)."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    intro: str = ""
    css: str = ""


@dataclass(frozen=True)
class DiaryParts:
    """The doctor's parts of the report, worked out from the diary by the caller."""

    person: str = ""
    symptoms: str = ""
    latest_labs: Table | None = None
    stale_dates: frozenset[str] = frozenset()
    questions: Sequence[str] = ()
    charts: Sequence[tuple[str, str]] = ()  # (alt text, image URL)
    charts_note: str = ""  # shown instead of the charts when there are none
    effects: Table | None = None
    supplement_log: Table | None = None
    no_supplements: str = ""


@dataclass(frozen=True)
class Summary:
    """The assessment grouped summary first (issue 15.1)."""

    avoid: list[Mapping[str, Any]]
    acting: list[Mapping[str, Any]]
    not_likely: list[Mapping[str, Any]]
    tests: list[p.Item]
    safety: list[p.Section]
    others: list[p.Section] = field(default_factory=list)


SAFETY = (p.TRIGGERS_TITLE, p.UNRECOGNISED_TITLE, p.INTERACTIONS_TITLE)


def summary(doc: Mapping[str, Any], k: Knowledge) -> Summary:
    nutrients = p.items_of(doc, "nutrients")
    sections = p.list_sections(doc, k)
    return Summary(
        avoid=[n for n in nutrients if n["verdict"] == "avoid"],
        acting=[n for n in nutrients if n["verdict"] in p.ACTING_VERDICTS],
        not_likely=[
            n
            for n in nutrients
            if n["verdict"] not in p.ACTING_VERDICTS and n["verdict"] != "avoid"
        ],
        tests=[p.test_item(k, t) for t in p.items_of(doc, "tests_to_request")],
        safety=[s for s in sections if s.title in SAFETY],
        others=[s for s in sections if s.title not in (*SAFETY, p.TESTS_TITLE)],
    )
