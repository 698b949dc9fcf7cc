"""`ekbom synth bulk`: a synthetic FHIR Bulk Data export with its ground truth.

Writes, into one folder: `Patient.ndjson`, `Condition.ndjson`, `Observation.000.ndjson` (and
more Observation files when there are more lines than `lines_per_file`), `MedicationRequest.ndjson`
(each `.ndjson.gz` with `gzip`), a Bulk Data `manifest.json`, and `ground_truth.json` with the
output rows and summary counts a screen on the same day must give (synth_truth.py). A few bad lines
(not JSON, or another resource type) and blank lines are mixed in at recorded places.
Deterministic: the same arguments give the same files.
"""

from __future__ import annotations

import gzip
import json
import random
from datetime import date
from pathlib import Path
from typing import IO, Any, NamedTuple

from ekbom.errors import ScreeningError
from ekbom.knowledge.interop_codes import load_interop_codes
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.screening_codes import load_screening_codes
from ekbom.screening import synth_fhir as fhir
from ekbom.screening.synth_people import Person, PersonMaker, Rates, uuid
from ekbom.screening.synth_truth import current_over_pairs, expected_row, skipped_counts

TRUTH_FILE = "ground_truth.json"
TRUTH_SCHEMA = "ekbom.synth-truth/1"
BAD_LINES = (
    '{"resourceType": "Observation", "id": "cut-off',
    "ERROR: the export was interrupted here",
    "[1, 2, 3]",
    '{"resourceType": "Encounter", "id": "in-the-wrong-file"}',
)


class SynthResult(NamedTuple):
    folder: Path
    patients: int
    with_rls: int
    observations: int
    files: dict[str, list[str]]


class _Writer:
    """Writes one resource type's lines, splitting files and mixing in recorded bad lines."""

    def __init__(
        self, folder: Path, kind: str, split: int, zipped: bool, bad_every: int, rng: random.Random
    ) -> None:
        self.folder, self.kind, self.split, self.zipped = folder, kind, split, zipped
        self.bad_every, self.rng = bad_every, rng
        self.files: list[str] = []
        self.bad: list[dict[str, Any]] = []
        self.count = 0
        self.handle: IO[str] | None = None
        self.line = 0

    def _open(self) -> IO[str]:
        if self.handle is None or (self.split and self.line >= self.split):
            self.close()
            suffix = ".ndjson.gz" if self.zipped else ".ndjson"
            name = (
                f"{self.kind}.{len(self.files):03d}{suffix}"
                if self.split
                else f"{self.kind}{suffix}"
            )
            path = self.folder / name
            self.handle = (
                gzip.open(path, "wt", encoding="utf-8")
                if self.zipped
                else path.open("w", encoding="utf-8", buffering=1 << 20)
            )
            self.files.append(name)
            self.line = 0
            self.handle.write("\n")  # a blank line, which is not a bad line
            self.line += 1
        return self.handle

    def write(self, text: str) -> None:
        handle = self._open()
        if self.bad_every and self.count % self.bad_every == self.bad_every // 2:
            handle.write(self.rng.choice(BAD_LINES) + "\n")
            self.line += 1
            self.bad.append({"file": self.files[-1], "line": self.line})
        handle.write(text)
        self.line += 1
        self.count += 1

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def synthesize(
    folder: Path | str,
    *,
    patients: int,
    seed: int = 1,
    as_of: date | None = None,
    background: int = 30,
    lines_per_file: int = 1_000_000,
    zipped: bool = False,
    bad_lines: bool = True,
    rates: Rates | None = None,
) -> SynthResult:
    """Write a synthetic export of `patients` people to `folder` (see the module docstring)."""
    if patients < 1:
        raise ScreeningError("--patients", "must be at least 1")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.glob("*.ndjson*")):
        raise ScreeningError(str(out), "already holds NDJSON files; give an empty or new folder")
    day = as_of or date.today()
    kb, interop, screening = load_knowledge(), load_interop_codes(), load_screening_codes()
    rng = random.Random(seed)
    maker = PersonMaker(kb, interop, screening, day, rates or Rates(), rng)
    people = [maker.person() for _ in range(patients)]
    loinc = {test.id: test.loinc[0] for test in kb.tests.values() if test.loinc}
    layout = (lines_per_file, zipped, bad_lines)
    writers = _write(out, people, day, background, layout, loinc, rng)
    truth = _truth(people, kb, screening, day, seed, writers)
    (out / TRUTH_FILE).write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    _manifest(out, writers)
    return SynthResult(
        out,
        patients,
        len(truth["rows"]),
        writers["Observation"].count,
        {kind: writer.files for kind, writer in writers.items()},
    )


