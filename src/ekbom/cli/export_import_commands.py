"""The commands that move a whole diary: `export` (to a JSON file) and `import` (from one).

This module only declares the command line (help comes from the docstrings); the work is done
in `diary_admin`, imported when a command runs, so that `ekbom assess` never loads SQLAlchemy.
"""

from __future__ import annotations

import argparse
from typing import Any

from ekbom.cli._parsing import add_command, add_db_option


def register(sub: Any) -> None:
    """Add `export` and `import` to the command line."""
    export = add_command(sub, "export", cmd_export)
    export.add_argument("file", metavar="FILE.json", help="file to write, or - for standard output")
    add_db_option(export)
    load = add_command(sub, "import", cmd_import)
    load.add_argument("file", metavar="FILE.json", help="a file made by `ekbom export`")
    load.add_argument(
        "--replace",
        action="store_true",
        help="replace everything in the diary (else it must be empty)",
    )
    add_db_option(load)


# -- the commands (docstrings are their help) --------------------------------------------------


def cmd_export(args: argparse.Namespace) -> None:
    """Write the whole diary to a JSON file (`ekbom import` reads it back unchanged)

    Examples:
      ekbom export diary.json
      ekbom export - | gzip > diary.json.gz
    """
    from ekbom.cli.diary_admin import export

    export(args)


def cmd_import(args: argparse.Namespace) -> None:
    """Read a diary written by `ekbom export`: all of it, or nothing if anything is wrong

    The diary must be empty, unless --replace is given, which replaces everything in it.

    Examples:
      ekbom import diary.json
      ekbom import diary.json --db new.db
      ekbom import diary.json --replace
    """
    from ekbom.cli.diary_admin import import_file

    import_file(args)
