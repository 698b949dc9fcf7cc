"""`ekbom trend`, `ekbom effect` and `ekbom report`: the diary's charts, "did it help?" and
the report for the doctor.

The analysis itself is `ekbom.diary_analysis` (pure functions); `ekbom.cli.diary_reports`
loads the diary and calls it. Both are imported only when a command runs, because matplotlib
and WeasyPrint are slow to import.
"""

from __future__ import annotations

import argparse
from typing import Any

from ekbom.cli._parsing import add_command, add_db_option, iso_date

SCORES = ("nrs", "irls", "nights")


def register(sub: Any) -> None:
    """Add `trend`, `effect` and `report` to the command line."""
    trend = add_command(sub, "trend", cmd_trend)
    trend.add_argument(
        "tests",
        nargs="*",
        metavar="TEST",
        help="lab test ids to chart, defaults to every test in the diary",
    )
    trend.add_argument(
        "--out", required=True, metavar="FILE", help="the chart to write: a .png or .svg file"
    )
    trend.add_argument(
        "--as-of", type=iso_date, metavar="DATE", help="last day of the chart, defaults to today"
    )
    add_db_option(trend)
    effect = add_command(sub, "effect", cmd_effect)
    effect.add_argument("nutrient", metavar="NUTRIENT", help="nutrient id, e.g. iron or magnesium")
    effect.add_argument(
        "--score",
        choices=SCORES,
        default="nrs",
        help="which symptom score to compare, defaults to nrs",
    )
    effect.add_argument(
        "--as-of", type=iso_date, metavar="DATE", help="compare up to this day, defaults to today"
    )
    effect.add_argument(
        "--format",
        "-f",
        choices=("text", "json"),
        default="text",
        help="output format, defaults to text",
    )
    add_db_option(effect)
    report = add_command(sub, "report", cmd_report)
    report.add_argument(
        "--out", required=True, metavar="FILE", help="the report to write: a .pdf or .html file"
    )
    report.add_argument(
        "--as-of", type=iso_date, metavar="DATE", help="the report's date, defaults to today"
    )
    report.add_argument(
        "--limits",
        choices=("strictest", "us", "eu"),
        help="upper intake limits, defaults to the stored basics' or strictest",
    )
    add_db_option(report)


def cmd_trend(args: argparse.Namespace) -> None:
    """Chart lab results over time, with decision thresholds, symptom scores and supplements

    Examples:
      ekbom trend ferritin tsat --out iron.png
      ekbom trend --out everything.svg
    """
    from ekbom.cli.diary_reports import trend

    trend(args)


def cmd_effect(args: argparse.Namespace) -> None:
    """Compare symptom scores before and after a supplement was started ("did it help?")

    Allows for the time the supplement takes to act, and refuses (saying why) when there are
    too few scored days or another supplement changed at the same time.

    Examples:
      ekbom effect iron
      ekbom effect magnesium --score nights --format json
    """
    from ekbom.cli.diary_reports import effect

    effect(args)


def cmd_report(args: argparse.Namespace) -> None:
    """Write a report for your doctor: first step and warnings first, charts, sources

    Examples:
      ekbom report --out report.pdf
      ekbom report --out report.html --as-of 2026-11-28
    """
    from ekbom.cli.diary_reports import report

    report(args)
