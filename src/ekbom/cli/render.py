"""Readable renderings of an assessment document (spec assessment-v1 §2).

`to_markdown` builds a report to paste into a message to a doctor; `print_text` prints the same
content to a terminal with rich. Both are pure over the document: they read only its keys and the
knowledge's display labels (verdicts, priorities, nutrient, test and medicine-class names).
Citation markers such as [1][3] number the citation ids in the order they are first cited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from ekbom.knowledge.models import Knowledge

Doc = Mapping[str, Any]

VERDICT_STYLES = {
    "recommended": "green",
    "consider": "cyan",
    "test_first": "yellow",
    "not_indicated": "dim",
    "avoid": "bold red",
}
RED_FLAGS_TITLE = "Red flags: talk to a doctor soon"
MEDS_INTRO = "Do not stop or change any of these on your own; ask the prescriber first."
UNRECOGNISED_INTRO = (
    "ekbom did not recognise these, so they were not checked for effects on restless legs or "
    "for interactions. Ask a pharmacist to check them."
)
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<|"})
_DISPLAY_UNITS = {"ug": "mcg"}
_SHORT_TITLE = 72


@dataclass(frozen=True)
class _Item:
    """One line of a list section: an optional bold head, the text and its citation ids."""

    text: str
    head: str = ""
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Section:
    title: str
    items: list[_Item]
    intro: str = ""


class _Refs:
    """Numbers citation ids in the order they are first cited."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def mark(self, ids: Iterable[str]) -> str:
        numbers: set[int] = set()
        for cid in ids:
            if cid not in self.order:
                self.order.append(cid)
            numbers.add(self.order.index(cid) + 1)
        return "".join(f"[{n}]" for n in sorted(numbers))

    def all_ids(self, table: Mapping[str, Any]) -> list[str]:
        """Cited ids first, then any id of the citations table that nothing cited."""
        self.mark(table)
        return list(self.order)


# --- shared wording -------------------------------------------------------------------------


def _list(doc: Doc, key: str) -> list[Any]:
    return list(doc.get(key) or [])


