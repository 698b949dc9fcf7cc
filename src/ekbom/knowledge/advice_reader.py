"""Readers for lifestyle.yaml (daily-habit advice) and red_flags.yaml (red flags and the anaemia
cut-offs)."""

from __future__ import annotations

from typing import Any

from ekbom.knowledge import models as m
from ekbom.knowledge.context import ReadContext
from ekbom.knowledge.reader import Reader
from ekbom.yamlsource import line_of


def read_advice(ctx: ReadContext, node: Any, reader: Reader) -> list[m.Advice]:
    """lifestyle.yaml."""
    reader.fields(node, 1, {"version": "int", "advice": "list"}, what="lifestyle.yaml")
    result = []
    required = {"id": "str", "when": "map", "message": "str", "citations": "strs"}
    for f, item, line in reader.entries(node, "advice", required, what="advice"):
        compiled = ctx.compile(f["when"], reader, line_of(item, "when", line))
        result.append(
            m.Advice(
                f["id"],
                f["when"],
                compiled.predicate,
                f["message"],
                ctx.cite(f["citations"], reader, line_of(item, "citations", line)),
            )
        )
    return result


def read_red_flags(
    ctx: ReadContext, node: Any, reader: Reader
) -> tuple[dict[str, m.RedFlag], list[m.AnaemiaCutoff]]:
    """red_flags.yaml."""
    reader.fields(
        node,
        1,
        {"version": "int", "anaemia_cutoffs": "list", "red_flags": "list"},
        what="red_flags.yaml",
    )
    cutoffs = []
    for item, line in reader.items(node, "anaemia_cutoffs", 1):
        f = reader.fields(item, line, {"when": "map", "below": "number"}, what="cut-off")
        if len(f) == 2:
            cutoffs.append(
                m.AnaemiaCutoff(ctx.compile(f["when"], reader, line).predicate, float(f["below"]))
            )
    if cutoffs and node["anaemia_cutoffs"][-1].get("when") != {}:
        reader.report(
            line_of(node, "anaemia_cutoffs"),
            "fallthrough",
            "the last anaemia cut-off must have `when: {}`",
        )
    flags: dict[str, m.RedFlag] = {}
    required = {"id": "str", "safety": "bool", "message": "str", "citations": "strs"}
    for f, item, line in reader.entries(
        node, "red_flags", required, {"when": "map"}, what="red flag"
    ):
        predicate = (
            ctx.compile(f["when"], reader, line_of(item, "when", line)).predicate
            if "when" in f
            else None
        )
        flags[f["id"]] = m.RedFlag(
            f["id"],
            f.get("when"),
            predicate,
            f["safety"],
            f["message"],
            ctx.cite(f["citations"], reader, line_of(item, "citations", line)),
        )
    if "supplement_above_limit" not in flags:
        reader.report(1, "missing-key", "red flag 'supplement_above_limit' must be defined")
    return flags, cutoffs
