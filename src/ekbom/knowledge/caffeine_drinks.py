"""Read `caffeine_drinks.yaml`: milligrams of caffeine per cup or can (its header gives the
grammar), for forms that ask cups of coffee, tea and cola instead of milligrams.

`load_caffeine_drinks()` (cached per folder) raises `KnowledgeError` with file and line;
`check_caffeine_drinks()` returns the problems instead.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

from ekbom.errors import KnowledgeError, KnowledgeIssue
from ekbom.knowledge.loader import data_dir, load_knowledge
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
    return _cached(str(directory or data_dir()))


def check_caffeine_drinks(directory: Path | str | None = None) -> list[KnowledgeIssue]:
    """Every problem in `caffeine_drinks.yaml` (empty when all is well)."""
    return _build(Path(directory or data_dir()))[1]


@cache
def _cached(directory: str) -> CaffeineDrinks:
    drinks, issues = _build(Path(directory))
    if issues or drinks is None:
        raise KnowledgeError(issues)
    return drinks


def _build(root: Path) -> tuple[CaffeineDrinks | None, list[KnowledgeIssue]]:
    issues: list[KnowledgeIssue] = []
    try:
        citations = load_knowledge(root).citations
    except KnowledgeError as exc:
        return None, list(exc.issues)
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
    seen: dict[str, int] = {}
    for item, line in reader.items(node, "drinks", 1):
        fields = reader.fields(
            item, line, {"id": "str", "label": "str", "mg": "number"}, what="drink"
        )
        if len(fields) < 3 or not reader.unique(seen, fields["id"], line, "drink"):
            continue
        if fields["mg"] <= 0:
            reader.report(line, "range", f"'mg' of '{fields['id']}' must be above 0")
            continue
        drinks.append(Drink(fields["id"], fields["label"], float(fields["mg"])))
    if issues:
        return None, issues
    return CaffeineDrinks(tuple(drinks), tuple(top["citations"])), issues
