"""`ekbom assess --diary`: assess the profile the diary gives for a day (basics + latest entries).

`diary_assessment` is shared with `ekbom report`, which puts the same assessment in the report.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ekbom.errors import Problem, ProfileError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ekbom.store.snapshot import DiaryProfile

# Basics a profile needs, and how to store them.
_REQUIRED = {
    "age": "store it with `ekbom profile set --age N`",
    "sex": "store it with `ekbom profile set --sex female|male`",
}


def assess_diary(args: argparse.Namespace) -> None:
    """Print the assessment of the diary (the `--diary` form of `ekbom assess`)."""
    from ekbom.cli.assess_command import emit
    from ekbom.cli.diary_store import diary

    with diary(args, profile_problems=True) as (_, session):
        document = diary_assessment(session, as_of=args.as_of, limits=args.limits)
        emit(document, args.format)


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
    from ekbom.knowledge.diary_assess import load_diary_assess
    from ekbom.store import repository
    from ekbom.store.snapshot import diary_profile

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
    if location in _REQUIRED and message.startswith("is required"):
        return Problem(location, f"is not stored in the diary; {_REQUIRED[location]}")
    if location.startswith("labs["):
        index = int(location[5:].split("]", 1)[0])
        entry = snapshot.labs[index]
        return Problem(f"entry {entry.stamp.id} ({entry.test})", message)
    return problem
