"""Turn a profile file's bytes (YAML or JSON) into a mapping, with located errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ekbom import yamlsource
from ekbom.cli._output import UsageError
from ekbom.errors import Problem, ProfileError


def read_profile_argument(argument: str) -> tuple[str, bytes]:
    """(the name to show in messages, the bytes) of a profile FILE argument, `-` for standard
    input; a file that cannot be read is a usage error."""
    name = "standard input" if argument == "-" else argument
    try:
        raw = sys.stdin.buffer.read() if argument == "-" else Path(argument).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {argument}: {exc.strerror or exc}") from None
    return name, raw


def decode_profile(data: bytes, name: str) -> str:
    """The text of a profile file's bytes (UTF-8, with or without a byte-order mark)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProfileError(
            [Problem(name, "is not a text file (UTF-8); save the profile as YAML or JSON text")]
        ) from None


class _DuplicateKeyError(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads hook: a key given twice is an error, as in YAML, so no value is lost silently."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(f"duplicate key '{key}'; give each key once")
        result[key] = value
    return result


def parse_profile_text(text: str, name: str) -> Any:
    """Parse YAML (JSON is accepted too); ProfileError with the line on bad syntax."""
    if not text.strip():
        raise ProfileError(
            [Problem(name, "is empty; run `ekbom example` for a profile to start from")]
        )
    if "\x00" in text:
        raise ProfileError(
            [Problem(name, "is not a text file; save the profile as YAML or JSON text")]
        )
    if name.endswith(".json"):
        try:
            return json.loads(text, object_pairs_hook=_no_duplicate_keys)
        except _DuplicateKeyError as exc:
            raise ProfileError([Problem(name, f"invalid JSON: {exc}")]) from None
        except json.JSONDecodeError as exc:
            raise ProfileError(
                [Problem(f"{name} line {exc.lineno}", f"invalid JSON: {exc.msg}")]
            ) from None
    try:
        return yamlsource.load(text)
    except yamlsource.YamlError as exc:
        raise ProfileError(
            [Problem(f"{name} line {exc.line}", f"invalid YAML: {exc.message}")]
        ) from None
