"""The commands that set up the diary: `db upgrade|info` (its database) and `profile set|show`
(the basics stored in it).

This module only declares the command line (help comes from the docstrings); the work is done
in `diary_admin`, imported when a command runs, so that `ekbom assess` never loads SQLAlchemy.
"""

from __future__ import annotations

import argparse
from typing import Any

from ekbom.cli._parsing import add_command, add_db_option, command_group

YES_NO = ("yes", "no")


def register(sub: Any) -> None:
    """Add `db` and `profile` to the command line."""
    _register_db(sub)
    _register_profile(sub)


def _register_db(sub: Any) -> None:
    db = command_group(
        sub, "db", "create, upgrade and inspect the diary's database", "upgrade, info"
    )
    add_db_option(add_command(db, "upgrade", cmd_db_upgrade))
    info = add_command(db, "info", cmd_db_info)
    add_db_option(info)
    info.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format, defaults to text"
    )


def _register_profile(sub: Any) -> None:
    profile = command_group(
        sub, "profile", "the basics stored in the diary (age, sex, medicines …)", "set, show"
    )
    put = add_command(profile, "set", cmd_profile_set)
    put.add_argument("--age", type=int, help="age in years (counted on from today)")
    put.add_argument("--sex", choices=("female", "male"), help="sex at birth")
    put.add_argument("--pregnant", choices=YES_NO, help="whether you are pregnant")
    put.add_argument("--trimester", type=int, choices=(1, 2, 3), help="pregnancy trimester")
    put.add_argument("--postmenopausal", choices=YES_NO, help="whether you are past menopause")
    put.add_argument("--diet", choices=("omnivore", "vegetarian", "vegan"), help="your diet")
    put.add_argument(
        "--condition",
        action="append",
        metavar="ID",
        help="a condition id (repeat for each; replaces the stored list)",
    )
    put.add_argument(
        "--medication",
        action="append",
        metavar="TEXT",
        help="a medicine, e.g. 'Zoloft 50 mg' (repeat; replaces the stored list)",
    )
    put.add_argument(
        "--criterion",
        action="append",
        metavar="ID=yes|no",
        help="answer one of the five RLS criteria, e.g. urge_to_move=yes (repeat)",
    )
    put.add_argument("--caffeine", type=float, metavar="MG", help="caffeine in mg a day")
    put.add_argument("--alcohol", type=float, metavar="DRINKS", help="alcoholic drinks a week")
    put.add_argument("--smoker", choices=YES_NO, help="whether you smoke")
    put.add_argument("--exercise", type=float, metavar="MINUTES", help="exercise minutes a week")
    put.add_argument(
        "--limits", choices=("strictest", "us", "eu"), help="upper intake limits to apply"
    )
    put.add_argument(
        "--unset",
        action="append",
        metavar="FIELD",
        help="clear a stored field, e.g. --unset pregnant (repeat)",
    )
    add_db_option(put)
    show = add_command(profile, "show", cmd_profile_show)
    show.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format, defaults to text"
    )
    add_db_option(show)


# -- the commands (docstrings are their help) --------------------------------------------------


def cmd_db_upgrade(args: argparse.Namespace) -> None:
    """Create the diary's database, or upgrade its schema to the latest revision

    Other diary commands do this by themselves on first use; this command does it on purpose,
    e.g. for a PostgreSQL database before its first use.

    Examples:
      ekbom db upgrade
      ekbom db upgrade --db postgresql+psycopg://me@localhost/ekbom
    """
    from ekbom.cli.diary_admin import db_upgrade

    db_upgrade(args)


def cmd_db_info(args: argparse.Namespace) -> None:
    """Show where the diary is, its schema revision and how many entries it holds

    Examples:
      ekbom db info
      ekbom db info --format json
    """
    from ekbom.cli.diary_admin import db_info

    db_info(args)


def cmd_profile_set(args: argparse.Namespace) -> None:
    """Store the basics: age, sex, pregnancy, conditions, medicines, diet, habits and limits

    Only the fields you give change. `--condition` and `--medication` replace the stored list;
    `--unset FIELD` clears a field (age, sex, pregnant, pregnancy_trimester, postmenopausal,
    diet, conditions, medications, rls_criteria, caffeine_mg_per_day, alcohol_drinks_per_week,
    smoker, exercise_minutes_per_week, limits). Everything is checked as a profile would be.

    Examples:
      ekbom profile set --age 52 --sex female --postmenopausal yes --diet omnivore
      ekbom profile set --medication 'Zoloft 50 mg' --medication 'omeprazole 20 mg'
      ekbom profile set --criterion urge_to_move=yes --caffeine 250 --unset pregnant
    """
    from ekbom.cli.diary_admin import profile_set

    profile_set(args)


def cmd_profile_show(args: argparse.Namespace) -> None:
    """Show the stored basics

    Examples:
      ekbom profile show
      ekbom profile show --format json
    """
    from ekbom.cli.diary_admin import profile_show

    profile_show(args)
