"""Reading what an HTTP client sends, for every endpoint of ekbom (web pages, JSON API, CDS Hooks).

* `BodyLimit`: plain ASGI middleware that stops reading a request body at `MAX_BODY` bytes, by
  its Content-Length before anything is read, and by counting while it streams in. The reader
  gets `BodyTooLarge` (a 413 HTTPException), so each app answers it in its own error shape.
* `parse_json(raw)`: a JSON body as Python values, or `BadBody` listing what is wrong: not
  UTF-8, not JSON, nested deeper than `MAX_DEPTH`, or text that no store can keep.
* `text_problems(value)`: every string (keys too) holding a NUL character or a lone UTF-16
  surrogate (`"\\ud800"`, legal in JSON escapes, but no UTF-8 text and no PostgreSQL column can
  hold it). Both are refused on every backend, never stripped: the sender learns which field to
  fix, and SQLite and PostgreSQL answer alike.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ekbom.errors import Problem

MAX_BODY = 20_000_000  # bytes; a CDS Hooks prefetch with years of results stays far below this
MAX_DEPTH = 64  # nesting of JSON arrays and objects; a FHIR Bundle needs about a dozen
MAX_PROBLEMS = 20


class BadBody(ValueError):
    """A request body ekbom cannot read; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class BodyTooLarge(HTTPException):
    """The body is larger than the limit (raised while reading it)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes; send less")


def parse_json(raw: bytes, where: str = "body") -> Any:
    """`raw` as JSON values; BadBody when it is not UTF-8 JSON ekbom can keep."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem(where, f"is not UTF-8 text (byte {exc.start} cannot be read); send UTF-8")
        raise BadBody([problem]) from exc
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(f"{where} line {exc.lineno}", f"invalid JSON: {exc.msg}")
        raise BadBody([problem]) from exc
    except RecursionError as exc:
        raise BadBody([_too_deep(where)]) from exc
    # NUL and lone surrogates can only come in as escapes, and a document with few brackets
    # cannot be deep: most bodies skip the walk over every value.
    if _SUSPECT.search(text) or text.count("[") + text.count("{") > MAX_DEPTH:
        problems = text_problems(value, where)
        if problems:
            raise BadBody(problems)
    return value


_SUSPECT = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


def _too_deep(where: str) -> Problem:
    return Problem(where, f"is nested deeper than {MAX_DEPTH} levels; send a flatter document")


def text_problems(value: Any, where: str = "body") -> list[Problem]:
    """Every string in `value` that no store can keep (NUL, lone surrogates), or one problem
    when the nesting is deeper than MAX_DEPTH; at most MAX_PROBLEMS, each with its location."""
    problems: list[Problem] = []
    # (value, depth, path): the path is a chain (parent path, key), formatted only on a problem
    stack: list[tuple[Any, int, Any]] = [(value, 0, None)]
    while stack and len(problems) < MAX_PROBLEMS:
        item, depth, path = stack.pop()
        if isinstance(item, str):
            message = text_problem(item)
            if message:
                problems.append(Problem(_location(where, path), message))
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                return [_too_deep(where)]
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                if isinstance(key, str) and text_problem(key):
                    message = f"is a name that {text_problem(key)}"
                    problems.append(Problem(_location(where, (path, key)), message))
                stack.append((child, depth + 1, (path, key)))
    return problems


def text_problem(text: str) -> str | None:
    """Why `text` cannot be kept, or None."""
    if "\x00" in text:
        return "contains a NUL character (\\u0000); remove it"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone UTF-16 surrogate (like \\ud800), which is not text; remove it"
    return None


def _location(where: str, path: Any) -> str:
    parts: list[Any] = []
    while path is not None:
        path, key = path
        parts.append(key)
    text = where
    for key in reversed(parts):
        text += f"[{key}]" if isinstance(key, int) else f".{_shown(str(key))}"
    return text


def _shown(key: str) -> str:
    """`key` with NUL and surrogates written as escapes, so the error itself can be sent."""
    return "".join(
        f"\\u{ord(c):04x}" if c == "\x00" or "\ud800" <= c <= "\udfff" else c for c in key
    )


class BodyLimit:
    """Refuse to read more than `limit` bytes of any request body (plain ASGI)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        too_large = declared.isdigit() and int(declared) > self.limit
        received = 0

        async def limited() -> Message:
            nonlocal received
            if too_large:
                raise BodyTooLarge(self.limit)
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, limited, send)
