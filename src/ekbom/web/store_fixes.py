"""What the web app tells a person about each kind of store error: the form field to correct,
what to do on the page, or that the people who run the site must act (never a command to run:
a person in a browser has no command line). The store's errors carry only what went wrong
(`problem`, `facts`, `clash`); the words of the fix live here, in one table (the command line
has its own, `ekbom.cli.store_fixes`)."""

from __future__ import annotations

from ekbom.errors import Clash, ConflictError, StoreError, StoreProblem

_TELL = "please tell the people who run this site"
_LATER = "try again in a few minutes, and if it keeps happening, " + _TELL

FIXES: dict[StoreProblem, str] = {
    "busy": "try again in a moment",
    "unavailable": _LATER,
    "unreachable": "this site cannot reach its diary database right now; " + _LATER,
    "no_database": "this site's diary database is not set up yet; " + _TELL,
    "bad_url": "this site's database setting is wrong; " + _TELL,
    "cannot_open": "this site cannot open its diary database; " + _TELL,
    "read_only": "this site cannot save to its diary database; " + _TELL,
    "disk_full": "nothing was saved; " + _TELL,
    "not_a_diary": "this site's database setting is wrong; " + _TELL,
    "damaged": "nothing was saved; " + _TELL + " (they can restore it from a backup)",
    "database_error": _LATER,
    "tables_missing": "this site's diary database needs an upgrade; " + _TELL,
    "tables_outdated": "this site's diary database needs an upgrade; " + _TELL,
    "newer_schema": "this site's diary was saved by a newer version of the site; " + _TELL,
    "upgrade_failed": "nothing was changed; " + _TELL,
    "clash": "reload the page to see your diary as it is now, and try again",
    "not_empty": "import into an empty diary, or choose to replace everything in it",
    "ids_taken": "import it into a new diary of its own",
    "no_entry": "it may have been deleted already; reload the page to see your history",
    "no_open_period": "check your history, or add the supplement with the day you started it",
    "bug": "the error was logged; " + _TELL,
}


def web_fix(error: StoreError) -> str:
    """What the person (or the site's operator) does about `error`."""
    if isinstance(error, ConflictError) and error.clash is not None:
        return clash_fix(error.clash)
    return FIXES[error.problem]


def web_message(error: StoreError) -> str:
    """What went wrong and what to do, for a page or the JSON API (no driver words: those are
    for the server's log)."""
    return f"{error.message}; {web_fix(error)}"


def clash_fix(clash: Clash) -> str:
    """What to do on the diary page about a clash with a stored entry."""
    field = "date" if clash.field == "date" else "start date"
    return (
        f"choose another {field}, or delete entry {clash.entry_id} in your history below "
        "and save again"
    )
