"""Find the line numbers of bad lines in one NDJSON file (plain or gzip).

The engines count bad lines per file in their one pass over the data but cannot say which lines
they were. Only for a file with bad lines does this module read it again, in Python, line by line,
to name them. A line is bad when it is not blank and is not a JSON object whose `resourceType` is
the file's type -- the same lines the engines read as rows with a null or other resourceType.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import IO, NamedTuple

MAX_LISTED = 1000


class BadLine(NamedTuple):
    line: int
    reason: str


def _open(path: Path) -> IO[bytes] | gzip.GzipFile:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def _reason(raw: bytes, resource_type: str) -> str | None:
    try:
        data = json.loads(raw.rstrip(b"\r\n"))
    except ValueError as exc:  # json.JSONDecodeError and UnicodeDecodeError
        return f"not JSON ({exc.__class__.__name__}: {str(exc)[:80]})"
    if not isinstance(data, dict):
        return f"not a JSON object but {type(data).__name__}"
    kind = data.get("resourceType")
    if kind != resource_type:
        return f"resourceType is {kind!r}, expected {resource_type!r}"
    return None


def locate(path: Path, resource_type: str, expected: int, limit: int = MAX_LISTED) -> list[BadLine]:
    """The first bad lines of `path` (1-based line numbers): up to `limit`, and the reading stops
    once the `expected` number (what the engine counted) is found."""
    limit = min(limit, expected)
    found: list[BadLine] = []
    with _open(path) as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            reason = _reason(raw, resource_type)
            if reason is not None:
                found.append(BadLine(number, reason))
                if len(found) >= limit:
                    break
    return found
