"""`ekbom assess`: a profile in, the assessment out (text, Markdown or JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ekbom.cli._output import UsageError, errors_exit, write
from ekbom.cli._parsing import add_command, add_db_option, iso_date
from ekbom.knowledge.vocabulary import POLICIES

FORMATS = ("text", "markdown", "json", "fhir")


def register(sub: Any) -> None:
    """Add `assess` to the command line."""
    parser = add_command(sub, "assess", cmd_assess)
    parser.add_argument(
        "profile",
        nargs="?",
        metavar="FILE|-",
        help="profile file (YAML or JSON), or - for standard input",
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="text",
        help="output format (fhir: an R4 document Bundle), defaults to text",
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
    parser.add_argument(
        "--diary", action="store_true", help="assess the stored diary (basics, latest entries)"
    )
    add_db_option(parser)
    parser.add_argument("--fhir", metavar="FILE", help="assess a FHIR R4 record (see import-fhir)")


def cmd_assess(args: argparse.Namespace) -> None:
    """Assess a profile: which supplements may help, which to avoid, and why

    Reads a profile (YAML or JSON; `-` reads standard input) and prints the assessment: red
    flags, the best first step, one block per nutrient, tests to ask for, medicines, supplement
    and medicine interactions, habits and the citations behind every statement.

    Examples:
      ekbom assess me.yaml
      ekbom assess me.yaml --format json --as-of 2026-11-28 --limits us
      cat me.json | ekbom assess - --format markdown
      ekbom assess --diary --as-of 2026-11-28
      ekbom assess --fhir record.json --format fhir
    """
    if args.format == "fhir" and args.diary:
        raise UsageError("--format fhir needs a profile FILE or --fhir")
    if args.fhir is not None:
        from ekbom.cli.fhir_commands import assess_from_fhir

        assess_from_fhir(args)
        return
    if args.diary or args.db:
        _assess_diary(args)
        return
    if args.profile is None:
        raise UsageError("give a profile FILE (or - for standard input), --fhir FILE or --diary")
    from ekbom.cli.profile_file import decode_profile, parse_profile_text, read_profile_argument
    from ekbom.engine import assess

    name, raw = read_profile_argument(args.profile)
    with errors_exit(name):
        data = parse_profile_text(decode_profile(raw, name), name)
        if args.format == "fhir":
            from ekbom.cli.fhir_commands import assess_and_emit

            assess_and_emit(data, args, name)
            return
        result = assess(data, as_of=args.as_of, limits=args.limits)
        emit(result.to_dict(), args.format)


def _assess_diary(args: argparse.Namespace) -> None:
    if not args.diary:
        raise UsageError("--db chooses the diary for --diary; add --diary")
    if args.profile is not None:
        raise UsageError("give a profile FILE or --diary, not both")
    from ekbom.cli.diary_assess import assess_diary

    assess_diary(args)


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
    if not sys.stdout.isatty():  # a file or a pipe: no padding spaces at line ends
        write(render.plain_text(document, load_knowledge()))
        return
    from rich.console import Console

    render.print_text(document, load_knowledge(), Console(highlight=False))
