"""Helpers every command module uses to declare its arguments."""

from __future__ import annotations

import argparse
from typing import Any


def add_command(sub: Any, name: str, func: Any) -> argparse.ArgumentParser:
    """A subcommand whose help and description come from `func`'s docstring."""
    doc = (func.__doc__ or "").strip()
    summary, _, details = doc.partition("\n")
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=summary + "\n" + dedent(details),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=func, command_parser=parser)
    return parser


def command_group(sub: Any, name: str, summary: str, commands: str) -> Any:
    """A command with subcommands (`ekbom db upgrade`); alone it asks for one of `commands`."""
    parser = sub.add_parser(name, help=summary, description=summary)
    parser.set_defaults(func=lambda args: parser.error(f"choose a command: {commands}"))
    return parser.add_subparsers(title="commands", metavar="COMMAND")


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """`--db PATH`: which diary to use (the diary commands and `ekbom assess --diary`;
    `ekbom serve` takes the web's own options, `ekbom.web.options`)."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="diary file (or database URL), defaults to $EKBOM_DATABASE_URL or the diary in "
        "your user data folder",
    )


def iso_date(text: str) -> str:
    """argparse type for --as-of: a real YYYY-MM-DD date (else a usage error, exit 2)."""
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD"
        ) from None


def dedent(text: str) -> str:
    """Drop the four-space indent of a docstring body."""
    return "\n".join(line[4:] if line.startswith("    ") else line for line in text.splitlines())
