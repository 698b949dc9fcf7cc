"""The pieces of a profile read from one patient's clinical resources (see fhir_import)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ekbom.engine.medications import match_medication
from ekbom.errors import FhirError
from ekbom.interop.codings import Vocabulary
from ekbom.interop.import_notes import Note, day_of, describe, first_code
from ekbom.interop.resources import RawResource, validate
from ekbom.interop.supplements import Part, intake_of, product_parts, tidy
from ekbom.knowledge.interop_codes import FactObservation, SupplementIngredient
from ekbom.knowledge.units import match_unit


class PartReader:
    """Reads one patient's resources into the profile keys they give (and notes)."""

    def __init__(
        self,
        vocab: Vocabulary,
        as_of: date,
        notes: list[Note],
        medications: dict[str, RawResource],
    ) -> None:
        self.vocab = vocab
        self.as_of = as_of
        self.notes = notes
        self.medication_resources = medications
        self.labs: list[dict[str, Any]] = []
        self.conditions: list[str] = []
        self.facts: dict[str, Any] = {}
        self.medications: list[str] = []
        self.supplements: list[dict[str, Any]] = []
        self.skipped_observations = 0
        self.fact_answers: list[tuple[date, str, bool, str]] = []  # (day, fact, value, label)

    def note(self, where: str, message: str) -> None:
        self.notes.append(Note(where, message))

    def read(self, resource: RawResource) -> None:
        if not self._wanted(resource):
            return
        try:
            model = validate(resource)
        except FhirError as exc:
            self.note(resource.label, f"is not valid FHIR R4 ({exc.problems[0]}); skipped")
            return
        if resource.type == "Observation":
            self._observation(resource.label, model)
        elif resource.type == "Condition":
            self._condition(resource.label, model)
        else:
            self._medication(resource.label, model)

    def _wanted(self, resource: RawResource) -> bool:
        """Cheap checks on the raw JSON, so that only resources ekbom reads are validated."""
        data = resource.data
        if resource.type == "Observation":
            codings = (data.get("code") or {}).get("coding") or []
            fact = self.vocab.system("profile-fact")
            wanted = any(
                isinstance(c, dict)
                and (
                    (c.get("system"), c.get("code")) in self.vocab.labs
                    or c.get("system") == fact
                    or self.vocab.fact_observation(c.get("system"), c.get("code")) is not None
                )
                for c in codings
            )
            self.skipped_observations += not wanted
            return wanted
        if resource.type in ("MedicationRequest", "MedicationStatement"):
            status = self.vocab.codes.record_status
            if resource.type == "MedicationRequest" and data.get("intent") not in (
                status.medication_intents
            ):
                return False  # a proposal is not a medicine taken now
            return data.get("status") in status.medication_active
        return True

    # -- observations ------------------------------------------------------------------------

    def _observation(self, label: str, model: Any) -> None:
        for coding in model.code.coding or []:
            test_id = self.vocab.labs.get((coding.system, coding.code))
            if test_id is not None:
                self._lab(label, model, test_id)
                return
            if coding.system == self.vocab.system("profile-fact"):
                self._fact(label, model, coding.code)
                return
            answers = self.vocab.fact_observation(coding.system, coding.code)
            if answers is not None:
                self._fact_answer(label, model, answers)
                return

    def _lab(self, label: str, model: Any, test_id: str) -> None:
        test = self.vocab.kb.tests[test_id]
        if model.status not in self.vocab.codes.record_status.observation_used:
            self.note(label, f"{test_id} result has status '{model.status}'; skipped")
            return
        quantity = model.valueQuantity
        if quantity is None or quantity.value is None:
            self.note(label, f"{test_id} result has no numeric value; skipped")
            return
        written = (
            quantity.code
            if quantity.system == self.vocab.system("ucum") and quantity.code
            else quantity.unit
        )
        spelling = self.vocab.codes.units.get(test_id, {}).get(str(written), str(written))
        unit = match_unit(spelling, test.units) if written else None
        if unit is None:
            self.note(
                label,
                f"unit '{written}' is not one ekbom reads for {test_id} "
                f"({', '.join(test.units)}); skipped",
            )
            return
        value = float(quantity.value)
        low, high = test.plausible
        if not low <= value * test.units[unit] <= high:
            self.note(
                label, f"{test_id} {value:g} {written} is outside the possible range; skipped"
            )
            return
        if quantity.comparator:
            self.note(label, f"{test_id} is '{quantity.comparator} {value:g}'; read as {value:g}")
        when = self._effective(label, model)
        if when is not None and when > self.as_of:
            self.note(label, f"{test_id} result is dated {when}, after {self.as_of}; skipped")
            return
        entry: dict[str, Any] = {"test": test_id, "value": tidy(value), "unit": unit}
        if when is not None:
            entry["date"] = when.isoformat()
        self.labs.append(entry)

    def _effective(self, label: str, model: Any) -> date | None:
        period = model.effectivePeriod
        raw = (
            model.effectiveDateTime or model.effectiveInstant or (period.start if period else None)
        )
        raw = raw or model.issued
        when = day_of(raw)
        if raw is not None and when is None:
            self.note(label, f"date '{raw}' is not a full day; read as undated (current)")
        return when

    def _fact(self, label: str, model: Any, key: str) -> None:
        fact = self.vocab.codes.profile_facts.get(key)
        if fact is None:
            self.note(label, f"'{key}' is not a profile fact ekbom knows; skipped")
            return
        if fact.value == "boolean":
            value: Any = model.valueBoolean
        elif fact.value == "integer":
            value = model.valueInteger
        elif fact.value == "quantity":
            value = tidy(float(model.valueQuantity.value)) if model.valueQuantity else None
        else:
            value = first_code(model.valueCodeableConcept)
        if value is None:
            self.note(label, f"'{key}' has no {fact.value} value; skipped")
            return
        self.facts[key] = value

    def _fact_answer(self, label: str, model: Any, answers: FactObservation) -> None:
        """A coded answer that sets a flag (pregnancy status: pregnant / not pregnant)."""
        if model.status not in self.vocab.codes.record_status.observation_used:
            self.note(label, f"{answers.fact} status has status '{model.status}'; skipped")
            return
        snomed = self.vocab.system("snomed")
        concept = model.valueCodeableConcept
        value = next(
            (
                answers.values[str(c.code)]
                for c in (concept.coding or [] if concept is not None else [])
                if c.system == snomed and str(c.code) in answers.values
            ),
            None,
        )
        if value is None:
            self.note(label, f"{answers.fact} status answer {describe(concept)} sets nothing")
            return
        when = self._effective(label, model)
        if when is not None and when > self.as_of:
            self.note(label, f"{answers.fact} status is dated {when}, after {self.as_of}; skipped")
            return
        if when is not None and (self.as_of - when).days > answers.within_days:
            self.note(
                label,
                f"{answers.fact} status of {when} is more than {answers.within_days} days old; "
                "skipped",
            )
            return
        self.fact_answers.append((when or self.as_of, answers.fact, value, label))

    # -- conditions --------------------------------------------------------------------------

    def _condition(self, label: str, model: Any) -> None:
        status = self.vocab.codes.record_status
        if first_code(model.verificationStatus) in status.condition_not_counted:
            return
        clinical = first_code(model.clinicalStatus)
        active = clinical is None or clinical in status.condition_active
        period = model.onsetPeriod
        onset = day_of(
            model.onsetDateTime or (period.start if period else None) or model.recordedDate
        )
        known = False
        for coding in (model.code.coding or []) if model.code else []:
            for entry in self.vocab.conditions_for(coding.system, coding.code):
                known = True
                if self._counts(active, onset, entry.within_days):
                    self.conditions.extend(i for i in entry.ids if i not in self.conditions)
            for fact in self.vocab.facts_for(coding.system, coding.code):
                known = True
                if active:
                    self._set_fact(fact.fact, coding.code if fact.trimester_last_digit else None)
        if not known and active:
            self.note(label, f"condition {describe(model.code)} is not one ekbom uses")

    def _counts(self, active: bool, onset: date | None, within_days: int | None) -> bool:
        if within_days is None:
            return active
        if onset is None:
            return active
        return self.as_of - timedelta(days=within_days) <= onset <= self.as_of

    def _set_fact(self, fact: str, code: str | None) -> None:
        self.facts[fact] = True
        digit = code.strip()[-1:] if code else ""
        if fact == "pregnant" and digit in ("1", "2", "3"):
            self.facts["pregnancy_trimester"] = int(digit)

    # -- medicines and supplements -----------------------------------------------------------

    def _medication(self, label: str, model: Any) -> None:
        name, concept = self._medication_name(model)
        if not name:
            self.note(
                label, "names no medicine ekbom can read (no text, display or Medication); skipped"
            )
            return
        found = product_parts(name, self.vocab.codes)
        own = self._own_nutrient(concept)
        if own is not None:
            found = [Part(SupplementIngredient(own, own, 1.0), None, None)]
        if not found or self._names_a_medicine(name):
            self.medications.append(name)
            return
        dosages = (
            list(model.dosageInstruction or [])
            if hasattr(model, "dosageInstruction")
            else list(model.dosage or [])
        )
        intakes = [intake_of(part, dosages, self.vocab.codes) for part in found]
        if None in intakes:  # kept as a medicine, so that nothing in the record is lost
            self.medications.append(name)
            self.note(
                label,
                f"'{name}' is a supplement ({found[0].ingredient.nutrient}), but no daily amount "
                "could be worked out from its dosage; it is listed under medications: move it "
                "to supplements with its daily amount",
            )
            return
        self.supplements.extend(intake.to_dict() for intake in intakes if intake is not None)

    def _names_a_medicine(self, name: str) -> bool:
        """True when `name` holds an ingredient that is neither a nutrient medicine nor a
        supplement ingredient: "ferrous sulfate 325 MG Oral Tablet" and "Calcium 500 mg" are
        supplement products, "Acetaminophen / doxylamine" is a medicine."""
        kb = self.vocab.kb
        supplement_names = {s.name for s in self.vocab.codes.supplements}
        return any(
            kb.ingredients[ingredient].nutrient is None and ingredient not in supplement_names
            for ingredient in match_medication(name, kb).ingredients
        )

    def _medication_name(self, model: Any) -> tuple[str | None, Any]:
        concept = model.medicationCodeableConcept
        if concept is None and model.medicationReference is not None:
            reference = self.medication_resources.get(str(model.medicationReference.reference))
            try:
                concept = validate(reference).code if reference is not None else None
            except FhirError:
                concept = None
        if concept is None:
            return None, None
        first = concept.coding[0] if concept.coding else None
        name = concept.text or (first.display or first.code if first else None)
        return (name.strip() if name else None), concept

    def _own_nutrient(self, concept: Any) -> str | None:
        for coding in (concept.coding or []) if concept is not None else []:
            if (
                coding.system == self.vocab.system("nutrient")
                and coding.code in self.vocab.kb.nutrients
            ):
                return str(coding.code)
        return None

    # -- the result --------------------------------------------------------------------------

    def _apply_fact_answers(self, sex: str | None) -> None:
        """The latest answer per fact counts; a "no" never overrides a condition's "yes"."""
        latest: dict[str, tuple[date, str, bool, str]] = {}
        for answer in self.fact_answers:  # the last listed wins on the same day
            if answer[1] not in latest or answer[0] >= latest[answer[1]][0]:
                latest[answer[1]] = answer
        for when, fact, value, label in latest.values():
            if value:
                self.facts[fact] = True
            elif self.facts.get(fact):
                self.note(
                    label,
                    f"says not {fact} on {when}, but an active {fact} condition is recorded; "
                    f"read as {fact}",
                )
            elif not (fact == "pregnant" and sex == "male"):
                self.facts[fact] = False

    def profile_keys(self, sex: str | None) -> dict[str, Any]:
        """The profile keys read (empty lists and mappings left out)."""
        self._apply_fact_answers(sex)
        if self.facts.get("pregnant") and sex == "male":
            self.note("Condition", "a pregnancy code on a male patient was left out")
            self.facts.pop("pregnant")
            self.facts.pop("pregnancy_trimester", None)
        result: dict[str, Any] = {
            key: self.facts[key]
            for key in ("pregnant", "pregnancy_trimester", "postmenopausal", "diet")
            if key in self.facts
        }
        for key, value in (
            ("conditions", self.conditions),
            ("medications", self.medications),
            ("supplements", self.supplements),
            ("labs", self.labs),
        ):
            if value:
                result[key] = value
        for section in ("symptoms", "lifestyle"):
            nested = _nest(self.facts, section)
            if nested:
                result[section] = nested
        if self.skipped_observations:
            self.note(
                "Observation",
                f"{self.skipped_observations} results with codes ekbom does not read were left out",
            )
        return result


def _nest(facts: dict[str, Any], section: str) -> dict[str, Any]:
    """`symptoms.rls_criteria.urge_to_move: true` -> {"rls_criteria": {"urge_to_move": True}}."""
    result: dict[str, Any] = {}
    for key, value in facts.items():
        head, _, rest = key.partition(".")
        if head != section or not rest:
            continue
        target = result
        *parents, leaf = rest.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return result
