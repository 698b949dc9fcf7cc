"""Assessment -> FHIR R4 document Bundle (`ekbom assess --format fhir`).

The Bundle (type `document`) starts with a Composition whose sections point at the other
entries: DetectedIssue for red flags, medicines that may worsen RLS and supplement-medicine
interactions; one Observation per nutrient holding its verdict (with the rule ids, evidence and
the lab Observations it was derived from); MedicationRequest proposals for suggested doses (and
`doNotPerform` ones for `avoid`); ServiceRequest proposals for the tests to request. The mapping
is documented in docs/fhir.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from ekbom import presenter as p
from ekbom.__about__ import __version__
from ekbom.engine.assessment import Assessment
from ekbom.interop.codings import Vocabulary, vocabulary
from ekbom.interop.export_entries import Entries, narrative
from ekbom.interop.profile_export import birth_date
from ekbom.knowledge.models import Knowledge
from ekbom.profile import Profile


def assessment_bundle(
    assessment: Assessment,
    person: Profile,
    *,
    patient: Mapping[str, Any] | None = None,
    timestamp: datetime | None = None,
    vocab: Vocabulary | None = None,
) -> dict[str, Any]:
    """The assessment as an R4 document Bundle (a JSON mapping).

    `patient` is the source Patient resource when the profile came from FHIR (its id and birth
    date are kept); otherwise a Patient is written from the profile's age and sex.
    """
    vocab = vocab or vocabulary()
    document = assessment.to_dict()
    when = (timestamp or datetime.now(UTC)).isoformat(timespec="seconds")
    seed = json.dumps(document, sort_keys=True) + when
    entries = Entries(vocab, document, seed)
    patient_url = entries.add(_patient(person, patient, assessment.as_of))
    device_url = entries.add(_device(vocab))
    subject = {"reference": patient_url}
    sections = _sections(entries, document, subject)
    composition = _composition(entries, document, subject, device_url, when, sections)
    resources = [composition, *entries.resources]
    return {
        "resourceType": "Bundle",
        "id": entries.url("bundle").removeprefix("urn:uuid:"),
        "identifier": {"system": "urn:ietf:rfc:3986", "value": entries.url("bundle")},
        "type": "document",
        "timestamp": when,
        "entry": [{"fullUrl": entries.url(r["id"]), "resource": r} for r in resources],
    }


def _patient(person: Profile, source: Mapping[str, Any] | None, as_of: date) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Patient", "id": "patient", "gender": person.sex}
    resource["birthDate"] = birth_date(person.age, as_of).isoformat()
    if source is not None:
        resource["identifier"] = [
            {"system": "urn:ekbom:source-patient-id", "value": str(source.get("id"))}
        ]
        if isinstance(source.get("birthDate"), str):
            resource["birthDate"] = source["birthDate"]
    return resource


def _device(vocab: Vocabulary) -> dict[str, Any]:
    return {
        "resourceType": "Device",
        "id": "ekbom",
        "deviceName": [{"name": "ekbom", "type": "manufacturer-name"}],
        "version": [{"value": f"{__version__} (knowledge {vocab.kb.version})"}],
    }


def _sections(
    entries: Entries, document: dict[str, Any], subject: dict[str, str]
) -> list[dict[str, Any]]:
    kb = entries.vocab.kb
    labs = [entries.lab(i, row, subject) for i, row in enumerate(document["labs"])]
    used = [url for url, row in zip(labs, document["labs"], strict=True) if row["used"]]
    verdicts: dict[str, str] = {}
    nutrient_refs: list[str] = []
    for result in document["nutrients"]:
        url = entries.verdict(result, subject, used)
        verdicts[result["nutrient"]] = url
        proposal = entries.proposal(result, subject, url)
        nutrient_refs += [url, *([proposal] if proposal else [])]
    flags = [entries.red_flag(i, flag, subject) for i, flag in enumerate(document["red_flags"])]
    triggers = [
        entries.trigger(i, t, subject) for i, t in enumerate(document["medication_triggers"])
    ]
    interactions = [
        entries.interaction(i, item, subject, verdicts.get(item["nutrient"]))
        for i, item in enumerate(document["interactions"])
    ]
    tests = [
        entries.test_request(i, t, subject) for i, t in enumerate(document["tests_to_request"])
    ]
    verdict_lines = [
        f"{p.nutrient_name(kb, r['nutrient'])}: {p.verdict_label(kb, r['verdict'])}. {r['summary']}"
        + "".join(f" {label}: {text}." for label, text in p.dose_lines(r, kb))
        for r in document["nutrients"]
    ]
    return [
        _section(
            p.label(kb, "red_flags_title"), [f["message"] for f in document["red_flags"]], flags
        ),
        _section(p.label(kb, "first_step_title"), _best_first_step(document, kb), []),
        _section(p.label(kb, "nutrients_title"), verdict_lines, nutrient_refs),
        _section(
            p.label(kb, "tests_title"),
            [_test_line(kb, t) for t in document["tests_to_request"]],
            tests,
        ),
        _section(
            p.label(kb, "triggers_title"),
            [f"{t['medication']}: {t['advice']}" for t in document["medication_triggers"]],
            triggers,
        ),
        _section(
            p.label(kb, "interactions_title"),
            [i["advice"] for i in document["interactions"]],
            interactions,
        ),
        _section(
            p.label(kb, "labs_title"), [_lab_line(row, entries) for row in document["labs"]], labs
        ),
        _section(
            p.label(kb, "habits_title"), [item["message"] for item in document["lifestyle"]], []
        ),
        _section(p.label(kb, "severity_title"), _severity_lines(document, kb), []),
        _section(
            p.label(kb, "references_title"),
            [_citation_line(cid, c) for cid, c in document["citations"].items()],
            [],
        ),
        _section(p.label(kb, "disclaimer_title"), [document["disclaimer"]], []),
    ]


def _section(title: str, lines: list[str], refs: list[str]) -> dict[str, Any]:
    section: dict[str, Any] = {"title": title, "text": narrative(lines)}
    if refs:
        section["entry"] = [{"reference": url} for url in refs]
    return section


def _best_first_step(document: dict[str, Any], kb: Knowledge) -> list[str]:
    step = document["best_first_step"]
    if step is None:
        return [p.label(kb, "no_first_step")]
    return [step["text"], step["why"]] if step.get("why") else [step["text"]]


def _lab_line(row: dict[str, Any], entries: Entries) -> str:
    name = entries.vocab.kb.tests[row["test"]].name
    reported = f"{row['reported']['value']:g} {row['reported']['unit']}"
    return (
        f"{name}: {reported}"
        + (f" on {row['date']}" if row["date"] else "")
        + f" ({row['status']})"
    )


def _severity_lines(document: dict[str, Any], kb: Knowledge) -> list[str]:
    """The same lines as every other channel's severity section."""
    return [f"{item.head}: {item.text}" for item in p.severity_items(document, kb)]


def _citation_line(cid: str, citation: dict[str, Any]) -> str:
    links = " ".join(url for _, _, url in p.citation_links(citation)[:1])
    return f"{p.reference_text(citation, cid)} {links}".strip()


def _test_line(kb: Knowledge, test: dict[str, Any]) -> str:
    item = p.test_item(kb, test)
    return f"{item.head}: {item.text}"


def _composition(
    entries: Entries,
    document: dict[str, Any],
    subject: dict[str, str],
    device_url: str,
    when: str,
    sections: list[dict[str, Any]],
) -> dict[str, Any]:
    title = f"ekbom assessment for {document['as_of']}: vitamins and minerals in restless legs"
    return {
        "resourceType": "Composition",
        "id": "composition",
        "status": "final",
        "type": {
            "coding": [
                entries.coding("document", "rls-nutrient-assessment", "RLS nutrient assessment")
            ],
            "text": "Restless legs syndrome: vitamin and mineral assessment",
        },
        "subject": subject,
        "date": when,
        "author": [{"reference": device_url}],
        "title": title,
        "section": sections,
    }
