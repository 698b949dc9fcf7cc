"""The diary page's advice: the current assessment of the diary (the diary's own use case,
`ekbom.diary.assess.diary_assessment`, the same as `ekbom assess --diary` and the doctor's
report), or, when it cannot be made yet, what to add first."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from ekbom.diary.assess import NOT_STORED, REQUIRED, diary_assessment
from ekbom.errors import ProfileError

BASICS_WORDS = {"age": "your age", "sex": "your sex at birth"}


class DiaryAdvice(NamedTuple):
    """The assessment document, or why there is none: the basics still to add (`missing`)
    and any other problem of the diary's entries (`problems`, in the diary's words)."""

    document: dict[str, Any] | None
    missing: list[str]
    problems: list[str]


def diary_advice(session: Session, today: date) -> DiaryAdvice:
    """The diary's assessment on `today` (its own upper-limit choice), or what stops it."""
    try:
        return DiaryAdvice(diary_assessment(session, as_of=today, limits=None), [], [])
    except ProfileError as error:
        missing = [
            BASICS_WORDS.get(p.location, p.location)
            for p in error.problems
            if p.message == NOT_STORED and p.location in REQUIRED
        ]
        others = [f"{p.location}: {p.message}" for p in error.problems if p.message != NOT_STORED]
        return DiaryAdvice(None, missing, others)
