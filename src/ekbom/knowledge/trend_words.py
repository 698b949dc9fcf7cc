"""Read `trend_words.yaml`: the words of the trend sentence beside each chart of the diary page
(its header gives the grammar).

`load_trend_words()` (cached per folder) raises `KnowledgeError` with file and line;
`ekbom kb check` checks the file through `loader.parts()`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from ekbom.errors import KnowledgeIssue
from ekbom.knowledge import folder
from ekbom.knowledge.diary_knowledge import read_texts
from ekbom.knowledge.reader import Reader, read_yaml_file
from ekbom.yamlsource import line_of

FILE = "trend_words.yaml"
MAX_AVERAGE_DAYS = 90
# Each sentence and the placeholders the code fills for it.
SENTENCES: dict[str, frozenset[str]] = {
    "change": frozenset({"name", "first", "last", "unit", "span"}),
    "same": frozenset({"name", "last", "unit", "span"}),
    "one": frozenset({"name", "last", "unit", "day"}),
}
SCORES = ("nrs", "irls", "nights")


class Score(NamedTuple):
    """How a symptom score is named in a sentence: 'Severity', 'of 10'."""

    name: str
    unit: str


class Span(NamedTuple):
    """Spans under `below` days are counted in units of `days` days ('5 months')."""

    below: float | None
    days: float
    one: str
    many: str


class TrendWords(NamedTuple):
    """Everything `trend_words.yaml` holds, checked."""

    average_days: int
    sentences: dict[str, str]
    scores: dict[str, Score]
    spans: tuple[Span, ...]


def load_trend_words(directory: Path | str | None = None) -> TrendWords:
    """The checked trend words of the knowledge folder; KnowledgeError when they have problems."""
    return folder.load(PART, directory)


def _build(root: Path, _: object = None) -> tuple[TrendWords | None, list[KnowledgeIssue]]:
    issues: list[KnowledgeIssue] = []
    node, reader = read_yaml_file(root, FILE, issues)
    if node is None:
        return None, issues
    wanted = {"version": "int", "average_days": "int", "sentences": "map", "scores": "map"}
    f = reader.fields(node, 1, {**wanted, "spans": "list"}, what=FILE)
    days = f.get("average_days")
    if days is not None and not 1 <= days <= MAX_AVERAGE_DAYS:
        reader.report(
            line_of(node, "average_days"),
            "range",
            f"'average_days' must be a whole number from 1 to {MAX_AVERAGE_DAYS}, not {days}",
        )
    sentences = read_texts(f.get("sentences"), reader, line_of(node, "sentences"), SENTENCES)
    scores = _scores(f.get("scores"), reader, line_of(node, "scores"))
    spans = _spans(node, reader) if "spans" in f else ()
    if issues or days is None:
        return None, issues
    return TrendWords(days, sentences, scores, spans), issues


def _scores(node: Any, reader: Reader, line: int) -> dict[str, Score]:
    if node is None:
        return {}
    found = reader.fields(node, line, dict.fromkeys(SCORES, "map"), what="scores")
    scores: dict[str, Score] = {}
    for key, item in found.items():
        words = reader.fields(
            item, line_of(node, key, line), {"name": "str", "unit": "str"}, what=f"score {key}"
        )
        if len(words) == 2:
            scores[key] = Score(words["name"], words["unit"])
    return scores


def _spans(node: Any, reader: Reader) -> tuple[Span, ...]:
    spans: list[Span] = []
    items = reader.items(node, "spans", 1)
    for index, (item, line) in enumerate(items):
        last = index == len(items) - 1
        f = reader.fields(
            item,
            line,
            {"days": "number", "one": "str", "many": "str"},
            {} if last else {"below": "number"},
            what="span",
        )
        if not last and "below" not in f:
            reader.report(line, "missing-key", "every span but the last needs 'below'")
            continue
        if len(f) < 3:
            continue
        below = f.get("below")
        before = spans[-1].below if spans else 0
        if f["days"] <= 0 or (below is not None and before is not None and below <= before):
            reader.report(line, "range", "'days' must be above 0 and 'below' must grow")
            continue
        spans.append(Span(below, float(f["days"]), f["one"], f["many"]))
    return tuple(spans)


PART: folder.Part[TrendWords] = folder.Part("trend_words", _build)
"""trend_words.yaml (it refers to nothing else)."""
