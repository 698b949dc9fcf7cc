"""Readable renderings of an assessment document (spec assessment-v1 §2).

`to_markdown` builds a report to paste into a message to a doctor; `print_text` prints the same
content to a terminal with rich. Both are pure over the document: they read only its keys and the
knowledge's display labels; the wording they share with every other channel is `ekbom.presenter`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ekbom.presenter import (
    CitationNumbers,
    Doc,
    Item,
    Section,
    best_step,
    citation_links,
    citations_of,
    dose_lines,
    evidence_text,
    food_text,
    items_of,
    lab_cells,
    lab_columns,
    label,
    list_sections,
    numbered_citations,
    nutrient_name,
    red_flag_items,
    verdict_label,
)

if TYPE_CHECKING:
    from ekbom.knowledge.models import Knowledge

VERDICT_STYLES = {
    "recommended": "green",
    "consider": "cyan",
    "test_first": "yellow",
    "not_indicated": "dim",
    "avoid": "bold red",
}
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<|"})
_SHORT_TITLE = 72


# --- Markdown -------------------------------------------------------------------------------


def _esc(text: Any) -> str:
    return str(text).translate(_MD_SPECIAL)


def _cited(text: str, marks: str) -> str:
    return f"{text} {marks}" if marks else text


def _md_bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _md_item(item: Item, refs: CitationNumbers) -> str:
    head = f"**{_esc(item.head)}**" + (": " if item.text else "") if item.head else ""
    return _cited(head + _esc(item.text), refs.mark(item.cites))


def _md_nutrient(n: Mapping[str, Any], k: Knowledge, refs: CitationNumbers) -> list[str]:
    blocks = [
        f"### {_esc(nutrient_name(k, n['nutrient']))} — {_esc(verdict_label(k, n['verdict']))}",
        _esc(n["summary"]),
    ]
    if n.get("needs_clinician"):
        blocks.append(f"**{_esc(label(k, 'needs_clinician'))}.**")
    if n.get("reasons"):
        blocks += [_md_head(k, "why_title"), _md_bullets(_esc(r) for r in n["reasons"])]
    for head, text in dose_lines(n, k):
        blocks.append(f"**{_esc(head)}:** {_esc(text)}")
    if n.get("cautions"):
        blocks += [_md_head(k, "cautions_title"), _md_bullets(_esc(c) for c in n["cautions"])]
    if n.get("forms"):
        forms = "; ".join(_esc(f) for f in n["forms"])
        blocks.append(f"{_md_head(k, 'forms_title')} {forms}")
    blocks.append(_cited(f"*{_esc(evidence_text(n, k))}*", refs.mark(n["evidence"]["citations"])))
    if n.get("foods"):
        foods = _md_bullets(_esc(food_text(k, f)) for f in n["foods"])
        blocks += [_md_head(k, "foods_title"), foods]
        advice = [Item(a["message"], cites=citations_of(a)) for a in n.get("food_advice") or []]
        if advice:
            blocks.append(_md_bullets(_md_item(item, refs) for item in advice))
    return blocks


def _md_head(k: Knowledge, key: str) -> str:
    return f"**{_esc(label(k, key))}:**"


def _md_section(section: Section, refs: CitationNumbers) -> list[str]:
    blocks = [f"## {section.title}"]
    if section.intro:
        blocks.append(_esc(section.intro))
    blocks.append(_md_bullets(_md_item(item, refs) for item in section.items))
    return blocks


def _md_labs(doc: Doc, k: Knowledge) -> list[str]:
    labs = items_of(doc, "labs")
    if not labs:
        return []
    rows = [_md_row(lab_columns(k)), "|" + "---|" * len(lab_columns(k))]
    rows += [_md_row(lab_cells(k, lab)) for lab in labs]
    return [f"## {_esc(label(k, 'labs_title'))}", "\n".join(rows)]


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_esc(c) for c in cells) + " |"


def _md_reference(cite: Mapping[str, Any] | None, cid: str) -> str:
    if cite is None:
        return _esc(cid)
    parts = [_esc(str(cite["authors"]).rstrip("."))] if cite.get("authors") else []
    parts.append(f"*{_esc(str(cite.get('title') or cid).rstrip('.'))}*")
    source, year = str(cite.get("source") or ""), str(cite.get("year") or "")
    parts += [_esc(p) for p in (source, "" if year in source else year) if p]
    parts += [
        f"{kind} [{_esc(ident)}]({url})" if kind else f"<{url}>"
        for kind, ident, url in citation_links(cite)
    ]
    return ". ".join(parts) + "."


def _md_references(doc: Doc, k: Knowledge, refs: CitationNumbers) -> list[str]:
    table: Mapping[str, Any] = doc.get("citations") or {}
    ids = refs.all_ids(table)
    if not ids:
        return []
    lines = [f"{i}. {_md_reference(table.get(cid), cid)}" for i, cid in enumerate(ids, 1)]
    return [f"## {_esc(label(k, 'references_title'))}", "\n".join(lines)]


def to_markdown(doc: Doc, knowledge: Knowledge) -> str:
    """The assessment as GitHub Markdown, for a message to a doctor."""
    k, refs = knowledge, numbered_citations(doc, knowledge)
    blocks = [
        f"# Restless legs: vitamin and mineral assessment, {_esc(doc['as_of'])}",
        f"Knowledge version {_esc(doc['knowledge_version'])}; upper limits: "
        f"{_esc(doc.get('limits', ''))}. **Decision support, not a diagnosis.**",
    ]
    flags = red_flag_items(doc)
    if flags:
        blocks += [
            f"## {_esc(label(k, 'red_flags_title'))}",
            _md_bullets(_md_item(f, refs) for f in flags),
        ]
    step = best_step(doc, k)
    if step:
        blocks += [
            f"## {_esc(label(k, 'first_step_title'))}",
            f"**{_esc(step[0])}** {_esc(step[1])}".strip(),
        ]
    blocks.append(f"## {_esc(label(k, 'nutrients_title'))}")
    for nutrient in items_of(doc, "nutrients"):
        blocks += _md_nutrient(nutrient, k, refs)
    for section in list_sections(doc, k):
        blocks += _md_section(section, refs)
    blocks += _md_labs(doc, k) + _md_references(doc, k, refs)
    blocks += ["---", f"*{_esc(doc['disclaimer'])}*"]
    return "\n\n".join(blocks) + "\n"


# --- terminal (rich) ------------------------------------------------------------------------


def _text_item(item: Item, refs: CitationNumbers, style: str = "") -> Text:
    text = Text(style=style)
    if item.head:
        text.append(item.head, style="bold")
        text.append(": " if item.text else "")
    text.append(item.text)
    marks = refs.mark(item.cites)
    if marks:
        text.append(" " + marks, style="dim")
    return text


def _bullets(lines: Sequence[Text]) -> Padding:
    """A bulleted list whose wrapped lines hang under the text, not the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row(Text("•"), line)
    return Padding(grid, (0, 0, 0, 2))


