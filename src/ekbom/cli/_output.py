"""The CLI's single error path and its plain output helpers.

Every command runs inside `errors_exit()`: an ekbom error prints `Error: …` (one problem per line)
to stderr and exits 1; anything unexpected prints one line and exits 1 too, unless `--debug` asks
for the traceback. Usage errors (unknown options, missing files) raise `UsageError`, which `main`
reports through argparse with exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from ekbom.errors import EkbomError, KnowledgeError, ProfileError, StoreError

DEBUG = {"on": False}


class UsageError(Exception):
    """The command line itself is wrong (exit code 2)."""


def write(text: str) -> None:
    """Print to stdout, ending with one newline."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def fail(lines: list[str]) -> None:
    sys.stderr.write("\n".join(lines) + "\n")


@contextmanager
def errors_exit(source: str | None = None) -> Iterator[None]:
    """Turn ekbom errors into a clear message and exit code 1 (traceback only with --debug)."""
    try:
        yield
    except SystemExit:
        raise
    except ProfileError as exc:
        if DEBUG["on"]:
            raise
        where = f" in {source}" if source else ""
        count = len(exc.problems)
        noun = "problem" if count == 1 else "problems"
        fail(
            [
                f"Error: the profile{where} has {count} {noun}:",
                *(f"  {problem}" for problem in exc.problems),
            ]
        )
        raise SystemExit(1) from None
    except KnowledgeError as exc:
        if DEBUG["on"]:
            raise
        fail(
            [
                "Error: the knowledge files have problems (run `ekbom kb check`):",
                *(f"  {issue}" for issue in exc.issues),
            ]
        )
        raise SystemExit(1) from None
    except StoreError as exc:
        if DEBUG["on"]:
            raise
        from ekbom.cli.store_fixes import cli_message

        fail([f"Error: {cli_message(exc)}"])
        raise SystemExit(1) from None
    except EkbomError as exc:
        if DEBUG["on"]:
            raise
        fail([f"Error: {exc}"])
        raise SystemExit(1) from None
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if DEBUG["on"]:
            raise
        fail(
            [
                f"Internal error: {type(exc).__name__}: {exc}",
                "This is a bug in ekbom. Run again with --debug to see the details.",
            ]
        )
        raise SystemExit(1) from None
