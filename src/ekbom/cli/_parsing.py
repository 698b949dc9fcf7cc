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


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """`--db PATH`: which diary to use (the diary commands, `ekbom assess --diary`
    and `ekbom serve`)."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="diary file (or database URL), defaults to $EKBOM_DATABASE_URL or the diary in "
        "your user data folder",
    )


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    """--host, --port, --https and --db: how `ekbom serve` and `python -m ekbom.web` listen, and
    on which store."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on, defaults to 127.0.0.1"
    )
    parser.add_argument(
        "--port", type=port, default=8000, help="port to listen on (1-65535), defaults to 8000"
    )
    parser.add_argument(
        "--https",
        action="store_true",
        help="mark the web app's session and CSRF cookies Secure (behind an HTTPS proxy)",
    )
    add_db_option(parser)


def port(text: str) -> int:
    """argparse type for --port: a whole number from 1 to 65535 (else a usage error, exit 2)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 0 < number < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port; use 1 to 65535")
    return number


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
