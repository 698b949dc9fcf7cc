"""Reader for interactions.yaml: supplement-medicine interactions and their directional gaps
(spec §5.5)."""

from __future__ import annotations

from typing import Any

from ekbom.knowledge import models as m
from ekbom.knowledge.context import ReadContext
from ekbom.knowledge.reader import Reader
from ekbom.yamlsource import line_of

KINDS = ("absorption", "depletion", "safety")


def read_interactions(ctx: ReadContext, node: Any, reader: Reader) -> list[m.Interaction]:
    """interactions.yaml."""
    reader.fields(node, 1, {"version": "int", "interactions": "list"}, what="interactions.yaml")
    result = []
    for f, item, line in reader.entries(
        node,
        "interactions",
        {
            "id": "str",
            "nutrients": "strs",
            "with": "map",
            "kind": "str",
            "separate_hours": "number?",
            "advice": "str",
            "citations": "strs",
        },
        {"before_hours": "number?", "after_hours": "number?", "ask": "str"},
        what="interaction",
    ):
        _check_timing(f, reader, line)
        w = reader.fields(
            f["with"],
            line,
            {},
            {"ingredients": "strs", "classes": "strs", "supplement": "str", "without": "strs"},
            what="with",
        )
        for name in (*w.get("ingredients", ()), *w.get("without", ())):
            if name not in ctx.vocab.ingredients:
                reader.report(line, "reference", f"unknown ingredient '{name}'")
        for cls in w.get("classes", ()):
            if cls not in ctx.vocab.classes:
                reader.report(line, "reference", f"unknown medication class '{cls}'")
        for nutrient in (*f["nutrients"], *([w["supplement"]] if "supplement" in w else [])):
            if nutrient not in ctx.nutrients:
                reader.report(line, "reference", f"unknown nutrient '{nutrient}'")
        if f["kind"] not in KINDS:
            reader.report(line, "kind", f"kind must be one of {', '.join(KINDS)}")
        result.append(
            m.Interaction(
                f["id"],
                tuple(f["nutrients"]),
                frozenset(w.get("ingredients", ())),
                frozenset(w.get("classes", ())),
                w.get("supplement"),
                frozenset(w.get("without", ())),
                f["kind"],
                f["separate_hours"],
                f["advice"],
                ctx.cite(f["citations"], reader, line_of(item, "citations", line)),
                _hours(f, "before_hours"),
                _hours(f, "after_hours"),
                f.get("ask"),
            )
        )
    return result


def _hours(f: dict[str, Any], key: str) -> float | None:
    value = f.get(key)
    return None if value is None else float(value)


def _check_timing(f: dict[str, Any], reader: Reader, line: int) -> None:
    """Directional gaps (spec §5.5): an absorption entry gives `before_hours` and `after_hours`,
    null exactly when `separate_hours` is, and `separate_hours` is the larger of the two; other
    kinds give neither."""
    given = [key for key in ("before_hours", "after_hours") if key in f]
    if f["kind"] != "absorption":
        if given or f["separate_hours"] is not None:
            reader.report(
                line,
                "timing",
                f"a {f['kind']} interaction keeps no hours apart: set separate_hours: null and "
                "leave out before_hours and after_hours",
            )
        return
    if len(given) < 2:
        reader.report(
            line,
            "timing",
            "an absorption interaction needs before_hours and after_hours (how long the medicine "
            "comes before and after the nutrient; null when separate_hours is null)",
        )
        return
    before, after, separate = f["before_hours"], f["after_hours"], f["separate_hours"]
    if separate is None or before is None or after is None:
        if not (separate is None and before is None and after is None):
            reader.report(
                line, "timing", "separate_hours, before_hours and after_hours are null together"
            )
        return
    if before < 0 or after < 0:
        reader.report(line, "timing", "before_hours and after_hours must not be negative")
    elif max(before, after) == 0:
        reader.report(line, "timing", "before_hours or after_hours must be above 0")
    elif separate != max(before, after):
        reader.report(
            line,
            "timing",
            f"separate_hours is {separate:g} but must be the larger of before_hours "
            f"({before:g}) and after_hours ({after:g}): {max(before, after):g}",
        )
