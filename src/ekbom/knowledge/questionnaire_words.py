"""Read `questionnaire.yaml`: the web questionnaire's choices and words that are not medical
knowledge (its header gives the grammar): the lab tests offered first, the health conditions
shown before "More", and the wording of its steps and buttons.

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


class QuestionnaireWords(NamedTuple):
    """The tests offered first, the conditions shown at once, and the form's words by key."""

    first_tests: tuple[str, ...]
    common_conditions: frozenset[str]
    words: Mapping[str, str]


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
    shape = {"version": "int", "first_tests": "strs", "common_conditions": "strs", "words": "map"}
    top = reader.fields(node, 1, shape, what=FILE)
    tests = _ids(reader, node, "first_tests", knowledge.tests, "lab test")
    conditions = _ids(reader, node, "common_conditions", knowledge.conditions, "condition")
    words = top.get("words", {})
    for key, text in words.items():
        if not isinstance(text, str) or not text.strip():
            reader.report(line_of(words, key), "type", f"word '{key}' must be a text")
    if issues or len(top) < len(shape):
        return None, issues
    return QuestionnaireWords(tuple(tests), frozenset(conditions), dict(words)), issues


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
