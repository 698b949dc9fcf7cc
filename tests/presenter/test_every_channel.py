"""One rich assessment on every channel says the same words (issue 12, item 1): the terminal,
Markdown, the web page, the doctor's HTML report, its PDF (read back with pdftotext), the FHIR
narrative and the CDS cards take their verdict labels, doses and units, first step, section
titles and reference titles from `ekbom.presenter`. The web page and the PDF come from one
template (`ekbom.report`), summary first: the action card opens the page."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import ekbom
from ekbom import presenter as p
from ekbom.cli import render
from ekbom.interop import assessment_bundle
from ekbom.interop.cds.cards import assessment_cards
from ekbom.interop.codings import vocabulary
from ekbom.knowledge.loader import load_knowledge
from ekbom.profile import parse_profile
from ekbom.report import report_page, report_pdf
from ekbom.web import create_app
from ekbom.web.routes.pages import report_context
from tests.web.conftest import web_settings

# Every verdict (B6 above its limit is "avoid"), red flags (anaemia), a trigger (Zoloft),
# interactions (levothyroxine, omeprazole), an unrecognised medicine, current intake
# (magnesium, vitamin D) and doses in mcg (vitamin B12).
RICH: dict[str, Any] = {
    "as_of": "2026-11-28",
    "age": 52,
    "sex": "female",
    "postmenopausal": True,
    "labs": [
        {"test": "ferritin", "value": 30, "unit": "ng/mL", "date": "2026-10-01"},
        {"test": "tsat", "value": 15, "unit": "%", "date": "2026-10-01"},
        {"test": "hemoglobin", "value": 11, "unit": "g/dL"},
        {"test": "vitamin_b12", "value": 100, "unit": "pmol/L", "date": "2026-10-01"},
    ],
    "medications": ["Zoloft 50 mg", "Synthroid", "omeprazole", "foo_bar*baz"],
    "supplements": [
        {"nutrient": "magnesium", "amount": 100, "unit": "mg"},
        {"nutrient": "vitamin_d", "amount": 1000, "unit": "IU"},
        {"nutrient": "vitamin_b6", "amount": 200, "unit": "mg"},
    ],
    "symptoms": {"leg_cramps": True, "irls_score": 24},
    "lifestyle": {"caffeine_mg_per_day": 200},
}


def _plain(markup: str) -> str:
    """Text a reader sees: tags dropped, entities decoded, Markdown emphasis and runs of
    whitespace collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    text = re.sub(r"\\(.)", r"\1", text).replace("**", "").replace("*", "")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ([.,:;)])", r"\1", text)


@pytest.fixture(scope="module")
def channels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    kb = load_knowledge()
    assessment = ekbom.assess(RICH)
    doc = assessment.to_dict()
    app = create_app(web_settings(tmp_path_factory.mktemp("web")))
    page = app.state.templates.get_template("report.html").render(report_context(kb, doc))
    doctors = report_page(doc, kb)
    pdf = tmp_path_factory.mktemp("pdf") / "report.pdf"
    pdf.write_bytes(report_pdf(doc, kb))
    bundle = assessment_bundle(assessment, parse_profile(RICH))
    composition = bundle["entry"][0]["resource"]
    fhir = " ".join(f"{s['title']} {s['text']['div']}" for s in composition["section"])
    cards = " ".join(f"{c.summary} {c.detail}" for c in assessment_cards(assessment, vocabulary()))
    return {
        "text": _plain(render.plain_text(doc, kb, width=2000)),
        "markdown": _plain(render.to_markdown(doc, kb)),
        "web page": _plain(page),
        "doctor's report": _plain(doctors),
        "PDF": _plain(_pdf_text(pdf)),
        "FHIR narrative": _plain(fhir),
        "CDS cards": _plain(cards),
        "web page html": page,
    }


def _pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout.replace("\f", " ")


def _document() -> dict[str, Any]:
    return ekbom.assess(RICH).to_dict()


def test_the_rich_profile_reaches_every_verdict_and_section() -> None:
    doc = _document()
    assert {n["verdict"] for n in doc["nutrients"]} == set(load_knowledge().texts.verdicts)
    for key in ("red_flags", "medication_triggers", "interactions", "best_first_step"):
        assert doc[key], key
    assert any(n.get("current") for n in doc["nutrients"])
    assert any(n.get("dose", {}).get("unit") == "ug" for n in doc["nutrients"])


ALL_CHANNELS = ["text", "markdown", "web page", "doctor's report", "PDF", "FHIR narrative"]


@pytest.mark.parametrize("channel", ALL_CHANNELS)
def test_every_nutrient_has_the_same_name_label_and_dose(
    channels: dict[str, str], channel: str
) -> None:
    kb, words = load_knowledge(), channels[channel]
    for n in _document()["nutrients"]:
        name, label = p.nutrient_name(kb, n["nutrient"]), p.verdict_label(kb, n["verdict"])
        assert re.search(rf"{re.escape(name)} ?[—:] {re.escape(label)}", words), (name, label)
        for head, line in p.dose_lines(n):
            assert f"{head}: {line}" in words, (channel, head, line)


def test_cds_cards_use_the_same_label_and_dose(channels: dict[str, str]) -> None:
    kb, words = load_knowledge(), channels["CDS cards"]
    carded = [n for n in _document()["nutrients"] if n["verdict"] in ("recommended", "avoid")]
    assert carded
    for n in carded:
        name, label = p.nutrient_name(kb, n["nutrient"]), p.verdict_label(kb, n["verdict"])
        assert f"{name}: {label}" in words
        for head, line in p.dose_lines(n):
            assert f"{head}: {line}" in words


