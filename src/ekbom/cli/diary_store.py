"""What every diary command shares: opening the diary named by `--db`, and saying problems in
the words of the command line (`--irls: 45 is not allowed …`, not `irls_score: …`)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ekbom.cli._output import UsageError, errors_exit
from ekbom.errors import EntryError, Problem, ProfileError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ekbom.store import Store

# Entry fields -> the options or arguments that set them.
LAB_WORDS = {"test": "TEST", "value": "VALUE", "unit": "UNIT", "date": "--date", "note": "--note"}
SCORE_WORDS = {
    "severity_nrs": "--nrs",
    "irls_score": "--irls",
    "nights_per_week": "--nights",
    "leg_cramps": "--cramps",
    "date": "--date",
    "note": "--note",
}
SUPPLEMENT_WORDS = {
    "nutrient": "NUTRIENT",
    "amount": "AMOUNT",
    "unit": "UNIT",
    "per": "--per",
    "from": "--from",
    "to": "--to",
    "note": "--note",
}
BASICS_WORDS = {
    "age": "--age",
    "sex": "--sex",
    "pregnant": "--pregnant",
    "pregnancy_trimester": "--trimester",
    "postmenopausal": "--postmenopausal",
    "diet": "--diet",
    "conditions": "--condition",
    "medications": "--medication",
    "rls_criteria": "--criterion",
    "caffeine_mg_per_day": "--caffeine",
    "alcohol_drinks_per_week": "--alcohol",
    "smoker": "--smoker",
    "exercise_minutes_per_week": "--exercise",
    "limits": "--limits",
}


@contextmanager
def diary(
    args: argparse.Namespace, *, profile_problems: bool = False
) -> Iterator[tuple[Store, Session]]:
    """The diary of `--db` (or the environment, or the default), opened and migrated, with a
    session; every ekbom error inside ends the command with its message (exit 1), and a
    UsageError still ends it as a usage error (exit 2). With `profile_problems`, problems of
    the profile built from the diary say they are "in the diary"."""
    from ekbom.store import opened, store_settings

    settings = store_settings(db=getattr(args, "db", None))
    source = f"the diary {settings.display}" if profile_problems else None
    usage: UsageError | None = None
    with errors_exit(source), opened(settings) as store:
        session = store.session()
        try:
            yield store, session
        except UsageError as exc:  # errors_exit would call it an internal error
            usage = exc
        finally:
            session.close()
    if usage is not None:
        raise usage


# How to store a basic the diary's assessment needs (`ekbom.diary.assess.REQUIRED`).
_STORE_BASIC = {"age": "--age N", "sex": "--sex female|male"}


@contextmanager
def basics_in_cli_words() -> Iterator[None]:
    """Re-raise a ProfileError of the diary's assessment with the command that stores a missing
    basic (`ekbom profile set --age N`)."""
    from ekbom.diary.assess import NOT_STORED

    try:
        yield
    except ProfileError as exc:
        problems = [
            Problem(
                p.location,
                f"{p.message}; store it with `ekbom profile set {_STORE_BASIC[p.location]}`",
            )
            if p.message == NOT_STORED and p.location in _STORE_BASIC
            else p
            for p in exc.problems
        ]
        raise ProfileError(problems) from None


@contextmanager
def in_cli_words(words: Mapping[str, str]) -> Iterator[None]:
    """Re-raise an EntryError with its locations named as on the command line (a clash with a
    stored entry gets its command from `store_fixes`, where every store error does)."""
    try:
        yield
    except EntryError as exc:
        raise EntryError(exc.what, [_relabel(p, words) for p in exc.problems]) from None


def _relabel(problem: Problem, words: Mapping[str, str]) -> Problem:
    field, dot, rest = problem.location.partition(".")
    base = field.split("[", 1)[0]
    if base not in words:
        return problem
    return Problem(words[base] + (f" {rest}" if dot else ""), problem.message)
