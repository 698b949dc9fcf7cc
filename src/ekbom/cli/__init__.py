"""The `ekbom` command line.

Built on argparse from the standard library, so that `ekbom assess … --format json` starts in a
few tens of milliseconds (spec target: at most 10x a bare Python start). Rich and the report
renderers load only when text or Markdown output is asked for.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ekbom.__about__ import __version__
from ekbom.cli._output import DEBUG, UsageError, errors_exit, fail, write

DOCS_URL = "https://github.com/ekbom/ekbom/tree/main/docs"
EXAMPLE = Path(__file__).parent / "example-profile.yaml"
FORMATS = ("text", "markdown", "json")
POLICIES = ("strictest", "us", "eu")


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
        _emit(result.to_dict(), args.format)


def _emit(document: dict[str, Any], output: str) -> None:
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


def cmd_example(args: argparse.Namespace) -> None:
    """Print a commented example profile to start from

    Examples:
      ekbom example > me.yaml
    """
    write(EXAMPLE.read_text(encoding="utf-8"))


def cmd_explain(args: argparse.Namespace) -> None:
    """Show a nutrient's rules, thresholds, limits and citations

    Examples:
      ekbom explain iron
      ekbom explain vitamin_d
    """
    from ekbom.cli.explain import explain_nutrient
    from ekbom.knowledge.loader import load_knowledge
    from ekbom.knowledge.reader import did_you_mean

    with errors_exit():
        knowledge = load_knowledge()
    if args.nutrient not in knowledge.rules:
        raise UsageError(
            f"'{args.nutrient}' is not a nutrient"
            f"{did_you_mean(args.nutrient, list(knowledge.rules))}; "
            f"use one of: {', '.join(knowledge.rules)}"
        )
    write(explain_nutrient(args.nutrient, knowledge))


def cmd_kb_check(args: argparse.Namespace) -> None:
    """Check the knowledge files and print one line per problem

    Each problem is printed as `path:line: check: message`. Exits 1 when there is any problem.

    Examples:
      ekbom kb check
      ekbom kb check path/to/knowledge
    """
    from ekbom.knowledge.loader import check_knowledge, data_dir, load_knowledge

    folder = Path(args.path) if args.path else data_dir()
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    issues = check_knowledge(folder)
    if issues:
        fail([str(issue) for issue in issues])
        fail([f"{len(issues)} problem(s) in {folder}"])
        raise SystemExit(1)
    with errors_exit():
        knowledge = load_knowledge(folder)
    write(
        f"knowledge {knowledge.version} OK: {len(knowledge.all_rules())} rules, "
        f"{len(knowledge.citations)} citations, {len(knowledge.tests)} lab tests ({folder})"
    )


class _VersionAction(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from ekbom.knowledge.loader import load_knowledge

        with errors_exit():
            version = load_knowledge().version
        write(f"ekbom {__version__} (knowledge {version})")
        parser.exit()


def _command(sub: Any, name: str, func: Any) -> argparse.ArgumentParser:
    doc = (func.__doc__ or "").strip()
    summary, _, details = doc.partition("\n")
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=summary + "\n" + _dedent(details),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=func, command_parser=parser)
    return parser


def _iso_date(text: str) -> str:
    """argparse type for --as-of: a real YYYY-MM-DD date (else a usage error, exit 2)."""
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD"
        ) from None


def _dedent(text: str) -> str:
    return "\n".join(line[4:] if line.startswith("    ") else line for line in text.splitlines())


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
    assess = _command(sub, "assess", cmd_assess)
    assess.add_argument(
        "profile", metavar="FILE|-", help="profile file (YAML or JSON), or - for standard input"
    )
    assess.add_argument(
        "--format", "-f", choices=FORMATS, default="text", help="output format, defaults to text"
    )
    assess.add_argument(
        "--as-of",
        metavar="DATE",
        type=_iso_date,
        help="assess as of this day (YYYY-MM-DD), defaults to the profile's as_of or today",
    )
    assess.add_argument(
        "--limits",
        choices=POLICIES,
        help="upper intake limits to apply, defaults to the profile's limits or strictest",
    )
    _command(sub, "example", cmd_example)
    explain = _command(sub, "explain", cmd_explain)
    explain.add_argument("nutrient", help="nutrient id, e.g. iron or vitamin_d")
    kb = sub.add_parser(
        "kb",
        help="check and inspect the knowledge base",
        description="Check and inspect the knowledge base",
    )
    kb_sub = kb.add_subparsers(title="commands", metavar="COMMAND")
    check = _command(kb_sub, "check", cmd_kb_check)
    check.add_argument("path", nargs="?", help="knowledge folder, defaults to the packaged one")
    kb.set_defaults(func=lambda args: kb.error("choose a command: check"))
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
