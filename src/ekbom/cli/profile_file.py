"""Read a profile file (YAML or JSON, or `-` for standard input) into a mapping."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ekbom import yamlsource
from ekbom.errors import Problem, ProfileError


def read_profile_text(source: str) -> tuple[str, str]:
    """The text of the profile at `source` and a name for messages. OSError if unreadable."""
    if source == "-":
        data = sys.stdin.buffer.read()
        name = "standard input"
    else:
        data = Path(source).read_bytes()
        name = source
    try:
        return data.decode("utf-8-sig"), name
    except UnicodeDecodeError:
        raise ProfileError(
            [Problem(name, "is not a text file (UTF-8); save the profile as YAML or JSON text")]
        ) from None


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
            return json.loads(text)
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
