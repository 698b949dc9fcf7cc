"""`ekbom log …`, `history`, `edit` and `delete`: the diary's entries, one at a time."""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import date
from typing import Any

from ekbom.cli._output import UsageError, write
from ekbom.cli.diary_store import LAB_WORDS, SCORE_WORDS, SUPPLEMENT_WORDS, diary, in_cli_words
from ekbom.store.entries import Entry, LabEntry, SupplementEntry, SymptomEntry

# `ekbom edit` options -> the entry field each sets, per kind of entry.
EDITS = {
    "lab": {"date": "date", "test": "test", "value": "value", "unit": "unit", "note": "note"},
    "symptoms": {
        "date": "date",
        "nrs": "severity_nrs",
        "irls": "irls_score",
        "nights": "nights_per_week",
        "cramps": "leg_cramps",
        "note": "note",
    },
    "supplement": {
        "start": "from",
        "end": "to",
        "nutrient": "nutrient",
        "amount": "amount",
        "unit": "unit",
        "per": "per",
        "note": "note",
    },
}
OPTION = {"start": "--from", "end": "--to"}
CLEARABLE = {
    "nrs": "severity_nrs",
    "irls": "irls_score",
    "nights": "nights_per_week",
    "cramps": "leg_cramps",
    "to": "to",
    "note": "note",
}
WORDS = {"lab": LAB_WORDS, "symptoms": SCORE_WORDS, "supplement": SUPPLEMENT_WORDS}
CSV_COLUMNS = (
    "id",
    "kind",
    "date",
    "test",
    "value",
    "unit",
    "severity_nrs",
    "irls_score",
    "nights_per_week",
    "leg_cramps",
    "nutrient",
    "amount",
    "per",
    "to",
    "note",
    "recorded_at",
    "updated_at",
)


def describe(entry: Entry) -> str:
    """One line for people: `2026-10-02  lab         ferritin 48 ng/mL`."""
    if isinstance(entry, LabEntry):
        what = f"{entry.test} {_number(entry.value)} {entry.unit}"
    elif isinstance(entry, SymptomEntry):
        what = _scores(entry)
    else:
        what = _period(entry)
    note = f'  "{entry.note}"' if entry.note else ""
    return f"{entry.day}  {entry.kind:<10}  {what}{note}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _scores(entry: SymptomEntry) -> str:
    parts = []
    if entry.severity_nrs is not None:
        parts.append(f"NRS {_number(entry.severity_nrs)}")
    if entry.irls_score is not None:
        parts.append(f"IRLS {entry.irls_score}")
    if entry.nights_per_week is not None:
        nights = "night" if entry.nights_per_week == 1 else "nights"
        parts.append(f"{entry.nights_per_week} {nights} a week")
    if entry.leg_cramps is not None:
        parts.append("leg cramps" if entry.leg_cramps else "no leg cramps")
    return ", ".join(parts)


def _period(entry: SupplementEntry) -> str:
    until = f"to {entry.ended_on}" if entry.ended_on else "ongoing"
    return f"{entry.nutrient} {_number(entry.amount)} {entry.unit} a {entry.per}, {until}"


def _saved(verb: str, entry: Entry) -> None:
    write(f"{verb} entry {entry.stamp.id}: {describe(entry)}")


def log_lab(args: argparse.Namespace) -> None:
    fields = {
        "date": args.date or date.today(),
        "test": args.test,
        "value": args.value,
        "unit": args.unit,
        "note": args.note,
    }
    _add(args, "lab", fields)


def log_symptoms(args: argparse.Namespace) -> None:
    scores = {
        "severity_nrs": args.nrs,
        "irls_score": args.irls,
        "nights_per_week": args.nights,
        "leg_cramps": args.cramps,
    }
    if all(value is None for value in scores.values()):
        raise UsageError("give at least one score: --nrs, --irls, --nights or --cramps")
    _add(args, "symptoms", {"date": args.date or date.today(), **scores, "note": args.note})


