"""Strict YAML: duplicate keys are errors, and every mapping and list remembers its lines.

Used for the knowledge files and for profiles, so that every error can name a line. Parsing goes
through libyaml (CSafeLoader) when it is installed, which keeps start-up fast.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # libyaml ships in PyYAML's wheels; the pure-Python loader is the fallback.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


class YamlError(ValueError):
    """Text that is not valid YAML, or a mapping with a duplicate key, at `line` (1-based)."""

    def __init__(self, message: str, line: int) -> None:
        self.message = message
        self.line = line
        super().__init__(message, line)

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class LineDict(dict[str, Any]):
    """A mapping that knows the line it starts on and the line of each key."""

    line: int
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A list that knows the line it starts on and the line of each item."""

    line: int
    item_lines: list[int]


def line_of(container: object, key: str | int | None = None, default: int = 1) -> int:
    """The line of `key` in `container` (or of the container itself), or `default`."""
    if isinstance(container, LineDict):
        if isinstance(key, str) and key in container.key_lines:
            return container.key_lines[key]
        return container.line
    if isinstance(container, LineList):
        if isinstance(key, int) and 0 <= key < len(container.item_lines):
            return container.item_lines[key]
        return container.line
    return default


def load(text: str) -> Any:
    """Parse one YAML document into LineDict/LineList/scalars; raise YamlError on bad input."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _build(node, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(str(problem), line) from exc
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0], 1) from exc
    finally:
        loader.dispose()


def _build(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result = LineDict()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _build(key_node, loader)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str | int | float | bool) or key is None:
                raise YamlError("mapping keys must be plain text", key_line)
            key = str(key)
            if key in result:
                raise YamlError(
                    f"duplicate key '{key}' (first on line {result.key_lines[key]})", key_line
                )
            result[key] = _build(value_node, loader)
            result.key_lines[key] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LineList()
        items.line = line
        items.item_lines = []
        for item in node.value:
            items.append(_build(item, loader))
            items.item_lines.append(item.start_mark.line + 1)
        return items
    return loader.construct_object(node, deep=True)
