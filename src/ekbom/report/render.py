"""Renders the report templates (``templates/``) with Jinja2; WeasyPrint turns the page into a
PDF inside `report_pdf`, so importing this module stays cheap."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ekbom import presenter
from ekbom.knowledge.models import Knowledge
from ekbom.report.parts import DiaryParts, summary

HERE = Path(__file__).parent
PRINT_CSS = HERE / "print.css"


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _context(
    doc: Mapping[str, Any], k: Knowledge, diary: DiaryParts | None, printed: bool
) -> dict[str, Any]:
    return {
        "doc": doc,
        "kb": k,
        "p": presenter,
        "refs": presenter.numbered_citations(doc, k),
        "s": summary(doc, k),
        "diary": diary,
        "printed": printed,
    }


def report_body(
    doc: Mapping[str, Any],
    k: Knowledge,
    diary: DiaryParts | None = None,
    *,
    toolbar: str = "",
    printed: bool = False,
) -> Markup:
    """The report as one <article>: the action card first, then `toolbar` (HTML the page adds:
    its buttons), the safety notes, tests, nutrients, the diary parts, references."""
    template = environment().get_template("report.html")
    context = _context(doc, k, diary, printed) | {"toolbar": Markup(toolbar)}
    return Markup(template.render(context))


def report_page(doc: Mapping[str, Any], k: Knowledge, diary: DiaryParts | None = None) -> str:
    """One self-contained HTML page (print CSS inline, sections open) for WeasyPrint or a file."""
    css = PRINT_CSS.read_text(encoding="utf-8").replace("@AS_OF@", str(doc.get("as_of", "")))
    body = report_body(doc, k, diary, printed=True)
    return (
        environment()
        .get_template("page.html")
        .render(doc=doc, p=presenter, diary=diary, css=Markup(css), body=body)
    )


def report_pdf(doc: Mapping[str, Any], k: Knowledge, diary: DiaryParts | None = None) -> bytes:
    """The self-contained page as a PDF (A4, page numbers)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=report_page(doc, k, diary)).write_pdf()
    return pdf
