"""The knowledge base's records: frozen dataclasses built by the loader from the data files.

They compare by identity (`eq=False`): nothing compares records, and skipping the generated
`__eq__`/`__hash__` keeps `import ekbom` (and so the CLI's cold start) measurably faster.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ekbom.knowledge.language import Predicate


@dataclass(frozen=True, eq=False)
class Source:
    """Where a record was defined, for error messages and `ekbom explain`."""

    path: str
    line: int


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
class Condition:
    id: str
    name: str
    plain: str


@dataclass(frozen=True, eq=False)
class MedicationClass:
    id: str
    label: str
    trigger: bool
    citations: tuple[str, ...]
    advice: str | None = None


@dataclass(frozen=True, eq=False)
class Ingredient:
    name: str
    classes: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Brand:
    name: str
    ingredients: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Dose:
    amount: float
    unit: str
    per: str
    basis: str
    schedule: str
    self_directed: bool = True


@dataclass(frozen=True, eq=False)
class TestRequest:
    test: str
    priority: str
    why: str


@dataclass(frozen=True, eq=False)
class Case:
    given: dict[str, Any]
    expect: str
    line: int


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
class NutrientRules:
    nutrient: str
    rules: tuple[Rule, ...]
    modifiers: tuple[Modifier, ...]
    depends_on: frozenset[str]


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
class Advice:
    id: str
    when: Any
    predicate: Predicate
    message: str
    citations: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class RedFlag:
    id: str
    when: Any
    predicate: Predicate | None
    safety: bool
    message: str
    citations: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class AnaemiaCutoff:
    predicate: Predicate
    below: float


@dataclass(frozen=True, eq=False)
class Texts:
    knowledge_version: str
    cases_as_of: str
    disclaimer: str
    messages: dict[str, str]
    populations: dict[str, dict[str, str]]
    irls_bands: tuple[tuple[int, str], ...]
    verdicts: dict[str, str]
    priorities: dict[str, str]


@dataclass(frozen=True, eq=False)
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
    # Medicine strings already matched to ingredients: batch work repeats the same few strings.
    match_cache: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def version(self) -> str:
        return self.texts.knowledge_version

    @cached_property
    def assessed_nutrients(self) -> tuple[str, ...]:
        """The nutrients the rules decide on, in the order assessments list them."""
        return tuple(n.id for n in self.nutrients.values() if n.assessed)

    @cached_property
    def citation_entries(self) -> dict[str, dict[str, Any]]:
        """Each citation as the assessment document shows it (shared: copy before changing)."""
        return {
            c.id: {
                "title": c.title,
                "year": c.year,
                "doi": c.doi,
                "pmid": c.pmid,
                "authors": c.authors,
                "source": c.source,
                "url": c.url,
            }
            for c in self.citations.values()
        }

    def all_rules(self) -> list[Rule]:
        return [rule for group in self.rules.values() for rule in group.rules]
