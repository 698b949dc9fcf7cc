"""Assess the profile the diary gives for a day (basics + latest entries): `ekbom assess --diary`,
`ekbom report` and the web's report page all call `diary_assessment`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ekbom.errors import Problem, ProfileError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ekbom.diary.snapshot import DiaryProfile

# Basics a profile needs: a problem at one of them says it is not stored, and each shell adds
# how to store it there (the command line a command, the web app its "About you" form).
REQUIRED = ("age", "sex")
NOT_STORED = "is not stored in the diary"


def diary_assessment(
    session: Session, *, as_of: date | str | None, limits: str | None
) -> dict[str, Any]:
    """The assessment document of the diary on `as_of` (default today)."""
    from ekbom.engine import assess

    day = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of or date.today()
    snapshot = load_profile(session, day)
    try:
        return assess(snapshot.profile, limits=limits).to_dict()
    except ProfileError as exc:
        raise ProfileError([_in_diary_words(p, snapshot) for p in exc.problems]) from None


def load_profile(session: Session, day: date) -> DiaryProfile:
    """Read what the profile of `day` needs (not the whole diary) and build it."""
    from ekbom.diary.snapshot import diary_profile
    from ekbom.knowledge.diary_assess import load_diary_assess
    from ekbom.store import repository

    window = load_diary_assess().symptom_days
    basics = repository.get_basics(session)
    labs = repository.list_entries(session, end=day, kinds=["lab"])
    symptoms = repository.list_entries(
        session, start=day - timedelta(days=window - 1), end=day, kinds=["symptoms"]
    )
    taken = repository.list_entries(session, start=day, end=day, kinds=["supplement"])
    return diary_profile(basics, [*labs, *symptoms, *taken], as_of=day, symptom_days=window)


def _in_diary_words(problem: Problem, snapshot: DiaryProfile) -> Problem:
    """Point a profile problem at the basics field or diary entry it comes from."""
    location, message = problem.location, problem.message
    if location in REQUIRED and message.startswith("is required"):
        return Problem(location, NOT_STORED)
    if location.startswith("labs["):
        index = int(location[5:].split("]", 1)[0])
        entry = snapshot.labs[index]
        return Problem(f"entry {entry.stamp.id} ({entry.test})", message)
    return problem
