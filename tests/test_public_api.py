"""Contract tests for the public API and the pure core's import boundary.

`ekbom.__all__` is the public API (sorted, complete, nothing extra). `ekbom.engine` and
`ekbom.knowledge` stay free of the CLI and its libraries (style guide, principle 2).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import ekbom

SRC = Path(ekbom.__file__).resolve().parent
PURE_PACKAGES = ("engine", "knowledge")
FORBIDDEN_TOP = {"typer", "rich", "click"}
FORBIDDEN_PREFIX = "ekbom.cli"


def test_public_api_all_is_sorted() -> None:
    assert list(ekbom.__all__) == sorted(ekbom.__all__)


def test_public_api_all_has_no_duplicates() -> None:
    assert len(set(ekbom.__all__)) == len(ekbom.__all__)


def _public_names(module: ModuleType) -> set[str]:
    """Names the module offers (bound or loaded on first use, PEP 562) that are not private and
    not submodules, plus __version__."""
    names = {
        name
        for name in dir(module)
        if not name.startswith("_") and not isinstance(getattr(module, name), ModuleType)
    }
    if hasattr(module, "__version__"):
        names.add("__version__")
    return names


def test_public_api_all_is_exactly_the_public_names() -> None:
    public = _public_names(ekbom)
    exported = set(ekbom.__all__)
    assert not public - exported, f"public but missing from __all__: {sorted(public - exported)}"
    assert not exported - public, f"in __all__ but not defined: {sorted(exported - public)}"


def test_public_api_every_name_resolves() -> None:
    for name in ekbom.__all__:
        assert getattr(ekbom, name, None) is not None, name


def test_importing_ekbom_loads_no_engine_until_used() -> None:
    """The diary commands import `ekbom.store` (so `ekbom`) but never assess: the engine and the
    knowledge loader load when a public name is first used."""
    code = (
        "import sys, ekbom;"
        "print(sorted(m for m in ('ekbom.engine', 'ekbom.knowledge.loader') if m in sys.modules));"
        "ekbom.assess;"
        "print('ekbom.engine' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["[]", "True"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        ekbom.no_such_name  # noqa: B018


# --- the import boundary -----------------------------------------------------------------------


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module an ImportFrom names (resolving `from .x import y`)."""
    if node.level == 0:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def forbidden_imports(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, imported module) for each import of typer, rich, click or ekbom.cli in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            top = target.split(".")[0]
            if (
                top in FORBIDDEN_TOP
                or target == FORBIDDEN_PREFIX
                or target.startswith(FORBIDDEN_PREFIX + ".")
            ):
                found.append((node.lineno, target))
                break
    return found


def _module_name(path: Path) -> tuple[str, bool]:
    relative = path.relative_to(SRC.parent).with_suffix("")
    parts = list(relative.parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def _pure_files() -> list[Path]:
    return sorted(p for pkg in PURE_PACKAGES for p in (SRC / pkg).rglob("*.py"))


def test_pure_core_files_are_found() -> None:
    files = _pure_files()
    assert any(p.name == "evaluate.py" for p in files)
    assert any(p.name == "loader.py" for p in files)


def test_pure_core_imports_no_cli_or_cli_libraries() -> None:
    offending = []
    for path in _pure_files():
        module, is_package = _module_name(path)
        for line, target in forbidden_imports(path.read_text(encoding="utf-8"), module, is_package):
            offending.append(f"{path.relative_to(SRC.parent)}:{line}: imports {target}")
    assert not offending, "engine/knowledge must not import the CLI:\n" + "\n".join(offending)


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("import typer", "ekbom.engine.x", "typer"),
        ("import rich.console", "ekbom.engine.x", "rich.console"),
        ("from rich import print", "ekbom.engine.x", "rich"),
        ("from click import echo", "ekbom.knowledge.x", "click"),
        ("from ekbom.cli import render", "ekbom.engine.x", "ekbom.cli"),
        ("from ekbom import cli", "ekbom.engine.x", "ekbom.cli"),
        ("from ..cli import render", "ekbom.engine.x", "ekbom.cli"),
        ("from ..cli._output import write", "ekbom.knowledge.x", "ekbom.cli._output"),
        ("def f():\n    import typer\n", "ekbom.engine.x", "typer"),
    ],
)
def test_pure_core_scanner_catches_forbidden_imports(
    source: str, module: str, expected: str
) -> None:
    assert [target for _, target in forbidden_imports(source, module)] == [expected]


@pytest.mark.parametrize(
    "source",
    [
        "import yaml",
        "from ekbom.errors import Problem",
        "from ..errors import Problem",
        "from ekbom import clinic",
        "import richer",
    ],
)
def test_pure_core_scanner_allows_other_imports(source: str) -> None:
    assert forbidden_imports(source, "ekbom.engine.x") == []


def test_pure_core_import_loads_no_cli_modules() -> None:
    code = (
        "import sys, ekbom, ekbom.engine, ekbom.knowledge.loader;"
        "ekbom.load_knowledge();"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')"
        " or m == 'ekbom.cli' or m.startswith('ekbom.cli.'));"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"importing ekbom loaded: {result.stdout.strip()}"
