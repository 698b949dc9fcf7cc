"""What the diary pages and the diary API share: the signed-in account's diary, entry forms
turned into store fields, entries as JSON, the chart and the "did it help?" answers (the
diary's use cases themselves live in `ekbom.diary`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any, NamedTuple

from fastapi import Request
from sqlalchemy.orm import Session

from ekbom.diary.analysis import load_data
from ekbom.diary.assess import NOT_STORED
from ekbom.diary_analysis.trend_panels import SUPPLEMENTS
from ekbom.diary_analysis.trend_words import SYMPTOMS
from ekbom.errors import ConflictError, Problem, ProfileError
from ekbom.knowledge.models import Knowledge
from ekbom.store import repository
from ekbom.store.basics import KEYS, Basics
from ekbom.store.entries import FIELDS, Entry, SupplementEntry
from ekbom.web.auth import data
from ekbom.web.form import basics_values, choices, medication_names, medication_rows
from ekbom.web.store_fixes import web_message

NUMBERS = {"value", "amount", "severity_nrs", "irls_score", "nights_per_week"}


@contextmanager
def diary(request: Request, account_id: int) -> Iterator[Session]:
    """A session on this account's own diary (it sees no other account's entries)."""
    with data(request).diary(account_id) as session:
        yield session


def form_fields(kind: str, form: Mapping[str, str]) -> dict[str, Any]:
    """The store fields of an entry form (empty fields left out; numbers parsed when they can
    be, so the store's own validation names what is wrong)."""
    fields: dict[str, Any] = {}
    for key in FIELDS.get(kind, ()):
        text = form.get(key, "").strip()
        if key == "leg_cramps":
            if form.get(key):
                fields[key] = True
        elif text:
            fields[key] = _number(text) if key in NUMBERS else text
    return fields


@contextmanager
def basics_in_web_words() -> Iterator[None]:
    """Re-raise a ProfileError of the diary's assessment with where to store a missing basic."""
    try:
        yield
    except ProfileError as exc:
        problems = [
            Problem(p.location, f'{p.message}; fill it in under "About you" on your diary page')
            if p.message == NOT_STORED
            else p
            for p in exc.problems
        ]
        raise ProfileError(problems) from None


def conflict_errors(kind: str, error: ConflictError) -> dict[str, list[str]]:
    """A clash with a stored entry, shown at the form field to correct (by the field's id), with
    what to do on this page; any other conflict at the top of the form."""
    if error.clash is None:
        return {f"{kind}_": [web_message(error)]}
    return {f"{kind}_{error.clash.field}": [web_message(error)]}


def _number(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def entry_json(entry: Entry) -> dict[str, Any]:
    """An entry as JSON: id, kind and its fields (dates as YYYY-MM-DD)."""
    fields = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in entry.fields().items()}
    return {"id": entry.stamp.id, "kind": entry.kind, **fields}


def chart_svg(session: Session, kb: Knowledge, today: date) -> bytes | None:
    """The trend chart of the diary as SVG, or None when there is nothing to draw."""
    from ekbom.diary_analysis.trend import build_figure, figure_bytes

    if not repository.list_entries(session, end=today):
        return None
    figure = build_figure(load_data(session, today, kb), None, knowledge=kb)
    try:
        return figure_bytes(figure, "svg")
    finally:
        import matplotlib.pyplot as plt

        plt.close(figure)


class ChartPanel(NamedTuple):
    """One chart of the diary page: its panel id, heading and trend sentences."""

    id: str
    title: str
    sentences: list[str]


PANEL_TITLES = {SYMPTOMS: "Symptoms", SUPPLEMENTS: "Supplements"}


def chart_panels(session: Session, kb: Knowledge, today: date) -> list[ChartPanel]:
    """The charts the diary page shows, each with its trend sentences (none when it is empty)."""
    from ekbom.diary_analysis.trend_panels import panels
    from ekbom.diary_analysis.trend_words import trend_sentences

    if not repository.list_entries(session, end=today):
        return []
    found = load_data(session, today, kb)
    said = trend_sentences(found, kb)
    return [
        ChartPanel(p, PANEL_TITLES.get(p) or kb.tests[p].name, said.get(p, []))
        for p in panels(found, kb)
    ]


def panel_svg(session: Session, kb: Knowledge, today: date, panel: str, narrow: bool) -> bytes:
    """One chart of the diary page as SVG, drawn for a phone or a wide screen (AnalysisError
    when the diary has no such chart)."""
    from ekbom.diary_analysis import trend_panels

    size = trend_panels.NARROW if narrow else trend_panels.WIDE
    found = load_data(session, today, kb)
    return trend_panels.panel_svg(found, panel, size, as_of=today, knowledge=kb)


def did_it_help(session: Session, kb: Knowledge, today: date) -> list[tuple[str, str]]:
    """For each nutrient taken, the "did it help?" sentence (by nutrient name)."""
    from ekbom.diary_analysis import AnalysisError, effect
    from ekbom.diary_analysis.records import DiaryData

    entries = repository.list_entries(session, end=today)
    taken = sorted({e.nutrient for e in entries if isinstance(e, SupplementEntry)})
    if not taken:
        return []
    found: DiaryData = load_data(session, today, kb)
    answers = []
    for nutrient in taken:
        try:
            result = effect(found, nutrient, today, knowledge=kb)
        except AnalysisError:
            continue
        name = kb.nutrients[nutrient].name if nutrient in kb.nutrients else nutrient
        answers.append((name, result.sentence))
    return answers


def basics_context(kb: Knowledge, basics: Basics, typed: dict[str, str] | None) -> dict[str, Any]:
    """What the "About you" form shows: the typed values after a problem, else the stored ones,
    with the questionnaire's choices."""
    values = typed if typed is not None else basics_values(basics, date.today())
    return {
        "basics_values": values,
        "medication_rows": medication_rows(values),
        "medication_names": medication_names(kb),
        **choices(),
    }


def basics_unset(changes: Mapping[str, Any]) -> list[str]:
    """The basics the form leaves empty, to clear. `rls_criteria` is always named: the form asks
    all five questions, so its answers replace the stored ones ("not sure" clears one)."""
    return [
        key for key in KEYS if key != "age_on" and (key not in changes or key == "rls_criteria")
    ]
