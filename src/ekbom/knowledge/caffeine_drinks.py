"""Read `caffeine_drinks.yaml`: milligrams of caffeine per cup or can (its header gives the
grammar), for forms that ask cups of coffee, tea and cola instead of milligrams.

`load_caffeine_drinks()` (cached per folder) raises `KnowledgeError` with file and line;
`ekbom kb check` checks the file through `loader.parts()`.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ekbom.errors import KnowledgeIssue
from ekbom.knowledge import folder
from ekbom.knowledge.core_reader import CORE
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.reader import did_you_mean, read_yaml_file

FILE = "caffeine_drinks.yaml"


class Drink(NamedTuple):
    """One drink the form asks about: its field id, question and caffeine per cup or can."""

    id: str
    label: str
    mg: float


class CaffeineDrinks(NamedTuple):
    """The drinks in form order, and the citations behind their factors."""

    drinks: tuple[Drink, ...]
    citations: tuple[str, ...]

    def mg_per_day(self, counts: dict[str, float]) -> float:
        """Caffeine in mg a day from cups or cans a day by drink id."""
        return sum(d.mg * counts.get(d.id, 0) for d in self.drinks)


def load_caffeine_drinks(directory: Path | str | None = None) -> CaffeineDrinks:
    """The checked drinks of the knowledge folder; KnowledgeError when they have problems."""
    return folder.load(PART, directory)


def _build(root: Path, knowledge: Knowledge) -> tuple[CaffeineDrinks | None, list[KnowledgeIssue]]:
    issues: list[KnowledgeIssue] = []
    citations = knowledge.citations
    node, reader = read_yaml_file(root, FILE, issues)
    if node is None:
        return None, issues
    top = reader.fields(
        node, 1, {"version": "int", "citations": "strs", "drinks": "list"}, what=FILE
    )
    for cid in top.get("citations", ()):
        if cid not in citations:
            reader.report(
                1, "citation", f"unknown citation id '{cid}'{did_you_mean(cid, citations)}"
            )
    drinks: list[Drink] = []
    required = {"id": "str", "label": "str", "mg": "number"}
    for fields, _, line in reader.entries(
        node, "drinks", required, what="drink", unique=("id", "drink")
    ):
        if fields["mg"] <= 0:
            reader.report(line, "range", f"'mg' of '{fields['id']}' must be above 0")
            continue
        drinks.append(Drink(fields["id"], fields["label"], float(fields["mg"])))
    if issues:
        return None, issues
    return CaffeineDrinks(tuple(drinks), tuple(top["citations"])), issues


PART: folder.Part[CaffeineDrinks] = folder.Part("caffeine_drinks", _build, CORE)
"""caffeine_drinks.yaml, read against the core knowledge."""
