"""`render_report`: the PDF/HTML report for the doctor, read back as a person would read it."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import ekbom
from ekbom.diary_analysis import (
    AnalysisError,
    DiaryData,
    LabPoint,
    SupplementPeriod,
    SymptomDay,
    render_report,
)
from ekbom.diary_analysis.report import report_html

# WeasyPrint warns when the optional libharfbuzz-subset library is missing; the PDF is fine.
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

AS_OF = date(2026, 11, 28)
SUMMARY_ORDER = [  # summary first (issue 15.1): the action card, safety, tests, the diary's labs
    "Best first step",
    "Red flags",
    "Medicines that may worsen RLS",
    "Tests to ask for",
    "Latest labs",
    "Questions to ask",
]
ACTING = "Worth acting on"  # starts on page 1 when it fits, and runs on
LATER_ORDER = [
    "Not likely to help",
    "Trends",
    "Did it help?",
    "Supplement log",
    "References",
    "Disclaimer",
]


def diary() -> DiaryData:
    first = AS_OF - timedelta(days=200)
    symptoms = tuple(
        SymptomDay(
            first + timedelta(days=i), nrs=float(6 - (i > 120) * 2 + i % 2), cramps=i % 9 == 0
        )
        for i in range(200)
    )
    labs = (
        LabPoint("ferritin", 38, "ug/L", first + timedelta(days=5)),
        LabPoint("tsat", 16, "%", first + timedelta(days=5)),
        LabPoint("ferritin", 52, "ug/L", AS_OF - timedelta(days=10)),
        LabPoint("tsat", 18, "%", AS_OF - timedelta(days=10)),
    )
    iron = SupplementPeriod("iron", 65, "mg", "day", first + timedelta(days=60))
    profile = {"age": 58, "sex": "female", "postmenopausal": True, "medications": ["Zoloft 50 mg"]}
    return DiaryData(profile, labs, symptoms, (iron,))


def document(data: DiaryData, **extra: Any) -> dict[str, Any]:
    latest = {p.test: p for p in sorted(data.labs, key=lambda p: p.date)}
    profile = dict(data.profile) | {
        "labs": [
            {"test": p.test, "value": p.value, "unit": p.unit, "date": p.date.isoformat()}
            for p in latest.values()
        ],
        "symptoms": {"severity_nrs": 4, "leg_cramps": True},
    }
    return ekbom.assess(profile | extra, as_of=AS_OF).to_dict()


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = diary()
    out = tmp_path_factory.mktemp("report") / "report.pdf"
    return render_report(document(data), data, out)


@pytest.fixture(scope="module")
def html() -> str:
    data = diary()
    return report_html(document(data), data)


def page_count(path: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    # Without poppler: count the page objects, also those inside compressed object streams
    # (WeasyPrint packs them there).
    raw = path.read_bytes()
    parts = [raw]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?!s)", part)) for part in parts)


def test_report_pdf_starts_with_the_pdf_header(pdf: Path) -> None:
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_report_pdf_has_summary_page_and_more(pdf: Path) -> None:
    assert page_count(pdf) >= 2


def in_order(text: str, items: list[str]) -> list[int]:
    positions = [text.find(item) for item in items]
    assert -1 not in positions, [i for i, p in zip(items, positions, strict=True) if p == -1]
    return positions


def test_report_first_page_has_the_summary_in_order(pdf: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; the HTML tests check the order")
    page1 = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    positions = in_order(page1, SUMMARY_ORDER)
    assert positions == sorted(positions)
    assert "52 µg/L" in page1 and (AS_OF - timedelta(days=10)).isoformat() in page1
    assert "Zoloft 50 mg" in page1
    assert "Trends" not in page1 and "References" not in page1


def test_report_later_pages_hold_charts_log_reasons_and_citations(pdf: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    rest = subprocess.run(
        ["pdftotext", "-f", "2", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    positions = in_order(rest, LATER_ORDER)
    assert positions == sorted(positions)
    assert "still taking" in rest


def test_report_html_has_every_section_in_order(html: str) -> None:
    page = html
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page)
    expected = [*SUMMARY_ORDER, ACTING, *LATER_ORDER]
    first_seen = [e for h in headings for e in expected if h.startswith(e)]
    assert first_seen == expected
    assert page.count('src="data:image/svg+xml;base64,') >= 1
    assert "Red flags: none raised." in page
    assert page.index('class="action-card"') < page.index("<h2")


def test_report_html_shows_red_flags_right_under_the_first_step(tmp_path: Path) -> None:
    """The action card leads (with a red flag its step is to see the doctor); the red flags come
    next, before the medicines, the tests and the nutrients."""
    data = diary()
    doc = document(
        data,
        labs=[
            {"test": "tsat", "value": 50, "unit": "%"},
            {"test": "ferritin", "value": 400, "unit": "ug/L"},
        ],
    )
    out = render_report(doc, data, tmp_path / "report.html")
    page = out.read_text(encoding="utf-8")
    step, flags = page.index("Best first step"), page.index("Red flags: talk to a doctor soon")
    assert doc["best_first_step"]["action"] == "see_clinician"
    assert step < page.index(doc["best_first_step"]["text"]) < flags
    assert flags < page.index("Medicines that may worsen RLS") < page.index("Worth acting on")
    assert doc["red_flags"][0]["message"] in page
    questions = re.search(r'<ol class="questions"><li>(.*?)</li>', page)
    assert questions is not None and "warnings at the top" in questions.group(1)


def test_report_questions_name_the_best_step_and_the_medicine(html: str) -> None:
    questions = re.search(r'<ol class="questions">(.*?)</ol>', html)
    assert questions is not None
    asked = questions.group(1)
    assert "The first step ekbom suggests is: Ask your doctor about starting iron." in asked
    assert "Could Zoloft 50 mg make my restless legs worse?" in asked
    assert "Can we plan iron together" not in asked  # the best step is not asked twice


def test_report_escapes_what_people_typed() -> None:
    data = diary()
    data = data._replace(profile=dict(data.profile) | {"medications": ["<b>Zoloft</b> 50 mg"]})
    page = report_html(document(data), data)
    assert "<b>Zoloft</b>" not in page and "&lt;b&gt;Zoloft&lt;/b&gt;" in page


def test_report_rejects_other_suffixes(tmp_path: Path) -> None:
    data = diary()
    with pytest.raises(AnalysisError, match=r"\.pdf or \.html"):
        render_report(document(data), data, tmp_path / "report.docx")
