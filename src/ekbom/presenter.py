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

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ekbom.knowledge.vocabulary import display_unit

if TYPE_CHECKING:
    from ekbom.knowledge.models import Knowledge

Doc = Mapping[str, Any]

# The labels every channel shows are text.yaml `labels` (validated at load). The functions below
# read them from the knowledge they are given; a label's upper-case name (`p.RED_FLAGS_TITLE`,
# `p.LAB_COLUMNS`, `p.VERDICT_ICONS`) gives the default knowledge's words, for the templates and
# callers that have no knowledge at hand (module `__getattr__`).


def __getattr__(name: str) -> Any:
    """A label by its upper-case name, from the default knowledge, when first asked."""
    texts = _default_knowledge().texts if name.isupper() else None
    if texts is not None:
        if name == "LAB_COLUMNS":
            return texts.lab_columns
        if name == "VERDICT_ICONS":
            return texts.verdict_icons
        if name.lower() in texts.label_lists:
            return texts.label_lists[name.lower()]
        if name.lower() in texts.labels:
            return texts.labels[name.lower()]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _default_knowledge() -> Knowledge:
    from ekbom.knowledge.loader import load_knowledge

    return load_knowledge()


def label(k: Knowledge | None, key: str) -> str:
    """The label `key` of text.yaml `labels` (the default knowledge's when `k` is None)."""
    return (k or _default_knowledge()).texts.labels[key]


def lab_columns(k: Knowledge) -> tuple[str, ...]:
    """The lab table's column heads: test, result, date, status, used."""
    return k.texts.lab_columns


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


def dose_text(dose: Mapping[str, Any], k: Knowledge | None = None) -> str:
    unit = display_unit(dose["unit"])
    who = label(k, "self_directed" if dose.get("self_directed") else "clinician_led")
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


def evidence_text(nutrient: Mapping[str, Any], k: Knowledge | None = None) -> str:
    grade = str(nutrient["evidence"]["grade"]).replace("_", " ")
    return label(k, "evidence").format(grade=grade)


def best_step(doc: Doc, k: Knowledge) -> tuple[str, str] | None:
    """(sentence, why) of the best first step, or None when there is none."""
    step = doc.get("best_first_step")
    if not step:
        return None
    return str(step["text"]), str(step.get("why") or "")


def dose_lines(n: Mapping[str, Any], k: Knowledge | None = None) -> list[tuple[str, str]]:
    """(label, text) lines about what the person takes now and what to add, in report order."""
    lines: list[tuple[str, str]] = []
    if n.get("current"):
        lines.append((label(k, "current_title"), current_text(n, k)))
    if n.get("dose"):
        lines.append((label(k, "dose_title"), dose_text(n["dose"], k)))
    elif n.get("continue_current"):
        lines.append((label(k, "dose_title"), label(k, "keep_on")))
    return lines


def current_text(n: Mapping[str, Any], k: Knowledge | None = None) -> str:
    """What the person takes now: '65 mg a day', 'by vein', or 'amount not known'."""
    current = n.get("current")
    if not current:
        return ""
    if current["route"] == "iv":
        return label(k, "current_iv")
    if current.get("amount") is None:
        return label(k, "current_unknown")
    unit = display_unit(current["unit"])
    text = f"{number(current['amount'])} {unit} a day"
    return text if current.get("amount_known") else text + label(k, "current_part_known")


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
        items.append(
            Item(f"{number(sev['irls_score'])} of {top}{band}", head=label(k, "irls_score"))
        )
    if sev.get("severity_nrs") is not None:
        items.append(Item(f"{number(sev['severity_nrs'])} of 10", head=label(k, "severity_rating")))
    if sev.get("nights_per_week") is not None:
        items.append(
            Item(f"{number(sev['nights_per_week'])} a week", head=label(k, "nights_with_symptoms"))
        )
    screening = doc.get("screening") or {}
    if screening.get("criteria_answered"):
        met = screening.get("criteria_met")
        text = label(k, "criteria_met" if met else "criteria_not_met")
        items.append(Item(text, head=label(k, "rls_criteria")))
    return items


def test_item(k: Knowledge, item: Mapping[str, Any]) -> Item:
    priority = k.texts.priorities.get(item["priority"], item["priority"])
    return Item(item["why"], head=f"{test_name(k, item['test'])} — {priority}")


def list_sections(doc: Doc, k: Knowledge) -> list[Section]:
    """The list sections after the nutrients, in report order, without the empty ones."""
    sections = [
        Section(
            label(k, "tests_title"), [test_item(k, t) for t in items_of(doc, "tests_to_request")]
        ),
        Section(
            label(k, "triggers_title"),
            [trigger_item(k, m) for m in items_of(doc, "medication_triggers")],
            label(k, "meds_intro"),
        ),
        Section(
            label(k, "unrecognised_title"),
            [Item(str(m)) for m in items_of(doc, "unrecognised_medications")],
            label(k, "unrecognised_intro"),
        ),
        Section(
            label(k, "interactions_title"),
            [interaction_item(k, i) for i in items_of(doc, "interactions")],
        ),
        Section(
            label(k, "habits_title"),
            [Item(a["message"], cites=citations_of(a)) for a in items_of(doc, "lifestyle")],
        ),
        Section(label(k, "severity_title"), severity_items(doc, k)),
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


# Flags about a supplement's amount (spec §3 red flags); the others are about labs or the person.
DOSE_FLAGS = ("supplement_above_limit", "b6_above_limit")
_LIMIT_MESSAGES = ("clinician_amount", "clinician_over_limit", "clinician_dose_over_limit")


def limit_notes(doc: Doc, n: Mapping[str, Any], k: Knowledge) -> list[str]:
    """What to say beside a nutrient's dose about its daily upper limit: that its amount raised a
    red flag, or, when a clinician-led dose is above the limit without a flag (spec §2 and the
    1.1 exemption of `supplement_above_limit`), the caution that says why that needs a clinician.
    """
    nutrient = n["nutrient"]
    flags = k.texts.first_step.get("flags", {})
    for flag in items_of(doc, "red_flags"):
        about = flag.get("nutrient") or (flags.get(flag["id"]) or {}).get("nutrient")
        if flag["id"] in DOSE_FLAGS and about == nutrient:
            return [label(k, "limit_flagged")]
    patterns = [_filled_pattern(k.texts.messages[key]) for key in _LIMIT_MESSAGES]
    return [c for c in n.get("cautions") or () if any(p.fullmatch(c) for p in patterns)]


def _filled_pattern(template: str) -> re.Pattern[str]:
    """A pattern that matches `template` with its {placeholders} filled in."""
    parts = re.split(r"\{[^{}]*\}", template)
    return re.compile(".+?".join(re.escape(part) for part in parts))


# The verdicts the report shows as cards, and the first steps taken with a clinician.
ACTING_VERDICTS = ("recommended", "consider", "test_first")
CLINICIAN_STEPS = ("stop", "see_clinician", "test")
PRESCRIBER = "prescriber"


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
    return label(k, "self_directed_step")


def numbered_citations(doc: Doc, k: Knowledge) -> CitationNumbers:
    """The one numbering of sources every channel uses: red flags, each nutrient's evidence and
    food advice, then the list sections. The terminal and Markdown reports cite in this order;
    the report page and PDF, laid out summary first, still give each source the same number."""
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
