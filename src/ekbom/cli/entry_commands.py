"""The commands on the diary's entries: `log lab|symptoms|supplement|stop`, `history`, `edit`
and `delete` (the charts, "did it help?" and the report are in `analysis_commands`).

This module only declares the command line (help comes from the docstrings); the work is done
in `diary_entries`, imported when a command runs, so that `ekbom assess` never loads SQLAlchemy.
"""

from __future__ import annotations

import argparse
from typing import Any

from ekbom.cli._parsing import add_command, add_db_option, command_group, iso_date
from ekbom.knowledge.vocabulary import ENTRY_KINDS

FORMATS = ("text", "json", "csv")


def register(sub: Any) -> None:
    """Add `log`, `history`, `edit` and `delete` to the command line."""
    _register_log(sub)
    _register_history(sub)


def _note(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--note", metavar="TEXT", help="a short note kept with the entry")


def _register_log(sub: Any) -> None:
    log = command_group(
        sub,
        "log",
        "add lab results, symptom scores and supplements to the diary",
        "lab, symptoms, supplement, stop",
    )
    lab = add_command(log, "lab", cmd_log_lab)
    lab.add_argument("test", metavar="TEST", help="lab test id, e.g. ferritin or vitamin_d")
    lab.add_argument("value", metavar="VALUE", type=_number, help="the value on the lab report")
    lab.add_argument("unit", metavar="UNIT", help="the unit on the lab report, e.g. ng/mL")
    lab.add_argument("--date", type=iso_date, help="day of the blood test, defaults to today")
    _note(lab)
    add_db_option(lab)
    symptoms = add_command(log, "symptoms", cmd_log_symptoms)
    _score_options(symptoms)
    symptoms.add_argument(
        "--date", type=iso_date, help="the day the scores are for, defaults to today"
    )
    _note(symptoms)
    add_db_option(symptoms)
    supplement = add_command(log, "supplement", cmd_log_supplement)
    supplement.add_argument(
        "nutrient", metavar="NUTRIENT", help="nutrient id, e.g. iron or magnesium"
    )
    supplement.add_argument(
        "amount", metavar="AMOUNT", type=_number, help="amount per day (or per week)"
    )
    supplement.add_argument(
        "unit", metavar="UNIT", help="mg, ug (mcg), g, or IU for vitamin D and E"
    )
    supplement.add_argument(
        "--per",
        choices=("day", "week"),
        default="day",
        help="the amount is per day or per week, defaults to day",
    )
    supplement.add_argument(
        "--from",
        dest="start",
        type=iso_date,
        required=True,
        metavar="DATE",
        help="first day you took it",
    )
    supplement.add_argument(
        "--to",
        dest="end",
        type=iso_date,
        metavar="DATE",
        help="last day you took it; leave out while you still take it",
    )
    _note(supplement)
    add_db_option(supplement)
    stop = add_command(log, "stop", cmd_log_stop)
    stop.add_argument(
        "nutrient", metavar="NUTRIENT", help="nutrient id of the supplement you stopped"
    )
    stop.add_argument(
        "--on", type=iso_date, required=True, metavar="DATE", help="the last day you took it"
    )
    add_db_option(stop)


def _score_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--nrs",
        type=_number,
        metavar="0-10",
        help="how bad your restless legs were, 0 (not at all) to 10 (worst)",
    )
    parser.add_argument(
        "--irls",
        type=_number,
        metavar="0-40",
        help="IRLS total, from a properly licensed IRLS questionnaire",
    )
    parser.add_argument(
        "--nights", type=_number, metavar="0-7", help="nights with symptoms in the past week"
    )
    parser.add_argument(
        "--cramps",
        action=argparse.BooleanOptionalAction,
        help="whether you had leg cramps (--no-cramps: none)",
    )


