"""The knowledge base's records, built by the loader from the data files.

Records are named tuples rather than dataclasses: `dataclasses` (with `inspect`, `ast` and `dis`
behind it) and a generated class per record cost a CLI cold start about a fifth of its time,
and named tuples are immutable too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ekbom.knowledge.language import Predicate
from ekbom.knowledge.medicine_models import Brand as Brand
from ekbom.knowledge.medicine_models import Ingredient as Ingredient
from ekbom.knowledge.medicine_models import MedicationClass as MedicationClass
from ekbom.knowledge.medicine_models import MedicineReading as MedicineReading
from ekbom.knowledge.medicine_models import NutrientContent as NutrientContent

if TYPE_CHECKING:
    from ekbom.knowledge.foods_reader import FoodKnowledge


class Source(NamedTuple):
    """Where a record was defined, for error messages and `ekbom explain`."""

    path: str
    line: int


CERTAINTIES = ("confirmed", "secondary", "unconfirmed")
"""How sure the fact sheet is of a citation's facts (citations.yaml `certainty`)."""


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
    verified: bool = False
    """True when this check saw the title, authors and identifiers in the source or an index."""
    checked: str = ""
    """What the check found: where details were seen, what the source says, what was not seen."""


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
    fraction: FractionCheck | None = None
    stands_in_for: str | None = None
    """Another test whose result this one is used as when that test has no current result."""


class FractionCheck(NamedTuple):
    """A percent test entered as a fraction: a value of `at_most` or less is an error."""

    at_most: float
    message: str


def lower_limit(first: float | None, second: float | None) -> float | None:
    """The stricter of two limits; a side with no limit (None) takes the other's."""
    if first is None:
        return second
    if second is None:
        return first
    return min(first, second)


class AgeBand(NamedTuple):
    """One age band of a children's limit: ages `from_age` to `to_age` in whole years."""

    from_age: int
    to_age: int
    limit: float | None


class ChildLimits(NamedTuple):
    """Limits for children by age band, per source (`us`, `eu`); `strictest` is the lower one.
    The bands run from age 0 to the year before `Knowledge.adult_age`."""

    us: tuple[AgeBand, ...]
    eu: tuple[AgeBand, ...]
    citations: tuple[str, ...]

    def at(self, policy: str, age: int) -> float | None:
        if policy == "strictest":
            return lower_limit(self.at("us", age), self.at("eu", age))
        bands = {"us": self.us, "eu": self.eu}[policy]
        for band in bands:
            if band.from_age <= age <= band.to_age:
                return band.limit
        raise ValueError(f"no {policy} limit band covers age {age}")

    @property
    def last_age(self) -> int:
        """The oldest age (in whole years) the bands cover; adult limits apply after it."""
        return max(band.to_age for band in self.us + self.eu)

    def spans(self) -> tuple[tuple[int, int], ...]:
        """The age spans (from, to) over which no source's figure changes, for tables."""
        spans: list[tuple[int, int]] = []
        for start in sorted({band.from_age for band in self.us + self.eu}):
            figures = (self.at("us", start), self.at("eu", start))
            if spans and figures == (self.at("us", spans[-1][0]), self.at("eu", spans[-1][0])):
                spans[-1] = (spans[-1][0], start)
            else:
                spans.append((start, start))
        ends = [next_start - 1 for next_start, _ in spans[1:]] + [self.last_age]
        return tuple((start, end) for (start, _), end in zip(spans, ends, strict=True))


class EntryCheck(NamedTuple):
    """A supplement amount per day that is likely a mistake (e.g. an iron salt's weight)."""

    at_least: float
    message: str


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
    child_limits: ChildLimits | None = None
    entry_check: EntryCheck | None = None

    def limit(self, policy: str, age: int) -> float | None:
        """The daily upper limit from supplements for a person of `age` under `policy`.

        The one place limits are looked up: adults (from `Knowledge.adult_age`, where the
        children's bands end) get `limits`, children their age band. A nutrient without
        children's limits has no adult limit either (the loader checks it), so every age gets
        `limits` (all None).
        """
        if policy not in self.limits:
            raise KeyError(policy)
        if self.child_limits is None or age > self.child_limits.last_age:
            return self.limits[policy]
        return self.child_limits.at(policy, age)

    def adult_limit(self, policy: str) -> float | None:
        """The daily upper limit from supplements for an adult under `policy`."""
        return self.limits[policy]


class Condition(NamedTuple):
    id: str
    name: str
    plain: str


class Dose(NamedTuple):
    amount: float
    unit: str
    per: str
    basis: str
    schedule: str
    self_directed: bool = True
    enough_at: float | None = None
    """Current intake a day that already reaches the dose (default: the amount itself)."""
    top_up: bool = True
    """False: below `enough_at` the whole dose is added, not the difference (iron tablets)."""
    for_children: bool = False
    """True when the dose also applies under 18 (prenatal folic acid); otherwise a child's
    clinician sets the dose (spec §3)."""


class TestRequest(NamedTuple):
    test: str
    priority: str
    why: str


class Case(NamedTuple):
    given: dict[str, Any]
    expect: str
    line: int
    then: dict[str, Any] | None = None
    """Optional checks on the decided entry: dose amount, continue_current, first step."""


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
    if_taking: str | None = None
    """Caution for a person who already takes the nutrient, replacing the general one."""


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
    before_hours: float | None = None
    """How long the medicine (or other supplement) must come before the nutrient."""
    after_hours: float | None = None
    """How long the medicine (or other supplement) must come after the nutrient."""
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
    first_step: dict[str, Any]
    labels: dict[str, str]
    """Report labels by key (text.yaml `labels`; `ekbom.presenter` gives them to every channel)."""
    lab_columns: tuple[str, ...]
    label_lists: dict[str, tuple[str, ...]]
    """The other tables' column heads by key (`latest_lab_columns`, `log_columns`)."""
    verdict_icons: dict[str, str]
    """A shape for each verdict chip, so that a verdict never rests on its colour alone."""


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
        adult_age: int,
        stale_after_days: int,
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
        self.adult_age = adult_age
        """From this age (whole years) a person is an adult: adult limits and advice apply
        (nutrients.yaml `adult_age`; spec assessment-v1 §4)."""
        self.stale_after_days = stale_after_days
        """A lab result older than this many days is stale (labs.yaml `stale_after_days`)."""
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