def _write(
    out: Path,
    people: list[Person],
    day: date,
    background: int,
    layout: tuple[int, bool, bool],
    loinc: dict[str, str],
    rng: random.Random,
) -> dict[str, _Writer]:
    split, zipped, bad = layout

    def writer(kind: str, bad_every: int, lines: int = 0) -> _Writer:
        return _Writer(
            out, kind, lines, zipped, bad_every if bad else 0, random.Random(rng.random())
        )

    writers = {
        "Patient": writer("Patient", 0),
        "Condition": writer("Condition", 97),
        "Observation": writer("Observation", 997, split),
        "MedicationRequest": writer("MedicationRequest", 151),
    }
    for person in people:
        writers["Patient"].write(fhir.patient(person))
        for cond in person.conditions:
            writers["Condition"].write(fhir.condition(person, cond, uuid(rng)))
        for lab in person.labs:
            writers["Observation"].write(
                fhir.observation(person, lab, uuid(rng), rng.random() < 0.2, loinc[lab.test])
            )
        for line in fhir.background(person.id, background, day, rng):
            writers["Observation"].write(line)
        for med in person.meds:
            writers["MedicationRequest"].write(fhir.medication_request(person, med, uuid(rng)))
    # An RLS record of a patient the export does not hold: counted, never screened.
    orphan = _orphan(people, rng)
    writers["Condition"].write(orphan)
    for item in writers.values():
        item.close()
    return writers


def _orphan(people: list[Person], rng: random.Random) -> str:
    template = next((c for p in people for c in p.conditions if c.kind == "rls" and c.counts), None)
    person = Person("not-in-the-export", "female", date(1970, 1, 1), None, (), (), ())
    if template is None:
        return "\n"
    return fhir.condition(person, template, uuid(rng))


def _truth(
    people: list[Person], kb: Any, screening: Any, day: date, seed: int, writers: dict[str, _Writer]
) -> dict[str, Any]:
    rows, profiles = [], {}
    screened = [p for p in people if p.deceased is None]
    for person in screened:
        if any(c.kind == "rls" and c.counts for c in person.conditions):
            profiles[person.id], row = expected_row(person, kb, screening, day)
            rows.append(row)
    rows.sort(key=lambda row: row["patient_id"])
    not_screened = sum(
        1 for p in people if p.deceased and any(c.kind == "rls" and c.counts for c in p.conditions)
    )
    orphans = 1 if any(c.kind == "rls" and c.counts for p in people for c in p.conditions) else 0
    skipped = skipped_counts(people)
    return {
        "schema": TRUTH_SCHEMA,
        "as_of": day.isoformat(),
        "seed": seed,
        "summary": {
            "patients": {
                "in_export": len(people),
                "screened": len(screened),
                "with_rls": len(rows),
                "rls_not_screened": not_screened + orphans,
            },
            "skipped_results": [
                {"test": t, "reason": r, "results": n} for (t, r), n in sorted(skipped.items())
            ],
            "derived_tsat_over_100": current_over_pairs(people, kb, day),
            "bad_lines": sorted(
                (b for w in writers.values() for b in w.bad), key=lambda b: (b["file"], b["line"])
            ),
        },
        "rows": rows,
        "profiles": profiles,
    }


def _manifest(out: Path, writers: dict[str, _Writer]) -> None:
    output = [
        {"type": kind, "url": name} for kind, writer in writers.items() for name in writer.files
    ]
    manifest = {
        "transactionTime": "synthetic",
        "request": "ekbom synth bulk",
        "requiresAccessToken": False,
        "output": output,
        "error": [],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
