"""What the command line tells a person to do about each kind of store error: the command to
run or the option to check. The store's errors carry only what went wrong (`problem`, `facts`,
`clash`); the words of the fix live here, in one table (the web app has its own,
`ekbom.web.store_fixes`)."""

from __future__ import annotations

from ekbom.errors import Clash, ConflictError, StoreError, StoreProblem

_REPORT = "run again with --debug for the details, and please report it"
_CHECK_URL = "check that --db or EKBOM_DATABASE_URL names it and that the server runs"

FIXES: dict[StoreProblem, str] = {
    "busy": "try again in a moment (another ekbom may be writing to it)",
    "unavailable": "try again; run with --debug to see the database's own words",
    "unreachable": _CHECK_URL,
    "no_database": "create it first (for example with createdb), or check the URL given to "
    "--db or EKBOM_DATABASE_URL",
    "bad_url": "give --db a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE",
    "cannot_open": "check that the folder exists and that you may write there, or choose "
    "another file with --db",
    "read_only": "check the file's permissions, or choose another file with --db",
    "disk_full": "free some space and try again",
    "not_a_diary": "check the path given to --db",
    "damaged": "restore it from a backup or from a file made by `ekbom export` "
    "(`ekbom import FILE --replace`)",
    "database_error": "check that --db or EKBOM_DATABASE_URL points at an ekbom diary",
    "tables_missing": "run `ekbom db upgrade`",
    "tables_outdated": "run `ekbom db upgrade`",
    "newer_schema": "upgrade ekbom to use it (pip install --upgrade ekbom)",
    "upgrade_failed": "nothing was changed; " + _REPORT + " with what `ekbom db info` shows",
    "clash": "look with `ekbom history` and try again",
    "not_empty": "import into an empty diary, or add --replace to replace everything in it",
    "ids_taken": "import into a diary file of its own with --db FILE",
    "no_entry": "`ekbom history` lists the ids",
    "no_open_period": "see `ekbom history`, or log one with "
    "`ekbom log supplement {nutrient} AMOUNT UNIT --from DATE`",
    "bug": _REPORT,
}


def cli_fix(error: StoreError) -> str:
    """The command (or option) that fixes `error`."""
    if isinstance(error, ConflictError) and error.clash is not None:
        return clash_fix(error.clash)
    return FIXES[error.problem].format_map(_Facts(error.facts))


def cli_message(error: StoreError) -> str:
    """What went wrong, what to do, the database's own words, and where the diary is."""
    text = f"{error.message}; {cli_fix(error)}"
    if error.detail:
        text += f" ({error.detail})"
    return f"{text} (diary: {error.database})" if error.database else text


def clash_fix(clash: Clash) -> str:
    """The command that resolves a clash with a stored entry."""
    other = clash.entry_id
    if clash.kind == "symptoms":
        return f"change them with `ekbom edit {other} …` or remove them with `ekbom delete {other}`"
    if clash.ended_on is None:
        return f"end it first with `ekbom log stop {clash.nutrient} --on DATE`"
    return f"change its dates with `ekbom edit {other} --from DATE --to DATE`"


class _Facts(dict[str, str]):
    """The error's facts for a fix; a fact the error lacks stays a placeholder in capitals."""

    def __missing__(self, key: str) -> str:
        return key.upper()