def log_supplement(args: argparse.Namespace) -> None:
    fields = {
        "from": args.start,
        "to": args.end,
        "nutrient": args.nutrient,
        "amount": args.amount,
        "unit": args.unit,
        "per": args.per,
        "note": args.note,
    }
    _add(args, "supplement", fields)


def _add(args: argparse.Namespace, kind: str, fields: dict[str, Any]) -> None:
    from ekbom.diary.entries import add_entry

    with diary(args) as (_, session), in_cli_words(WORDS[kind]):
        entry = add_entry(session, kind=kind, fields=fields)
    _saved("Saved", entry)


def log_stop(args: argparse.Namespace) -> None:
    from ekbom.diary.entries import stop_supplement

    with diary(args) as (_, session), in_cli_words({"to": "--on"}):
        entry = stop_supplement(session, nutrient=args.nutrient, on=args.on)
    _saved("Ended", entry)


def edit(args: argparse.Namespace) -> None:
    from ekbom.diary.entries import update_entry
    from ekbom.store import repository

    with diary(args) as (_, session):
        kind = repository.get_entry(session, entry_id=args.id).kind
        changes = _changes(args, kind)
        with in_cli_words(WORDS[kind]):
            entry = update_entry(session, entry_id=args.id, changes=changes)
    _saved("Changed", entry)


def _changes(args: argparse.Namespace, kind: str) -> dict[str, Any]:
    allowed = EDITS[kind]
    changes = {}
    for option in (
        "date",
        "test",
        "value",
        "unit",
        "nrs",
        "irls",
        "nights",
        "cramps",
        "nutrient",
        "amount",
        "per",
        "start",
        "end",
        "note",
    ):
        value = getattr(args, option)
        if value is None:
            continue
        if option not in allowed:
            name = OPTION.get(option, f"--{option}")
            raise UsageError(
                f"{name} does not apply to entry {args.id}, a {kind} entry; use "
                + ", ".join(OPTION.get(o, f"--{o}") for o in allowed)
            )
        changes[allowed[option]] = value
    for name in args.clear or []:
        if CLEARABLE[name] not in allowed.values():
            raise UsageError(f"--clear {name} does not apply to a {kind} entry")
        changes[CLEARABLE[name]] = None
    if not changes:
        raise UsageError("give at least one change, e.g. --value, --nrs, --to or --note")
    return changes


def delete(args: argparse.Namespace) -> None:
    from ekbom.store import repository

    with diary(args) as (_, session):
        entry = repository.delete_entry(session, entry_id=args.id)
    _saved("Deleted", entry)


def history(args: argparse.Namespace) -> None:
    from ekbom.store import repository

    if args.start and args.end and args.end < args.start:
        raise UsageError(f"--to {args.end} is before --from {args.start}")
    with diary(args) as (_, session):
        entries = repository.list_entries(session, start=args.start, end=args.end, kinds=args.kind)
    if args.format == "json":
        from ekbom.store.transfer import entry_document

        write(json.dumps([entry_document(e) for e in entries], indent=2, ensure_ascii=False))
    elif args.format == "csv":
        write(history_csv(entries))
    elif entries:
        width = len(str(max(e.stamp.id or 0 for e in entries)))
        write("\n".join(f"{e.stamp.id:>{width}}  {describe(e)}" for e in entries))
    else:
        write(
            "No entries"
            + (
                " in that range."
                if args.start or args.end
                else " yet; add one "
                "with `ekbom log lab`, `ekbom log symptoms` or `ekbom log "
                "supplement`."
            )
        )


def history_csv(entries: list[Entry]) -> str:
    """The entries as CSV, one row each, with the columns of every kind (empty where unused)."""
    from ekbom.store.transfer import entry_document

    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        row = entry_document(entry)
        row["date"] = row.pop("from", row.get("date"))
        writer.writerow({key: _cell(row.get(key)) for key in CSV_COLUMNS})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value
