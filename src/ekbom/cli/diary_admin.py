"""`ekbom db upgrade|info`, `profile set|show`, `export` and `import`: the diary as a whole."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ekbom.cli._output import UsageError, errors_exit, write
from ekbom.cli.diary_store import BASICS_WORDS, diary, in_cli_words
from ekbom.errors import EntryError, Problem

YES = {"yes": True, "no": False}
# `ekbom profile set` options -> basics fields.
SETTERS = {
    "age": "age",
    "sex": "sex",
    "trimester": "pregnancy_trimester",
    "diet": "diet",
    "condition": "conditions",
    "medication": "medications",
    "caffeine": "caffeine_mg_per_day",
    "alcohol": "alcohol_drinks_per_week",
    "exercise": "exercise_minutes_per_week",
    "limits": "limits",
}
YES_NO_SETTERS = {"pregnant": "pregnant", "postmenopausal": "postmenopausal", "smoker": "smoker"}


def db_upgrade(args: argparse.Namespace) -> None:
    from ekbom.store import open_store, store_settings
    from ekbom.store.migrate import HEAD, migrate

    settings = store_settings(db=args.db)
    with errors_exit():
        store = open_store(settings, migrate=False)
        try:
            done = migrate(store.engine, store.where)
        finally:
            store.close()
    if done.before == HEAD:
        write(f"The diary at {settings.display} is up to date (schema revision {HEAD}).")
    else:
        start = done.before or "empty"
        write(f"Upgraded the diary at {settings.display} from {start} to schema revision {HEAD}.")


def db_info(args: argparse.Namespace) -> None:
    from ekbom.cli.diary_info import diary_info, info_text
    from ekbom.store import store_settings

    with errors_exit():
        info = diary_info(store_settings(db=args.db))
    if args.format == "json":
        write(json.dumps(info, indent=2, ensure_ascii=False))
    else:
        write(info_text(info))


def profile_set(args: argparse.Namespace) -> None:
    from ekbom.diary.entries import set_basics

    changes = _profile_changes(args)
    unset = args.unset or []
    if not changes and not unset:
        raise UsageError("give at least one field to set, e.g. --age 52, or --unset FIELD")
    with diary(args) as (_, session), in_cli_words(BASICS_WORDS):
        _check_unset(unset)
        basics = set_basics(session, changes=changes, unset=unset)
    write("Saved the basics:")
    write(_basics_text(basics.values()))


def _profile_changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for option, field in SETTERS.items():
        if getattr(args, option) is not None:
            changes[field] = getattr(args, option)
    for option, field in YES_NO_SETTERS.items():
        if getattr(args, option) is not None:
            changes[field] = YES[getattr(args, option)]
    criteria = {}
    for answer in args.criterion or []:
        name, sep, value = answer.partition("=")
        if not sep or value.strip().lower() not in YES:
            raise UsageError(
                f"--criterion '{answer}': write it as NAME=yes or NAME=no, e.g. urge_to_move=yes"
            )
        criteria[name.strip()] = YES[value.strip().lower()]
    if criteria:
        changes["rls_criteria"] = criteria
    return changes


def _check_unset(names: list[str]) -> None:
    from ekbom.store.basics import KEYS

    wrong = [name for name in names if name not in KEYS or name == "age_on"]
    if wrong:
        raise EntryError(
            "the basics",
            [
                Problem(
                    f"--unset {name}",
                    f"is not a field; use one of: {', '.join(k for k in KEYS if k != 'age_on')}",
                )
                for name in wrong
            ],
        )


def profile_show(args: argparse.Namespace) -> None:
    from ekbom.store import repository
    from ekbom.store.transfer import basics_document

    with diary(args) as (_, session):
        basics = repository.get_basics(session)
    if args.format == "json":
        write(json.dumps(basics_document(basics), indent=2, ensure_ascii=False))
    elif basics.values():
        write(_basics_text(basics.values()))
    else:
        write("No basics stored yet; add them with `ekbom profile set --age N --sex female|male`.")


def _basics_text(values: dict[str, Any]) -> str:
    """The basics as YAML-like lines, the keys as in a profile file."""
    lines = []
    for key, value in values.items():
        if isinstance(value, bool):
            shown = "true" if value else "false"
        elif isinstance(value, list):
            shown = "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
        elif isinstance(value, dict):
            shown = (
                "{" + ", ".join(f"{k}: {'true' if v else 'false'}" for k, v in value.items()) + "}"
            )
        elif isinstance(value, float):
            shown = f"{value:g}"
        else:
            shown = str(value)
        lines.append(f"{key}: {shown}")
    return "\n".join(lines)


def export(args: argparse.Namespace) -> None:
    from ekbom.store import repository
    from ekbom.store.transfer import to_document

    with diary(args) as (store, session):
        basics = repository.get_basics(session)
        entries = repository.list_entries(session)
        where = store.where
    text = (
        json.dumps(
            to_document(basics, entries, exported_at=repository.now()), indent=2, ensure_ascii=False
        )
        + "\n"
    )
    if args.file == "-":
        sys.stdout.write(text)
        return
    _write_file(Path(args.file), text)
    noun = "entry" if len(entries) == 1 else "entries"
    sys.stderr.write(f"Exported {len(entries)} {noun} from {where} to {args.file}.\n")


def _write_file(path: Path, text: str) -> None:
    """Write all of `text` or nothing: to a temporary file first, then renamed over `path`."""
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent or ".", prefix=f".{path.name}.", delete=False
        ) as handle:
            handle.write(text)
        os.chmod(handle.name, 0o600)
        os.replace(handle.name, path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def import_file(args: argparse.Namespace) -> None:
    from datetime import date

    from ekbom.cli.profile_file import _no_duplicate_keys
    from ekbom.diary.entries import read_document
    from ekbom.store import repository

    name = args.file
    try:
        raw = Path(name).read_bytes()
    except OSError as exc:  # the command line names no readable file: a usage error (exit 2)
        raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from None
    with diary(args) as (store, session):
        try:  # the file itself is wrong: exit 1 (like invalid JSON), not a usage error
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problem = Problem(f"byte {exc.start}", "is not UTF-8 text; is it an `ekbom export`?")
            raise EntryError(name, [problem]) from None
        try:
            document = json.loads(text, object_pairs_hook=_no_duplicate_keys)
        except ValueError as exc:
            raise EntryError(name, [Problem("", f"is not valid JSON: {exc}")]) from None
        diary_doc = read_document(document, name=name, today=date.today())
        count = repository.replace_all(
            session, basics=diary_doc.basics, entries=diary_doc.entries, clear=args.replace
        )
        where = store.where
    write(
        f"Imported {count} entries{' and the basics' if diary_doc.basics else ''} from "
        f"{name} into {where}."
    )
