"""Synthetic people for `ekbom synth bulk`: who they are, what they have, take and were tested for.

Each person is plain data (named tuples) that knows the truth about itself: which of its
conditions count on the screening day, which lab results a screen must use or skip (and why), and
which medicines are active. synth_fhir.py writes them as FHIR resources; synth_truth.py turns the
truth into an engine profile and the expected screen output.

Codes come from the knowledge (screening.yaml, fhir_codes.yaml, labs.yaml) so that the export
exercises exactly the tables the screen reads; an ICD-10-CM prefix such as `K50*` is written as a
code below it (`K50.9`).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import NamedTuple

from ekbom.knowledge.interop_codes import InteropCodes, icd_matches
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.screening_codes import ScreeningCodes

FERRITIN_EDGES = (
    44.5,
    45,
    49.5,
    50,
    74.5,
    75,
    75.4,
    75.5,
    100,
    100.4,
    100.5,
    199.5,
    200,
    300,
    300.4,
    300.5,
)
TSAT_EDGES = (19.4, 19.5, 20, 44.4, 44.5, 44.6, 45)
CRP_EDGES = (10, 10.04, 10.05, 10.1)
UNITS = {
    "ferritin": (
        ("ng/mL", "ng/mL", 1.0),
        ("ug/L", "ug/L", 1.0),
        ("µg/L", "ug/L", 1.0),
        ("ng/ml", None, 1.0),
    ),
    "tsat": (("%", "%", 1.0),),
    "serum_iron": (("ug/dL", "ug/dL", 1.0), ("µmol/L", "umol/L", 5.585)),
    "tibc": (("ug/dL", "ug/dL", 1.0), ("µmol/L", "umol/L", 5.585)),
    "crp": (("mg/L", "mg/L", 1.0), ("mg/dL", "mg/dL", 10.0)),
}
BAD_VALUES = {  # a skipped result per reason: (unit text, unit code, reported value)
    "unit": ("mg", "mg", 40.0),
    "implausible": ("ng/mL", "ng/mL", 250000.0),
}
BACKGROUND_CONDITIONS = (
    ("38341003", "Hypertension"),
    ("44054006", "Diabetes mellitus type 2"),
    ("195967001", "Asthma"),
    ("40055000", "Chronic sinusitis"),
)


class Cond(NamedTuple):
    kind: str  # "rls", a condition id, "pregnant", or "other"
    system: str  # "snomed" | "icd10cm"
    code: str
    onset: date | None
    clinical: str | None
    abatement: date | None
    verification: str
    counts: bool  # counts on the screening day


class Lab(NamedTuple):
    test: str
    value: float | None  # as reported
    unit_text: str | None
    unit_code: str | None
    day: date | None
    time: str
    status: str
    skip: str | None  # why a screen must not use it (None: it is usable)


class Med(NamedTuple):
    text: str | None
    display: str | None
    status: str
    intent: str
    authored: date
    kind: str  # "trigger" | "agonist" | "iron" | "other"
    counts: bool  # active on the screening day


class Person(NamedTuple):
    id: str
    sex: str
    birth: date
    deceased: date | None
    conditions: tuple[Cond, ...]
    labs: tuple[Lab, ...]
    meds: tuple[Med, ...]


MEDICINES = {
    "trigger": (
        "sertraline 50 MG Oral Tablet",
        "Zoloft 50 MG Oral Tablet",
        "diphenhydramine hydrochloride 25 MG Oral Capsule",
        "Acetaminophen 21.7 MG/ML / Dextromethorphan Hydrobromide 1 MG/ML / doxylamine "
        "succinate 0.417 MG/ML Oral Solution",
        "metoclopramide 10 MG Oral Tablet",
        "quetiapine 25 MG Oral Tablet",
        "Lithium Carbonate 300 MG Oral Capsule",
        "mirtazapine 15 MG Oral Tablet",
        "Benadryl 25 MG Oral Capsule",
    ),
    "agonist": (
        "pramipexole dihydrochloride 0.25 MG Oral Tablet",
        "ropinirole 0.5 MG Oral Tablet",
        "rotigotine 2 MG/24HR Transdermal System",
    ),
    "iron": (
        "ferrous sulfate 325 MG Oral Tablet",
        "Ferrous Fumarate 324 MG Oral Tablet",
        "Iron Sucrose 20 MG/ML Injectable Solution",
        "Venofer 20 MG/ML Injection",
        "ferric carboxymaltose 50 MG/ML Injectable Solution",
        "Slow Fe 142 MG Oral Tablet",
    ),
    "other": (
        "lisinopril 10 MG Oral Tablet",
        "atorvastatin 20 MG Oral Tablet",
        "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet",
        "Acetaminophen 325 MG Oral Tablet",
        "amlodipine 5 MG Oral Tablet",
        "bupropion hydrochloride 150 MG Extended Release Oral Tablet",
        "gabapentin 300 MG Oral Capsule",
        "Hydrocodone Bitartrate 10 MG Oral Tablet",
    ),
}


class Rates(NamedTuple):
    """How common each feature is (shares of the people it can apply to)."""

    rls_adult: float = 0.08
    rls_child: float = 0.02
    child: float = 0.2
    deceased: float = 0.03


def uuid(rng: random.Random) -> str:
    text = f"{rng.getrandbits(128):032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _below(code: str, rng: random.Random) -> str:
    """A code written for a table entry: an ICD-10-CM prefix `K50*` becomes `K50.9`."""
    if not code.endswith("*"):
        return code
    base = code[:-1]
    return base + str(rng.randint(0, 9)) if "." in base else f"{base}.{rng.randint(0, 9)}"


class PersonMaker:
    """Makes random people against the screening day `as_of`, with codes from the knowledge."""

    def __init__(
        self,
        kb: Knowledge,
        interop: InteropCodes,
        screening: ScreeningCodes,
        as_of: date,
        rates: Rates,
        rng: random.Random,
    ) -> None:
        self.kb, self.as_of, self.rates, self.rng = kb, as_of, rates, rng
        self.codes: dict[str, list[tuple[str, str]]] = {
            "rls": [("snomed", c) for c in screening.rls_snomed]
            + [("icd10cm", c) for c in screening.rls_icd10cm]
        }
        for entry in interop.conditions:
            if len(entry.ids) == 1:
                pairs = [("snomed", c) for c in entry.snomed] + [
                    ("icd10cm", c) for c in entry.icd10cm
                ]
                self.codes.setdefault(entry.ids[0], []).extend(pairs)
        self.excluded: dict[str, list[str]] = {}  # codes a fact's patterns cover but do not set
        for fact in interop.facts:
            pairs = [("snomed", c) for c in fact.snomed] + [("icd10cm", c) for c in fact.icd10cm]
            self.codes.setdefault(fact.fact, []).extend(pairs)
            self.excluded.setdefault(fact.fact, []).extend(fact.not_icd10cm)

    def days_ago(self, low: int, high: int) -> date:
        return self.as_of - timedelta(days=self.rng.randint(low, high))

    def person(self) -> Person:
        rng, rates = self.rng, self.rates
        child = rng.random() < rates.child
        age = rng.randint(2, 17) if child else rng.randint(18, 90)
        birth = self.as_of - timedelta(days=age * 365 + rng.randint(6, 360))
        sex = rng.choice(("female", "male"))
        deceased = self.days_ago(1, 2000) if rng.random() < rates.deceased else None
        rls = rng.random() < (rates.rls_child if child else rates.rls_adult)
        conditions = self.conditions(rls, sex, age)
        labs = self.iron_labs(rls) if rls or rng.random() < 0.1 else []
        meds = self.medicines(rls)
        return Person(uuid(rng), sex, birth, deceased, tuple(conditions), tuple(labs), tuple(meds))

    def cond(self, kind: str, onset: date | None = None, variant: str = "active") -> Cond:
        """A condition record; `variant` says whether (and why not) it counts on the day."""
        system, code = self.rng.choice(self.codes[kind]) if kind in self.codes else ("snomed", kind)
        written = _below(code, self.rng)
        while any(icd_matches(pattern, written) for pattern in self.excluded.get(kind, ())):
            written = _below(code, self.rng)
        onset = onset or self.days_ago(30, 3000)
        ended = self.days_ago(1, 20)
        later = self.as_of + timedelta(days=self.rng.randint(1, 60))
        variants = {  # clinical status, abatement, verification, onset, counts
            "active": ("active", None, "confirmed", onset, True),
            "ended_later": ("resolved", later, "confirmed", onset, True),  # resolved after the day
            "resolved": ("resolved", ended, "confirmed", onset, False),
            "ended": ("active", ended, "confirmed", onset, False),  # an abatement date ends it
            "error": ("active", None, "entered-in-error", onset, False),
            "later": ("active", None, "confirmed", later, False),  # begins after the day
        }
        clinical, abatement, verification, begun, counts = variants[variant]
        return Cond(kind, system, written, begun, clinical, abatement, verification, counts)

    def conditions(self, rls: bool, sex: str, age: int) -> list[Cond]:
        rng = self.rng
        found = [
            self.cond(code, variant="active")._replace(kind="other")
            for code, _ in rng.sample(BACKGROUND_CONDITIONS, rng.randint(0, 2))
        ]
        if rls:
            found.append(
                self.cond("rls", variant=rng.choices(("active", "ended_later"), (9, 1))[0])
            )
        elif rng.random() < 0.05:  # an RLS record that does not count
            variant = rng.choice(("resolved", "ended", "error", "later"))
            found.append(self.cond("rls", variant=variant))
        if not rls and rng.random() > 0.2:
            return found
        for kind, share in (
            ("dialysis", 0.06),
            ("hemochromatosis", 0.02),
            ("inflammatory_disease", 0.06),
            ("ckd", 0.05),
        ):
            if rng.random() < share:
                found.append(self.cond(kind))
        if rng.random() < 0.08:
            recent = rng.random() < 0.5
            onset = self.days_ago(0, 28) if recent else self.days_ago(29, 200)
            found.append(
                self.cond("recent_infection", onset)._replace(clinical="resolved", counts=recent)
            )
        if sex == "female" and 18 <= age <= 45 and rng.random() < 0.15:
            found.append(self.cond("pregnant", self.days_ago(10, 200)))
        return found

    def lab(self, test: str, value: float, day: date | None, *, skip: str | None = None) -> Lab:
        rng = self.rng
        text, code, factor = rng.choice(UNITS[test])
        reported = round(value / factor, 2) if factor != 1.0 else value
        if skip in BAD_VALUES:
            text, code, reported = BAD_VALUES[skip]
        time = f"{rng.randint(6, 18):02d}:{rng.choice(('00', '15', '30', '45'))}:00Z"
        status = (
            "entered-in-error" if skip == "status" else rng.choice(("final", "final", "amended"))
        )
        value_out = None if skip == "no_value" else reported
        return Lab(test, value_out, text, code, day, time, status, skip)

    def _value(self, test: str, dialysis_like: bool = False) -> float:
        rng = self.rng
        if test == "ferritin":
            if rng.random() < 0.12:
                return float(rng.choice(FERRITIN_EDGES))
            return round(min(rng.lognormvariate(4.3 if not dialysis_like else 5.8, 0.8), 5000.0), 1)
        if test == "tsat":
            if rng.random() < 0.15:
                return float(rng.choice(TSAT_EDGES))
            return round(min(max(rng.gauss(24, 10), 3.0), 90.0), 1)
        if test == "crp":
            return (
                float(rng.choice(CRP_EDGES))
                if rng.random() < 0.2
                else round(rng.lognormvariate(1.0, 1.2), 1)
            )
        return round(min(max(rng.gauss(80, 30), 15.0), 200.0))

    def iron_labs(self, rls: bool) -> list[Lab]:
        rng = self.rng
        scenario = rng.choices(
            ("current", "ferritin_only", "stale", "none", "after"), (55, 10, 10, 20, 5)
        )[0]
        if scenario == "none":
            return []
        if scenario == "after":
            later = self.as_of + timedelta(days=rng.randint(1, 30))
            return [self.lab("ferritin", self._value("ferritin"), later, skip="after_as_of")]
        # Now and then exactly on the edge of the 365-day window (in) or one day past it (out).
        edge = rng.random() < 0.08
        if scenario == "stale":
            when = self.days_ago(366, 366) if edge else self.days_ago(366, 900)
        else:
            when = self.days_ago(365, 365) if edge else self.days_ago(0, 365)
        undated = scenario == "current" and rng.random() < 0.03
        labs = [
            self.lab(
                "ferritin", self._value("ferritin", rng.random() < 0.1), None if undated else when
            )
        ]
        if rng.random() < 0.05:  # a second result the same day, later in the day
            labs.append(
                self.lab("ferritin", self._value("ferritin"), when)._replace(time="23:59:00Z")
            )
        if rng.random() < 0.3:
            labs.append(
                self.lab(
                    "ferritin", self._value("ferritin"), when - timedelta(days=rng.randint(30, 400))
                )
            )
        if scenario != "ferritin_only":
            labs += self.saturation(when)
        if rng.random() < 0.25:
            labs.append(self.lab("crp", self._value("crp"), when))
        if rng.random() < 0.06:
            reason = rng.choice(("unit", "implausible", "status", "no_value"))
            labs.append(
                self.lab("ferritin", self._value("ferritin"), self.days_ago(0, 100), skip=reason)
            )
        return labs

    def saturation(self, when: date) -> list[Lab]:
        """A TSAT, or a serum iron + TIBC pair of one day, or (rarely) both."""
        rng = self.rng
        choice = rng.choices(("tsat", "pair", "both", "over"), (75, 17, 6, 2))[0]
        labs = []
        if choice in ("tsat", "both"):
            labs.append(self.lab("tsat", self._value("tsat"), when))
        if choice in ("pair", "both"):
            tibc = float(rng.randint(220, 480))
            iron = float(min(self._value("serum_iron"), tibc - 5))
            labs += [self.lab("serum_iron", iron, when), self.lab("tibc", tibc, when)]
        if choice == "over":  # iron above TIBC: the derived TSAT would be over 100
            tibc = float(rng.randint(100, 150))
            labs += [self.lab("serum_iron", tibc + 40, when), self.lab("tibc", tibc, when)]
        return labs

    def med(self, kind: str, *, active: bool = True) -> Med:
        rng = self.rng
        name = rng.choice(MEDICINES[kind])
        text, display = rng.choice(((name, name), (None, name), (name, None)))
        authored = self.days_ago(1, 700)
        if active and rng.random() < 0.04:  # active but not counted
            variant = rng.choice(("proposal", "later"))
            if variant == "proposal":
                return Med(text, display, "active", "proposal", authored, kind, False)
            later = self.as_of + timedelta(days=rng.randint(1, 30))
            return Med(text, display, "active", "order", later, kind, False)
        status = "active" if active else rng.choice(("stopped", "completed"))
        return Med(text, display, status, "order", authored, kind, active)

    def medicines(self, rls: bool) -> list[Med]:
        rng = self.rng
        meds = [self.med("other", active=rng.random() < 0.6) for _ in range(rng.randint(0, 3))]
        for kind, share in (("trigger", 0.15), ("agonist", 0.12), ("iron", 0.15)):
            if rng.random() < (share if rls else share / 3):
                meds.append(self.med(kind))
            if rng.random() < 0.05:
                meds.append(self.med(kind, active=False))
        return meds
