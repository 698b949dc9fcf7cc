"""docs/architecture.md and the README's layout name every part of `src/ekbom`, so a new package
cannot appear without a place in the picture."""

from __future__ import annotations

from pathlib import Path

import ekbom

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(ekbom.__file__).resolve().parent
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text("utf-8")
README = (ROOT / "README.md").read_text("utf-8")


def _packages() -> list[str]:
    return sorted(p.parent.name for p in SRC.glob("*/__init__.py"))


def _modules() -> list[str]:
    return sorted(p.stem for p in SRC.glob("*.py") if not p.stem.startswith("_"))


def test_architecture_names_every_package_and_module() -> None:
    missing = [name for name in _packages() + _modules() if name not in ARCHITECTURE]
    assert missing == []


def test_readme_layout_names_every_package() -> None:
    layout = README.split("Layout (", 1)[1].split("\n\n", 1)[0]
    missing = [name for name in _packages() if f"`src/ekbom/{name}/`" not in layout]
    assert missing == []
    assert "docs/architecture.md" in layout
