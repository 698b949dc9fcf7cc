"""The Markdown pieces the rule catalogue is built of: table cells and tables, code lists,
citation links and their anchors, numbers and amounts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def code(items: Iterable[str], empty: str = "none") -> str:
    listed = [f"`{item}`" for item in items]
    return ", ".join(listed) if listed else empty


def cites(ids: Iterable[str]) -> str:
    listed = [f"[{cid}](#{anchor(cid)})" for cid in ids]
    return ", ".join(listed) if listed else "none"


def anchor(citation_id: str) -> str:
    return "cite-" + citation_id.replace(".", "")


def number(value: float) -> str:
    return f"{value:g}"


def amount(value: float | None, unit: str) -> str:
    return "none set" if value is None else f"{number(value)} {unit}"


def yes(flag: bool) -> str:
    return "yes" if flag else "no"