def _register_history(sub: Any) -> None:
    history = add_command(sub, "history", cmd_history)
    history.add_argument(
        "--from", dest="start", type=iso_date, metavar="DATE", help="first day to show"
    )
    history.add_argument("--to", dest="end", type=iso_date, metavar="DATE", help="last day to show")
    history.add_argument(
        "--kind",
        choices=ENTRY_KINDS,
        action="append",
        help="show only this kind of entry (repeat for more)",
    )
    history.add_argument(
        "--format", "-f", choices=FORMATS, default="text", help="output format, defaults to text"
    )
    add_db_option(history)
    edit = add_command(sub, "edit", cmd_edit)
    edit.add_argument("id", metavar="ID", type=int, help="the entry's id (see `ekbom history`)")
    edit.add_argument("--date", type=iso_date, help="new day (lab and symptom entries)")
    edit.add_argument("--test", help="new lab test id")
    edit.add_argument("--value", type=_number, help="new lab value")
    edit.add_argument("--unit", help="new unit (lab or supplement)")
    _score_options(edit)
    edit.add_argument("--nutrient", help="new nutrient id (supplement)")
    edit.add_argument("--amount", type=_number, help="new amount (supplement)")
    edit.add_argument("--per", choices=("day", "week"), help="amount per day or week")
    edit.add_argument(
        "--from", dest="start", type=iso_date, metavar="DATE", help="new first day (supplement)"
    )
    edit.add_argument(
        "--to", dest="end", type=iso_date, metavar="DATE", help="new last day (supplement)"
    )
    _note(edit)
    edit.add_argument(
        "--clear",
        action="append",
        metavar="FIELD",
        choices=("nrs", "irls", "nights", "cramps", "to", "note"),
        help="remove a value: nrs, irls, nights, cramps, to or note (repeat)",
    )
    add_db_option(edit)
    delete = add_command(sub, "delete", cmd_delete)
    delete.add_argument("id", metavar="ID", type=int, help="the entry's id (see `ekbom history`)")
    add_db_option(delete)


def _number(text: str) -> float | int:
    """argparse type: a number as written (whole numbers stay whole, so 0-40 checks work)."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"'{text}' is not a number")
    return value


# -- the commands (docstrings are their help) --------------------------------------------------


def cmd_log_lab(args: argparse.Namespace) -> None:
    """Add a lab result, with the value and unit as on the lab report

    The unit must be one the test accepts and the value must be possible; the date may not be
    in the future.

    Examples:
      ekbom log lab ferritin 48 ng/mL --date 2026-10-02
      ekbom log lab vitamin_d 18 ng/mL --date 2026-10-02 --note 'winter'
    """
    from ekbom.cli.diary_entries import log_lab

    log_lab(args)


def cmd_log_symptoms(args: argparse.Namespace) -> None:
    """Add a day's symptom scores (one entry per day; `ekbom edit` changes it)

    Examples:
      ekbom log symptoms --nrs 6 --nights 4 --cramps
      ekbom log symptoms --irls 22 --date 2026-11-27
    """
    from ekbom.cli.diary_entries import log_symptoms

    log_symptoms(args)


def cmd_log_supplement(args: argparse.Namespace) -> None:
    """Add a supplement you take (or took), from its first day

    Periods of one nutrient may not overlap: to change the dose, stop the old one with
    `ekbom log stop` and log the new one from the next day.

    Examples:
      ekbom log supplement iron 65 mg --from 2026-10-05
      ekbom log supplement vitamin_d 1000 IU --from 2026-01-01 --to 2026-03-31
      ekbom log supplement magnesium 1400 mg --per week --from 2026-11-01
    """
    from ekbom.cli.diary_entries import log_supplement

    log_supplement(args)


def cmd_log_stop(args: argparse.Namespace) -> None:
    """End the supplement period of a nutrient that is still going on

    Examples:
      ekbom log stop iron --on 2027-01-10
    """
    from ekbom.cli.diary_entries import log_stop

    log_stop(args)


def cmd_history(args: argparse.Namespace) -> None:
    """List the diary's entries by day, with their ids

    A supplement period is listed when any of its days is in the range.

    Examples:
      ekbom history
      ekbom history --from 2026-01-01 --to 2026-06-30 --kind lab
      ekbom history --format csv > diary.csv
    """
    from ekbom.cli.diary_entries import history

    history(args)


def cmd_edit(args: argparse.Namespace) -> None:
    """Change an entry: give only what changes; the whole entry is checked again

    Examples:
      ekbom edit 12 --value 52
      ekbom edit 15 --nrs 5 --clear irls
      ekbom edit 20 --to 2027-01-10
    """
    from ekbom.cli.diary_entries import edit

    edit(args)


def cmd_delete(args: argparse.Namespace) -> None:
    """Delete an entry (it prints what it deleted)

    Examples:
      ekbom delete 12
    """
    from ekbom.cli.diary_entries import delete

    delete(args)
