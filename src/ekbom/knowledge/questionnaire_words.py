"""Read `questionnaire.yaml`: the web questionnaire's choices and words that are not medical
knowledge (its header gives the grammar): the lab tests offered first, the health conditions
shown before "More", each profile field's label and short name, and the wording of the web
forms' steps and buttons.

`load_questionnaire_words()` (cached per folder) raises `KnowledgeError` with file and line;
`ekbom kb check` checks the file through `loader.parts()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from ekbom.errors import KnowledgeIssue
from ekbom.knowledge import folder
from ekbom.knowledge.core_reader import CORE
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.reader import Reader, did_you_mean, read_yaml_file
from ekbom.yamlsource import line_of

FILE = "questionnaire.yaml"


class FieldWords(NamedTuple):
    """A form field's label, its short name in the error summary, and its optional hint."""

    label: str
    short: str
    hint: str | None = None


class QuestionnaireWords(NamedTuple):
    """The tests offered first, the conditions shown at once, the profile fields' words by form
    name, and the forms' other words by key."""

    first_tests: tuple[str, ...]
    common_conditions: frozenset[str]
    words: Mapping[str, str]
    fields: Mapping[str, FieldWords]


def load_questionnaire_words(directory: Path | str | None = None) -> QuestionnaireWords:
    """The checked questionnaire words of the knowledge folder; KnowledgeError on problems."""
    return folder.load(PART, directory)


def _build(
    root: Path, knowledge: Knowledge
) -> tuple[QuestionnaireWords | None, list[KnowledgeIssue]]:
    issues: list[KnowledgeIssue] = []
    node, reader = read_yaml_file(root, FILE, issues)
    if node is None:
        return None, issues
    shape = {
        "version": "int",
        "first_tests": "strs",
        "common_conditions": "strs",
        "fields": "map",
        "words": "map",
    }
    top = reader.fields(node, 1, shape, what=FILE)
    tests = _ids(reader, node, "first_tests", knowledge.tests, "lab test")
    conditions = _ids(reader, node, "common_conditions", knowledge.conditions, "condition")
    words = top.get("words", {})
    for key, text in words.items():
        if not isinstance(text, str) or not text.strip():
            reader.report(line_of(words, key), "type", f"word '{key}' must be a text")
    fields = _fields(reader, top.get("fields", {}))
    if issues or len(top) < len(shape):
        return None, issues
    return QuestionnaireWords(tuple(tests), frozenset(conditions), dict(words), fields), issues


def _fields(reader: Reader, node: Mapping[str, Any]) -> dict[str, FieldWords]:
    """Each field's words; a missing label or an unknown or empty part is reported."""
    found = {}
    for name, parts in node.items():
        where = line_of(node, name)
        if not isinstance(parts, Mapping) or set(parts) - set(FieldWords._fields):
            reader.report(where, "type", f"field '{name}' must be a mapping of label, short, hint")
            continue
        if any(not isinstance(v, str) or not v.strip() for v in parts.values()):
            reader.report(where, "type", f"field '{name}': label, short and hint must be texts")
            continue
        if "label" not in parts:
            reader.report(where, "type", f"field '{name}' needs a label")
            continue
        found[name] = FieldWords(
            parts["label"], parts.get("short", parts["label"]), parts.get("hint")
        )
    return found


def _ids(reader: Reader, node: Any, key: str, known: Mapping[str, Any], what: str) -> list[str]:
    """The ids listed under `key` that `known` has; each other one is reported at its line."""
    ids = node.get(key) if isinstance(node, Mapping) else None
    if not isinstance(ids, list):
        return []
    for place, wanted in enumerate(ids):
        if wanted not in known:
            message = f"unknown {what} '{wanted}'{did_you_mean(str(wanted), known)}"
            reader.report(line_of(ids, place, line_of(node, key)), "reference", message)
    return [i for i in ids if i in known]


PART: folder.Part[QuestionnaireWords] = folder.Part("questionnaire_words", _build, CORE)
"""questionnaire.yaml, read against the core knowledge."""
