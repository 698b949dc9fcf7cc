"""Shared by the tests that break a copy of the knowledge folder and check what is reported.

Loaded as a plugin by tests/conftest.py, so its fixtures are available everywhere; a module that
edits knowledge files asks for `private_parse_cache` with `pytestmark`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ekbom.knowledge.loader import DATA_DIR


@pytest.fixture
def private_parse_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep the parse cache inside this test, so no earlier parse can hide an edit."""
    monkeypatch.setenv("EKBOM_CACHE_DIR", str(tmp_path / "parse-cache"))
    monkeypatch.delenv("EKBOM_KNOWLEDGE_DIR", raising=False)
    yield


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A private copy of the packaged knowledge folder, free to break."""
    folder = tmp_path / "knowledge"
    shutil.copytree(DATA_DIR, folder)
    return folder


def edit(folder: Path, relative: str, old: str, new: str) -> int:
    """Replace the single occurrence of `old` in the file; return the 1-based line it starts on."""
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
    start = text.index(old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, start) + 1
