"""`ekbom trend`, `ekbom effect` and `ekbom report`: load the diary (`ekbom.diary.analysis`), then
call the pure analysis of `ekbom.diary_analysis` (charts with matplotlib, the PDF with
WeasyPrint)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ekbom.cli._output import UsageError, errors_exit, write
from ekbom.cli.diary_store import basics_in_cli_words, diary


def trend(args: argparse.Namespace) -> None:
    from ekbom.diary.analysis import load_data
    from ekbom.diary_analysis import trend_figure
    from ekbom.diary_analysis.trend import FORMATS

    _check_out(args.out, FORMATS)
    day = _day(args)
    with diary(args) as (_, session):
        data = load_data(session, day)
        path = trend_figure(data, args.tests or None, args.out, as_of=day)
    write(f"Wrote {path}.")


def effect(args: argparse.Namespace) -> None:
    from ekbom.diary.analysis import load_data
    from ekbom.diary_analysis import effect as compare
    from ekbom.knowledge.diary_knowledge import load_effect_windows
    from ekbom.knowledge.nutrient_names import resolve_nutrient, unknown_nutrient

    with errors_exit():
        windows = load_effect_windows().windows
        nutrient = resolve_nutrient(args.nutrient, windows)
    if nutrient is None:
        what = "a supplement whose effect ekbom can compare"
        raise UsageError(unknown_nutrient(args.nutrient, windows, what))
    day = _day(args)
    with diary(args) as (_, session):
        data = load_data(session, day)
        result = compare(data, nutrient, day, score=args.score)
    if args.format == "json":
        write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        write(effect_text(result))


def effect_text(result: Any) -> str:
    """The comparison for people: both sides with n and mean, the interval, the sentence."""
    from ekbom.knowledge.diary_knowledge import load_effect_windows

    score = load_effect_windows().scores.get(result.score, result.score)
    lines = []
    if result.start is not None:
        lines.append(
            f"{result.nutrient} started {result.start}; an effect is expected from "
            f"day {result.onset_days + 1}. Score: {score}."
        )
    for name, side in (("before", result.before), ("after", result.after)):
        if side is not None:
            mean = "no scores" if side.mean is None else f"mean {side.mean:.2f}"
            lines.append(
                f"  {name:<6} {side.first} to {side.last}: days with a score {side.n}, {mean}"
            )
    if result.difference is not None and result.interval is not None:
        low, high = result.interval
        lines.append(
            f"  difference (after - before) {result.difference:+.2f}, "
            f"{result.confidence:.0%} interval {low:+.2f} to {high:+.2f} "
            f"(moving-block bootstrap, {result.block_days}-day blocks, "
            f"{result.resamples} resamples)"
        )
    lines.append(result.sentence)
    return "\n".join(lines)


def report(args: argparse.Namespace) -> None:
    from ekbom.diary.analysis import report_inputs
    from ekbom.diary_analysis import render_report
    from ekbom.diary_analysis.report import FORMATS

    _check_out(args.out, FORMATS)
    day = _day(args)
    with diary(args, profile_problems=True) as (_, session), basics_in_cli_words():
        document, data = report_inputs(session, day, limits=args.limits)
        path = render_report(document, data, args.out)
    write(f"Wrote {path}.")


def _day(args: argparse.Namespace) -> date:
    return date.fromisoformat(args.as_of) if args.as_of else date.today()


def _check_out(out: str, formats: Iterable[str]) -> None:
    """A usage error (exit 2) naming --out when its file name ends in a suffix we cannot write."""
    suffix = Path(out).suffix.lower()
    if suffix not in formats:
        accepted = " or ".join(dict.fromkeys(f for f in formats if f != ".htm"))
        raise UsageError(f"--out {out}: end the file name in {accepted}")