def _heading(console: Console, title: Text | str) -> None:
    console.print()
    console.rule(
        Text(title, style="bold") if isinstance(title, str) else title, align="left", style="dim"
    )


def _print_red_flags(doc: Doc, k: Knowledge, refs: CitationNumbers, console: Console) -> None:
    flags = red_flag_items(doc)
    if flags:
        body = _bullets([_text_item(f, refs, style="bold") for f in flags])
        console.print(
            Panel(
                body,
                title=Text(label(k, "red_flags_title"), style="bold red"),
                title_align="left",
                border_style="red",
            )
        )


def _print_best_step(doc: Doc, k: Knowledge, refs: CitationNumbers, console: Console) -> None:
    step = best_step(doc, k)
    if step:
        _heading(console, label(k, "first_step_title"))
        console.print(Text.assemble((step[0], "bold"), " ", step[1]))


def _print_nutrient(
    n: Mapping[str, Any], k: Knowledge, refs: CitationNumbers, console: Console
) -> None:
    verdict = n["verdict"]
    _heading(
        console,
        Text.assemble(
            (nutrient_name(k, n["nutrient"]), "bold"),
            " — ",
            (verdict_label(k, verdict), VERDICT_STYLES.get(verdict, "")),
        ),
    )
    console.print(Text(n["summary"]))
    if n.get("needs_clinician"):
        console.print(Text(label(k, "needs_clinician"), style="bold yellow"))
    if n.get("reasons"):
        console.print(_bullets([Text(r) for r in n["reasons"]]))
    for head, text in dose_lines(n, k):
        console.print(Text.assemble((f"{head}: ", "bold"), text))
    if n.get("cautions"):
        console.print(Text(f"{label(k, 'cautions_title')}:", style="bold"))
        console.print(_bullets([Text(c) for c in n["cautions"]]))
    if n.get("forms"):
        forms = "; ".join(n["forms"])
        console.print(Text.assemble((f"{label(k, 'forms_title')}: ", "bold"), forms))
    marks = refs.mark(n["evidence"]["citations"])
    console.print(Text.assemble((evidence_text(n, k), "italic"), " ", (marks, "dim")))
    if n.get("foods"):
        console.print(Text(f"{label(k, 'foods_title')}:", style="bold"))
        lines = [Text(food_text(k, f)) for f in n["foods"]]
        advice = n.get("food_advice") or []
        lines += [_text_item(Item(a["message"], cites=citations_of(a)), refs) for a in advice]
        console.print(_bullets(lines))


