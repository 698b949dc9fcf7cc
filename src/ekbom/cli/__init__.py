"""The `ekbom` command line. Heavy modules (rich, the renderers) load only when needed."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from ekbom.__about__ import __version__
from ekbom.cli._output import DEBUG, errors_exit, fail, write

DOCS_URL = "https://github.com/ekbom/ekbom/tree/main/docs"
EXAMPLE = Path(__file__).parent / "example-profile.yaml"

app = typer.Typer(
    name="ekbom",
    help="Which vitamins and minerals may help restless legs, and which could hurt.\n\n"
    "Decision support, not a diagnosis. Docs: " + DOCS_URL,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
kb_app = typer.Typer(help="Check and inspect the knowledge base", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


class OutputFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


class LimitsPolicy(str, Enum):
    strictest = "strictest"
    us = "us"
    eu = "eu"


def _version(value: bool) -> None:
    if value:
        from ekbom.knowledge.loader import load_knowledge

        with errors_exit():
            version = load_knowledge().version
        write(f"ekbom {__version__} (knowledge {version})")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit"
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors")] = False,
) -> None:
    """Which vitamins and minerals may help restless legs, and which could hurt"""
    DEBUG["on"] = debug


@app.command()
def assess(
    profile: Annotated[
        str, typer.Argument(help="Profile file (YAML or JSON), or - for stdin", metavar="FILE|-")
    ],
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format, defaults to text")
    ] = OutputFormat.text,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Assess as of this day (YYYY-MM-DD), defaults to the profile's as_of or today",
        ),
    ] = None,
    limits: Annotated[
        LimitsPolicy | None,
        typer.Option(
            "--limits", help="Upper intake limits to apply, defaults to the profile's or strictest"
        ),
    ] = None,
) -> None:
    """Assess a profile: which supplements may help, which to avoid, and why

    Example:

        ekbom assess me.yaml

        ekbom assess me.yaml --format json --as-of 2026-11-28
    """
    from ekbom.cli.profile_file import parse_profile_text, read_profile_text
    from ekbom.engine import assess as run

    try:
        text, name = read_profile_text(profile)
    except OSError as exc:
        raise typer.BadParameter(
            f"cannot read {profile}: {exc.strerror or exc}", param_hint="FILE"
        ) from None
    with errors_exit(name):
        data = parse_profile_text(text, name)
        result = run(data, as_of=as_of, limits=limits.value if limits else None)
        _emit(result.to_dict(), output)


def _emit(document: dict[str, Any], output: OutputFormat) -> None:
    if output is OutputFormat.json:
        write(json.dumps(document, indent=2, ensure_ascii=False))
        return
    from ekbom.cli import render
    from ekbom.knowledge.loader import load_knowledge

    if output is OutputFormat.markdown:
        write(render.to_markdown(document, load_knowledge()))
        return
    from rich.console import Console

    render.print_text(document, load_knowledge(), Console(highlight=False))


@app.command()
def example() -> None:
    """Print a commented example profile to start from

    Example:

        ekbom example > me.yaml
    """
    write(EXAMPLE.read_text(encoding="utf-8"))


@app.command()
def explain(
    nutrient: Annotated[str, typer.Argument(help="Nutrient id, e.g. iron or vitamin_d")],
) -> None:
    """Show a nutrient's rules, thresholds, limits and citations

    Example:

        ekbom explain magnesium
    """
    from ekbom.cli.explain import explain_nutrient
    from ekbom.knowledge.loader import load_knowledge

    with errors_exit():
        knowledge = load_knowledge()
        if nutrient not in knowledge.rules:
            from ekbom.knowledge.reader import did_you_mean

            raise typer.BadParameter(
                f"'{nutrient}' is not a nutrient{did_you_mean(nutrient, list(knowledge.rules))};"
                f" use one of: {', '.join(knowledge.rules)}",
                param_hint="NUTRIENT",
            )
        write(explain_nutrient(nutrient, knowledge))


@kb_app.command("check")
def kb_check(
    path: Annotated[
        Path | None, typer.Argument(help="Knowledge folder to check, defaults to the packaged one")
    ] = None,
) -> None:
    """Check the knowledge files and print one line per problem

    Exits 1 when there is any problem.

    Example:

        ekbom kb check
    """
    from ekbom.knowledge.loader import check_knowledge, data_dir, load_knowledge

    folder = path or data_dir()
    if not folder.is_dir():
        raise typer.BadParameter(f"{folder} is not a folder", param_hint="PATH")
    with errors_exit():
        issues = check_knowledge(folder)
        if issues:
            fail([str(issue) for issue in issues])
            fail([f"{len(issues)} problem(s) in {folder}"])
            raise typer.Exit(1)
        knowledge = load_knowledge(folder)
        rules = len(knowledge.all_rules())
        write(
            f"knowledge {knowledge.version} OK: {rules} rules, "
            f"{len(knowledge.citations)} citations, {len(knowledge.tests)} lab tests "
            f"({folder})"
        )


def main() -> None:
    """Entry point of the `ekbom` script."""
    app()
