"""The records of ekbom.interop's codes and wording (fhir_codes.yaml and cds_hooks.yaml), and the
ICD-10-CM matching they are used with. Plain data; `ekbom.knowledge.interop_codes` loads them."""

from __future__ import annotations

from typing import NamedTuple

from ekbom.knowledge.cds_hooks_reader import CdsService, Prefetch

SYSTEMS = (
    "loinc",
    "snomed",
    "icd10cm",
    "ucum",
    "rxnorm",
    "ekbom",
    "condition_clinical",
    "condition_verification",
    "observation_category",
)
FACTS = ("pregnant", "postmenopausal")
DOSE_UNITS = ("mg", "ug", "g", "IU")
FACT_VALUES = ("boolean", "integer", "quantity", "code")


class ConditionCodes(NamedTuple):
    """Codes that stand for one or more condition ids."""

    ids: tuple[str, ...]
    snomed: tuple[str, ...]
    icd10cm: tuple[str, ...]  # upper case as written; a trailing * also matches codes below
    within_days: int | None = None


class FactCodes(NamedTuple):
    """Codes that set a profile flag (pregnant, postmenopausal)."""

    fact: str
    snomed: tuple[str, ...]
    icd10cm: tuple[str, ...]
    trimester_last_digit: bool = False
    export_prefix: str | None = None
    not_icd10cm: tuple[str, ...] = ()  # covered by `icd10cm` but not setting the fact


class FactObservation(NamedTuple):
    """An Observation whose coded answer sets a profile flag (LOINC 82810-3 pregnancy status)."""

    fact: str
    loinc: str
    values: dict[str, bool]  # SNOMED CT answer code -> the flag's value
    within_days: int  # an older result no longer counts


class SupplementIngredient(NamedTuple):
    name: str  # lower-case words joined by single spaces, as medication_words() gives them
    nutrient: str
    fraction: float


class ProfileFact(NamedTuple):
    """A profile key written as an Observation in ekbom's own profile-fact code system."""

    key: str  # path in the profile: "diet", "symptoms.irls_score"
    value: str  # boolean, integer, quantity or code
    unit: str | None = None  # UCUM unit of a quantity


class RecordStatus(NamedTuple):
    """Which FHIR records count (fhir_codes.yaml `record_status`): for the import and the screen."""

    observation_used: tuple[str, ...]
    condition_active: tuple[str, ...]
    condition_not_counted: tuple[str, ...]
    medication_active: tuple[str, ...]
    medication_intents: tuple[str, ...]


class InteropCodes(NamedTuple):
    """Everything in fhir_codes.yaml and cds_hooks.yaml, checked."""

    systems: dict[str, str]
    units: dict[str, dict[str, str]]
    conditions: tuple[ConditionCodes, ...]
    facts: tuple[FactCodes, ...]
    supplements: tuple[SupplementIngredient, ...]  # longest name first
    dose_units: dict[str, str]  # upper-cased spelling -> mg, ug, g or IU
    export_codes: dict[str, tuple[str, str]]  # condition id -> (system name, code)
    profile_facts: dict[str, ProfileFact]
    record_status: RecordStatus
    source: dict[str, str]
    prefetch: tuple[Prefetch, ...]
    services: tuple[CdsService, ...]
    red_flag_titles: dict[str, str]
    order_texts: dict[str, str]
    order_nutrients: tuple[str, ...]
    fact_observations: tuple[FactObservation, ...] = ()


def normalise_icd(code: str) -> str:
    """'e83.110' -> 'E83110': ICD-10-CM codes compare without dots and case."""
    return code.replace(".", "").strip().upper()


def icd_matches(pattern: str, code: str) -> bool:
    """ICD-10-CM match ignoring dots and case; `K50*` matches K50 and every code below it."""
    wanted = normalise_icd(pattern.rstrip("*"))
    given = normalise_icd(code)
    return given.startswith(wanted) if pattern.endswith("*") else given == wanted
