"""The HTML blocks of the report for the doctor, built from an assessment document.

The wording (verdict labels, doses, medicine and interaction lines, lab cells, citation numbers)
is the Markdown report's (``ekbom.presenter``), so the PDF says exactly what ``ekbom assess
--format markdown`` says. Every text is escaped here; callers pass plain strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from ekbom.diary_analysis.trend import display_unit
from ekbom.knowledge.models import Knowledge
from ekbom.presenter import (
    FIRST_STEP_TITLE,
    MEDS_INTRO,
    RED_FLAGS_TITLE,
    CitationNumbers,
    Item,
    best_step,
    citation_links,
    citations_of,
    dose_lines,
    evidence_text,
    items_of,
    lab_cells,
    list_sections,
    nutrient_name,
    verdict_label,
)

Doc = Mapping[str, Any]
Cell = str | tuple[str, str]  # text, or (text, css class)
SPLIT_LABS = 6


def e(text: Any) -> str:
    """Escape any value for HTML."""
    return escape(str(text), quote=True)


def marks(refs: CitationNumbers, ids: Iterable[str]) -> str:
    """Citation numbers ([1][3]) as a small superscript, or ''."""
    text = refs.mark(ids)
    # The space sits inside the span: outside it, WeasyPrint 70 wraps such a line after its
    # first word when the marks do not fit at the end of the line.
    return f'<span class="cite"> {e(text)}</span>' if text else ""


def item_html(item: Item, refs: CitationNumbers) -> str:
    head = f"<strong>{e(item.head)}</strong>" + (": " if item.text else "") if item.head else ""
    return f"<li>{head}{e(item.text)}{marks(refs, item.cites)}</li>"


def bullets(items: Iterable[str]) -> str:
    body = "".join(items)
    return f"<ul>{body}</ul>" if body else ""


def table(headers: Sequence[str], rows: Iterable[Sequence[Cell]], css: str = "") -> str:
    """A table; a cell given as (text, class) gets that class."""
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, tuple):
                cells.append(f'<td class="{e(cell[1])}">{e(cell[0])}</td>')
            else:
                cells.append(f"<td>{e(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="{e(css)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def section(title: str, body: str, css: str = "", intro: str = "") -> str:
    lead = f'<p class="intro">{e(intro)}</p>' if intro else ""
    return f'<section class="{e(css)}"><h2>{e(title)}</h2>{lead}{body}</section>'


# --- the first page ---------------------------------------------------------------------------


def red_flags(doc: Doc, refs: CitationNumbers) -> str:
    flags = items_of(doc, "red_flags")
    if not flags:
        return section("Red flags", '<p class="none">None raised.</p>', "red-flags")
    items = [
        item_html(Item(f["message"], cites=tuple(f.get("citations") or ())), refs) for f in flags
    ]
    return section(RED_FLAGS_TITLE, bullets(items), "red-flags raised")


def best_first_step(doc: Doc, k: Knowledge, refs: CitationNumbers) -> str:
    step = best_step(doc, k)
    if step is None:
        return section(
            FIRST_STEP_TITLE, '<p class="none">None: no supplement is suggested now.</p>'
        )
    return section(FIRST_STEP_TITLE, f"<p><strong>{e(step[0])}</strong> {e(step[1])}</p>")


def verdicts(doc: Doc, k: Knowledge) -> str:
    rows: list[Sequence[Cell]] = []
    for n in items_of(doc, "nutrients"):
        rows.append(
            (
                nutrient_name(k, n["nutrient"]),
                (verdict_label(k, n["verdict"]), f"verdict {n['verdict']}"),
                "yes" if n.get("needs_clinician") else "",
                n["summary"],
            )
        )
    return section(
        "Current verdicts",
        table(("Nutrient", "Verdict", "Clinician", "In short"), rows, "verdicts"),
    )


def latest_labs(doc: Doc, k: Knowledge) -> str:
    """One row per test; more than SPLIT_LABS tests are shown side by side to save height."""
    rows: list[list[Cell]] = []
    for lab in latest_lab_rows(doc, k):
        name, result, day, status, _ = lab_cells(k, lab)
        when: Cell = (f"{day} (stale)", "stale") if status == "stale" else day
        rows.append([name, display_unit(result), when])
    if not rows:
        return section("Latest labs", '<p class="none">No lab results in the diary.</p>')
    headers = ["Test", "Result", "Date"]
    if len(rows) > SPLIT_LABS:
        half = (len(rows) + 1) // 2
        right = rows[half:] + [["", "", ""]] * (2 * half - len(rows))
        rows = [left + ["", *other] for left, other in zip(rows[:half], right, strict=True)]
        headers += ["", *headers]
        css = "labs split"
    else:
        css = "labs"
    return section("Latest labs", table(headers, rows, css))


def latest_lab_rows(doc: Doc, k: Knowledge) -> list[Mapping[str, Any]]:
    """Per test (in labs.yaml order): the result the assessment used, else the latest one."""
    chosen: dict[str, Mapping[str, Any]] = {}
    for lab in items_of(doc, "labs"):
        current = chosen.get(lab["test"])
        if (
            current is None
            or lab.get("used")
            or (not current.get("used") and (lab.get("date") or "") >= (current.get("date") or ""))
        ):
            chosen[lab["test"]] = lab
    order = list(k.tests)
    return sorted(
        chosen.values(),
        key=lambda lab: order.index(lab["test"]) if lab["test"] in order else len(order),
    )


def medicines(doc: Doc, k: Knowledge, refs: CitationNumbers) -> str:
    """Each medicine and why it may worsen RLS; the advice is in the details."""
    items = []
    for m in items_of(doc, "medication_triggers"):
        found = k.classes.get(m["class"])
        label = found.label if found else str(m["class"]).replace("_", " ")
        text = f"{m['ingredient']}, {label}"
        items.append(item_html(Item(text, head=str(m["medication"]), cites=citations_of(m)), refs))
    if not items:
        return section(
            "Medicines that may worsen RLS", '<p class="none">None found in the medicine list.</p>'
        )
    return section(
        "Medicines that may worsen RLS",
        bullets(items),
        intro=MEDS_INTRO + " The advice for each is in the details.",
    )


def questions(texts: Sequence[str]) -> str:
    if not texts:
        return ""
    items = "".join(f"<li>{e(q)}</li>" for q in texts)
    return section("Questions to ask", f'<ol class="questions">{items}</ol>')


# --- the details ------------------------------------------------------------------------------


def nutrient_details(doc: Doc, k: Knowledge, refs: CitationNumbers) -> str:
    blocks = []
    for n in items_of(doc, "nutrients"):
        parts = [
            f"<h3>{e(nutrient_name(k, n['nutrient']))} — "
            f'<span class="verdict {e(n["verdict"])}">'
            f"{e(verdict_label(k, n['verdict']))}</span></h3>",
            f"<p>{e(n['summary'])}</p>",
        ]
        if n.get("needs_clinician"):
            parts.append('<p class="clinician">Needs a clinician.</p>')
        if n.get("reasons"):
            parts.append(
                "<p class='label'>Why:</p>" + bullets(f"<li>{e(r)}</li>" for r in n["reasons"])
            )
        for label, text in dose_lines(n):
            parts.append(f"<p><strong>{e(label)}:</strong> {e(text)}</p>")
        if n.get("cautions"):
            parts.append(
                "<p class='label'>Cautions:</p>"
                + bullets(f"<li>{e(c)}</li>" for c in n["cautions"])
            )
        if n.get("forms"):
            parts.append(f"<p><strong>Forms:</strong> {e('; '.join(n['forms']))}</p>")
        rules = ", ".join(n.get("rule_ids") or ())
        parts.append(
            f'<p class="grade">{e(evidence_text(n))}{marks(refs, n["evidence"]["citations"])}'
            f"{' · rule ' + e(rules) if rules else ''}</p>"
        )
        blocks.append('<div class="nutrient">' + "".join(parts) + "</div>")
    return section("Reasons, nutrient by nutrient", "".join(blocks), "details")


def other_sections(doc: Doc, k: Knowledge, refs: CitationNumbers) -> str:
    """Tests, medicines, interactions, habits and severity, as the Markdown report has them."""
    out = []
    for part in list_sections(doc, k):
        out.append(
            section(part.title, bullets(item_html(i, refs) for i in part.items), intro=part.intro)
        )
    return "".join(out)


def all_labs(doc: Doc, k: Knowledge) -> str:
    labs = items_of(doc, "labs")
    if not labs:
        return ""
    rows = []
    for lab in labs:
        name, result, day, status, used = lab_cells(k, lab)
        rows.append((name, display_unit(result), day, status, used))
    return section(
        "Lab results the assessment read",
        table(("Test", "Result", "Date", "Status", "Used"), rows, "labs"),
    )


def references(doc: Doc, refs: CitationNumbers) -> str:
    """The numbered citations: every cited id first, then the rest of the document's table."""
    citations: Mapping[str, Any] = doc.get("citations") or {}
    ids = refs.all_ids(citations)
    if not ids:
        return ""
    items = [
        f'<li value="{i}">{reference(citations.get(cid), cid)}</li>' for i, cid in enumerate(ids, 1)
    ]
    return section("References", f'<ol class="references">{"".join(items)}</ol>', "references")


def reference(cite: Mapping[str, Any] | None, cid: str) -> str:
    if cite is None:
        return e(cid)
    parts = [e(str(cite["authors"]).rstrip("."))] if cite.get("authors") else []
    parts.append(f"<em>{e(str(cite.get('title') or cid).rstrip('.'))}</em>")
    source, year = str(cite.get("source") or ""), str(cite.get("year") or "")
    parts += [e(p) for p in (source, "" if year in source else year) if p]
    for kind, ident, url in citation_links(cite):
        label = f"{kind} {ident}" if kind else url
        parts.append(f'<a href="{e(url)}">{e(label)}</a>')
    return ". ".join(parts) + "."
