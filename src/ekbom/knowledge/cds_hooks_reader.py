"""Read and check cds_hooks.yaml: the CDS Hooks services, prefetch queries and card wording."""

from __future__ import annotations

from typing import Any, NamedTuple

from ekbom.knowledge import models as m
from ekbom.knowledge.reader import Reader
from ekbom.yamlsource import line_of

HOOKS = ("patient-view", "order-select", "order-sign")
SERVICE_KINDS = ("nutrients", "order_check")
ORDER_TEXTS = (
    "avoid",
    "test_first",
    "test_first_over_limit",
    "over_limit",
    "over_limit_with_current",
    "within_plan",
    "spacing",
    "spacing_detail",
    "spacing_detail_directional",
    "amounts",
    "amounts_with_current",
    "remove",
    "no_dose",
)
PREFETCH_KEYS = ("patient", "labs", "facts", "conditions", "medications", "supplements")
SUMMARY_LIMIT = 140


class Prefetch(NamedTuple):
    key: str
    template: str
    required: bool


class CdsService(NamedTuple):
    id: str
    hook: str
    kind: str
    title: str
    description: str


# -- cds_hooks.yaml --------------------------------------------------------------------------


def read_cds_hooks(node: Any, reader: Reader, kb: m.Knowledge) -> dict[str, Any] | None:
    f = reader.fields(
        node,
        1,
        {
            "version": "int",
            "source": "map",
            "prefetch": "map",
            "services": "list",
            "red_flags": "map",
            "order_check": "map",
        },
        what="cds_hooks.yaml",
    )
    if len(f) != 6:
        return None
    source = reader.fields(f["source"], line_of(node, "source"), {"label": "str", "url": "str"})
    at = line_of(node, "order_check")
    texts = reader.fields(
        f["order_check"], at, {"nutrients": "strs", **dict.fromkeys(ORDER_TEXTS, "str")}
    )
    nutrients = tuple(texts.pop("nutrients", ()))
    for nutrient in nutrients:
        if nutrient not in kb.assessed_nutrients:
            reader.report(at, "reference", f"unknown nutrient '{nutrient}' in order_check")
    return {
        "source": source,
        "prefetch": _prefetch(f["prefetch"], line_of(node, "prefetch"), reader),
        "services": _services(node, reader),
        "red_flag_titles": _red_flag_titles(f["red_flags"], line_of(node, "red_flags"), reader, kb),
        "order_texts": texts,
        "order_nutrients": nutrients,
    }


def _prefetch(node: dict[str, Any], line: int, reader: Reader) -> tuple[Prefetch, ...]:
    result = []
    for key, value in node.items():
        f = reader.fields(
            value, line_of(node, key, line), {"template": "str", "required": "bool"}, what=key
        )
        if len(f) == 2:
            result.append(Prefetch(str(key), f["template"], f["required"]))
    for key in node:
        if key not in PREFETCH_KEYS:
            allowed = ", ".join(PREFETCH_KEYS)
            reader.report(
                line_of(node, key, line), "unknown-key", f"prefetch key '{key}'; use {allowed}"
            )
    for key in PREFETCH_KEYS:
        if key not in node:
            reader.report(line, "missing-key", f"prefetch needs the key '{key}'")
    return tuple(result)


def _services(node: Any, reader: Reader) -> tuple[CdsService, ...]:
    result = []
    required = {"id": "str", "hook": "str", "kind": "str", "title": "str", "description": "str"}
    for f, _, line in reader.entries(node, "services", required, what="service"):
        if f["hook"] not in HOOKS:
            reader.report(line, "reference", f"hook must be one of {', '.join(HOOKS)}")
        elif f["kind"] not in SERVICE_KINDS:
            reader.report(line, "reference", f"kind must be one of {', '.join(SERVICE_KINDS)}")
        else:
            result.append(CdsService(**{k: " ".join(v.split()) for k, v in f.items()}))
    return tuple(result)


def _red_flag_titles(
    node: dict[str, Any], line: int, reader: Reader, kb: m.Knowledge
) -> dict[str, str]:
    for flag in node:
        if flag not in kb.red_flags:
            reader.report(line_of(node, flag, line), "reference", f"unknown red flag '{flag}'")
    for flag in kb.red_flags:
        title = node.get(flag)
        if not isinstance(title, str) or not title.strip():
            reader.report(line, "missing-key", f"red flag '{flag}' needs a card summary")
        elif len(title) >= SUMMARY_LIMIT:
            reader.report(
                line_of(node, flag, line), "length", f"'{flag}' summary must be < 140 characters"
            )
    return {flag: str(title) for flag, title in node.items() if flag in kb.red_flags}
