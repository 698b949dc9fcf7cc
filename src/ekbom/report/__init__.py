"""The report of an assessment, in HTML from one set of Jinja2 templates: the web report page,
the doctor's report of the diary (web page, ``ekbom report --out report.html``) and its PDF
(WeasyPrint renders the same page with the print CSS).

    report_body(doc, kb, diary=None)   # the report as an <article>, for a page's layout
    report_page(doc, kb, diary=None)   # one self-contained page with the print CSS
    report_pdf(doc, kb, diary=None)    # that page as PDF bytes

The assessment part is the same for everyone; ``diary`` (`DiaryParts`: the person, the latest
labs, questions, charts, "did it help?" and the supplement log) adds the doctor's parts. Every
word comes from `ekbom.presenter` (and so from the knowledge's `text.yaml`) or from the caller.
"""

from __future__ import annotations

from ekbom.report.parts import DiaryParts, Table
from ekbom.report.render import report_body, report_page, report_pdf

__all__ = ["DiaryParts", "Table", "report_body", "report_page", "report_pdf"]
