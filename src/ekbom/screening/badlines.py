"""Name the bad lines of NDJSON files (plain or gzip): line number and reason, found by DuckDB.

The engines count bad lines per file in their one pass over the data but cannot say which lines
they were. Only for the files with bad lines, DuckDB reads the lines again as plain text (one
VARCHAR column, no quoting or escaping), numbered in file order (`WITH ORDINALITY`), and tests them
vectorised, in two stages:

1. a cheap text test picks the candidates: every line that does not begin like a resource of the
   file's type (`{"resourceType":"Observation"`, with or without a space) or does not end with `}`;
2. the candidates are tested with DuckDB's JSON functions (`json_valid`, `json_type`, the
   `resourceType`), which give the reason.

A bad line that passes the text test (a line broken in the middle) is not a candidate; when the
two stages find fewer bad lines than the engine counted, stage 2 runs over every line of that
file. Lines that are not UTF-8 text are rejected by the text reader itself; DuckDB's rejects
table gives their line numbers. A file the text reader cannot split as the JSON reader does (a
lone carriage return inside a line, or both kinds of line end in one file) is read line by line
in Python instead. A line is bad when it is not blank and is not a JSON object whose
`resourceType` is the file's type -- the lines the engines read as rows with a null or other
resourceType.
"""

from __future__ import annotations

import bisect
import gzip
import importlib
import json
from pathlib import Path
from typing import Any, NamedTuple

MAX_LISTED = 1000
# Stage 1 keeps at most this many candidate lines of a file; with more (a file whose lines do
# not begin with their resourceType) stage 2 runs over every line instead.
MAX_CANDIDATES = 100_000
# The longest line read (DuckDB read_json's own limit for one object); longer lines are bad.
MAX_LINE_BYTES = 16 * 1024 * 1024
# DuckDB's json_type names, as a reader knows them.
_JSON_TYPES = {
    "ARRAY": "an array (list)",
    "VARCHAR": "a string",
    "BIGINT": "a number",
    "UBIGINT": "a number",
    "DOUBLE": "a number",
    "BOOLEAN": "true or false",
    "NULL": "null",
}
# Why DuckDB's text reader rejected a line (its rejects table's error_type).
_REJECTED = {
    "INVALID ENCODING": "not JSON: not UTF-8 text",
    "LINE SIZE OVER MAXIMUM": "not JSON: line too long",
    "TOO MANY COLUMNS": "not JSON: holds a control character",
}


class BadLine(NamedTuple):
    line: int
    reason: str


class Wanted(NamedTuple):
    """One file to search: its type and how many bad lines the engine counted."""

    path: Path
    resource_type: str
    expected: int


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _lines(path: Path) -> str:
    """The file's lines as text rows (`line`, null for an empty line) numbered by `ordinality`."""
    return (
        f"read_csv({_quote(str(path))}, columns = {{'line': 'VARCHAR'}}, header = false, "
        "auto_detect = false, delim = '\x01', quote = '', escape = '', "
        f"max_line_size = {MAX_LINE_BYTES}, buffer_size = {2 * MAX_LINE_BYTES}, "
        "ignore_errors = true, store_rejects = true) WITH ORDINALITY"
    )


def _candidate(resource_type: str) -> str:
    """SQL: the line may be bad (the cheap text test of stage 1)."""
    starts = " OR ".join(
        f"starts_with(line, {_quote(prefix)})"
        for prefix in (
            f'{{"resourceType":"{resource_type}"',
            f'{{"resourceType": "{resource_type}"',
        )
    )
    # Plain starts_with/ends_with: trimming every line would cost more than the JSON test.
    return f"NOT (({starts}) AND ends_with(line, '}}'))"


def _reason(resource_type: str) -> str:
    """SQL: why the line is bad, or null (stage 2)."""
    kinds = " ".join(
        f"WHEN {_quote(kind)} THEN {_quote('not a JSON object but ' + name)}"
        for kind, name in _JSON_TYPES.items()
    )
    wanted = _quote(resource_type)
    kind = "json_extract_string(line, '$.resourceType')"
    return f"""CASE
        WHEN trim(line, ' \t\r') = '' THEN NULL
        WHEN NOT json_valid(line) THEN
            CASE WHEN starts_with(line, '{{') AND NOT ends_with(rtrim(line, ' \t\r'), '}}')
                 THEN 'not JSON: cut off (no closing brace)' ELSE 'not JSON' END
        WHEN json_type(line) <> 'OBJECT' THEN
            CASE json_type(line) {kinds} ELSE 'not a JSON object' END
        WHEN json_type(line, '$.resourceType') IS NULL THEN
            'no resourceType, expected ' || {_quote(repr(resource_type))}
        WHEN json_type(line, '$.resourceType') <> 'VARCHAR' THEN
            'resourceType is not a string, expected ' || {_quote(repr(resource_type))}
        WHEN {kind} <> {wanted} THEN
            'resourceType is ''' || {kind} || ''', expected ' || {_quote(repr(resource_type))}
        END"""


