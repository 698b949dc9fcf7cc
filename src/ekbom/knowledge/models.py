"""The knowledge base's records: frozen dataclasses built by the loader from the data files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ekbom.knowledge.language import Predicate


@dataclass(frozen=True)
class Source:
    """Where a record was defined, for error messages and `ekbom explain`."""

    path: str
    line: int


@dataclass(frozen=True)
class Citation:
    id: str
    title: str
    year: int
    authors: str | None = None
    source: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    certainty: str | None = None


@dataclass(frozen=True)
class LabTest:
    id: str
    name: str
    plain: str
    loinc: tuple[str, ...]
    canonical: str
    units: dict[str, float]
    plausible: tuple[float, float]
    precision: int
    note: str | None = None


@dataclass(frozen=True)
class Nutrient:
    id: str
    name: str
    plain: str
    assessed: bool
    unit: str
    basis: str
    limits: dict[str, float | None]
    citations: tuple[str, ...]
    iu: float | None = None


@dataclass(frozen=True)
class Condition:
    id: str
    name: str
    plain: str


@dataclass(frozen=True)
class MedicationClass:
    id: str
    label: str
    trigger: bool
    citations: tuple[str, ...]
    advice: str | None = None


@dataclass(frozen=True)
class Ingredient:
    name: str
    classes: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brand:
    name: str
    ingredients: tuple[str, ...]


@dataclass(frozen=True)
class Dose:
    amount: float
    unit: str
    per: str
    basis: str
    schedule: str
    self_directed: bool = True


@dataclass(frozen=True)
class TestRequest:
    test: str
    priority: str
    why: str


@dataclass(frozen=True)
class Case:
    given: dict[str, Any]
    expect: str
    line: int


@dataclass(frozen=True)
class Rule:
    id: str
    nutrient: str
    spec: str
    title: str
    when: Any
    predicate: Predicate
    verdict: str
    summary: str
    reasons: tuple[str, ...]
    grade: str
    citations: tuple[str, ...]
    source: Source
    needs_clinician: bool = False
    cautions: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    dose: Dose | None = None
    tests: tuple[TestRequest, ...] = ()
    red_flags: tuple[str, ...] = ()
    cases: tuple[Case, ...] = ()


@dataclass(frozen=True)
class Modifier:
    id: str
    nutrient: str
    title: str
    when: Any
    predicate: Predicate
    citations: tuple[str, ...]
    source: Source
    verdicts: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()
    needs_clinician: bool = False
    cautions: tuple[str, ...] = ()
    tests: tuple[TestRequest, ...] = ()


@dataclass(frozen=True)
class NutrientRules:
    nutrient: str
    rules: tuple[Rule, ...]
    modifiers: tuple[Modifier, ...]
    depends_on: frozenset[str]


@dataclass(frozen=True)
class Interaction:
    id: str
    nutrients: tuple[str, ...]
    ingredients: frozenset[str]
    classes: frozenset[str]
    supplement: str | None
    without: frozenset[str]
    kind: str
    separate_hours: float | None
    advice: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Advice:
    id: str
    when: Any
    predicate: Predicate
    message: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class RedFlag:
    id: str
    when: Any
    predicate: Predicate | None
    safety: bool
    message: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class AnaemiaCutoff:
    predicate: Predicate
    below: float


@dataclass(frozen=True)
class Texts:
    knowledge_version: str
    cases_as_of: str
    disclaimer: str
    messages: dict[str, str]
    populations: dict[str, dict[str, str]]
    irls_bands: tuple[tuple[int, str], ...]
    verdicts: dict[str, str]
    priorities: dict[str, str]


@dataclass(frozen=True)
class Knowledge:
    """Everything the engine reads, indexed by id. Built once by `load_knowledge`."""

    texts: Texts
    citations: dict[str, Citation]
    tests: dict[str, LabTest]
    nutrients: dict[str, Nutrient]
    conditions: dict[str, Condition]
    classes: dict[str, MedicationClass]
    ingredients: dict[str, Ingredient]
    brands: dict[str, Brand]
    rules: dict[str, NutrientRules]
    interactions: tuple[Interaction, ...]
    advice: tuple[Advice, ...]
    red_flags: dict[str, RedFlag]
    anaemia_cutoffs: tuple[AnaemiaCutoff, ...]
    evaluation_order: tuple[str, ...]
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.texts.knowledge_version

    @property
    def assessed_nutrients(self) -> tuple[str, ...]:
        """The nutrients the rules decide on, in the order assessments list them."""
        return tuple(n.id for n in self.nutrients.values() if n.assessed)

    def all_rules(self) -> list[Rule]:
        return [rule for group in self.rules.values() for rule in group.rules]
