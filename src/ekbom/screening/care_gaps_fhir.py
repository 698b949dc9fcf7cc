"""The screen's care gaps as FHIR R4 (`ekbom screen --format fhir`), as Da Vinci DEQM STU5 (5.0.0)
"Gaps in Care" reports, written as NDJSON so they stream at any size.

The file holds, one resource per line:

* one `Measure` per gap (its populations in words, the ids of the rules or knowledge items that
  decide it, the knowledge version);
* one summary `MeasureReport` per gap (DEQM Summary MeasureReport): the patients with active RLS
  (initial population and denominator) and those with the gap (numerator), the counts of the
  CSV/Parquet output;
* per patient with at least one open gap, a DEQM Gaps In Care Bundle: a `document` Bundle whose
  Composition (LOINC 96315-7 "Gaps in care report") has one section per open gap, pointing at the
  patient's individual MeasureReport for that gap (`focus`) and at a DetectedIssue (ActCode
  CAREGAP, gap status open-gap) whose evidence is that MeasureReport; the Patient and the Device
  (ekbom) they refer to are entries too.

Rows are turned into Bundles one at a time and written as they are made. Ids are UUIDs derived
from the patient, the gap and the screening day, so the same screen writes the same ids.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from ekbom.__about__ import __version__
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.screening_codes import load_screening_codes
from ekbom.screening.output import GAP_COLUMNS

DEQM = "http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/"
PROFILES = {
    "bundle": DEQM + "gaps-bundle-deqm",
    "composition": DEQM + "gaps-composition-deqm",
    "detectedissue": DEQM + "gaps-detectedissue-deqm",
    "individual": DEQM + "indv-measurereport-deqm",
    "summary": DEQM + "summary-measurereport-deqm",
}
GAP_STATUS = DEQM + "extension-gapStatus"
MEASURE_SCORING = DEQM + "extension-measureScoring"
MEASURE_SYSTEM = "urn:ekbom:measure"
SOURCE_PATIENT = "urn:ekbom:source-patient-id"
_NAMESPACE = uuid.UUID("6f7c2b1e-3d4a-5b6c-8d9e-0a1b2c3d4e5f")
_POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population"
_POPULATIONS = (
    ("initial-population", "Initial Population"),
    ("denominator", "Denominator"),
    ("numerator", "Numerator"),
)
_REPORTER = {
    "identifier": {"system": "urn:ekbom", "value": "ekbom-screen"},
    "display": "ekbom screen",
}
_COHORT = (
    "Patients alive and born on the screening day with active restless legs syndrome (a "
    "Condition coded as in screening.yaml `rls` that counts on that day)."
)
# The numerator of each gap in words ({days}: labs.yaml `stale_after_days`), and what decides
# it (the gap's meaning is code: ekbom.screening.gaps; docs/screening.md "Gaps" says the same).
_NUMERATOR = {
    "no_iron_studies": "No current ferritin and no current TSAT (measured, or derived from serum "
    "iron and TIBC of one day) in the {days} days up to the screening day.",
    "iron_indicated_untreated": "The iron verdict of the iron rules is `recommended` and there is "
    "no active iron medicine.",
    "iron_with_overload_risk": "An active iron medicine and the condition of the red flag of "
    "iron overload (judged in safety context).",
    "trigger_medication": "An active medicine with an ingredient of a class that may worsen RLS.",
    "dopamine_agonist_without_iron_studies": "An active dopamine agonist and no current ferritin "
    "or TSAT in the {days} days up to the screening day.",
}


def _deciders(gap: str, kb: Knowledge, screening: Any) -> list[str]:
    """The ids of the rules and knowledge items a gap is decided by."""
    studies = [f"labs.yaml {test}" for test in screening.iron_studies]
    agonist = f"medications.yaml class {screening.dopamine_agonist_class}"
    found = {
        "no_iron_studies": studies,
        "iron_indicated_untreated": [
            f"rule {rule.id}" for rule in kb.rules["iron"].rules if rule.verdict == "recommended"
        ]
        + [f"screening.yaml iron_products, iron_nutrient {screening.iron_nutrient}"],
        "iron_with_overload_risk": [f"red_flags.yaml {screening.overload_red_flag}"],
        "trigger_medication": [
            f"medications.yaml class {name}" for name, cls in kb.classes.items() if cls.trigger
        ],
        "dopamine_agonist_without_iron_studies": [agonist, *studies],
    }
    return found[gap]


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def _concept(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def _scoring() -> dict[str, Any]:
    return _concept("http://terminology.hl7.org/CodeSystem/measure-scoring", "proportion")


def _improvement() -> dict[str, Any]:
    # Fewer patients with a gap is better.
    return _concept(
        "http://terminology.hl7.org/CodeSystem/measure-improvement-notation", "decrease"
    )


class CareGapsFhir:
    """Builds the resources of one screen's output (`summary` is the screen's summary)."""

    def __init__(
        self,
        summary: dict[str, Any],
        *,
        timestamp: datetime | None = None,
        kb: Knowledge | None = None,
        screening: Any = None,
    ) -> None:
        self.kb = kb or load_knowledge()
        self.screening = screening or load_screening_codes()
        self.as_of = date.fromisoformat(summary["as_of"])
        self.version = summary["knowledge_version"]
        self.when = (timestamp or datetime.now(UTC)).isoformat(timespec="seconds")
        self.titles = {gap.id: gap.title for gap in self.screening.gaps}
        self.period = {
            "start": (self.as_of - timedelta(days=self.kb.stale_after_days)).isoformat(),
            "end": self.as_of.isoformat(),
        }
        self.device_id = _id("device", __version__, self.version)

    def numerator(self, gap: str) -> str:
        """The gap's numerator in words."""
        return _NUMERATOR[gap].format(days=self.kb.stale_after_days)

    def measure_url(self, gap: str) -> str:
        return f"{MEASURE_SYSTEM}:rls-{gap.replace('_', '-')}"

    def _canonical(self, gap: str) -> str:
        return f"{self.measure_url(gap)}|{self.version}"

    def measure(self, gap: str) -> dict[str, Any]:
        """The Measure of one gap."""
        deciders = _deciders(gap, self.kb, self.screening)
        words = {
            "initial-population": _COHORT,
            "denominator": "The initial population.",
            "numerator": self.numerator(gap),
        }
        populations = []
        for code, display in _POPULATIONS:
            population: dict[str, Any] = {
                "code": _concept(_POPULATION, code, display),
                "description": words[code],
                "criteria": {"language": "text/plain", "description": words[code]},
            }
            if code == "numerator":
                population["criteria"]["expression"] = "; ".join(deciders)
            populations.append(population)
        return {
            "resourceType": "Measure",
            "id": _id("measure", gap, self.version),
            "url": self.measure_url(gap),
            "identifier": [{"system": MEASURE_SYSTEM, "value": gap}],
            "version": self.version,
            "name": "".join(part.title() for part in gap.split("_")),
            "title": self.titles[gap],
            "status": "active",
            "experimental": False,
            "date": self.when,
            "publisher": "ekbom",
            "description": (
                f"RLS care gap: {self.titles[gap]}. {self.numerator(gap)} Decided by: "
                f"{'; '.join(deciders)} (knowledge {self.version}). Decision support for a "
                "clinical team reviewing a list, not a diagnosis."
            ),
            "scoring": _scoring(),
            "improvementNotation": _improvement(),
            "group": [{"id": "group-1", "population": populations}],
        }

    def _report(self, gap: str, kind: str, counts: tuple[int, int]) -> dict[str, Any]:
        denominator, numerator = counts
        return {
            "resourceType": "MeasureReport",
            "meta": {"profile": [PROFILES[kind]]},
            "extension": [{"url": MEASURE_SCORING, "valueCodeableConcept": _scoring()}],
            "status": "complete",
            "type": kind,
            "measure": self._canonical(gap),
            "date": self.when,
            "reporter": _REPORTER,
            "period": self.period,
            "improvementNotation": _improvement(),
            "group": [
                {
                    "id": "group-1",
                    "population": [
                        {"code": _concept(_POPULATION, code, display), "count": count}
                        for (code, display), count in zip(
                            _POPULATIONS, (denominator, denominator, numerator), strict=True
                        )
                    ],
                }
            ],
        }

    def summary_report(self, gap: str, with_rls: int, with_gap: int) -> dict[str, Any]:
        """The summary MeasureReport of one gap: the output's counts."""
        report = self._report(gap, "summary", (with_rls, with_gap))
        report["id"] = _id("summary", gap, self.as_of.isoformat())
        if with_rls:
            report["group"][0]["measureScore"] = {"value": round(with_gap / with_rls, 4)}
        return report

    def patient_bundle(self, row: dict[str, Any]) -> dict[str, Any] | None:
        """The Gaps In Care Bundle of one output row, or None when it has no open gap."""
        gaps = [gap for gap in GAP_COLUMNS if row[gap]]
        if not gaps:
            return None
        key = (row["patient_id"], self.as_of.isoformat())
        patient_id = _id("patient", *key)
        subject = {"reference": f"urn:uuid:{patient_id}"}
        device = {"reference": f"urn:uuid:{self.device_id}", "display": "ekbom"}
        patient: dict[str, Any] = {
            "resourceType": "Patient",
            "id": patient_id,
            "identifier": [{"system": SOURCE_PATIENT, "value": row["patient_id"]}],
        }
        if row["sex"] in ("male", "female", "other", "unknown"):
            patient["gender"] = row["sex"]
        entries: list[dict[str, Any]] = []
        sections = []
        for gap in gaps:
            report = self._report(gap, "individual", (1, 1))
            report["id"] = _id("report", gap, *key)
            report["subject"] = subject
            issue = {
                "resourceType": "DetectedIssue",
                "id": _id("issue", gap, *key),
                "meta": {"profile": [PROFILES["detectedissue"]]},
                "modifierExtension": [
                    {
                        "url": GAP_STATUS,
                        "valueCodeableConcept": _concept(
                            "http://hl7.org/fhir/us/davinci-deqm/CodeSystem/gaps-status",
                            "open-gap",
                            "Open Gap",
                        ),
                    }
                ],
                "status": "final",
                "code": _concept(
                    "http://terminology.hl7.org/CodeSystem/v3-ActCode", "CAREGAP", "Care Gaps"
                ),
                "patient": subject,
                "identifiedDateTime": self.as_of.isoformat(),
                "author": device,
                "evidence": [{"detail": [{"reference": f"urn:uuid:{report['id']}"}]}],
                "detail": self.titles[gap],
            }
            entries += [report, issue]
            sections.append(
                {
                    "title": self.titles[gap],
                    "focus": {"reference": f"urn:uuid:{report['id']}"},
                    "entry": [{"reference": f"urn:uuid:{issue['id']}"}],
                }
            )
        composition = {
            "resourceType": "Composition",
            "id": _id("composition", *key),
            "meta": {"profile": [PROFILES["composition"]]},
            "status": "final",
            "type": _concept("http://loinc.org", "96315-7", "Gaps in care report"),
            "subject": subject,
            "date": self.when,
            "author": [device],
            "title": "Gaps in care report: restless legs syndrome",
            "section": sections,
        }
        bundle_id = _id("bundle", *key)
        resources = [composition, patient, self.device(), *entries]
        return {
            "resourceType": "Bundle",
            "id": bundle_id,
            "meta": {"profile": [PROFILES["bundle"]]},
            "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{bundle_id}"},
            "type": "document",
            "timestamp": self.when,
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
        }

    def device(self) -> dict[str, Any]:
        return {
            "resourceType": "Device",
            "id": self.device_id,
            "deviceName": [{"name": "ekbom", "type": "manufacturer-name"}],
            "version": [{"value": f"{__version__} (knowledge {self.version})"}],
        }

    def resources(self, table: Any) -> Iterator[dict[str, Any]]:
        """Every resource of the file, in order: Measures, summary reports, patient Bundles."""
        with_rls = table.num_rows
        counts = {
            gap: sum(1 for flag in table.column(gap).to_pylist() if flag) for gap in GAP_COLUMNS
        }
        for gap in GAP_COLUMNS:
            yield self.measure(gap)
        for gap in GAP_COLUMNS:
            yield self.summary_report(gap, with_rls, counts[gap])
        for batch in table.to_batches(max_chunksize=1024):
            for row in batch.to_pylist():
                bundle = self.patient_bundle(row)
                if bundle is not None:
                    yield bundle


def write_ndjson(table: Any, summary: dict[str, Any], path: Path) -> int:
    """Write the care gaps of the output `table` as FHIR NDJSON to `path`; the number of lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = 0
    handle: IO[str]
    with path.open("w", encoding="utf-8") as handle:
        for resource in CareGapsFhir(summary).resources(table):
            handle.write(json.dumps(resource, ensure_ascii=False, separators=(",", ":")) + "\n")
            lines += 1
    return lines