def _search(con: Any, wanted: Wanted, limit: int, every_line: bool) -> list[BadLine] | None:
    """Stage 1 (unless `every_line`) and stage 2 over one file, plus its rejected lines; None
    when stage 1 finds more than MAX_CANDIDATES candidates."""
    source = f"(SELECT ordinality, line FROM {_lines(wanted.path)} WHERE line IS NOT NULL)"
    if not every_line:
        # The candidates are kept first, so that DuckDB cannot move the JSON test into the scan
        # (where it would run on every line).
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE candidates AS SELECT ordinality, line "
            f"FROM {_lines(wanted.path)} WHERE line IS NOT NULL "
            f"AND {_candidate(wanted.resource_type)} LIMIT {MAX_CANDIDATES + 1:d}"
        )
        source = "candidates"
        (kept,) = con.execute("SELECT count(*) FROM candidates").fetchone()
        if kept > MAX_CANDIDATES:
            _forget(con)
            return None
    rows = con.execute(
        f"SELECT ordinality, reason FROM (SELECT ordinality, {_reason(wanted.resource_type)} "
        f"AS reason FROM {source}) WHERE reason IS NOT NULL ORDER BY ordinality LIMIT {limit:d}"
    ).fetchall()
    rejected = sorted(
        (int(line), _REJECTED.get(kind, f"not JSON: {kind.lower()}"))
        for line, kind in con.execute(
            "SELECT line, error_type FROM reject_errors WHERE line IS NOT NULL"
        ).fetchall()
    )
    _forget(con)
    # The text reader drops a rejected line, so a row's ordinality counts only the lines read:
    # its line number is its ordinality plus the rejected lines before it.
    numbers = [line for line, _ in rejected]
    found = []
    for ordinality, reason in rows:
        line = int(ordinality)
        while (moved := int(ordinality) + bisect.bisect_right(numbers, line)) != line:
            line = moved
        found.append(BadLine(line, str(reason)))
    found += [BadLine(line, reason) for line, reason in rejected]
    return sorted(found)[:limit]


def _python_reason(raw: bytes, resource_type: str) -> str | None:
    """Why one line is bad (the wording of `_reason`), or None."""
    text = raw.rstrip(b"\r\n")
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        return "not JSON: not UTF-8 text"
    except ValueError:
        cut = text.lstrip().startswith(b"{") and not text.rstrip().endswith(b"}")
        return "not JSON: cut off (no closing brace)" if cut else "not JSON"
    if not isinstance(data, dict):
        kinds = {list: "ARRAY", str: "VARCHAR", bool: "BOOLEAN", int: "BIGINT", float: "DOUBLE"}
        return "not a JSON object but " + _JSON_TYPES[kinds.get(type(data), "NULL")]
    kind = data.get("resourceType")
    if kind is None:
        return f"no resourceType, expected {resource_type!r}"
    if not isinstance(kind, str):
        return f"resourceType is not a string, expected {resource_type!r}"
    if kind != resource_type:
        return f"resourceType is {kind!r}, expected {resource_type!r}"
    return None


def _in_python(wanted: Wanted, limit: int) -> list[BadLine]:
    """The bad lines of a file DuckDB's text reader cannot split, read line by line."""
    found: list[BadLine] = []
    gz = wanted.path.name.lower().endswith(".gz")
    with gzip.open(wanted.path, "rb") if gz else wanted.path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if len(found) >= limit:
                break
            reason = _python_reason(raw, wanted.resource_type)
            if reason is not None:
                found.append(BadLine(number, reason))
    return found


def _forget(con: Any) -> None:
    """Drop what one search left: its candidates and DuckDB's rejects tables."""
    for table in ("candidates", "reject_errors", "reject_scans"):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def locate_many(files: list[Wanted], limit: int = MAX_LISTED) -> list[list[BadLine]]:
    """The first bad lines of each file (1-based line numbers, up to `limit` and the number the
    engine counted), in the order of `files`."""
    duckdb = importlib.import_module("duckdb")
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        found = []
        for wanted in files:
            most = min(limit, wanted.expected)
            try:
                lines = _search(con, wanted, most, every_line=False) if most > 0 else []
                if lines is None or len(lines) < most:
                    lines = _search(con, wanted, most, every_line=True) or []
            except duckdb.InvalidInputException:
                # DuckDB's text reader ends a line at a lone carriage return, or at both kinds
                # of line end in one file, where the JSON reader does not: read it in Python.
                _forget(con)
                lines = _in_python(wanted, most)
            found.append(lines)
        return found
    finally:
        con.close()


def locate(path: Path, resource_type: str, expected: int, limit: int = MAX_LISTED) -> list[BadLine]:
    """The first bad lines of `path` (1-based line numbers): up to `limit`, and no more than the
    `expected` number (what the engine counted)."""
    return locate_many([Wanted(path, resource_type, expected)], limit)[0]
