"""Plain-text descriptions of conditions, for `ekbom explain` and the rules catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ekbom.knowledge.models import Knowledge

_SYMBOLS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


def describe_when(node: Any, knowledge: Knowledge) -> str:
    """`{lab: ferritin, le: 75}` -> 'ferritin ≤ 75 ug/L'; `{}` -> 'always'."""
    if not isinstance(node, Mapping) or not node:
        return "always"
    if "all" in node or "any" in node:
        key = "all" if "all" in node else "any"
        parts = [describe_when(part, knowledge) for part in node[key]]
        joiner = " and " if key == "all" else " or "
        return joiner.join(f"({p})" if (" and " in p or " or " in p) else p for p in parts)
    if "not" in node:
        return f"not ({describe_when(node['not'], knowledge)})"
    comparison = next(((op, node[op]) for op in _SYMBOLS if op in node), None)
    compare = f" {_SYMBOLS[comparison[0]]} {comparison[1]:g}" if comparison else ""
    if "lab" in node:
        return f"{node['lab']}{compare} {knowledge.tests[node['lab']].canonical}"
    if "symptom" in node:
        return f"symptom {node['symptom']}{compare}"
    if "lifestyle" in node:
        if "missing" in node:
            return f"{node['lifestyle']} not given"
        if "is" in node:
            value = str(node["is"]).lower() if isinstance(node["is"], bool) else node["is"]
            return f"{node['lifestyle']} is {value}"
        return f"{node['lifestyle']}{compare}"
    if "missing" in node:
        return f"no current {node['missing']}"
    if "age" in node:
        op, value = next(iter(node["age"].items()))
        return f"age {_SYMBOLS[op]} {value}"
    if "verdict" in node:
        ((nutrient, verdicts),) = node["verdict"].items()
        return f"{nutrient} verdict is {' or '.join(verdicts)}"
    key, value = next(iter(node.items()))
    if isinstance(value, list):
        value = " or ".join(str(v) for v in value)
    labels = {
        "condition": "condition",
        "medication": "takes",
        "medication_class": "takes a medicine of class",
        "supplement_above_limit": "supplements above the limit of",
    }
    return f"{labels.get(key, key)} {value}".replace("True", "true").replace("False", "false")
