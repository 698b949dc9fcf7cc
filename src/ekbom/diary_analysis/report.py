"""The report for the doctor: PDF (WeasyPrint) or HTML, from an assessment and the diary.

The page is the assessment's report (`ekbom.report`, the same templates as the web report page),
summary first: the best first step, red flags and medicines that may worsen RLS, the tests to ask
for; then the diary's parts worked out here: who the person is, the latest labs with units and
dates, the questions to ask, the trend charts (matplotlib, SVG), "did it help?" for each
supplement and the supplement log; then the nutrients, the other advice, the lab table, the
references and the disclaimer.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ekbom import report
from ekbom.diary_analysis.effect import EffectResult, effect
from ekbom.diary_analysis.private_file import open_private
from ekbom.diary_analysis.records import AnalysisError, DiaryData
from ekbom.diary_analysis.trend import build_figure, chart_tests, display_unit, figure_bytes
from ekbom.knowledge.diary_knowledge import load_effect_windows, load_report_questions
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.models import Knowledge
from ekbom.presenter import (
    EFFECTS_TITLE,
    LATEST_LAB_COLUMNS,
    LATEST_LABS_TITLE,
    LOG_COLUMNS,
    LOG_TITLE,
    NO_CHART_ENTRIES,
    NO_SUPPLEMENTS,
    STALE,
    items_of,
    lab_cells,
    nutrient_name,
)

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
    if suffix == ".pdf":
        content = report_pdf(document, data, knowledge=knowledge)
    else:
        content = report_html(document, data, knowledge=knowledge).encode("utf-8")
    with open_private(path) as handle:
        handle.write(content)
    return path


def report_html(
    document: Mapping[str, Any], data: DiaryData, *, knowledge: Knowledge | None = None
) -> str:
    """The whole report as one self-contained HTML page (charts embedded as data URIs)."""
    k = knowledge or load_knowledge()
    return report.report_page(document, k, diary_parts(document, data, k))


def report_pdf(
    document: Mapping[str, Any], data: DiaryData, *, knowledge: Knowledge | None = None
) -> bytes:
    """The report as PDF bytes: the same page, rendered by WeasyPrint."""
    k = knowledge or load_knowledge()
    return report.report_pdf(document, k, diary_parts(document, data, k))


def diary_parts(document: Mapping[str, Any], data: DiaryData, k: Knowledge) -> report.DiaryParts:
    """The doctor's parts of the report: who, the latest labs, questions, charts, "did it
    help?" and the supplement log."""
    as_of = date.fromisoformat(str(document["as_of"]))
    has_entries = bool(data.labs or data.symptoms or data.supplements)
    return report.DiaryParts(
        person=_person(data.profile, k),
        symptoms=_symptoms_now(document),
        latest_labs=_latest_labs(document, k),
        questions=questions(document, k),
        charts=_charts(data, as_of, k) if has_entries else (),
        charts_note=NO_CHART_ENTRIES,
        effects=_effects(data, as_of, k),
        supplement_log=_supplement_log(data, k),
        no_supplements=NO_SUPPLEMENTS,
    )


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
    for lab in latest_lab_rows(doc, k):
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


def latest_lab_rows(doc: Mapping[str, Any], k: Knowledge) -> list[Mapping[str, Any]]:
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


def _latest_labs(doc: Mapping[str, Any], k: Knowledge) -> report.Table | None:
    rows = []
    for lab in latest_lab_rows(doc, k):
        name, result, day, status, _ = lab_cells(k, lab)
        rows.append((name, display_unit(result), f"{day} ({STALE})" if status == "stale" else day))
    if not rows:
        return None
    return report.Table(LATEST_LABS_TITLE, LATEST_LAB_COLUMNS, rows, css="latest-labs")


def _charts(data: DiaryData, as_of: date, k: Knowledge) -> list[tuple[str, str]]:
    """(alt text, data URI) of each trend chart, TESTS_PER_CHART tests to a chart."""
    tests = chart_tests(data, None, k)
    chunks: list[Sequence[str]] = [
        tests[i : i + TESTS_PER_CHART] for i in range(0, len(tests), TESTS_PER_CHART)
    ] or [()]
    figures = []
    for chunk in chunks:
        figure = build_figure(data, chunk or None, as_of=as_of, knowledge=k)
        svg = base64.b64encode(figure_bytes(figure, "svg")).decode("ascii")
        names = ", ".join(k.tests[t].name for t in chunk) or "Symptoms and supplements"
        figures.append((f"Trend chart: {names}", f"data:image/svg+xml;base64,{svg}"))
    return figures


def _effects(data: DiaryData, as_of: date, k: Knowledge) -> report.Table | None:
    windows = load_effect_windows()
    started = sorted({p.nutrient for p in data.supplements if p.nutrient in windows.windows})
    if not started:
        return None
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
    return report.Table(EFFECTS_TITLE, headers, rows, intro=intro, css="effects")


def _effect_row(result: EffectResult, k: Knowledge) -> Sequence[str]:
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


def _supplement_log(data: DiaryData, k: Knowledge) -> report.Table | None:
    periods = sorted(data.supplements, key=lambda p: (p.start, p.nutrient))
    if not periods:
        return None
    rows = []
    for p in periods:
        days = f"{(p.end - p.start).days + 1}" if p.end else "ongoing"
        amount = f"{p.amount:g} {p.unit} a {p.per}"
        end = p.end.isoformat() if p.end else "still taking"
        rows.append((nutrient_name(k, p.nutrient), amount, p.start.isoformat(), end, days))
    return report.Table(LOG_TITLE, LOG_COLUMNS, rows, css="supplements")
