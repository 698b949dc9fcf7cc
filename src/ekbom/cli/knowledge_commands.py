"""`ekbom example`, `ekbom explain` and `ekbom kb check`: the knowledge behind the answers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ekbom.cli._output import UsageError, errors_exit, fail, write
from ekbom.cli._parsing import add_command

EXAMPLE = Path(__file__).parent / "example-profile.yaml"


def register(sub: Any) -> None:
    """Add `example`, `explain` and `kb check` to the command line."""
    add_command(sub, "example", cmd_example)
    explain = add_command(sub, "explain", cmd_explain)
    explain.add_argument("nutrient", help="nutrient id, e.g. iron or vitamin_d")
    kb = sub.add_parser(
        "kb",
        help="check and inspect the knowledge base",
        description="Check and inspect the knowledge base",
    )
    kb_sub = kb.add_subparsers(title="commands", metavar="COMMAND")
    check = add_command(kb_sub, "check", cmd_kb_check)
    check.add_argument("path", nargs="?", help="knowledge folder, defaults to the packaged one")
    kb.set_defaults(func=lambda args: kb.error("choose a command: check"))


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
      ekbom explain "vitamin D"
    """
    from ekbom.cli.explain import explain_nutrient
    from ekbom.knowledge.loader import load_knowledge
    from ekbom.knowledge.nutrient_names import resolve_nutrient, unknown_nutrient

    with errors_exit():
        knowledge = load_knowledge()
        nutrient = resolve_nutrient(args.nutrient, knowledge.rules)
    if nutrient is None:
        raise UsageError(
            unknown_nutrient(args.nutrient, knowledge.rules, "a nutrient ekbom assesses")
        )
    write(explain_nutrient(nutrient, knowledge))


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
