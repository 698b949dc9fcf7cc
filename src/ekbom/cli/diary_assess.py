"""`ekbom assess --diary`: print the assessment the diary gives for a day (`ekbom.diary.assess`)."""

from __future__ import annotations

import argparse


def assess_diary(args: argparse.Namespace) -> None:
    """Print the assessment of the diary (the `--diary` form of `ekbom assess`)."""
    from ekbom.cli.assess_command import emit
    from ekbom.cli.diary_store import basics_in_cli_words, diary
    from ekbom.diary.assess import diary_assessment

    with diary(args, profile_problems=True) as (_, session), basics_in_cli_words():
        document = diary_assessment(session, as_of=args.as_of, limits=args.limits)
        emit(document, args.format)
