"""Citations say whether they were verified, the catalogue lists the unverified ones, and the
claims that cite them say no more than the sources do (issue 11, clinical review)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import ekbom
from ekbom.knowledge.catalogue import unverified_citations
from ekbom.knowledge.loader import DATA_DIR, load_knowledge
from ekbom.knowledge.models import CERTAINTIES
from tests.knowledge_copy import edit

ROOT = Path(__file__).resolve().parents[2]
RULES_MD = ROOT / "docs" / "rules.md"


def raw(relative: str) -> Any:
    return yaml.safe_load((DATA_DIR / relative).read_text(encoding="utf-8"))


def raw_citations() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = raw("citations.yaml")["citations"]
    return entries


# --- every citation says what was checked ------------------------------------------------------


def test_every_citation_says_whether_it_was_verified_and_what_was_seen() -> None:
    entries = raw_citations()
    assert len(entries) >= 60
    for entry in entries:
        assert isinstance(entry.get("verified"), bool), (
            f"{entry['id']}: verified must be true/false"
        )
        checked = entry.get("checked")
        assert isinstance(checked, str) and len(checked.split()) >= 5, entry["id"]
        assert entry.get("certainty") in CERTAINTIES, entry["id"]


def test_some_citations_are_marked_unverified_rather_than_all_passed() -> None:
    # An honest check finds gaps: labels and pages seen only through indexes, titles from memory.
    flags = {e["id"]: e["verified"] for e in raw_citations()}
    assert not flags["sagheb-2012"]
    assert not flags["wali-2019"]
    assert not flags["scf-mg-2001"]
    assert flags["li-2020"]
    assert flags["jadidi-2022"]


def test_catalogue_lists_exactly_the_unverified_citations_with_what_was_seen() -> None:
    text = RULES_MD.read_text(encoding="utf-8")
    section = text.split("### Citations not verified", 1)[1]
    listed = re.findall(r"^\| \[([a-z0-9.-]+)\]\(#cite-[a-z0-9-]+\) \| (.+) \|$", section, re.M)
    unverified = [e for e in raw_citations() if not e["verified"]]
    assert [cid for cid, _ in listed] == [e["id"] for e in unverified]
    for (_, seen), entry in zip(listed, unverified, strict=True):
        assert seen == entry["checked"].replace("|", "\\|")


def test_unverified_citations_keeps_file_order_and_only_false_entries() -> None:
    knowledge = load_knowledge()
    found = unverified_citations(knowledge.citations.values())
    assert [c.id for c in found] == [e["id"] for e in raw_citations() if not e["verified"]]
    assert all(not c.verified and c.checked for c in found)


# --- the loader enforces the fields ------------------------------------------------------------


@pytest.mark.usefixtures("private_parse_cache")
def test_a_citation_without_verified_is_reported_at_its_line(kb_copy: Path) -> None:
    text = (kb_copy / "citations.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: li-2020\n")
    block_end = text.index("\n\n", start)
    block = text[start:block_end]
    line = text.count("\n", 0, start) + 1
    edit(kb_copy, "citations.yaml", block, block.replace("    verified: true\n", ""))
    issues = ekbom.check_knowledge(kb_copy)
    found = [i for i in issues if i.path == "citations.yaml" and i.check == "missing-key"]
    assert len(found) == 1, issues
    assert found[0].line == line and "verified" in found[0].message


@pytest.mark.usefixtures("private_parse_cache")
def test_verified_must_be_true_or_false(kb_copy: Path) -> None:
    text = (kb_copy / "citations.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: moretti-2015\n")
    block = text[start : text.index("\n\n", start)]
    line = edit(kb_copy, "citations.yaml", block, block.replace("verified: true", "verified: yes?"))
    line += block.split("\n").index("    verified: true")
    issues = ekbom.check_knowledge(kb_copy)
    found = [i for i in issues if i.path == "citations.yaml" and i.check == "type"]
    assert len(found) == 1, issues
    assert found[0].line == line and "'verified' must be true or false" in found[0].message


@pytest.mark.usefixtures("private_parse_cache")
def test_an_unknown_certainty_is_reported(kb_copy: Path) -> None:
    text = (kb_copy / "citations.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: stoffel-2020\n")
    block = text[start : text.index("\n\n", start)]
    line = edit(
        kb_copy, "citations.yaml", block, block.replace("certainty: confirmed", "certainty: sure")
    )
    line += block.split("\n").index("    certainty: confirmed")
    issues = ekbom.check_knowledge(kb_copy)
    found = [i for i in issues if i.path == "citations.yaml" and i.check == "citation"]
    assert len(found) == 1, issues
    assert found[0].line == line and "'sure'" in found[0].message


# --- the sources behind the limits and gaps ----------------------------------------------------


def test_the_magnesium_limit_cites_the_scf_opinion_not_a_missing_efsa_one() -> None:
    knowledge = load_knowledge()
    assert "efsa-mg-2016" not in knowledge.citations
    assert "scf-mg-2001" in knowledge.nutrients["magnesium"].citations
    assert knowledge.citations["scf-mg-2001"].year == 2001


def test_the_label_ids_other_files_refer_to_exist() -> None:
    knowledge = load_knowledge()
    for cid in ("neurontin-label", "fosamax-label", "ferinject-smpc"):
        assert cid in knowledge.citations, cid
    assert "half an hour" in knowledge.citations["fosamax-label"].checked


def test_no_iv_iron_in_the_first_trimester_cites_the_product_information() -> None:
    knowledge = load_knowledge()
    modifier = next(m for m in knowledge.rules["iron"].modifiers if m.id == "iron.first-trimester")
    assert modifier.citations == ("ferinject-smpc",)
    assert "second and third trimester" in knowledge.citations["ferinject-smpc"].checked


# --- claims no stronger than their sources -----------------------------------------------------


def rule(rule_id: str) -> Any:
    knowledge = load_knowledge()
    return next(r for r in knowledge.all_rules() if r.id == rule_id)


def test_iron_for_restless_legs_may_help_never_is_likely_to_help() -> None:
    knowledge = load_knowledge()
    for r in knowledge.rules["iron"].rules:
        if r.verdict in ("recommended", "consider"):
            assert "likely to help" not in r.summary, r.id
    assert rule("iron.low-stores").summary.startswith("Iron may help")
    assert not any(" iron helps " in f" {text} " for text in rule("iron.low-stores").reasons)


def test_b6_text_says_b6_was_tried_on_its_own_not_with_magnesium() -> None:
    b3 = rule("vitamin_b6.with-magnesium")
    texts = " ".join([b3.summary, *b3.reasons]).lower()
    assert "together" not in texts
    assert "on its own" in texts
    assert "jadidi-2022" in b3.citations


def test_vitamin_c_with_iron_pills_is_optional_where_the_trial_is_cited() -> None:
    e3 = rule("vitamin_c.with-iron")
    assert "li-2020" in e3.citations
    assert "optional" in e3.summary
    assert not any("helps the gut take up iron" in text for text in e3.reasons)
    low_stores = rule("iron.low-stores")
    vitamin_c_cautions = [c for c in low_stores.cautions if "vitamin C" in c]
    assert vitamin_c_cautions and all("optional" in c for c in vitamin_c_cautions)
    timing = {s["nutrient"]: s for s in raw("timing.yaml")["supplements"]}
    for nutrient in ("iron", "vitamin_c"):
        assert "optional" in timing[nutrient]["why"], nutrient
        assert "li-2020" in timing[nutrient]["citations"], nutrient
    pill_advice = [
        a for a in raw("foods/advice.yaml")["advice"]["vitamin_c"] if "pill" in a["text"]
    ]
    assert pill_advice and all("optional" in a["text"] for a in pill_advice)


def test_vitamin_d_above_125_may_be_linked_to_harm() -> None:
    reasons = " ".join(rule("vitamin_d.excess").reasons)
    assert "may be linked to harm" in reasons
    assert "can cause harm" not in reasons