@pytest.mark.parametrize("channel", [*ALL_CHANNELS, "CDS cards"])
def test_doses_are_in_mcg_and_the_first_step_is_the_sentence(
    channels: dict[str, str], channel: str
) -> None:
    words = channels[channel]
    step = _document()["best_first_step"]
    assert step["text"] in words
    assert " mcg " in words
    assert not re.search(r"\d ug\b(?!/)", words)  # lab units such as ug/L stay as labs print them
    assert "Iron: test first" not in words


@pytest.mark.parametrize("channel", ALL_CHANNELS)
def test_section_titles_are_the_same(channels: dict[str, str], channel: str) -> None:
    words = channels[channel]
    for title in (
        p.RED_FLAGS_TITLE,
        p.FIRST_STEP_TITLE,
        p.TRIGGERS_TITLE,
        p.INTERACTIONS_TITLE,
        p.TESTS_TITLE,
    ):
        assert title in words, (channel, title)
    assert "See a doctor first" not in words


@pytest.mark.parametrize("channel", [*ALL_CHANNELS, "CDS cards"])
def test_references_carry_real_titles_not_keys(channels: dict[str, str], channel: str) -> None:
    doc, words = _document(), channels[channel]
    cited = {c for n in doc["nutrients"] for c in n["evidence"]["citations"]}
    if channel == "CDS cards":
        cards = {
            n["nutrient"] for n in doc["nutrients"] if n["verdict"] in ("recommended", "avoid")
        }
        cited = {
            c
            for n in doc["nutrients"]
            if n["nutrient"] in cards
            for c in n["evidence"]["citations"]
        }
    assert cited
    for cid in cited:
        title = str(doc["citations"][cid]["title"]).rstrip(".")
        # the terminal shortens long titles to fit a line; every title starts the same way
        assert _plain(title)[:60] in words, (channel, cid)
        assert f"[{cid}]" not in words and f" {cid}," not in words


def test_the_web_page_numbers_references_as_the_markdown_does(channels: dict[str, str]) -> None:
    doc, kb = _document(), load_knowledge()
    page = re.findall(r'<li id="ref-(\d+)">(.*?)</li>', channels["web page html"], re.S)
    markdown = re.findall(r"^(\d+)\. (.*)$", render.to_markdown(doc, kb), re.M)
    web_titles = [(n, _plain(text)) for n, text in page]
    md_titles = [(n, _plain(text)) for n, text in markdown]
    assert len(web_titles) == len(md_titles) == len(doc["citations"])
    for cite in doc["citations"].values():
        title = _plain(str(cite["title"]))[:60]
        in_web = [n for n, text in web_titles if title in text]
        in_md = [n for n, text in md_titles if title in text]
        assert in_web and in_web == in_md, title


def test_the_action_card_is_the_first_thing_in_main(channels: dict[str, str]) -> None:
    page = channels["web page html"]
    main = page[page.index('<main id="main">') + len('<main id="main">') :]
    card = re.match(
        r'\s*<article class="report">\s*<section class="action-card"[^>]*>(.*?)</section>',
        main,
        re.S,
    )
    assert card is not None, main[:300]
    step = _document()["best_first_step"]
    assert step["text"] in _plain(card.group(1)) and step["why"] in _plain(card.group(1))
    assert f"{p.WITH_WHOM_TITLE}:" in _plain(card.group(1))


def test_the_web_page_and_the_pdf_give_the_summary_in_the_same_order(
    channels: dict[str, str],
) -> None:
    """Action card, red flags, medicines that may worsen RLS, nutrients to avoid, tests, the
    nutrients worth acting on, then the one line of those not likely to help."""
    kb = load_knowledge()
    doc = _document()
    order = [
        doc["best_first_step"]["text"],
        p.RED_FLAGS_TITLE,
        p.TRIGGERS_TITLE,
        p.AVOID_TITLE,
        p.TESTS_TITLE,
        p.ACTING_TITLE,
        p.NOT_LIKELY_TITLE,
        p.REFERENCES_TITLE,
    ]
    names = ", ".join(
        p.nutrient_name(kb, n["nutrient"])
        for n in doc["nutrients"]
        if n["verdict"] == "not_indicated"
    )
    for channel in ("web page", "PDF"):
        words = channels[channel]
        found = [words.find(w) for w in order]
        assert -1 not in found and found == sorted(found), (channel, found)
        assert f"{p.NOT_LIKELY_TITLE} {names}" in words, channel


def test_the_web_page_and_the_pdf_say_the_same_words(channels: dict[str, str]) -> None:
    """Every line of the web report's words (labels, doses, foods, references) is in the PDF."""
    web = channels["web page html"]
    body = web[web.index('<article class="report">') : web.rindex("</article>")]

    def marks_joined(text: str) -> str:  # "[6] [24]" (one link each) and "[6][24]" read alike
        return re.sub(r"\] ?\[", "][", text)

    parts = re.split(r"<(?:li|p|h\d|summary)\b[^>]*>", body)
    pieces = [marks_joined(_plain(piece)).strip() for piece in parts]
    pdf = marks_joined(channels["PDF"])
    assert len(pieces) > 100
    missing = [piece for piece in pieces if piece and piece not in pdf]
    assert missing == []
