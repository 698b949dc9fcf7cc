"""The knowledge folder and the one cache of what was read from it.

The folder is split into parts, each read and checked by one reader: the core files the engine
needs (`ekbom.knowledge.core_reader`), and the files one feature reads on top of them (FHIR and
CDS Hooks codes, the screen's codes, timing, the diary's settings, effect windows and report
questions). A `Part` names its reader; `load` reads a part once per folder and keeps it, and
`ekbom.knowledge.loader` lists every part for `check_knowledge`. Readers import this module,
never the loader, so no reader and the loader import each other.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from ekbom.errors import KnowledgeError, KnowledgeIssue

DATA_DIR = Path(__file__).parent / "data"
T = TypeVar("T")
Read = Callable[[Path, Any], "tuple[T | None, list[KnowledgeIssue]]"]


def data_dir() -> Path:
    """The knowledge folder: `EKBOM_KNOWLEDGE_DIR` when set, else the packaged data."""
    override = os.environ.get("EKBOM_KNOWLEDGE_DIR")
    return Path(override) if override else DATA_DIR


class Part(Generic[T]):
    """One part of the knowledge folder: `read(root, base)` returns what it read (None when it
    has problems) and every problem. `base` is the checked value of the part it `needs` (the core
    knowledge, for files that refer to tests, nutrients or medicines), else None."""

    def __init__(self, name: str, read: Read[T], needs: Part[Any] | None = None) -> None:
        self.name = name
        self.read = read
        self.needs = needs

    def __repr__(self) -> str:
        return f"Part({self.name!r})"


_LOADED: dict[tuple[str, str], Any] = {}


def load(part: Part[T], directory: Path | str | None = None) -> T:
    """The checked `part` of the folder (read once per folder, after the part it needs);
    KnowledgeError listing every problem when it has any."""
    root = str(directory or data_dir())
    key = (part.name, root)
    if key not in _LOADED:
        base = load(part.needs, root) if part.needs is not None else None
        value, issues = part.read(Path(root), base)
        if issues or value is None:
            raise KnowledgeError(issues)
        _LOADED[key] = value
    found: T = _LOADED[key]
    return found


def loaded(part: Part[T], directory: Path | str | None = None) -> T | None:
    """The part when it was already loaded from the folder, else None (nothing is read)."""
    return _LOADED.get((part.name, str(directory or data_dir())))


def forget() -> None:
    """Drop everything loaded, so the next `load` reads the files again (benchmarks, tests)."""
    _LOADED.clear()
