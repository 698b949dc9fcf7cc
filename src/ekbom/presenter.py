"""How an assessment document (spec assessment-v1 §2) is put into words, the same on every
channel: the terminal and Markdown reports (`ekbom.cli.render`), the web report page
(`web/templates/report.html`), the doctor's report of the diary (`ekbom.diary_analysis.report`),
the FHIR narrative (`ekbom.interop.fhir_export`) and the CDS cards (`ekbom.interop.cds.cards`).

Pure over the document: these read only its keys and the knowledge's display labels (verdicts,
priorities, nutrient, test and medicine-class names). `CitationNumbers` numbers citation ids in
the order they are first cited, for markers such as [1][3]; `reference_text` is the one line of a
numbered reference (authors, title, source, year).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ekbom.knowledge.vocabulary import display_unit

if TYPE_CHECKING:
    from ekbom.knowledge.models import Knowledge

Doc = Mapping[str, Any]

RED_FLAGS_TITLE = "Red flags: talk to a doctor soon"
MEDS_INTRO = "Do not stop or change any of these on your own; ask the prescriber first."
UNRECOGNISED_INTRO = (
    "ekbom did not recognise these, so they were not checked for effects on restless legs or "
    "for interactions. Ask a pharmacist to check them."
)
FIRST_STEP_TITLE = "Best first step"
CURRENT_TITLE = "You take now"
CURRENT_IV = "given through a vein"
CURRENT_UNKNOWN = "amount not known"
CURRENT_PART_KNOWN = ", and more of an amount not known"
KEEP_ON = "nothing to add: keep on with what you take now"
NUTRIENTS_TITLE = "Vitamins and minerals"
NEEDS_CLINICIAN = "Needs a clinician"
WHY_TITLE = "Why"
CAUTIONS_TITLE = "Cautions"
FORMS_TITLE = "Forms"
FOODS_TITLE = "Foods rich in it"
LABS_TITLE = "Lab results"
LAB_COLUMNS = ("Test", "Result", "Date", "Status", "Used")
REFERENCES_TITLE = "References"
TESTS_TITLE = "Tests to ask for"
TRIGGERS_TITLE = "Medicines that may worsen RLS"
UNRECOGNISED_TITLE = "Unrecognised medicines"
INTERACTIONS_TITLE = "Supplement–medicine interactions"
HABITS_TITLE = "Daily habits"
SEVERITY_TITLE = "Symptom severity"


@dataclass(frozen=True)
class Item:
    """One line of a list section: an optional bold head, the text and its citation ids."""

    text: str
    head: str = ""
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item]
    intro: str = ""


class CitationNumbers:
    """Numbers citation ids in the order they are first cited."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def mark(self, ids: Iterable[str]) -> str:
        numbers: set[int] = set()
        for cid in ids:
            if cid not in self.order:
                self.order.append(cid)
            numbers.add(self.order.index(cid) + 1)
        return "".join(f"[{n}]" for n in sorted(numbers))

    def all_ids(self, table: Mapping[str, Any]) -> list[str]:
        """Cited ids first, then any id of the citations table that nothing cited."""
        self.mark(table)
        return list(self.order)


def items_of(doc: Doc, key: str) -> list[Any]:
    return list(doc.get(key) or [])


