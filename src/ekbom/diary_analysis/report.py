"""The report for the doctor: PDF (WeasyPrint) or HTML, from an assessment and the diary.

Page 1 is a summary a busy clinician can read in a minute: red flags, the best first step, the
current verdicts, the latest labs with units and dates, medicines that may worsen RLS and the
questions to ask. Then come the trend charts (matplotlib, SVG), "did it help?" for each
supplement, the supplement log, the full reasons per nutrient, the other advice, the lab table,
the references and the disclaimer. The CSS (``report.css``) is print-first: A4, page numbers.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ekbom.diary_analysis import report_html as h
from ekbom.diary_analysis.effect import EffectResult, effect
from ekbom.diary_analysis.private_file import open_private
from ekbom.diary_analysis.records import AnalysisError, DiaryData
from ekbom.diary_analysis.trend import build_figure, chart_tests, figure_bytes
from ekbom.knowledge.diary_knowledge import load_effect_windows, load_report_questions
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.models import Knowledge
from ekbom.presenter import CitationNumbers, items_of, nutrient_name

CSS = Path(__file__).with_name("report.css")
FORMATS = (".pdf", ".html", ".htm")
TESTS_PER_CHART = 3


def render_report(
    document: Mapping[str, Any],
    data: DiaryData,
    out_path: Path | str,
    *,
    knowledge: Knowledge | None = None,
) -> Path:
    """Write the report to ``out_path`` (.pdf, or .html for one self-contained page).

    ``document`` is an assessment document (``ekbom.assess(...).to_dict()``), normally built from
    the same diary; its ``as_of`` is the report's date.
    """
    path = Path(out_path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise AnalysisError("out_path", str(path), "end the file name in .pdf or .html")
    page = report_html(document, data, knowledge=knowledge)
    if suffix == ".pdf":
        from weasyprint import HTML  # type: ignore[import-untyped]

        with open_private(path) as handle:
            HTML(string=page, base_url=str(path.parent)).write_pdf(handle)
    else:
        with open_private(path) as handle:
            handle.write(page.encode("utf-8"))
    return path


def report_html(
    document: Mapping[str, Any], data: DiaryData, *, knowledge: Knowledge | None = None
) -> str:
    """The whole report as one HTML page (charts embedded as data URIs)."""
    k = knowledge or load_knowledge()
    doc = document
    as_of = date.fromisoformat(str(doc["as_of"]))
    refs = CitationNumbers()
    summary = "".join(
        (
            h.red_flags(doc, refs),
            h.best_first_step(doc, k, refs),
            h.verdicts(doc, k),
            h.latest_labs(doc, k),
            h.medicines(doc, k, refs),
            h.questions(questions(doc, k)),
        )
    )
    body = "".join(
        (
            f'<section class="summary"><header>{_title(doc, data, k)}</header>{summary}</section>',
            _charts(data, as_of, k),
            f'<div class="log">{_effects(data, as_of, k)}{_supplement_log(data, k)}</div>',
            h.nutrient_details(doc, k, refs),
            h.other_sections(doc, k, refs),
            h.all_labs(doc, k),
            h.references(doc, refs),
            h.section("Disclaimer", f"<p>{h.e(doc.get('disclaimer', ''))}</p>", "disclaimer"),
        )
    )
    title = f"ekbom report for the doctor, {doc['as_of']}"
    css = CSS.read_text(encoding="utf-8").replace("@AS_OF@", h.e(doc["as_of"]))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{h.e(title)}</title><style>{css}</style></head><body>{body}</body></html>"
    )


def _title(doc: Mapping[str, Any], data: DiaryData, k: Knowledge) -> str:
    lines = [
        "<h1>Restless legs: vitamins and minerals</h1>",
        f'<p class="meta">Report for the doctor · assessment date {h.e(doc["as_of"])} · '
        f"knowledge {h.e(doc.get('knowledge_version', ''))} · upper limits "
        f"{h.e(doc.get('limits', ''))} · decision support, not a diagnosis</p>",
    ]
    person = _person(data.profile, k)
    if person:
        lines.append(f'<p class="person">{h.e(person)}</p>')
    symptoms = _symptoms_now(doc)
    if symptoms:
        lines.append(f'<p class="person">Symptoms now: {h.e(symptoms)}</p>')
    return "".join(lines)


def _person(profile: Mapping[str, Any], k: Knowledge) -> str:
    parts = []
    if profile.get("age") is not None and profile.get("sex"):
        parts.append(f"{profile['age']}-year-old {profile['sex']}")
    if profile.get("pregnant"):
        trimester = profile.get("pregnancy_trimester")
        parts.append(f"pregnant (trimester {trimester})" if trimester else "pregnant")
    if profile.get("postmenopausal"):
        parts.append("postmenopausal")
    if profile.get("diet"):
        parts.append(f"{profile['diet']} diet")
    conditions = [
        k.conditions[c].name if c in k.conditions else str(c)
        for c in profile.get("conditions") or ()
    ]
    parts.append("conditions: " + (", ".join(conditions) if conditions else "none recorded"))
    medicines = [str(m) for m in profile.get("medications") or ()]
    parts.append("medicines: " + (", ".join(medicines) if medicines else "none recorded"))
    return "; ".join(parts)


def _symptoms_now(doc: Mapping[str, Any]) -> str:
    sev = doc.get("severity") or {}
    parts = []
    if sev.get("irls_score") is not None:
        band = f" ({str(sev.get('band') or '').replace('_', ' ')})" if sev.get("band") else ""
        parts.append(f"IRLS {sev['irls_score']:g} of 40{band}")
    if sev.get("severity_nrs") is not None:
        parts.append(f"severity {sev['severity_nrs']:g} of 10")
    if sev.get("nights_per_week") is not None:
        parts.append(f"{sev['nights_per_week']:g} nights a week")
    return ", ".join(parts)


def questions(doc: Mapping[str, Any], k: Knowledge) -> list[str]:
    """The questions to ask, in the order of report_questions.yaml, at most its limit."""
    texts = load_report_questions()
    q = texts.questions
    out = [q["red_flags"]] if items_of(doc, "red_flags") else []
    step = doc.get("best_first_step")
    nutrients = {n["nutrient"]: n for n in items_of(doc, "nutrients")}
    if step:
        out.append(q["best_first_step"].format(step=step["text"]))
    for n in nutrients.values():
        first = step is not None and n["nutrient"] == step["nutrient"]
        if n.get("needs_clinician") and n["verdict"] in ("recommended", "consider") and not first:
            out.append(q["needs_clinician"].format(nutrient=_plain(k, n["nutrient"])))
    for wanted in items_of(doc, "tests_to_request"):
        if wanted.get("priority") == "essential":
            out.append(q["test"].format(test=_short_test(k, wanted["test"])))
    seen = set()
    for trigger in items_of(doc, "medication_triggers"):
        if trigger["medication"] not in seen:
            seen.add(trigger["medication"])
            out.append(q["trigger"].format(medication=trigger["medication"]))
    for lab in h.latest_lab_rows(doc, k):
        if lab.get("status") == "stale":
            out.append(q["stale"].format(test=_short_test(k, lab["test"]), date=lab.get("date")))
    return out[: texts.limit]


def _plain(k: Knowledge, nutrient: str) -> str:
    """A nutrient's name as it reads inside a sentence (vitamin B12, iron)."""
    found = k.nutrients.get(nutrient)
    return found.plain.split(" (")[0] if found else nutrient.replace("_", " ")


