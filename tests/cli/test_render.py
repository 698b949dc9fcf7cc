"""The Markdown and terminal renderings of an assessment (ekbom.cli.render)."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

import ekbom
from ekbom.cli import render

AS_OF = "2026-11-28"

# Red flags (anaemia, iron deficiency anaemia), a trigger, a levothyroxine interaction,
# an unrecognised medicine, habits, severity and labs.
ANAEMIC = {
    "age": 52,
    "sex": "female",
    "postmenopausal": True,
    "labs": [
        {"test": "ferritin", "value": 30, "unit": "ng/mL", "date": "2026-10-01"},
        {"test": "tsat", "value": 15, "unit": "%", "date": "2026-10-01"},
        {"test": "hemoglobin", "value": 11, "unit": "g/dL"},
    ],
    "medications": ["Zoloft 50 mg", "Synthroid", "foo_bar*baz"],
    "symptoms": {"leg_cramps": True, "irls_score": 24},
    "lifestyle": {"caffeine_mg_per_day": 200},
}
# B12 below 148 (a 1000 ug dose), a stale ferritin, a derived TSAT, criteria answered.
PREGNANT = {
    "age": 30,
    "sex": "female",
    "pregnant": True,
    "labs": [
        {"test": "ferritin", "value": 500, "unit": "ng/mL", "date": "2024-10-01"},
        {"test": "ferritin", "value": 20, "unit": "ng/mL", "date": "2026-10-01"},
        {"test": "serum_iron", "value": 40, "unit": "ug/dL", "date": "2026-10-01"},
        {"test": "tibc", "value": 400, "unit": "ug/dL", "date": "2026-10-01"},
        {"test": "vitamin_b12", "value": 100, "unit": "pmol/L"},
    ],
    "medications": ["warfarin", "omeprazole", "Benadryl"],
    "symptoms": {
        "severity_nrs": 9,
        "nights_per_week": 5,
        "rls_criteria": {
            "urge_to_move": True,
            "worse_at_rest": True,
            "relieved_by_movement": True,
            "worse_in_evening": True,
            "not_explained_by_other_condition": False,
        },
    },
}
QUIET = {"age": 40, "sex": "male", "lifestyle": {"exercise_minutes_per_week": 200}}
PROFILES = [ANAEMIC, PREGNANT, QUIET]


@pytest.fixture(scope="module")
def knowledge() -> Any:
    return ekbom.load_knowledge()


def assess(profile: dict[str, Any]) -> dict[str, Any]:
    document: dict[str, Any] = ekbom.assess(profile, as_of=AS_OF).to_dict()
    return document


def text_of(doc: dict[str, Any], knowledge: Any, **options: Any) -> str:
    out = io.StringIO()
    settings: dict[str, Any] = {"width": 80, "color_system": None, **options}
    render.print_text(doc, knowledge, Console(file=out, **settings))
    return out.getvalue()


def cited_ids(doc: dict[str, Any]) -> list[str]:
    ids = [c for n in doc["nutrients"] for c in n["evidence"]["citations"]]
    ids += [c for n in doc["nutrients"] for a in n.get("food_advice", []) for c in a["citations"]]
    for key in ("red_flags", "medication_triggers", "interactions", "lifestyle"):
        ids += [c for entry in doc[key] for c in entry.get("citations", [])]
    return ids


def references(markdown: str) -> dict[int, str]:
    """Number -> line of the References list."""
    section = markdown.split("## References\n", 1)[1].split("\n\n", 1)[0]
    found = (re.match(r"(\d+)\. (.*)", line) for line in section.splitlines())
    return {int(m[1]): m[2] for m in found if m}


def markers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", text)]


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_red_flags_come_before_best_step_and_first_nutrient(knowledge: Any) -> None:
    doc = assess(ANAEMIC)
    assert doc["red_flags"]
    md = render.to_markdown(doc, knowledge)
    flags = md.index("## Red flags")
    assert flags < md.index("## Best first step") < md.index("### Iron — Recommended")
    for flag in doc["red_flags"]:
        assert 0 < md.index(flag["message"]) < md.index("## Best first step")


def test_markdown_lists_every_nutrient_in_order_with_its_verdict_label(knowledge: Any) -> None:
    doc = assess(ANAEMIC)
    md = render.to_markdown(doc, knowledge)
    positions = []
    for entry in doc["nutrients"]:
        name = knowledge.nutrients[entry["nutrient"]].name
        label = knowledge.texts.verdicts[entry["verdict"]]
        positions.append(md.index(f"\n### {name} — {label}\n"))
    assert positions == sorted(positions) and len(positions) == 8
    # the labels the spec's rules give this profile, written out independently
    for heading in (
        "### Iron — Recommended",
        "### Magnesium — Worth considering",
        "### Vitamin D — Test first",
        "### Vitamin E — Not needed",
    ):
        assert heading in md


def test_markdown_every_cited_id_is_a_reference_with_its_doi_and_pmid(knowledge: Any) -> None:
    for profile in PROFILES:
        doc = assess(profile)
        refs = references(render.to_markdown(doc, knowledge))
        for cid in set(cited_ids(doc)):
            cite = doc["citations"][cid]
            lines = [line for line in refs.values() if cite["title"] in line]
            assert len(lines) == 1, cid
            if cite["doi"]:
                assert f"(https://doi.org/{cite['doi']})" in lines[0]
            if cite["pmid"]:
                assert f"(https://pubmed.ncbi.nlm.nih.gov/{cite['pmid']}/)" in lines[0]
            if not cite["doi"]:
                assert "doi.org" not in lines[0]


def test_markdown_markers_are_numbered_in_first_cited_order(knowledge: Any) -> None:
    doc = assess(PREGNANT)
    md = render.to_markdown(doc, knowledge)
    body = md.split("## References")[0]
    first_seen = list(dict.fromkeys(markers(body)))
    assert first_seen == list(range(1, len(first_seen) + 1))
    assert sorted(references(md)) == list(range(1, len(set(cited_ids(doc))) + 1))


def test_markdown_nutrient_markers_point_at_its_citations(knowledge: Any) -> None:
    doc = assess(ANAEMIC)
    md = render.to_markdown(doc, knowledge)
    refs = references(md)
    iron = doc["nutrients"][0]
    section = md.split("### Iron — Recommended")[1].split("\n### ")[0]
    evidence = next(line for line in section.splitlines() if line.startswith("*Evidence"))
    titles = {doc["citations"][c]["title"] for c in iron["evidence"]["citations"]}
    pointed = {t for n in markers(evidence) for t in titles if t in refs[n]}
    assert pointed == titles and len(markers(evidence)) == len(titles)


def test_markdown_without_red_flags_has_no_red_flag_section(knowledge: Any) -> None:
    doc = assess(QUIET)
    assert doc["red_flags"] == []
    md = render.to_markdown(doc, knowledge)
    assert "Red flags" not in md
    assert md.startswith("# ") and md.index("## Vitamins and minerals") > 0
    assert "Red flags" not in text_of(doc, knowledge)


def test_markdown_skips_empty_sections(knowledge: Any) -> None:
    doc = assess(QUIET)
    md = render.to_markdown(doc, knowledge)
    for title in (
        "Medicines that may worsen RLS",
        "Unrecognised medicines",
        "Supplement–medicine interactions",
        "Lab results",
        "Symptom severity",
    ):
        assert f"## {title}" not in md
    assert "## Daily habits" in md  # sleep_routine is always advised


def test_markdown_shows_mcg_for_ug_doses(knowledge: Any) -> None:
    doc = assess(PREGNANT)
    b12 = next(n for n in doc["nutrients"] if n["nutrient"] == "vitamin_b12")
    assert b12["dose"]["unit"] == "ug" and b12["dose"]["self_directed"] is False
    md = render.to_markdown(doc, knowledge)
    assert "**Dose:** 1000 mcg cyanocobalamin or methylcobalamin a day" in md
    assert "clinician-led" in md and "1000 ug" not in md
    assert "1000 mcg" in text_of(doc, knowledge)


def test_markdown_dose_line_names_who_directs_it(knowledge: Any) -> None:
    md = render.to_markdown(assess(ANAEMIC), knowledge)
    assert (
        "**Dose:** 65 mg elemental iron a day, once daily or every other day — clinician-led" in md
    )
    assert "**Dose:** 200 mg elemental magnesium a day, in the evening — self-directed" in md


def test_markdown_lab_table_marks_stale_derived_and_undated(knowledge: Any) -> None:
    md = render.to_markdown(assess(PREGNANT), knowledge)
    table = md.split("## Lab results\n\n")[1].split("\n\n")[0].splitlines()
    assert all(row.count("|") == 6 for row in table)
    assert "| Ferritin (iron stores) | 500 ng/mL | 2024-10-01 | stale | no |" in table
    assert "| Ferritin (iron stores) | 20 ng/mL | 2026-10-01 | current | yes |" in table
    assert "| Vitamin B12 (blood level) | 100 pmol/L | undated | current | yes |" in table
    assert any(r.startswith("| Transferrin saturation (TSAT) | 10% (derived) |") for r in table)


def test_markdown_list_sections_in_order_and_disclaimer_last(knowledge: Any) -> None:
    doc = assess(ANAEMIC)
    md = render.to_markdown(doc, knowledge)
    titles = [
        "### Vitamin E",
        "## Tests to ask for",
        "## Medicines that may worsen RLS",
        "## Unrecognised medicines",
        "## Supplement–medicine interactions",
        "## Daily habits",
        "## Symptom severity",
        "## Lab results",
        "## References",
    ]
    positions = [md.index(t) for t in titles]
    assert positions == sorted(positions)
    assert md.rstrip().endswith(f"*{doc['disclaimer']}*")
    assert "decision support, not a diagnosis" in md.splitlines()[2].lower()
    assert doc["as_of"] in md.splitlines()[0] and doc["knowledge_version"] in md.splitlines()[2]


def test_markdown_medicines_interactions_and_severity_content(knowledge: Any) -> None:
    md = render.to_markdown(assess(ANAEMIC), knowledge)
    assert "- **Zoloft 50 mg**: sertraline — serotonergic antidepressant" in md
    assert "- **Iron + levothyroxine**: Absorption; keep 4 hours apart." in md
    assert "- **Vitamin D (25-OH vitamin D) — Useful**:" in md
    assert "- **IRLS score**: 24 of 40 (severe)" in md
    assert "not checked" in md and "foo\\_bar\\*baz" in md  # user text is escaped
    pregnant = render.to_markdown(assess(PREGNANT), knowledge)
    assert "- **Iron + omeprazole**: Absorption. " in pregnant  # separate_hours is null
    assert "- **Severity rating**: 9 of 10" in pregnant
    assert "- **RLS diagnostic criteria**: at least one answered no" in pregnant


def test_renderers_do_not_change_the_document(knowledge: Any) -> None:
    doc = assess(PREGNANT)
    before = copy.deepcopy(doc)
    render.to_markdown(doc, knowledge)
    text_of(doc, knowledge)
    assert doc == before


# --- terminal --------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES, ids=["anaemic", "pregnant", "quiet"])
def test_text_fits_80_columns_and_ends_with_the_disclaimer(
    knowledge: Any, profile: dict[str, Any]
) -> None:
    doc = assess(profile)
    out = text_of(doc, knowledge)
    assert max(len(line) for line in out.splitlines()) <= 80
    flat = " ".join(out.split())
    assert flat.endswith(doc["disclaimer"])
    for entry in doc["nutrients"]:
        name = knowledge.nutrients[entry["nutrient"]].name
        assert f"{name} — {knowledge.texts.verdicts[entry['verdict']]}" in out


@pytest.mark.parametrize("profile", PROFILES, ids=["anaemic", "pregnant", "quiet"])
def test_text_shows_every_patient_text_in_full(knowledge: Any, profile: dict[str, Any]) -> None:
    doc = assess(profile)
    flat = " ".join(text_of(doc, knowledge).replace("│", " ").split())
    texts = [t for n in doc["nutrients"] for t in (n["summary"], *n["reasons"], *n["cautions"])]
    texts += [e["advice"] for key in ("medication_triggers", "interactions") for e in doc[key]]
    texts += [e["message"] for key in ("red_flags", "lifestyle") for e in doc[key]]
    texts += [t["why"] for t in doc["tests_to_request"]] + doc["unrecognised_medications"]
    missing = [t for t in texts if " ".join(t.split()) not in flat]
    assert missing == []


def test_text_red_flags_panel_comes_first(knowledge: Any) -> None:
    doc = assess(PREGNANT)
    out = text_of(doc, knowledge)
    flat = " ".join(out.replace("│", " ").split())
    assert out.index("Red flags") < out.index("Best first step") < out.index("Iron — ")
    assert "╭─ Red flags" in out  # a bordered panel
    for flag in doc["red_flags"]:
        assert flat.index(flag["message"]) < flat.index("Best first step")


def test_text_lists_citations_with_doi_or_pmid(knowledge: Any) -> None:
    doc = assess(ANAEMIC)
    flat = " ".join(text_of(doc, knowledge).split())
    citations = flat.split("References ─")[1]
    for cid in set(cited_ids(doc)):
        cite = doc["citations"][cid]
        if cite["doi"]:
            assert f"doi:{cite['doi']}" in citations, cid
        elif cite["pmid"]:
            assert f"PMID {cite['pmid']}" in citations, cid
    assert len(set(cited_ids(doc))) == max(markers(citations))


def test_text_colours_verdict_labels(knowledge: Any) -> None:
    doc = assess(PREGNANT)  # vitamin E is avoided (warfarin), iron recommended
    out = text_of(doc, knowledge, color_system="standard", force_terminal=True)
    assert "\x1b[32mRecommended" in out
    assert "\x1b[1;31mAvoid" in out


def test_plain_text_has_no_padding_at_line_ends(knowledge: Any) -> None:
    doc = assess(ANAEMIC)
    padded = text_of(doc, knowledge)
    assert any(line.endswith(" ") for line in padded.splitlines())  # rich pads: the case exists
    plain = render.plain_text(doc, knowledge, width=80)
    assert plain.splitlines() == [line.rstrip() for line in padded.splitlines()]
    assert not any(line.endswith(" ") for line in plain.splitlines())


def test_assess_text_redirected_ends_no_line_in_spaces(tmp_path: Path) -> None:
    """`ekbom assess me.yaml > out.txt`: stdout is a pipe here, as when redirected."""
    import subprocess
    import sys

    profile = tmp_path / "me.yaml"
    profile.write_text(yaml.safe_dump(ANAEMIC), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", "assess", str(profile), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > 50 and lines[0] == f"ekbom assessment for {AS_OF}"
    assert [n for n, line in enumerate(lines, 1) if line != line.rstrip()] == []