def citations_of(entry: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(entry.get("citations") or ())


def number(value: Any) -> str:
    if isinstance(value, float):
        return f"{round(value, 4):f}".rstrip("0").rstrip(".")
    return str(value)


def capitalised(text: str) -> str:
    """Capitalise a label unless it starts with a lower-case abbreviation such as eGFR."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].upper() + text[1:]


def verdict_label(k: Knowledge, verdict: str) -> str:
    return k.texts.verdicts.get(verdict, verdict)


def nutrient_name(k: Knowledge, nutrient_id: str) -> str:
    found = k.nutrients.get(nutrient_id)
    return found.name if found else nutrient_id.replace("_", " ")


def test_name(k: Knowledge, test_id: str) -> str:
    found = k.tests.get(test_id)
    return capitalised(found.plain) if found else test_id


def dose_text(dose: Mapping[str, Any]) -> str:
    unit = display_unit(dose["unit"])
    who = "self-directed" if dose.get("self_directed") else "clinician-led"
    amount = number(dose["amount"])
    return f"{amount} {unit} {dose['basis']} a {dose['per']}, {dose['schedule']} — {who}"


def food_text(k: Knowledge, food: Mapping[str, Any]) -> str:
    """'Lentils, 1 cup, cooked (198 g): 6.59 mg (37% of the daily value), non-heme iron'."""
    unit = display_unit(food["unit"])
    name = str(food["name"]) + (" (fortified)" if food.get("fortified") else "")
    text = (
        f"{name}, {food['portion']}: {number(food['amount'])} {unit} "
        f"({food['daily_value_percent']}% of the daily value)"
    )
    kind = food.get("iron_kind")
    if kind:
        labels = k.foods.advice.iron_kinds if k.foods is not None else {}
        text += ", " + labels.get(kind, str(kind).replace("_", "-"))
    return text


def evidence_text(nutrient: Mapping[str, Any]) -> str:
    grade = str(nutrient["evidence"]["grade"]).replace("_", " ")
    return f"Evidence: {grade} certainty"


def best_step(doc: Doc, k: Knowledge) -> tuple[str, str] | None:
    """(sentence, why) of the best first step, or None when there is none."""
    step = doc.get("best_first_step")
    if not step:
        return None
    return str(step["text"]), str(step.get("why") or "")


def dose_lines(n: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, text) lines about what the person takes now and what to add, in report order."""
    lines: list[tuple[str, str]] = []
    if n.get("current"):
        lines.append((CURRENT_TITLE, current_text(n)))
    if n.get("dose"):
        lines.append(("Dose", dose_text(n["dose"])))
    elif n.get("continue_current"):
        lines.append(("Dose", KEEP_ON))
    return lines


def current_text(n: Mapping[str, Any]) -> str:
    """What the person takes now: '65 mg a day', 'by vein', or 'amount not known'."""
    current = n.get("current")
    if not current:
        return ""
    if current["route"] == "iv":
        return CURRENT_IV
    if current.get("amount") is None:
        return CURRENT_UNKNOWN
    unit = display_unit(current["unit"])
    text = f"{number(current['amount'])} {unit} a day"
    return text if current.get("amount_known") else f"{text}{CURRENT_PART_KNOWN}"


def red_flag_items(doc: Doc) -> list[Item]:
    return [Item(f["message"], cites=citations_of(f)) for f in items_of(doc, "red_flags")]


def trigger_item(k: Knowledge, item: Mapping[str, Any]) -> Item:
    found = k.classes.get(item["class"])
    label = found.label if found else str(item["class"]).replace("_", " ")
    text = f"{item['ingredient']} — {label}. {item['advice']}"
    return Item(text, head=str(item["medication"]), cites=citations_of(item))


def interaction_item(k: Knowledge, item: Mapping[str, Any]) -> Item:
    hours = item.get("separate_hours")
    kind = capitalised(str(item["kind"]))
    if hours is not None and item.get("before_hours", hours) == item.get("after_hours", hours):
        kind += f"; keep {number(hours)} hours apart"  # one way round: the advice gives both
    head = f"{nutrient_name(k, item['nutrient'])} + {item['medication']}"
    return Item(f"{kind}. {item['advice']}", head=head, cites=citations_of(item))


def severity_items(doc: Doc, k: Knowledge) -> list[Item]:
    sev = doc.get("severity") or {}
    items: list[Item] = []
    if sev.get("irls_score") is not None:
        band = f" ({str(sev['band']).replace('_', ' ')})" if sev.get("band") else ""
        top = k.texts.irls_bands[-1][0]
        items.append(Item(f"{number(sev['irls_score'])} of {top}{band}", head="IRLS score"))
    if sev.get("severity_nrs") is not None:
        items.append(Item(f"{number(sev['severity_nrs'])} of 10", head="Severity rating"))
    if sev.get("nights_per_week") is not None:
        items.append(Item(f"{number(sev['nights_per_week'])} a week", head="Nights with symptoms"))
    screening = doc.get("screening") or {}
    if screening.get("criteria_answered"):
        met = screening.get("criteria_met")
        text = (
            "all five answered yes"
            if met
            else "at least one answered no, so the symptoms may have another cause"
        )
        items.append(Item(text, head="RLS diagnostic criteria"))
    return items


def test_item(k: Knowledge, item: Mapping[str, Any]) -> Item:
    priority = k.texts.priorities.get(item["priority"], item["priority"])
    return Item(item["why"], head=f"{test_name(k, item['test'])} — {priority}")


def list_sections(doc: Doc, k: Knowledge) -> list[Section]:
    """The list sections after the nutrients, in report order, without the empty ones."""
    sections = [
        Section(TESTS_TITLE, [test_item(k, t) for t in items_of(doc, "tests_to_request")]),
        Section(
            TRIGGERS_TITLE,
            [trigger_item(k, m) for m in items_of(doc, "medication_triggers")],
            MEDS_INTRO,
        ),
        Section(
            UNRECOGNISED_TITLE,
            [Item(str(m)) for m in items_of(doc, "unrecognised_medications")],
            UNRECOGNISED_INTRO,
        ),
        Section(
            INTERACTIONS_TITLE,
            [interaction_item(k, i) for i in items_of(doc, "interactions")],
        ),
        Section(
            HABITS_TITLE,
            [Item(a["message"], cites=citations_of(a)) for a in items_of(doc, "lifestyle")],
        ),
        Section(SEVERITY_TITLE, severity_items(doc, k)),
    ]
    return [s for s in sections if s.items]


def lab_cells(k: Knowledge, lab: Mapping[str, Any]) -> tuple[str, str, str, str, str]:
    reported = lab.get("reported") or {"value": lab["value"], "unit": lab["unit"]}
    gap = "" if reported["unit"] == "%" else " "
    result = f"{number(reported['value'])}{gap}{reported['unit']}"
    if lab.get("derived"):
        result += " (derived)"
    used = "yes" if lab.get("used") else "no"
    return test_name(k, lab["test"]), result, lab.get("date") or "undated", lab["status"], used


def reference_text(cite: Mapping[str, Any] | None, cid: str) -> str:
    """'Authors. Title. Source. Year.' of one reference; the id when the citation is unknown."""
    if cite is None:
        return cid
    parts = [str(cite["authors"]).rstrip(".")] if cite.get("authors") else []
    parts.append(str(cite.get("title") or cid).rstrip("."))
    source, year = str(cite.get("source") or ""), str(cite.get("year") or "")
    parts += [p for p in (source, "" if year in source else year) if p]
    return ". ".join(parts) + "."


def citation_links(cite: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, id, url) for the DOI, the PMID and the citation's own url when it is neither."""
    links: list[tuple[str, str, str]] = []
    if cite.get("doi"):
        links.append(("DOI", cite["doi"], "https://doi.org/" + quote(cite["doi"], safe="/")))
    if cite.get("pmid"):
        pmid = quote(str(cite["pmid"]), safe="")
        links.append(("PMID", pmid, f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    url = quote(str(cite.get("url") or ""), safe=":/?#&=%~+,;@!$'*")
    if url and url not in {link[2] for link in links}:
        links.append(("", url, url))
    return links


# --- the report's layout words (web page and PDF, issue 15.1) --------------------------------

REPORT_TITLE = "Your report"
DOCTOR_REPORT_TITLE = "Restless legs: vitamins and minerals"
DOCTOR_REPORT_SUBTITLE = "Report for the doctor"
NOT_A_DIAGNOSIS = "decision support, not a diagnosis"
WITH_WHOM_TITLE = "With whom"
NO_FIRST_STEP = "None: no supplement is suggested now."
RED_FLAGS_NONE = "Red flags: none raised."
AVOID_TITLE = "Do not take"
ACTING_TITLE = "Worth acting on"
NOT_LIKELY_TITLE = "Not likely to help"
NOT_LIKELY_WHY = "Why they are not likely to help"
TESTS_INTRO = "Tick each test when it is done. Bring this list to your appointment."
LATEST_LABS_TITLE = "Latest labs"
LATEST_LAB_COLUMNS = ("Test", "Result", "Date")
STALE = "stale"
QUESTIONS_TITLE = "Questions to ask"
TRENDS_TITLE = "Trends"
NO_CHART_ENTRIES = "The diary has no entries to chart."
EFFECTS_TITLE = "Did it help?"
LOG_TITLE = "Supplement log"
LOG_COLUMNS = ("Supplement", "Amount", "From", "To", "Days")
NO_SUPPLEMENTS = "No supplements logged."
DISCLAIMER_TITLE = "Disclaimer"
PRINT_BUTTON = "Print / Save as PDF"
PDF_LINK = "Download the PDF"
START_AGAIN = "Start again"
BACK_TO_DIARY = "Back to my diary"
ASSESSED_FOR = "Assessed for"
KNOWLEDGE = "knowledge"
UPPER_LIMITS = "upper limits"
# A shape for each verdict chip, so that a verdict never rests on its colour alone.
VERDICT_ICONS = {
    "recommended": "✓",
    "consider": "◐",
    "test_first": "?",
    "not_indicated": "–",
    "avoid": "✕",
}
CHECKBOX = "☐"
RULE_LABEL = "rule"  # before the ids of the rules behind a verdict, in the doctor's report
ACTING_VERDICTS = ("recommended", "consider", "test_first")
CLINICIAN_STEPS = ("stop", "see_clinician", "test")
PRESCRIBER = "prescriber"
SELF_DIRECTED = "You can do this yourself; tell your doctor or pharmacist what you take."


def with_whom(doc: Doc, k: Knowledge) -> str:
    """Who the best first step is taken with: whoever its sentence names (the person's doctor,
    kidney team, pregnancy care team, child's doctor or prescriber); else the doctor when the
    step is clinical; else the person, telling their doctor or pharmacist."""
    step = doc.get("best_first_step")
    if not step:
        return ""
    carers = k.texts.first_step["carers"]
    text = str(step["text"])
    named = next((c for c in (*carers.values(), PRESCRIBER) if f"your {c}" in text), "")
    if named:
        return f"Your {named}."
    nutrient: Mapping[str, Any] = next(
        (n for n in items_of(doc, "nutrients") if n["nutrient"] == step.get("nutrient")), {}
    )
    dose = nutrient.get("dose") or {}
    if (
        step.get("action") in CLINICIAN_STEPS
        or nutrient.get("needs_clinician")
        or (dose and not dose.get("self_directed"))
    ):
        return f"Your {carers['default']}."
    return SELF_DIRECTED


def numbered_citations(doc: Doc, k: Knowledge) -> CitationNumbers:
    """Citation numbers in the order the Markdown report first cites them (red flags, each
    nutrient's evidence and food advice, the list sections), so that a report laid out in
    another order (summary first) still gives each source the same number."""
    refs = CitationNumbers()
    for flag in red_flag_items(doc):
        refs.mark(flag.cites)
    for n in items_of(doc, "nutrients"):
        refs.mark(n["evidence"]["citations"])
        if n.get("foods"):
            for advice in n.get("food_advice") or ():
                refs.mark(citations_of(advice))
    for part in list_sections(doc, k):
        for entry in part.items:
            refs.mark(entry.cites)
    return refs
