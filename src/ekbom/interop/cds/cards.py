"""CDS Hooks cards from an assessment: one per nutrient whose verdict is recommended, avoid or
test_first, and one per red flag (patient-view), with Markdown details a clinician can act on."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

from ekbom import presenter as p
from ekbom.engine.assessment import Assessment, NutrientResult
from ekbom.interop.cds.models import Card, Indicator, Source
from ekbom.interop.codings import Vocabulary
from ekbom.knowledge.models import Knowledge, TestRequest

CARD_VERDICTS = ("recommended", "avoid", "test_first")
SUMMARY_MAX = 139


def source(vocab: Vocabulary) -> Source:
    return Source(label=vocab.codes.source["label"], url=vocab.codes.source["url"])


def shorten(text: str, limit: int = SUMMARY_MAX) -> str:
    """`text` cut at a word boundary with an ellipsis so it fits in `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"


def indicator_for(verdict: str) -> Indicator:
    return "warning" if verdict == "avoid" else "info"


def assessment_cards(assessment: Assessment, vocab: Vocabulary) -> list[Card]:
    """The best first step first, then red-flag cards (critical), then one card per nutrient
    with a card verdict."""
    cards = [first_step_card(assessment, vocab)] if assessment.best_first_step else []
    cards += [red_flag_card(flag, assessment, vocab) for flag in assessment.red_flags]
    for result in assessment.nutrients:
        if result.verdict in CARD_VERDICTS:
            cards.append(nutrient_card(result, assessment, vocab))
    return cards


def nutrient_card(
    result: NutrientResult,
    assessment: Assessment,
    vocab: Vocabulary,
    *,
    summary: str | None = None,
    indicator: Indicator | None = None,
    extra: dict[str, Any] | None = None,
    lead: list[str] | None = None,
) -> Card:
    """The card for one nutrient's verdict (the order check passes its own summary and lead)."""
    kb = vocab.kb
    rule = rule_index(kb)[result.rule_ids[0]]
    label = p.verdict_label(kb, result.verdict)
    name = p.nutrient_name(kb, result.nutrient)
    extension = {
        "nutrient": result.nutrient,
        "verdict": result.verdict,
        "rule_ids": list(result.rule_ids),
        **(extra or {}),
    }
    return Card(
        uuid=str(uuid.uuid4()),
        summary=shorten(summary or f"{name}: {label} — {rule.title}"),
        detail=nutrient_detail(result, assessment, kb, lead or []),
        indicator=indicator or indicator_for(result.verdict),
        source=source(vocab),
        extension={"ekbom": extension},
    )


def first_step_card(assessment: Assessment, vocab: Vocabulary) -> Card:
    """The best first step (spec §3.10) in the patient's words, with the reason under it."""
    step = assessment.best_first_step
    assert step is not None
    urgent = step["action"] in ("stop", "see_clinician")
    title = p.label(vocab.kb, "first_step_title")
    detail = [f"**{title}:** {step['text']}", "", step.get("why") or ""]
    return Card(
        uuid=str(uuid.uuid4()),
        summary=shorten(f"{title}: {step['text']}"),
        detail="\n".join(detail).strip(),
        indicator="warning" if urgent else "info",
        source=source(vocab),
        extension={"ekbom": {"best_first_step": dict(step)}},
    )


def red_flag_card(flag: dict[str, Any], assessment: Assessment, vocab: Vocabulary) -> Card:
    kb = vocab.kb
    title = f"{p.label(kb, 'red_flag')}: {vocab.codes.red_flag_titles[flag['id']]}"
    detail = [f"**{title}**", "", flag["message"], "", f"**{p.label(kb, 'references_title')}**"]
    detail += citation_lines(flag["citations"], assessment)
    return Card(
        uuid=str(uuid.uuid4()),
        summary=shorten(title),
        detail="\n".join(detail),
        indicator="critical",
        source=source(vocab),
        extension={"ekbom": {"red_flag": flag["id"]}},
    )


def nutrient_detail(
    result: NutrientResult, assessment: Assessment, kb: Knowledge, lead: list[str]
) -> str:
    """Markdown: verdict and rules, the patient summary, reasons, dose, cautions, tests, sources."""
    label = p.verdict_label(kb, result.verdict)
    rules = ", ".join(f"`{rule_id}`" for rule_id in result.rule_ids)
    clinician = f" · {p.label(kb, 'needs_clinician').lower()}" if result.needs_clinician else ""
    head = f"**{label}**{clinician}"
    lines = [*lead, f"{head} · rule {rules}", "", result.summary, ""]
    lines += _bullets(p.label(kb, "why_title"), list(result.reasons))
    for head, text in p.dose_lines(result.to_dict(), kb):
        lines += [f"**{head}:** {text}", ""]
    lines += _bullets(p.label(kb, "cautions_title"), list(result.cautions))
    tests = [_test_line(kb, t) for t in _tests(result, kb)]
    lines += _bullets(p.label(kb, "tests_title"), tests)
    lines.append(f"**{p.evidence_text(result.to_dict(), kb)}**")
    lines += citation_lines(result.citations, assessment)
    return "\n".join(lines).strip()


def _bullets(title: str, items: list[str]) -> list[str]:
    return [f"**{title}**", *(f"- {item}" for item in items), ""] if items else []


def _test_line(kb: Knowledge, test: TestRequest) -> str:
    item = p.test_item(kb, {"test": test.test, "priority": test.priority, "why": test.why})
    return f"{item.head}: {item.text}"


def _tests(result: NutrientResult, kb: Knowledge) -> list[TestRequest]:
    index = rule_index(kb)
    found: list[TestRequest] = []
    for rule_id in result.rule_ids:
        found.extend(t for t in index[rule_id].tests if t not in found)
    return found


def citation_lines(ids: Any, assessment: Assessment) -> list[str]:
    """A numbered Markdown list of citations with a link (DOI, PubMed or the page)."""
    lines = []
    for number, cid in enumerate(ids, start=1):
        citation = assessment.citations[cid]
        lines.append(f"{number}. {p.reference_text(citation, cid)}{_link(citation)}")
    return lines


def _link(citation: dict[str, Any]) -> str:
    if citation.get("doi"):
        return f" https://doi.org/{citation['doi']}"
    if citation.get("pmid"):
        return f" https://pubmed.ncbi.nlm.nih.gov/{citation['pmid']}/"
    return f" {citation['url']}" if citation.get("url") else ""


@cache
def rule_index(kb: Knowledge) -> dict[str, Any]:
    """Rules and modifiers by id (built once per knowledge base)."""
    index: dict[str, Any] = {rule.id: rule for rule in kb.all_rules()}
    for group in kb.rules.values():
        index.update({modifier.id: modifier for modifier in group.modifiers})
    return index
