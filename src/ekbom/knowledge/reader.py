"""Shape checks for the knowledge files: keys, types and located issues."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ekbom import yamlsource
from ekbom.errors import KnowledgeIssue
from ekbom.knowledge import parse_cache
from ekbom.yamlsource import line_of

# Kinds a field may have, each with the test and the wording of its error.
_KINDS: dict[str, tuple[Any, str]] = {
    "str": (lambda v: isinstance(v, str) and v.strip() != "", "non-empty text"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "number": (lambda v: isinstance(v, int | float) and not isinstance(v, bool), "a number"),
    "number?": (
        lambda v: v is None or (isinstance(v, int | float) and not isinstance(v, bool)),
        "a number or null",
    ),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "list": (lambda v: isinstance(v, list), "a list"),
    "strs": (
        lambda v: isinstance(v, list) and all(isinstance(i, str) and i for i in v),
        "a list of text",
    ),
    "map": (lambda v: isinstance(v, Mapping), "a mapping"),
    "any": (lambda v: True, "anything"),
}


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    import difflib  # only error paths need it; keeps it out of every start-up

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Reader:
    """Collects issues for one file while its records are read."""

    def __init__(self, path: str, issues: list[KnowledgeIssue]) -> None:
        self.path = path
        self.issues = issues

    def report(self, line: int, check: str, message: str) -> None:
        self.issues.append(KnowledgeIssue(self.path, line, check, message))

    def fields(
        self,
        node: Any,
        line: int,
        required: dict[str, str],
        optional: dict[str, str] | None = None,
        what: str = "entry",
    ) -> dict[str, Any]:
        """Check `node`'s keys and value kinds; return the valid fields (others are left out)."""
        optional = optional or {}
        if not isinstance(node, Mapping):
            self.report(line, "shape", f"{what} must be a mapping")
            return {}
        line = line_of(node, None, line)
        allowed = {**required, **optional}
        result: dict[str, Any] = {}
        for key, value in node.items():
            key_line = line_of(node, key, line)
            if key not in allowed:
                self.report(
                    key_line,
                    "unknown-key",
                    f"unknown key '{key}' in {what}{did_you_mean(key, list(allowed))}; "
                    f"allowed: {', '.join(allowed)}",
                )
                continue
            test, wording = _KINDS[allowed[key]]
            if not test(value):
                self.report(key_line, "type", f"'{key}' must be {wording}, not {value!r}")
                continue
            result[key] = value
        for key in required:
            if key not in node:
                self.report(line, "missing-key", f"{what} needs '{key}'")
        return result

    def items(self, node: Any, key: str, line: int) -> list[tuple[Any, int]]:
        """The items of the list `node[key]` with their lines (reporting a missing list)."""
        items = node.get(key) if isinstance(node, Mapping) else None
        if not isinstance(items, list):
            self.report(line, "shape", f"the file needs a list '{key}'")
            return []
        return [(item, line_of(items, i, line)) for i, item in enumerate(items)]

    def entries(
        self,
        node: Any,
        key: str,
        required: dict[str, str],
        optional: dict[str, str] | None = None,
        *,
        what: str,
        unique: tuple[str, str] = ("id", ""),
    ) -> Iterator[tuple[dict[str, Any], Any, int]]:
        """(fields, item, line) of each item of the list `node[key]` whose fields check out and
        that has every required field and a `unique[0]` not seen before (a repeat is reported as
        a duplicate `unique[1]`, by default '<what> id')."""
        seen: dict[str, int] = {}
        field, label = unique[0], unique[1] or f"{what} {unique[0]}"
        for item, line in self.items(node, key, 1):
            f = self.fields(item, line, required, optional, what=what)
            if required.keys() <= f.keys() and self.unique(seen, f[field], line, label):
                yield f, item, line

    def unique(self, seen: dict[str, int], key: str, line: int, what: str) -> bool:
        """Record `key`; report and return False when it was seen before."""
        folded = key.lower()
        if folded in seen:
            self.report(
                line, "duplicate-id", f"duplicate {what} '{key}' (first on line {seen[folded]})"
            )
            return False
        seen[folded] = line
        return True


def read_yaml_file(root: Path, relative: str, issues: list[KnowledgeIssue]) -> tuple[Any, Reader]:
    """Parse one knowledge file; a missing, unreadable or invalid file becomes an issue at its
    line and the node is None. The Reader collects the file's further issues."""
    reader = Reader(relative, issues)
    path = root / relative
    try:
        return parse_cache.load_yaml(path), reader
    except FileNotFoundError:
        reader.report(1, "missing-file", f"{path} does not exist")
    except (OSError, UnicodeDecodeError) as exc:
        reader.report(1, "unreadable", str(exc))
    except yamlsource.YamlError as exc:
        reader.report(exc.line, "yaml", exc.message)
    return None, reader
