"""One rich assessment on every channel says the same words (issue 12, item 1): the terminal,
Markdown, the web page, the doctor's HTML report, the FHIR narrative and the CDS cards take
their verdict labels, doses and units, first step, section titles and reference titles from
`ekbom.presenter`."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

import ekbom
from ekbom import presenter as p
from ekbom.cli import render
from ekbom.diary_analysis import report_html as doctor
from ekbom.interop import assessment_bundle
from ekbom.interop.cds.cards import assessment_cards
from ekbom.interop.codings import vocabulary
from ekbom.knowledge.loader import load_knowledge
from ekbom.profile import parse_profile
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
    refs = p.CitationNumbers()
    app = create_app(web_settings(tmp_path_factory.mktemp("web")))
    page = app.state.templates.get_template("report.html").render(report_context(kb, doc))
    doctors = "".join(
        (
            doctor.red_flags(doc, refs),
            doctor.best_first_step(doc, kb, refs),
            doctor.nutrient_details(doc, kb, refs),
            doctor.other_sections(doc, kb, refs),
            doctor.all_labs(doc, kb),
            doctor.references(doc, refs),
        )
    )
    bundle = assessment_bundle(assessment, parse_profile(RICH))
    composition = bundle["entry"][0]["resource"]
    fhir = " ".join(f"{s['title']} {s['text']['div']}" for s in composition["section"])
    cards = " ".join(f"{c.summary} {c.detail}" for c in assessment_cards(assessment, vocabulary()))
    return {
        "text": _plain(render.plain_text(doc, kb, width=2000)),
        "markdown": _plain(render.to_markdown(doc, kb)),
        "web page": _plain(page),
        "doctor's report": _plain(doctors),
        "FHIR narrative": _plain(fhir),
        "CDS cards": _plain(cards),
        "web page html": page,
    }


def _document() -> dict[str, Any]:
    return ekbom.assess(RICH).to_dict()


def test_the_rich_profile_reaches_every_verdict_and_section() -> None:
    doc = _document()
    assert {n["verdict"] for n in doc["nutrients"]} == set(load_knowledge().texts.verdicts)
    for key in ("red_flags", "medication_triggers", "interactions", "best_first_step"):
        assert doc[key], key
    assert any(n.get("current") for n in doc["nutrients"])
    assert any(n.get("dose", {}).get("unit") == "ug" for n in doc["nutrients"])


ALL_CHANNELS = ["text", "markdown", "web page", "doctor's report", "FHIR narrative"]


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
