"""`ekbom assess`: a profile in, the assessment out (text, Markdown or JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ekbom.cli._output import UsageError, errors_exit, write
from ekbom.cli._parsing import add_command, iso_date

FORMATS = ("text", "markdown", "json")
POLICIES = ("strictest", "us", "eu")


def register(sub: Any) -> None:
    """Add `assess` to the command line."""
    parser = add_command(sub, "assess", cmd_assess)
    parser.add_argument(
        "profile", metavar="FILE|-", help="profile file (YAML or JSON), or - for standard input"
    )
    parser.add_argument(
        "--format", "-f", choices=FORMATS, default="text", help="output format, defaults to text"
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        type=iso_date,
        help="assess as of this day (YYYY-MM-DD), defaults to the profile's as_of or today",
    )
    parser.add_argument(
        "--limits",
        choices=POLICIES,
        help="upper intake limits to apply, defaults to the profile's limits or strictest",
    )


def cmd_assess(args: argparse.Namespace) -> None:
    """Assess a profile: which supplements may help, which to avoid, and why

    Reads a profile (YAML or JSON; `-` reads standard input) and prints the assessment: red
    flags, the best first step, one block per nutrient, tests to ask for, medicines, supplement
    and medicine interactions, habits and the citations behind every statement.

    Examples:
      ekbom assess me.yaml
      ekbom assess me.yaml --format json --as-of 2026-11-28 --limits us
      cat me.json | ekbom assess - --format markdown
    """
    from ekbom.cli.profile_file import decode_profile, parse_profile_text
    from ekbom.engine import assess

    name = "standard input" if args.profile == "-" else args.profile
    try:
        raw = sys.stdin.buffer.read() if args.profile == "-" else Path(args.profile).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.profile}: {exc.strerror or exc}") from None
    with errors_exit(name):
        data = parse_profile_text(decode_profile(raw, name), name)
        result = assess(data, as_of=args.as_of, limits=args.limits)
        emit(result.to_dict(), args.format)


def emit(document: dict[str, Any], output: str) -> None:
    """Print an assessment document as text, Markdown or JSON."""
    if output == "json":
        write(json.dumps(document, indent=2, ensure_ascii=False))
        return
    from ekbom.cli import render
    from ekbom.knowledge.loader import load_knowledge

    if output == "markdown":
        write(render.to_markdown(document, load_knowledge()))
        return
    from rich.console import Console

    render.print_text(document, load_knowledge(), Console(highlight=False))
