"""Resolve what a person types for a nutrient ("vitamin D", "b12", "magnesium citrate") to its id.

The other names live in `nutrient_names.yaml` (its header gives the grammar); each nutrient's id
and display name are always accepted. `resolve_nutrient()` is the one resolver of `ekbom
explain`, `ekbom foods` and `ekbom effect`; `unknown_nutrient()` is their one message for a
name it cannot place. `ekbom kb check` checks the file through `loader.parts()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from ekbom.errors import KnowledgeIssue
from ekbom.knowledge import folder
from ekbom.knowledge.core_reader import CORE
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.reader import did_you_mean, read_yaml_file
from ekbom.yamlsource import line_of

FILE = "nutrient_names.yaml"
_WORD = re.compile(r"[a-z0-9]+")


class NutrientNames(NamedTuple):
    """The form words, and every accepted name (as a matching key) with its nutrient id."""

    forms: frozenset[str]
    ids: Mapping[str, str]


def resolve_nutrient(
    text: str, candidates: Iterable[str], directory: Path | str | None = None
) -> str | None:
    """The id among ``candidates`` that ``text`` names, or None when it names none of them."""
    names = load_nutrient_names(directory)
    wanted = set(candidates)
    words = _WORD.findall(text.lower())
    kept = [w for w in words if w not in names.forms] or words
    for key in ("".join(kept), "".join(words)):
        found = names.ids.get(key)
        if found in wanted:
            return found
    return None


def unknown_nutrient(text: str, candidates: Iterable[str], what: str) -> str:
    """The plain message for a name that is none of ``candidates`` (ids); ``what`` says what
    was wanted, e.g. "a nutrient in the food table"."""
    choices = list(candidates)
    return f"'{text}' is not {what}{did_you_mean(text, choices)}; use one of: {', '.join(choices)}"


def load_nutrient_names(directory: Path | str | None = None) -> NutrientNames:
    """The checked names of the knowledge folder; KnowledgeError when they have problems."""
    return folder.load(PART, directory)


def key_of(name: str) -> str:
    """The matching key of a name: lower case letters and digits only."""
    return "".join(_WORD.findall(name.lower()))


def _build(root: Path, knowledge: Knowledge) -> tuple[NutrientNames | None, list[KnowledgeIssue]]:
    issues: list[KnowledgeIssue] = []
    node, reader = read_yaml_file(root, FILE, issues)
    if node is None:
        return None, issues
    fields = reader.fields(
        node, 1, {"version": "int", "forms": "strs", "synonyms": "map"}, what=FILE
    )
    ids: dict[str, str] = {}
    for nutrient in knowledge.nutrients.values():
        for name in (nutrient.id, nutrient.name):
            ids[key_of(name)] = nutrient.id
    synonyms = fields.get("synonyms") or {}
    for nutrient_id, names in synonyms.items():
        line = line_of(synonyms, nutrient_id, 1)
        if nutrient_id not in knowledge.nutrients:
            hint = did_you_mean(str(nutrient_id), knowledge.nutrients)
            reader.report(line, "nutrient", f"unknown nutrient '{nutrient_id}'{hint}")
            continue
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            reader.report(line, "type", f"the names of '{nutrient_id}' must be a list of text")
            continue
        for name in names:
            key = key_of(name)
            owner = ids.get(key)
            if owner is not None and owner != nutrient_id:
                reader.report(
                    line, "duplicate-id", f"'{name}' of '{nutrient_id}' already names '{owner}'"
                )
                continue
            ids[key] = nutrient_id
    if issues:
        return None, issues
    forms = frozenset(key_of(f) for f in fields.get("forms", ()))
    return NutrientNames(forms, ids), issues


PART: folder.Part[NutrientNames] = folder.Part("nutrient_names", _build, CORE)
"""nutrient_names.yaml, read against the core knowledge."""
