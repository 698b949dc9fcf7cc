"""The `ekbom` command line.

Built on argparse from the standard library, so that `ekbom assess … --format json` starts in a
few tens of milliseconds (spec target: at most 10x a bare Python start). Each command group lives
in its own module with a `register(subparsers)` function; those modules import heavy libraries
(rich, databases, plotting, web) only inside the command that needs them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from ekbom.__about__ import __version__
from ekbom.cli import (
    analysis_commands,
    assess_command,
    diary_setup_commands,
    entry_commands,
    export_import_commands,
    fhir_commands,
    foods_commands,
    knowledge_commands,
    screening_commands,
    serve_command,
)
from ekbom.cli._output import DEBUG, UsageError, errors_exit, write

DOCS_URL = "https://github.com/ekbom/ekbom/tree/main/docs"
# Command modules, in the order `ekbom --help` lists them.
COMMAND_MODULES = (
    assess_command,
    knowledge_commands,
    diary_setup_commands,
    entry_commands,
    export_import_commands,
    analysis_commands,
    fhir_commands,
    serve_command,
    foods_commands,
    screening_commands,
)


class _VersionAction(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from ekbom.knowledge.loader import load_knowledge

        with errors_exit():
            version = load_knowledge().version
        write(f"ekbom {__version__} (knowledge {version})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The whole command-line grammar (also used by the docs test)."""
    parser = argparse.ArgumentParser(
        prog="ekbom",
        description="Which vitamins and minerals may help restless legs, and which could hurt.\n"
        "Decision support, not a diagnosis.",
        epilog=f"Docs: {DOCS_URL}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        nargs=0,
        help="show the version of ekbom and its knowledge, then exit",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `ekbom` script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    DEBUG["on"] = args.debug
    if not hasattr(args, "func"):
        parser.print_help(sys.stderr)
        raise SystemExit(2)
    try:
        args.func(args)
    except UsageError as exc:
        getattr(args, "command_parser", parser).error(str(exc))