def _print_section(section: Section, refs: CitationNumbers, console: Console) -> None:
    _heading(console, section.title)
    if section.intro:
        console.print(Text(section.intro))
    console.print(_bullets([_text_item(item, refs) for item in section.items]))


def _print_labs(doc: Doc, k: Knowledge, console: Console) -> None:
    labs = items_of(doc, "labs")
    if labs:
        _heading(console, label(k, "labs_title"))
        lines = []
        for lab in labs:
            name, result, date, status, used = lab_cells(k, lab)
            usage = "used" if used == "yes" else "not used"
            lines.append(Text.assemble((name, "bold"), f": {result}, {date}, {status}, {usage}"))
        console.print(_bullets(lines))


def _short_reference(cite: Mapping[str, Any] | None, cid: str) -> Text:
    if cite is None:
        return Text(cid)
    title = str(cite.get("title") or cid)
    if len(title) > _SHORT_TITLE:
        title = title[:_SHORT_TITLE].rsplit(" ", 1)[0].rstrip(",:;") + "…"
    year = f" ({cite['year']})" if cite.get("year") else ""
    who = f"{str(cite['authors']).rstrip('.')}. " if cite.get("authors") else ""
    links = citation_links(cite)
    prefix = {"DOI": "doi:", "PMID": "PMID "}
    link = "".join(f" {prefix.get(kind, '')}{ident}" for kind, ident, _ in links[:1])
    return Text(f"{who}{title}{year}.{link}")


def _print_citations(doc: Doc, k: Knowledge, refs: CitationNumbers, console: Console) -> None:
    table: Mapping[str, Any] = doc.get("citations") or {}
    ids = refs.all_ids(table)
    if ids:
        _heading(console, label(k, "references_title"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column()
        for number, cid in enumerate(ids, 1):
            grid.add_row(Text(f"[{number}]"), _short_reference(table.get(cid), cid))
        console.print(grid)


def plain_text(doc: Doc, knowledge: Knowledge, width: int | None = None) -> str:
    """The terminal text without colour and without the spaces rich pads each line with to the
    console's width (for a file or a pipe)."""
    buffer = io.StringIO()
    print_text(doc, knowledge, Console(file=buffer, highlight=False, width=width))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())


def print_text(doc: Doc, knowledge: Knowledge, console: Console) -> None:
    """Print the assessment for a terminal: red flags first, then nutrients and advice."""
    k, refs = knowledge, numbered_citations(doc, knowledge)
    console.print(Text(f"ekbom assessment for {doc['as_of']}", style="bold"))
    console.print(
        Text(
            f"Knowledge {doc['knowledge_version']}, limits {doc.get('limits', '')}. "
            "Decision support, not a diagnosis.",
            style="dim",
        )
    )
    _print_red_flags(doc, k, refs, console)
    _print_best_step(doc, k, refs, console)
    for nutrient in items_of(doc, "nutrients"):
        _print_nutrient(nutrient, k, refs, console)
    for section in list_sections(doc, k):
        _print_section(section, refs, console)
    _print_labs(doc, k, console)
    _print_citations(doc, k, refs, console)
    console.print()
    console.print(Text(doc["disclaimer"], style="italic"))