def _cites(entry: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(entry.get("citations") or ())


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{round(value, 4):f}".rstrip("0").rstrip(".")
    return str(value)


def _cap(text: str) -> str:
    """Capitalise a label unless it starts with a lower-case abbreviation such as eGFR."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].upper() + text[1:]


def _verdict(k: Knowledge, verdict: str) -> str:
    return k.texts.verdicts.get(verdict, verdict)


def _nutrient(k: Knowledge, nutrient_id: str) -> str:
    found = k.nutrients.get(nutrient_id)
    return found.name if found else nutrient_id.replace("_", " ")


def _test(k: Knowledge, test_id: str) -> str:
    found = k.tests.get(test_id)
    return _cap(found.plain) if found else test_id


def _dose(dose: Mapping[str, Any]) -> str:
    unit = _DISPLAY_UNITS.get(dose["unit"], dose["unit"])
    who = "self-directed" if dose.get("self_directed") else "clinician-led"
    return (
        f"{_num(dose['amount'])} {unit} {dose['basis']} a {dose['per']}, {dose['schedule']} — {who}"
    )


def _food(k: Knowledge, food: Mapping[str, Any]) -> str:
    """'Lentils, 1 cup, cooked (198 g): 6.59 mg (37% of the daily value), non-heme iron'."""
    unit = _DISPLAY_UNITS.get(food["unit"], food["unit"])
    name = str(food["name"]) + (" (fortified)" if food.get("fortified") else "")
    text = (
        f"{name}, {food['portion']}: {_num(food['amount'])} {unit} "
        f"({food['daily_value_percent']}% of the daily value)"
    )
    kind = food.get("iron_kind")
    if kind:
        labels = k.foods.advice.iron_kinds if k.foods is not None else {}
        text += ", " + labels.get(kind, str(kind).replace("_", "-"))
    return text


def _grade(nutrient: Mapping[str, Any]) -> str:
    grade = str(nutrient["evidence"]["grade"]).replace("_", " ")
    return f"Evidence: {grade} certainty"


def _best_step(doc: Doc, k: Knowledge) -> tuple[str, str] | None:
    """(heading, summary) of the best first step, or None when there is none."""
    step = doc.get("best_first_step")
    if not step:
        return None
    summary = next(
        (n["summary"] for n in _list(doc, "nutrients") if n["nutrient"] == step["nutrient"]), ""
    )
    return f"{_nutrient(k, step['nutrient'])} — {_verdict(k, step['verdict'])}", summary


def _red_flags(doc: Doc) -> list[_Item]:
    return [_Item(f["message"], cites=_cites(f)) for f in _list(doc, "red_flags")]


def _trigger_item(k: Knowledge, item: Mapping[str, Any]) -> _Item:
    found = k.classes.get(item["class"])
    label = found.label if found else str(item["class"]).replace("_", " ")
    text = f"{item['ingredient']} — {label}. {item['advice']}"
    return _Item(text, head=str(item["medication"]), cites=_cites(item))


def _interaction_item(k: Knowledge, item: Mapping[str, Any]) -> _Item:
    hours = item.get("separate_hours")
    kind = _cap(str(item["kind"]))
    if hours is not None:
        kind += f"; keep {_num(hours)} hours apart"
    head = f"{_nutrient(k, item['nutrient'])} + {item['medication']}"
    return _Item(f"{kind}. {item['advice']}", head=head, cites=_cites(item))


def _severity_items(doc: Doc, k: Knowledge) -> list[_Item]:
    sev = doc.get("severity") or {}
    items: list[_Item] = []
    if sev.get("irls_score") is not None:
        band = f" ({str(sev['band']).replace('_', ' ')})" if sev.get("band") else ""
        top = k.texts.irls_bands[-1][0]
        items.append(_Item(f"{_num(sev['irls_score'])} of {top}{band}", head="IRLS score"))
    if sev.get("severity_nrs") is not None:
        items.append(_Item(f"{_num(sev['severity_nrs'])} of 10", head="Severity rating"))
    if sev.get("nights_per_week") is not None:
        items.append(_Item(f"{_num(sev['nights_per_week'])} a week", head="Nights with symptoms"))
    screening = doc.get("screening") or {}
    if screening.get("criteria_answered"):
        met = screening.get("criteria_met")
        text = (
            "all five answered yes"
            if met
            else "at least one answered no, so the symptoms may have another cause"
        )
        items.append(_Item(text, head="RLS diagnostic criteria"))
    return items


def _test_item(k: Knowledge, item: Mapping[str, Any]) -> _Item:
    priority = k.texts.priorities.get(item["priority"], item["priority"])
    return _Item(item["why"], head=f"{_test(k, item['test'])} — {priority}")


def _sections(doc: Doc, k: Knowledge) -> list[_Section]:
    """The list sections after the nutrients, in report order, without the empty ones."""
    sections = [
        _Section("Tests to ask for", [_test_item(k, t) for t in _list(doc, "tests_to_request")]),
        _Section(
            "Medicines that may worsen RLS",
            [_trigger_item(k, m) for m in _list(doc, "medication_triggers")],
            MEDS_INTRO,
        ),
        _Section(
            "Unrecognised medicines",
            [_Item(str(m)) for m in _list(doc, "unrecognised_medications")],
            UNRECOGNISED_INTRO,
        ),
        _Section(
            "Supplement–medicine interactions",
            [_interaction_item(k, i) for i in _list(doc, "interactions")],
        ),
        _Section(
            "Daily habits", [_Item(a["message"], cites=_cites(a)) for a in _list(doc, "lifestyle")]
        ),
        _Section("Symptom severity", _severity_items(doc, k)),
    ]
    return [s for s in sections if s.items]


def _lab_cells(k: Knowledge, lab: Mapping[str, Any]) -> tuple[str, str, str, str, str]:
    reported = lab.get("reported") or {"value": lab["value"], "unit": lab["unit"]}
    gap = "" if reported["unit"] == "%" else " "
    result = f"{_num(reported['value'])}{gap}{reported['unit']}"
    if lab.get("derived"):
        result += " (derived)"
    used = "yes" if lab.get("used") else "no"
    return _test(k, lab["test"]), result, lab.get("date") or "undated", lab["status"], used


def _links(cite: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, id, url) for the DOI, the PMID and the citation's own url when it is neither."""
    links: list[tuple[str, str, str]] = []
    if cite.get("doi"):
        links.append(("DOI", cite["doi"], "https://doi.org/" + quote(cite["doi"], safe="/")))
    if cite.get("pmid"):
        pmid = quote(str(cite["pmid"]), safe="")
        links.append(("PMID", pmid, f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    url = quote(str(cite.get("url") or ""), safe=":/?#&=%~+,;@!$'*")
    if url and url not in {link[2] for link in links}:
        links.append(("", url, url))
    return links


# --- Markdown -------------------------------------------------------------------------------


def _esc(text: Any) -> str:
    return str(text).translate(_MD_SPECIAL)


def _cited(text: str, marks: str) -> str:
    return f"{text} {marks}" if marks else text


def _md_bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _md_item(item: _Item, refs: _Refs) -> str:
    head = f"**{_esc(item.head)}**" + (": " if item.text else "") if item.head else ""
    return _cited(head + _esc(item.text), refs.mark(item.cites))


def _md_nutrient(n: Mapping[str, Any], k: Knowledge, refs: _Refs) -> list[str]:
    blocks = [
        f"### {_esc(_nutrient(k, n['nutrient']))} — {_esc(_verdict(k, n['verdict']))}",
        _esc(n["summary"]),
    ]
    if n.get("needs_clinician"):
        blocks.append("**Needs a clinician.**")
    if n.get("reasons"):
        blocks += ["**Why:**", _md_bullets(_esc(r) for r in n["reasons"])]
    if n.get("dose"):
        blocks.append(f"**Dose:** {_esc(_dose(n['dose']))}")
    if n.get("cautions"):
        blocks += ["**Cautions:**", _md_bullets(_esc(c) for c in n["cautions"])]
    if n.get("forms"):
        blocks.append(f"**Forms:** {'; '.join(_esc(f) for f in n['forms'])}")
    blocks.append(_cited(f"*{_grade(n)}*", refs.mark(n["evidence"]["citations"])))
    if n.get("foods"):
        blocks += ["**Foods rich in it:**", _md_bullets(_esc(_food(k, f)) for f in n["foods"])]
        advice = [_Item(a["message"], cites=_cites(a)) for a in n.get("food_advice") or []]
        if advice:
            blocks.append(_md_bullets(_md_item(item, refs) for item in advice))
    return blocks


def _md_section(section: _Section, refs: _Refs) -> list[str]:
    blocks = [f"## {section.title}"]
    if section.intro:
        blocks.append(_esc(section.intro))
    blocks.append(_md_bullets(_md_item(item, refs) for item in section.items))
    return blocks


def _md_labs(doc: Doc, k: Knowledge) -> list[str]:
    labs = _list(doc, "labs")
    if not labs:
        return []
    rows = ["| Test | Result | Date | Status | Used |", "|---|---|---|---|---|"]
    rows += ["| " + " | ".join(_esc(c) for c in _lab_cells(k, lab)) + " |" for lab in labs]
    return ["## Lab results", "\n".join(rows)]


def _md_reference(cite: Mapping[str, Any] | None, cid: str) -> str:
    if cite is None:
        return _esc(cid)
    parts = [_esc(str(cite["authors"]).rstrip("."))] if cite.get("authors") else []
    parts.append(f"*{_esc(str(cite.get('title') or cid).rstrip('.'))}*")
    source, year = str(cite.get("source") or ""), str(cite.get("year") or "")
    parts += [_esc(p) for p in (source, "" if year in source else year) if p]
    parts += [
        f"{kind} [{_esc(ident)}]({url})" if kind else f"<{url}>"
        for kind, ident, url in _links(cite)
    ]
    return ". ".join(parts) + "."


def _md_references(doc: Doc, refs: _Refs) -> list[str]:
    table: Mapping[str, Any] = doc.get("citations") or {}
    ids = refs.all_ids(table)
    if not ids:
        return []
    lines = [f"{i}. {_md_reference(table.get(cid), cid)}" for i, cid in enumerate(ids, 1)]
    return ["## References", "\n".join(lines)]


def to_markdown(doc: Doc, knowledge: Knowledge) -> str:
    """The assessment as GitHub Markdown, for a message to a doctor."""
    k, refs = knowledge, _Refs()
    blocks = [
        f"# Restless legs: vitamin and mineral assessment, {_esc(doc['as_of'])}",
        f"Knowledge version {_esc(doc['knowledge_version'])}; upper limits: "
        f"{_esc(doc.get('limits', ''))}. **Decision support, not a diagnosis.**",
    ]
    flags = _red_flags(doc)
    if flags:
        blocks += [f"## {RED_FLAGS_TITLE}", _md_bullets(_md_item(f, refs) for f in flags)]
    step = _best_step(doc, k)
    if step:
        blocks += ["## Best first step", _md_item(_Item(step[1], head=step[0]), refs)]
    blocks.append("## Vitamins and minerals")
    for nutrient in _list(doc, "nutrients"):
        blocks += _md_nutrient(nutrient, k, refs)
    for section in _sections(doc, k):
        blocks += _md_section(section, refs)
    blocks += _md_labs(doc, k) + _md_references(doc, refs)
    blocks += ["---", f"*{_esc(doc['disclaimer'])}*"]
    return "\n\n".join(blocks) + "\n"


# --- terminal (rich) ------------------------------------------------------------------------


def _text_item(item: _Item, refs: _Refs, style: str = "") -> Text:
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


def _print_red_flags(doc: Doc, refs: _Refs, console: Console) -> None:
    flags = _red_flags(doc)
    if flags:
        body = _bullets([_text_item(f, refs, style="bold") for f in flags])
        console.print(
            Panel(
                body,
                title=Text(RED_FLAGS_TITLE, style="bold red"),
                title_align="left",
                border_style="red",
            )
        )


def _print_best_step(doc: Doc, k: Knowledge, refs: _Refs, console: Console) -> None:
    step = _best_step(doc, k)
    if step:
        _heading(console, "Best first step")
        console.print(_text_item(_Item(step[1], head=step[0]), refs))


def _print_nutrient(n: Mapping[str, Any], k: Knowledge, refs: _Refs, console: Console) -> None:
    verdict = n["verdict"]
    _heading(
        console,
        Text.assemble(
            (_nutrient(k, n["nutrient"]), "bold"),
            " — ",
            (_verdict(k, verdict), VERDICT_STYLES.get(verdict, "")),
        ),
    )
    console.print(Text(n["summary"]))
    if n.get("needs_clinician"):
        console.print(Text("Needs a clinician", style="bold yellow"))
    if n.get("reasons"):
        console.print(_bullets([Text(r) for r in n["reasons"]]))
    if n.get("dose"):
        console.print(Text.assemble(("Dose: ", "bold"), _dose(n["dose"])))
    if n.get("cautions"):
        console.print(Text("Cautions:", style="bold"))
        console.print(_bullets([Text(c) for c in n["cautions"]]))
    if n.get("forms"):
        console.print(Text.assemble(("Forms: ", "bold"), "; ".join(n["forms"])))
    marks = refs.mark(n["evidence"]["citations"])
    console.print(Text.assemble((_grade(n), "italic"), " ", (marks, "dim")))
    if n.get("foods"):
        console.print(Text("Foods rich in it:", style="bold"))
        lines = [Text(_food(k, f)) for f in n["foods"]]
        advice = n.get("food_advice") or []
        lines += [_text_item(_Item(a["message"], cites=_cites(a)), refs) for a in advice]
        console.print(_bullets(lines))


def _print_section(section: _Section, refs: _Refs, console: Console) -> None:
    _heading(console, section.title)
    if section.intro:
        console.print(Text(section.intro))
    console.print(_bullets([_text_item(item, refs) for item in section.items]))


def _print_labs(doc: Doc, k: Knowledge, console: Console) -> None:
    labs = _list(doc, "labs")
    if labs:
        _heading(console, "Lab results")
        lines = []
        for lab in labs:
            name, result, date, status, used = _lab_cells(k, lab)
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
    links = _links(cite)
    prefix = {"DOI": "doi:", "PMID": "PMID "}
    link = "".join(f" {prefix.get(kind, '')}{ident}" for kind, ident, _ in links[:1])
    return Text(f"{who}{title}{year}.{link}")


def _print_citations(doc: Doc, refs: _Refs, console: Console) -> None:
    table: Mapping[str, Any] = doc.get("citations") or {}
    ids = refs.all_ids(table)
    if ids:
        _heading(console, "Citations")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column()
        for number, cid in enumerate(ids, 1):
            grid.add_row(Text(f"[{number}]"), _short_reference(table.get(cid), cid))
        console.print(grid)


def print_text(doc: Doc, knowledge: Knowledge, console: Console) -> None:
    """Print the assessment for a terminal: red flags first, then nutrients and advice."""
    k, refs = knowledge, _Refs()
    console.print(Text(f"ekbom assessment for {doc['as_of']}", style="bold"))
    console.print(
        Text(
            f"Knowledge {doc['knowledge_version']}, limits {doc.get('limits', '')}. "
            "Decision support, not a diagnosis.",
            style="dim",
        )
    )
    _print_red_flags(doc, refs, console)
    _print_best_step(doc, k, refs, console)
    for nutrient in _list(doc, "nutrients"):
        _print_nutrient(nutrient, k, refs, console)
    for section in _sections(doc, k):
        _print_section(section, refs, console)
    _print_labs(doc, k, console)
    _print_citations(doc, refs, console)
    console.print()
    console.print(Text(doc["disclaimer"], style="italic"))
