"""The knowledge base's records, built by the loader from the data files.

Records are named tuples rather than dataclasses: `dataclasses` (with `inspect`, `ast` and `dis`
behind it) and a generated class per record cost a CLI cold start about a fifth of its time,
and named tuples are immutable too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ekbom.knowledge.language import Predicate

if TYPE_CHECKING:
    from ekbom.knowledge.foods_reader import FoodKnowledge


class Source(NamedTuple):
    """Where a record was defined, for error messages and `ekbom explain`."""

    path: str
    line: int


class Citation(NamedTuple):
    id: str
    title: str
    year: int
    authors: str | None = None
    source: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    certainty: str | None = None


class LabTest(NamedTuple):
    id: str
    name: str
    plain: str
    loinc: tuple[str, ...]
    canonical: str
    units: dict[str, float]
    plausible: tuple[float, float]
    precision: int
    note: str | None = None


class Nutrient(NamedTuple):
    id: str
    name: str
    plain: str
    assessed: bool
    unit: str
    basis: str
    limits: dict[str, float | None]
    citations: tuple[str, ...]
    iu: float | None = None


class Condition(NamedTuple):
    id: str
    name: str
    plain: str


class MedicationClass(NamedTuple):
    id: str
    label: str
    trigger: bool
    citations: tuple[str, ...]
    advice: str | None = None


class NutrientContent(NamedTuple):
    """What a nutrient medicine gives (spec §5.4): its nutrient and how to read its strength."""

    nutrient: str
    route: str = "oral"
    """"oral" or "iv" (iron by vein: taken, amount never counted)."""
    factor: float | None = None
    """Nutrient per unit of the written strength (ferrous sulfate 0.2), for any strength."""
    strengths: tuple[tuple[float, float], ...] = ()
    """(strength in mg, nutrient in the nutrient's unit) for the listed strengths only."""


class Ingredient(NamedTuple):
    name: str
    classes: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    nutrient: NutrientContent | None = None
    also_a_salt: bool = False
    """Right after another medicine's name, this name is that medicine's salt (esomeprazole
    magnesium) and is not matched."""


class Brand(NamedTuple):
    name: str
    ingredients: tuple[str, ...]
    contents: tuple[tuple[str, float], ...] = ()
    """(ingredient, strength in mg per tablet or capsule) as the label states it."""


class MedicineReading(NamedTuple):
    """The words a medicine string's strength and frequency are read from (spec §1)."""

    units: dict[str, str]
    """Unit word as written (lower case) -> mg, ug, g or IU."""
    frequencies: dict[tuple[str, ...], float]
    """Frequency phrase (its words) -> times a day."""
    counts: frozenset[str]
    """Words after a number that count tablets or capsules ("2 tablets")."""
    per: frozenset[str]
    """Words after "/" that make a strength a concentration (1000 MCG/ML): amount unknown."""


class Dose(NamedTuple):
    amount: float
    unit: str
    per: str
    basis: str
    schedule: str
    self_directed: bool = True


class TestRequest(NamedTuple):
    test: str
    priority: str
    why: str


class Case(NamedTuple):
    given: dict[str, Any]
    expect: str
    line: int


class Rule(NamedTuple):
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


class Modifier(NamedTuple):
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


class NutrientRules(NamedTuple):
    nutrient: str
    rules: tuple[Rule, ...]
    modifiers: tuple[Modifier, ...]
    depends_on: frozenset[str]


class Interaction(NamedTuple):
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
    hours_after_partner: float | None = None
    """Partner taken first: the nutrient at least this many hours later (for `ekbom plan`)."""
    hours_before_partner: float | None = None
    """Nutrient taken first: the partner at least this many hours later (for `ekbom plan`)."""
    ask: str | None = None
    """What to ask the prescriber when a plan cannot keep the two apart."""


class Advice(NamedTuple):
    id: str
    when: Any
    predicate: Predicate
    message: str
    citations: tuple[str, ...]


class RedFlag(NamedTuple):
    id: str
    when: Any
    predicate: Predicate | None
    safety: bool
    message: str
    citations: tuple[str, ...]


class AnaemiaCutoff(NamedTuple):
    predicate: Predicate
    below: float


class Texts(NamedTuple):
    knowledge_version: str
    cases_as_of: str
    disclaimer: str
    messages: dict[str, str]
    populations: dict[str, dict[str, str]]
    irls_bands: tuple[tuple[int, str], ...]
    verdicts: dict[str, str]
    priorities: dict[str, str]


class Knowledge:
    """Everything the engine reads, indexed by id. Built once by `load_knowledge`."""

    def __init__(
        self,
        *,
        texts: Texts,
        rls_questions: dict[str, str],
        citations: dict[str, Citation],
        tests: dict[str, LabTest],
        nutrients: dict[str, Nutrient],
        conditions: dict[str, Condition],
        classes: dict[str, MedicationClass],
        ingredients: dict[str, Ingredient],
        brands: dict[str, Brand],
        rules: dict[str, NutrientRules],
        interactions: tuple[Interaction, ...],
        advice: tuple[Advice, ...],
        red_flags: dict[str, RedFlag],
        anaemia_cutoffs: tuple[AnaemiaCutoff, ...],
        evaluation_order: tuple[str, ...],
        names: dict[str, tuple[str, ...]],
        foods: FoodKnowledge | None = None,
        medicine_reading: MedicineReading | None = None,
        salt_names: frozenset[str] = frozenset(),
        brand_contents: dict[str, tuple[tuple[str, float], ...]] | None = None,
    ) -> None:
        self.texts = texts
        self.rls_questions = rls_questions
        """RLS criterion key (as in `symptoms.rls_criteria`) -> its question in plain words."""
        self.citations = citations
        self.tests = tests
        self.nutrients = nutrients
        self.conditions = conditions
        self.classes = classes
        self.ingredients = ingredients
        self.brands = brands
        self.rules = rules
        self.interactions = interactions
        self.advice = advice
        self.red_flags = red_flags
        self.anaemia_cutoffs = anaemia_cutoffs
        self.evaluation_order = evaluation_order
        self.names = names
        """Lower-case medicine name (its words joined by spaces) -> its ingredients."""
        self.name_lengths: dict[str, int] = {}
        """First word of a medicine name -> the most words a name starting with it has."""
        for key in names:
            first, *rest = key.split(" ")
            self.name_lengths[first] = max(self.name_lengths.get(first, 0), len(rest) + 1)
        self.salt_names = salt_names
        """Name keys read as the salt of the medicine named just before them (atorvastatin
        calcium)."""
        self.brand_contents = brand_contents or {}
        """Brand name key -> what one tablet holds, for brands whose label amounts are known."""
        self.medicine_reading = medicine_reading
        """Strength units and frequency words (None for a knowledge folder without them)."""
        self.foods = foods
        """The food table and advice (foods/), or None for a knowledge folder without them."""
        self.food_picks: dict[
            tuple[str, str], tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]]
        ] = foods.picks if foods is not None else {}
        """(nutrient, diet) -> (foods, food advice) for assessments, ranked once at load."""
        # Medicine strings already matched: batch work repeats the same few strings.
        self.match_cache: dict[str, tuple[str, ...]] = {}
        self.assessed_nutrients: tuple[str, ...] = tuple(
            n.id for n in nutrients.values() if n.assessed
        )
        """The nutrients the rules decide on, in the order assessments list them."""
        self.citation_entries: dict[str, dict[str, Any]] = {
            c.id: {
                "title": c.title,
                "year": c.year,
                "doi": c.doi,
                "pmid": c.pmid,
                "authors": c.authors,
                "source": c.source,
                "url": c.url,
            }
            for c in citations.values()
        }
        """Each citation as the assessment document shows it (shared: copy before changing)."""

    @property
    def version(self) -> str:
        return self.texts.knowledge_version

    def all_rules(self) -> list[Rule]:
        return [rule for group in self.rules.values() for rule in group.rules]