def _short_test(k: Knowledge, test: str) -> str:
    """A test's plain name without its explanation in brackets (ferritin, vitamin B12)."""
    found = k.tests.get(test)
    return found.plain.split(" (")[0] if found else test


def _charts(data: DiaryData, as_of: date, k: Knowledge) -> str:
    tests = chart_tests(data, None, k)
    chunks: list[Sequence[str]] = [
        tests[i : i + TESTS_PER_CHART] for i in range(0, len(tests), TESTS_PER_CHART)
    ] or [()]
    if not data.labs and not data.symptoms and not data.supplements:
        return h.section(
            "Trends", '<p class="none">The diary has no entries to chart.</p>', "charts"
        )
    figures = []
    for chunk in chunks:
        figure = build_figure(data, chunk or None, as_of=as_of, knowledge=k)
        svg = base64.b64encode(figure_bytes(figure, "svg")).decode("ascii")
        names = ", ".join(k.tests[t].name for t in chunk) or "Symptoms and supplements"
        figures.append(
            f'<figure class="chart"><img alt="Trend chart: {h.e(names)}" '
            f'src="data:image/svg+xml;base64,{svg}"></figure>'
        )
    return h.section("Trends", "".join(figures), "charts")


def _effects(data: DiaryData, as_of: date, k: Knowledge) -> str:
    windows = load_effect_windows()
    started = sorted({p.nutrient for p in data.supplements if p.nutrient in windows.windows})
    if not started:
        return ""
    rows = [_effect_row(effect(data, n, as_of, knowledge=k, windows=windows), k) for n in started]
    level = f"{windows.method.confidence * 100:g}%"
    intro = (
        f"Daily {windows.scores['nrs']} before and after each supplement was started, leaving "
        f"out the weeks it needs to act. Difference = after minus before, with a {level} "
        "moving-block bootstrap interval. A change over time does not prove that the supplement "
        "caused it."
    )
    headers = (
        "Supplement",
        "Started",
        "Days before / after",
        "Mean before / after",
        f"Difference ({level} interval)",
        "In plain words",
    )
    return h.section("Did it help?", h.table(headers, rows, "effects"), "effects", intro)


def _effect_row(result: EffectResult, k: Knowledge) -> Sequence[h.Cell]:
    def mean(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f}"

    before, after = result.before, result.after
    counts = f"{before.n} / {after.n}" if before and after else "–"
    means = f"{mean(before.mean)} / {mean(after.mean)}" if before and after else "–"
    if result.difference is not None and result.interval is not None:
        low, high = result.interval
        diff = f"{result.difference:+.1f} ({low:+.1f} to {high:+.1f})"
    else:
        diff = "no answer"
    start = result.start.isoformat() if result.start else "–"
    return (nutrient_name(k, result.nutrient), start, counts, means, diff, result.sentence)


def _supplement_log(data: DiaryData, k: Knowledge) -> str:
    periods = sorted(data.supplements, key=lambda p: (p.start, p.nutrient))
    if not periods:
        return h.section("Supplement log", '<p class="none">No supplements logged.</p>')
    rows = []
    for p in periods:
        days = f"{(p.end - p.start).days + 1}" if p.end else "ongoing"
        amount = f"{p.amount:g} {p.unit} a {p.per}"
        end = p.end.isoformat() if p.end else "still taking"
        rows.append((nutrient_name(k, p.nutrient), amount, p.start.isoformat(), end, days))
    return h.section(
        "Supplement log",
        h.table(("Supplement", "Amount", "From", "To", "Days"), rows, "supplements"),
    )
