"""The import graph of a Python package, read from its source with `ast` (nothing is imported),
and the layering contracts checked on it (`tests/test_architecture.py` states ekbom's).

Every import counts: at the top of a module, inside a function, and under `TYPE_CHECKING`, because
each is a dependency someone must keep working. `from a.b import c` is an import of the module
`a.b.c` when that module exists, else of `a.b`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, on which line."""

    importer: str
    imported: str
    line: int


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package in folder `root` (named `package`), by dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(root: Path, package: str) -> dict[str, list[Import]]:
    """For each module of the package, the imports it makes (internal and external)."""
    modules = module_names(root, package)
    graph: dict[str, list[Import]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        found = []
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found += [Import(name, alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, name, is_package)
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    found.append(Import(name, target if target in modules else base, node.lineno))
        graph[name] = found
    return graph


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def within(name: str, prefixes: Iterable[str]) -> bool:
    """Whether module `name` is one of `prefixes` or inside one of them."""
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@dataclass(frozen=True)
class Contract:
    """Modules under `source` must not reach modules under `forbidden`, directly or through
    other modules of the package (`allowed` lists imported modules that are exceptions)."""

    name: str
    source: tuple[str, ...]
    forbidden: tuple[str, ...]
    allowed: tuple[str, ...] = field(default=())
    direct_only: bool = False


def violations(graph: dict[str, list[Import]], contract: Contract) -> list[str]:
    """Each import that enters a forbidden module, as "importer:line -> imported", followed (when
    the importer is not itself a source module) by the shortest chain from a source module that
    reaches it: "... via a -> b"; sorted."""
    sources = sorted(m for m in graph if within(m, contract.source))
    chain = {m: [m] for m in sources}
    queue = list(sources)
    found = set()
    while queue:
        module = queue.pop(0)
        for edge in graph.get(module, []):
            target = edge.imported
            if within(target, contract.allowed):
                continue
            if within(target, contract.forbidden):
                via = "" if len(chain[module]) == 1 else " via " + " -> ".join(chain[module])
                found.add(f"{edge.importer}:{edge.line} -> {target}{via}")
            elif target in graph and target not in chain and not contract.direct_only:
                chain[target] = [*chain[module], target]
                queue.append(target)
    return sorted(found)


def entries(lines: Iterable[str]) -> list[str]:
    """The imports of `violations` lines without line numbers or chains: "importer -> imported"."""
    found = set()
    for line in lines:
        where, rest = line.split(" -> ", 1)
        found.add(f"{where.split(':')[0]} -> {rest.split(' via ')[0]}")
    return sorted(found)
