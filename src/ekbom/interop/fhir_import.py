"""FHIR R4 -> profile: `import_fhir(resources, as_of=…)` builds one profile per Patient.

What is read (spec assessment-v1 §1; the codes are in labs.yaml and fhir_codes.yaml):
Patient (age at `as_of` from birthDate, sex from gender), Observations with the LOINC codes of
the lab tests, Conditions by SNOMED CT or ICD-10-CM code, active MedicationRequests and
MedicationStatements (supplement products become `supplements`, everything else `medications`),
and ekbom's own profile-fact Observations (symptoms, habits, diet). Anything ekbom cannot use is
listed as a `Note`, never an error: the import of a real record always finishes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from ekbom.errors import FhirError, Problem
from ekbom.interop import import_parts as parts
from ekbom.interop.codings import Vocabulary, vocabulary
from ekbom.interop.import_notes import Note, day_of
from ekbom.interop.resources import RawResource, validate
from ekbom.profile import TOP_KEYS

CLINICAL_TYPES = ("Observation", "Condition", "MedicationRequest", "MedicationStatement")
READ_ALONGSIDE = ("Patient", "Medication")  # read, but not as a patient's clinical resources
# Profile keys in the order profiles are written; `limits` is a setting, not a FHIR fact.
PROFILE_ORDER = tuple(key for key in TOP_KEYS if key != "limits")

__all__ = ["FhirImport", "ImportedProfile", "Note", "import_fhir"]


class ImportedProfile(NamedTuple):
    """One Patient's profile (a mapping ready for `ekbom.assess`) and the notes about it."""

    patient_id: str | None
    profile: dict[str, Any]
    notes: tuple[Note, ...]
    patient: Mapping[str, Any] | None = None  # the Patient resource as read


class FhirImport(NamedTuple):
    """Every Patient's profile, and notes about the input as a whole."""

    profiles: tuple[ImportedProfile, ...]
    notes: tuple[Note, ...]

    def only(self, source: str, patient_id: str | None = None) -> ImportedProfile:
        """The one profile asked for; FhirError when there is none or the choice is unclear."""
        ids = ", ".join(str(p.patient_id) for p in self.profiles)
        if patient_id is not None:
            found = [p for p in self.profiles if p.patient_id == patient_id]
            problem = f"no Patient '{patient_id}' (ids: {ids or 'none'})"
        else:
            found = list(self.profiles)
            problem = (
                f"{len(found)} patients ({ids}); choose one with --patient"
                if found
                else "there is no Patient resource; ekbom needs one for age and sex"
            )
        if len(found) == 1:
            return found[0]
        raise FhirError(source, [Problem("Patient", problem)])


def import_fhir(
    resources: Sequence[RawResource], *, as_of: date, vocab: Vocabulary | None = None
) -> FhirImport:
    """Build one profile per Patient in `resources` (assessed as of `as_of`)."""
    vocab = vocab or vocabulary()
    notes: list[Note] = []
    patients = [r for r in resources if r.type == "Patient"]
    groups: list[list[RawResource]] = [[] for _ in patients]
    keys = {key: i for i, patient in enumerate(patients) for key in _patient_keys(patient)}
    ignored = 0
    for resource in resources:
        if resource.type not in CLINICAL_TYPES:
            ignored += resource.type not in READ_ALONGSIDE
            continue
        index = _owner(resource, keys, len(patients))
        if index is None:
            notes.append(Note(resource.label, "belongs to no Patient in the input; skipped"))
        else:
            groups[index].append(resource)
    if ignored:
        notes.append(
            Note("input", f"{ignored} resources of types ekbom does not read were left out")
        )
    medications = _medications_by_reference(resources)
    profiles = tuple(
        _build(patient, group, as_of, vocab, medications)
        for patient, group in zip(patients, groups, strict=True)
    )
    return FhirImport(profiles, tuple(notes))


def _patient_keys(patient: RawResource) -> list[str]:
    ident = patient.data.get("id")
    keys = [f"Patient/{ident}", f"urn:uuid:{ident}"] if ident else []
    return [*keys, patient.full_url] if patient.full_url else keys


def _owner(resource: RawResource, keys: dict[str, int], count: int) -> int | None:
    """Which patient a resource is about: its subject reference, or the only patient there is."""
    subject = resource.data.get("subject") or resource.data.get("patient") or {}
    reference = subject.get("reference") if isinstance(subject, dict) else None
    if isinstance(reference, str):
        if reference in keys:
            return keys[reference]
        tail = "Patient/" + reference.rsplit("/Patient/", 1)[-1] if "/Patient/" in reference else ""
        if tail in keys:
            return keys[tail]
    return 0 if count == 1 else None


def _medications_by_reference(resources: Sequence[RawResource]) -> dict[str, RawResource]:
    found: dict[str, RawResource] = {}
    for resource in resources:
        if resource.type == "Medication":
            if resource.data.get("id"):
                found[f"Medication/{resource.data['id']}"] = resource
            if resource.full_url:
                found[resource.full_url] = resource
    return found


def _build(
    patient: RawResource,
    group: list[RawResource],
    as_of: date,
    vocab: Vocabulary,
    medications: dict[str, RawResource],
) -> ImportedProfile:
    notes: list[Note] = []
    profile: dict[str, Any] = {"as_of": as_of.isoformat()}
    profile.update(_person(patient, as_of, notes))
    reader = parts.PartReader(vocab, as_of, notes, medications)
    for resource in group:
        reader.read(resource)
    profile.update(reader.profile_keys(profile.get("sex")))
    ordered = {key: profile[key] for key in PROFILE_ORDER if key in profile}
    return ImportedProfile(patient.data.get("id"), ordered, tuple(notes), patient.data)


def _person(patient: RawResource, as_of: date, notes: list[Note]) -> dict[str, Any]:
    """Age and sex from the Patient resource (notes when either cannot be used)."""
    try:
        model = validate(patient)
    except FhirError as exc:
        notes.append(
            Note(patient.label, f"is not valid FHIR R4 ({exc.problems[0]}); no age or sex")
        )
        return {}
    result: dict[str, Any] = {}
    if model.gender in ("female", "male"):
        result["sex"] = model.gender
    else:
        notes.append(
            Note(patient.label, f"gender is {model.gender or 'not given'}; set sex in the profile")
        )
    age = _age(model.birthDate, as_of, patient.label, notes)
    if age is not None:
        result["age"] = age
    if model.deceasedBoolean or model.deceasedDateTime:
        notes.append(Note(patient.label, "the record says this patient has died"))
    return result


def _age(birth: Any, as_of: date, label: str, notes: list[Note]) -> int | None:
    born = day_of(birth)
    if born is None and isinstance(birth, str):
        born = date.fromisoformat((birth + "-01-01")[:10] if len(birth) == 4 else birth + "-01")
        notes.append(Note(label, f"birth date {birth} is not a full date; age counted from {born}"))
    if born is None:
        notes.append(Note(label, "has no birth date; set age in the profile"))
        return None
    years = as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))
    if not 0 <= years <= 120:
        notes.append(
            Note(label, f"birth date {born} gives age {years} on {as_of}; set age in the profile")
        )
        return None
    return years
