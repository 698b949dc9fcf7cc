"""The web offers the report as PDF (issue 12 item 1, issue 15 item 4): the doctor's report opens
in the browser (the PDF's template, with "Print / Save as PDF") and downloads as the very PDF that
`ekbom report --out report.pdf` writes; the questionnaire's report downloads as PDF too."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from ekbom.cli import main
from ekbom.interop.cds.app import serve_in_thread
from ekbom.web import create_app
from tests.web.conftest import csrf, web_settings
from tests.web.test_accounts import new_email, register

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

TODAY = date.today()
DAYS = [TODAY - timedelta(days=n) for n in (40, 20, 10, 5, 1)]
BASICS = {"age": "58", "sex": "female", "medication_0": "Zoloft 50 mg"}
LABS = [
    {"date": DAYS[0].isoformat(), "test": "ferritin", "value": "38", "unit": "ng/mL"},
    {"date": DAYS[0].isoformat(), "test": "tsat", "value": "16", "unit": "%"},
]
SUPPLEMENT = {"from": DAYS[1].isoformat(), "nutrient": "iron", "amount": "65", "unit": "mg"}
SYMPTOMS = [{"date": d.isoformat(), "severity_nrs": str(7 - i)} for i, d in enumerate(DAYS)]


def _pdf_text(pdf: bytes, folder: Path, name: str) -> list[str]:
    """The PDF's lines as pdftotext reads them, without blank lines."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = folder / name
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return [line for line in done.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The web app and the command line on one database: the URL and the folder."""
    folder = tmp_path_factory.mktemp("shared")
    with serve_in_thread(create_app(web_settings(folder))) as url:
        yield url, folder


@pytest.fixture
def client(shared: tuple[str, Path]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=shared[0], timeout=60) as http:
        http.get("/")
        register(http, new_email())
        yield http


def _fill_on_the_web(client: httpx.Client) -> None:
    token = csrf(client)
    assert client.post("/diary/basics", data={"csrf_token": token, **BASICS}).status_code == 303
    for kind, forms in (("lab", LABS), ("supplement", [SUPPLEMENT]), ("symptoms", SYMPTOMS)):
        for form in forms:
            saved = client.post(f"/diary/{kind}", data={"csrf_token": token, **form})
            assert saved.status_code == 303, saved.text


def _cli_diary(folder: Path) -> dict[str, Any]:
    entries: list[dict[str, Any]] = [{"kind": "lab", **lab} for lab in LABS]
    entries += [{"kind": "supplement", **SUPPLEMENT}]
    entries += [{"kind": "symptoms", **s} for s in SYMPTOMS]
    for entry in entries:
        for key in ("value", "amount", "severity_nrs"):
            if key in entry:
                entry[key] = float(entry[key]) if "." in entry[key] else int(entry[key])
    basics = {"age": 58, "sex": "female", "medications": ["Zoloft 50 mg"]}
    return {"format": "ekbom.diary/1", "basics": basics, "entries": entries}


def test_the_web_pdf_is_the_pdf_the_command_line_writes(
    client: httpx.Client, shared: tuple[str, Path]
) -> None:
    folder = shared[1]
    _fill_on_the_web(client)
    response = client.get("/diary/report.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="ekbom-report-{TODAY.isoformat()}.pdf"'
    assert response.content[:5] == b"%PDF-"

    # the command line's own diary (owner 0) in the same database, with the same entries
    db = "sqlite:///" + str(folder / "diary.db")
    source = folder / "diary.json"
    source.write_text(json.dumps(_cli_diary(folder)), "utf-8")
    main(["import", str(source), "--db", db])
    out = folder / "cli.pdf"
    main(["report", "--out", str(out), "--as-of", TODAY.isoformat(), "--db", db])

    web = _pdf_text(response.content, folder, "web.pdf")
    cli = _pdf_text(out.read_bytes(), folder, "cli-read.pdf")
    assert len(web) > 100
    assert web == cli
    words = " ".join(web)
    assert "Zoloft 50 mg" in words and "Did it help?" in words and "Supplement log" in words


def test_the_doctors_report_opens_in_the_browser(client: httpx.Client) -> None:
    _fill_on_the_web(client)
    page = client.get("/diary/report.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "content-disposition" not in page.headers
    html = page.text
    main_part = html[html.index('<main id="main">') :]
    assert re.match(
        r'<main id="main">\s*<article class="report for-doctor">\s*<section class="action-card"',
        main_part,
    )
    # "Print / Save as PDF" is a link to the PDF (report.js turns it into window.print())
    assert re.search(
        r'<a class="button" href="/diary/report.pdf" data-print-link>Print / Save as PDF</a>', html
    )
    assert '<script src="/static/report.js" defer></script>' in html
    assert "data:image/svg+xml;base64," in html and "Did it help?" in html
    assert client.get("/static/report.js").status_code == 200


def test_the_diary_page_links_the_report_page_and_the_pdf(client: httpx.Client) -> None:
    _fill_on_the_web(client)
    page = client.get("/diary").text
    assert 'href="/diary/report.html"' in page and 'href="/diary/report.pdf"' in page


def test_the_questionnaire_report_downloads_as_pdf(
    client: httpx.Client, shared: tuple[str, Path]
) -> None:
    form = {
        "csrf_token": csrf(client),
        "age": "52",
        "sex": "female",
        "lab_ferritin_value": "30",
        "lab_ferritin_unit": "ng/mL",
        "medication_0": "Zoloft 50 mg",
        "conditions": ["ckd", "inflammatory_disease"],
    }
    page = client.post("/report", data=form)
    assert page.status_code == 200
    html = page.text
    # the page carries the answers (each condition as its own field) to the PDF form
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    assert ("age", "52") in hidden and ("medication_0", "Zoloft 50 mg") in hidden
    assert [v for k, v in hidden if k == "conditions"] == ["ckd", "inflammatory_disease"]
    fields: dict[str, list[str]] = {}
    for key, value in hidden:
        fields.setdefault(key, []).append(value)
    pdf = client.post("/report.pdf", data=fields)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="ekbom-report-\d{4}-\d{2}-\d{2}\.pdf"',
        pdf.headers["content-disposition"],
    )
    words = " ".join(_pdf_text(pdf.content, shared[1], "questionnaire.pdf"))
    step = re.search(r'<p class="step"><strong>(.*?)</strong></p>', html)
    assert step is not None and step.group(1) in words
    assert "Zoloft 50 mg" in words and "Did it help?" not in words
    cards = re.findall(
        r'<h3>([^<]*?) — <span class="chip [^"]*"><span class="verdict">(.*?)</span>', html
    )
    assert len(cards) >= 5
    for name, label in cards:
        assert f"{name} — {label}" in words


def test_the_questionnaire_pdf_with_a_bad_answer_shows_the_form_again(client: httpx.Client) -> None:
    response = client.post("/report.pdf", data={"csrf_token": csrf(client), "age": "fifty"})
    assert response.status_code == 422 and 'id="age-error"' in response.text


def test_the_doctors_pdf_needs_age_and_sex(client: httpx.Client) -> None:
    response = client.get("/diary/report.pdf")
    assert response.status_code == 422
    assert "About you" in response.text
