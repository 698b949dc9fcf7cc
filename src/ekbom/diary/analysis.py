"""The diary read from the store for the analysis: the trend chart, "did it help?" and the
doctor's report (the command line writes it; the web app shows the page and serves the PDF)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ekbom.diary.assess import diary_assessment
from ekbom.diary.snapshot import diary_data
from ekbom.store import repository

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ekbom.diary_analysis.records import DiaryData
    from ekbom.knowledge.models import Knowledge
    from ekbom.report import DiaryParts


def load_data(session: Session, as_of: date, knowledge: Knowledge | None = None) -> DiaryData:
    """The diary up to `as_of` as `ekbom.diary_analysis.DiaryData` (default knowledge)."""
    from ekbom.knowledge.loader import load_knowledge

    basics = repository.get_basics(session)
    entries = repository.list_entries(session, end=as_of)
    return diary_data(basics, entries, as_of=as_of, knowledge=knowledge or load_knowledge())


def report_inputs(
    session: Session, as_of: date, *, limits: str | None, knowledge: Knowledge | None = None
) -> tuple[dict[str, Any], DiaryData]:
    """What the doctor's report shows: the diary's assessment document on `as_of` and the diary
    data up to that day (ProfileError, in the diary's words, without age and sex)."""
    document = diary_assessment(session, as_of=as_of, limits=limits)
    return document, load_data(session, as_of, knowledge)


def report_parts(
    session: Session, knowledge: Knowledge, today: date
) -> tuple[dict[str, Any], DiaryParts]:
    """The doctor's report of the diary as the web page shows it: the assessment document and
    the diary's parts (`ekbom.report.DiaryParts`)."""
    from ekbom.diary_analysis.report import diary_parts

    document, data = report_inputs(session, today, limits=None, knowledge=knowledge)
    return document, diary_parts(document, data, knowledge)


def report_pdf(session: Session, knowledge: Knowledge, today: date) -> bytes:
    """The doctor's report of the diary as PDF bytes: the PDF `ekbom report --out` writes."""
    from ekbom.diary_analysis.report import report_pdf as pdf

    document, data = report_inputs(session, today, limits=None, knowledge=knowledge)
    return pdf(document, data, knowledge=knowledge)
