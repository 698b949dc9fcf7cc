"""One entry point to the knowledge folder: every part is loaded through one cache and checked
by `check_knowledge`, and no reader imports the loader or another module's private names."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import ekbom.knowledge
from ekbom.knowledge import folder, loader
from ekbom.knowledge.core_reader import CORE
from ekbom.knowledge.diary_knowledge import load_effect_windows
from ekbom.knowledge.interop_codes import load_interop_codes
from ekbom.knowledge.screening_codes import load_screening_codes
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")

PACKAGE = Path(ekbom.knowledge.__file__).parent


def _modules() -> list[str]:
    return [f"ekbom.knowledge.{info.name}" for info in pkgutil.iter_modules([str(PACKAGE)])]


def test_every_part_is_checked() -> None:
    """A part defined anywhere in the package is in `parts()`, so `ekbom kb check` reads it."""
    defined = {
        id(value): f"{name}.{attribute}"
        for name in _modules()
        for attribute, value in vars(importlib.import_module(name)).items()
        if isinstance(value, folder.Part) and value is not CORE
    }
    assert len(defined) >= 6
    assert sorted(defined.values()) == sorted(
        defined[id(part)] for part in loader.parts() if id(part) in defined
    )
    assert len(loader.parts()) == len(defined)


def test_no_reader_imports_the_loader_or_a_private_name() -> None:
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ekbom"):
                if path.name != "loader.py" and node.module == "ekbom.knowledge.loader":
                    found.append(f"{path.name} imports the loader")
                found += [
                    f"{path.name} imports {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and alias.name != "__future__"
                ]
    assert found == []


def test_parts_are_loaded_once_per_folder_in_one_cache(kb_copy: Path) -> None:
    codes = load_interop_codes(kb_copy)
    assert load_interop_codes(kb_copy) is codes
    assert folder.loaded(CORE, kb_copy) is ekbom.load_knowledge(kb_copy)
    assert load_screening_codes(kb_copy) is load_screening_codes(kb_copy)
    folder.forget()
    assert folder.loaded(CORE, kb_copy) is None
    assert load_interop_codes(kb_copy) is not codes


def test_a_broken_part_is_reported_by_the_check_and_by_its_loader(kb_copy: Path) -> None:
    line = edit(kb_copy, "effect_windows.yaml", "version: 1", "version: one")
    issues = ekbom.check_knowledge(kb_copy)
    assert [(i.path, i.line, i.check) for i in issues] == [("effect_windows.yaml", line, "type")]
    with pytest.raises(ekbom.KnowledgeError) as caught:
        load_effect_windows(kb_copy)
    assert list(caught.value.issues) == issues
    assert ekbom.load_knowledge(kb_copy) is not None  # the core is fine
