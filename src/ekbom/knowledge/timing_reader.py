"""Read and check `timing.yaml`: how often and when medicines and supplements are taken.

Only `ekbom plan` needs these facts, so they load on their own (`load_timing`), after the rest of
the knowledge, and `ekbom kb check` checks them too (`check_timing`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from ekbom.errors import KnowledgeError, KnowledgeIssue
from ekbom.knowledge import folder
from ekbom.knowledge.core_reader import CORE
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.reader import Reader, read_yaml_file
from ekbom.yamlsource import line_of

FILE = "timing.yaml"
WHENS = (
    "on_waking",
    "before_breakfast",
    "empty_stomach",
    "with_meal",
    "morning",
    "evening",
    "bedtime",
    "any",
)
PREFER = ("early", "late")
DAYS = ("daily", "every_other_day", "weekly", "monthly")
MEAL_IDS = ("breakfast", "lunch", "dinner")
SOURCES = ("current", "suggested")


class Meal(NamedTuple):
    id: str
    label: str
    after_wake_hours: float | None
    before_sleep_hours: float | None


class DayRules(NamedTuple):
    step_minutes: int
    min_day_hours: float
    meals: tuple[Meal, ...]
    before_meal_hours: float
    after_meal_hours: float
    morning_hours: float
    evening_hours: float
    dose_spacing: dict[int, float]
    tolerance_hours: float


class Frequency(NamedTuple):
    pattern: re.Pattern[str]
    doses: int
    when: str | None
    days: str = "daily"


class MedicineTiming(NamedTuple):
    id: str
    ingredients: frozenset[str]
    classes: frozenset[str]
    doses: int
    every_hours: float | None
    when: str
    alone_minutes: int
    why: str
    citations: tuple[str, ...]
    keep_when: bool = False


class SupplementTiming(NamedTuple):
    nutrient: str
    when: str
    prefer: str
    with_nutrient: str | None
    days: str
    why: str
    citations: tuple[str, ...]


class Timing(NamedTuple):
    day: DayRules
    frequencies: tuple[Frequency, ...]
    medicines: tuple[MedicineTiming, ...]
    supplements: dict[str, SupplementTiming]
    windows: dict[str, str]
    days: dict[str, str]
    conflict: str
    ask_default: str
    as_prescribed: str
    sources: dict[str, str]  # current | suggested -> the label that tells them apart
    top_up: str  # why an added dose sits with what is taken now ({nutrient})
    by_vein: str  # why a nutrient given through a vein is not in the plan


def load_timing(knowledge: Knowledge | None = None, root: Path | str | None = None) -> Timing:
    """The checked timing facts of the folder `root` (loaded once); KnowledgeError if the file
    has problems. `knowledge` is the folder's own when left out; timing read against another
    knowledge (a test's) is not kept."""
    if knowledge is None or knowledge is folder.loaded(CORE, root):
        return folder.load(PART, root)
    timing, issues = read_timing(knowledge, Path(root or folder.data_dir()))
    if issues or timing is None:
        raise KnowledgeError(issues)
    return timing


def read_timing(knowledge: Knowledge, root: Path) -> tuple[Timing | None, list[KnowledgeIssue]]:
    issues: list[KnowledgeIssue] = []
    node, reader = read_yaml_file(root, FILE, issues)
    if node is None:
        return None, issues
    spec = {
        "version": "int",
        "day": "map",
        "frequencies": "list",
        "medicines": "list",
        "supplements": "list",
        "texts": "map",
    }
    f = reader.fields(node, 1, spec, what=FILE)
    if len(f) < len(spec):
        return None, issues
    day = _day(f["day"], reader)
    frequencies = tuple(_frequency(i, ln, reader) for i, ln in reader.items(node, "frequencies", 1))
    medicines = tuple(
        _medicine(i, ln, knowledge, reader) for i, ln in reader.items(node, "medicines", 1)
    )
    supplements = {}
    for item, line in reader.items(node, "supplements", 1):
        entry = _supplement(item, line, knowledge, reader)
        if entry is not None:
            if entry.nutrient in supplements:
                reader.report(line, "duplicate-id", f"supplement '{entry.nutrient}' given twice")
            supplements[entry.nutrient] = entry
    for entry in supplements.values():
        if entry.with_nutrient is not None and entry.with_nutrient not in supplements:
            reader.report(1, "reference", f"{entry.nutrient}: 'with' names no supplement entry")
    texts = _texts(f["texts"], reader)
    _check_covered(knowledge, [m for m in medicines if m is not None], reader)
    if issues or day is None or texts is None:
        return None, issues
    timing = Timing(
        day,
        tuple(x for x in frequencies if x is not None),
        tuple(m for m in medicines if m is not None),
        supplements,
        *texts,
    )
    return timing, issues


def _cite(ids: Any, knowledge: Knowledge, reader: Reader, line: int) -> tuple[str, ...]:
    for cid in ids or ():
        if cid not in knowledge.citations:
            reader.report(line, "citation", f"unknown citation id '{cid}'")
    if not ids:
        reader.report(line, "citation", "cite at least one source")
    return tuple(ids or ())


def _day(node: Any, reader: Reader) -> DayRules | None:
    spec = {
        "step_minutes": "int",
        "min_day_hours": "number",
        "meals": "list",
        "empty_stomach": "map",
        "morning_hours": "number",
        "evening_hours": "number",
        "dose_spacing": "map",
        "spacing_tolerance_hours": "number",
    }
    f = reader.fields(node, line_of(node), spec, what="day")
    if len(f) < len(spec):
        return None
    meals = []
    for i, item in enumerate(f["meals"]):
        line = line_of(f["meals"], i)
        m = reader.fields(
            item,
            line,
            {"id": "str", "label": "str"},
            {"after_wake_hours": "number", "before_sleep_hours": "number"},
            what="meal",
        )
        if ("after_wake_hours" in m) == ("before_sleep_hours" in m):
            reader.report(line, "meal", "give a meal after_wake_hours or before_sleep_hours")
        meals.append(
            Meal(
                m.get("id", ""),
                m.get("label", ""),
                m.get("after_wake_hours"),
                m.get("before_sleep_hours"),
            )
        )
    if [m.id for m in meals] != list(MEAL_IDS):
        reader.report(line_of(f["meals"]), "meal", f"meals must be {', '.join(MEAL_IDS)}, in order")
    stomach = reader.fields(
        f["empty_stomach"],
        line_of(f["empty_stomach"]),
        {"before_meal_hours": "number", "after_meal_hours": "number"},
        what="empty_stomach",
    )
    spacing = {}
    for doses, hours in f["dose_spacing"].items():
        if not str(doses).isdigit() or not isinstance(hours, int | float) or hours <= 0:
            reader.report(line_of(f["dose_spacing"], doses), "type", "dose_spacing: {doses: hours}")
            continue
        spacing[int(doses)] = float(hours)
    if f["step_minutes"] not in (5, 10, 15, 20, 30, 60):
        reader.report(line_of(node, "step_minutes"), "range", "step_minutes must divide an hour")
    if len(stomach) < 2:
        return None
    return DayRules(
        f["step_minutes"],
        float(f["min_day_hours"]),
        tuple(meals),
        float(stomach["before_meal_hours"]),
        float(stomach["after_meal_hours"]),
        float(f["morning_hours"]),
        float(f["evening_hours"]),
        spacing,
        float(f["spacing_tolerance_hours"]),
    )


def _frequency(node: Any, line: int, reader: Reader) -> Frequency | None:
    f = reader.fields(
        node,
        line,
        {"pattern": "str", "doses": "int"},
        {"when": "str", "days": "str"},
        what="frequency",
    )
    if len(f) < 2:
        return None
    if f.get("when", "any") not in WHENS:
        reader.report(line, "when", f"when must be one of {', '.join(WHENS)}")
    if f.get("days", "daily") not in DAYS:
        reader.report(line, "days", f"days must be one of {', '.join(DAYS)}")
    try:
        pattern = re.compile(f["pattern"], re.IGNORECASE)
    except re.error as exc:
        reader.report(line, "pattern", f"bad regular expression: {exc}")
        return None
    return Frequency(pattern, f["doses"], f.get("when"), f.get("days", "daily"))


def _medicine(node: Any, line: int, knowledge: Knowledge, reader: Reader) -> MedicineTiming | None:
    f = reader.fields(
        node,
        line,
        {"id": "str", "doses": "int", "when": "str", "why": "str", "citations": "strs"},
        {
            "ingredients": "strs",
            "classes": "strs",
            "every_hours": "number",
            "alone_minutes": "int",
            "keep_when": "bool",
        },
        what="medicine",
    )
    if len([k for k in ("id", "doses", "when", "why", "citations") if k in f]) < 5:
        return None
    for name in f.get("ingredients", ()):
        if name not in knowledge.ingredients:
            reader.report(line, "reference", f"unknown ingredient '{name}'")
    for cls in f.get("classes", ()):
        if cls not in knowledge.classes:
            reader.report(line, "reference", f"unknown medication class '{cls}'")
    if not f.get("ingredients") and not f.get("classes"):
        reader.report(line, "missing-key", "a medicine needs ingredients or classes")
    if f["when"] not in WHENS:
        reader.report(line, "when", f"when must be one of {', '.join(WHENS)}")
    if not 1 <= f["doses"] <= 6:
        reader.report(line, "range", "doses must be 1 to 6 a day")
    return MedicineTiming(
        f["id"],
        frozenset(f.get("ingredients", ())),
        frozenset(f.get("classes", ())),
        f["doses"],
        f.get("every_hours"),
        f["when"],
        f.get("alone_minutes", 0),
        " ".join(f["why"].split()),
        _cite(f["citations"], knowledge, reader, line),
        f.get("keep_when", False),
    )


def _supplement(
    node: Any, line: int, knowledge: Knowledge, reader: Reader
) -> SupplementTiming | None:
    f = reader.fields(
        node,
        line,
        {"nutrient": "str", "when": "str", "why": "str", "citations": "strs"},
        {"prefer": "str", "with": "str", "days": "str"},
        what="supplement",
    )
    if len([k for k in ("nutrient", "when", "why", "citations") if k in f]) < 4:
        return None
    if f["nutrient"] not in knowledge.nutrients:
        reader.report(line, "reference", f"unknown nutrient '{f['nutrient']}'")
    for key, allowed in (("when", WHENS), ("prefer", PREFER), ("days", DAYS)):
        if key in f and f[key] not in allowed:
            reader.report(line, key, f"{key} must be one of {', '.join(allowed)}")
    return SupplementTiming(
        f["nutrient"],
        f["when"],
        f.get("prefer", "early"),
        f.get("with"),
        f.get("days", "daily"),
        " ".join(f["why"].split()),
        _cite(f["citations"], knowledge, reader, line),
    )


def _texts(
    node: Any, reader: Reader
) -> tuple[dict[str, str], dict[str, str], str, str, str, dict[str, str], str, str] | None:
    spec = {
        "windows": "map",
        "days": "map",
        "conflict": "str",
        "ask_default": "str",
        "as_prescribed": "str",
        "sources": "map",
        "top_up": "str",
        "by_vein": "str",
    }
    f = reader.fields(node, line_of(node), spec, what="texts")
    if len(f) < len(spec):
        return None
    windows = {str(k): str(v) for k, v in f["windows"].items()}
    days = {str(k): str(v) for k, v in f["days"].items()}
    if set(windows) != {*WHENS, "together"}:
        reader.report(
            line_of(f["windows"]), "missing-key", f"windows needs {', '.join(WHENS)}, together"
        )
    if set(days) != set(DAYS):
        reader.report(line_of(f["days"]), "missing-key", f"days needs {', '.join(DAYS)}")
    sources = {str(k): str(v) for k, v in f["sources"].items()}
    if set(sources) != set(SOURCES):
        reader.report(line_of(f["sources"]), "missing-key", f"sources needs {', '.join(SOURCES)}")
    if "{nutrient}" not in f["top_up"]:
        reader.report(line_of(node, "top_up"), "placeholder", "top_up needs {nutrient}")
    return (
        windows,
        days,
        f["conflict"],
        f["ask_default"],
        f["as_prescribed"],
        sources,
        f["top_up"],
        f["by_vein"],
    )


def _check_covered(knowledge: Knowledge, medicines: list[MedicineTiming], reader: Reader) -> None:
    """Every medicine an interaction keeps apart from a supplement has a timing entry."""
    ingredients = {name for m in medicines for name in m.ingredients}
    classes = {cls for m in medicines for cls in m.classes}
    for item in knowledge.interactions:
        if item.separate_hours is None:
            continue
        for name in sorted(item.ingredients - ingredients):
            reader.report(
                1, "coverage", f"interaction '{item.id}' needs a medicines entry for {name}"
            )
        for cls in sorted(item.classes):
            members = {n for n, i in knowledge.ingredients.items() if cls in i.classes}
            if cls not in classes and not members <= ingredients:
                reader.report(
                    1, "coverage", f"interaction '{item.id}' needs a medicines entry for {cls}"
                )


PART: folder.Part[Timing] = folder.Part(
    "timing", lambda root, knowledge: read_timing(knowledge, root), CORE
)
"""timing.yaml, read against the core knowledge (medicines and interactions)."""
