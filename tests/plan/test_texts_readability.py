"""Every patient text of the food advice, the timing facts and the plan reads at US grade 8 or
below (spec assessment-v1 §2), filled in as people see it. Failures are listed together."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import textstat

from ekbom.knowledge.loader import data_dir, load_knowledge
from ekbom.knowledge.timing_reader import load_timing
from ekbom.plan import text as plan_text

MAX_GRADE = 8.0


def texts() -> Iterator[tuple[str, str]]:
    knowledge = load_knowledge()
    assert knowledge.foods is not None
    for (nutrient, diet), entries in knowledge.foods.texts.items():
        for entry in entries:
            yield f"foods/advice.yaml {nutrient} ({diet})", entry["message"]
    yield "foods/advice.yaml source", knowledge.foods.advice.source["message"]
    for item in knowledge.interactions:
        if item.ask:
            yield f"interactions.yaml {item.id} ask", item.ask
    timing = load_timing(knowledge, Path(data_dir()))
    for medicine in timing.medicines:
        yield f"timing.yaml {medicine.id} why", medicine.why
    for supplement in timing.supplements.values():
        yield f"timing.yaml {supplement.nutrient} why", supplement.why
    yield "timing.yaml conflict", timing.conflict
    yield "timing.yaml as_prescribed", timing.as_prescribed
    yield "timing.yaml ask_default", timing.ask_default.format(items="iron and your pill")
    yield "timing.yaml top_up", timing.top_up.format(nutrient="iron")
    for source, label in timing.sources.items():
        yield f"timing.yaml sources {source}", f"Iron 65 mg: {label}."
    for name in ("DISCLAIMER", "NO_PLAN", "KEEP", "UNRECOGNISED"):
        yield f"plan/text.py {name}", getattr(plan_text, name)


def test_food_and_plan_texts_collected() -> None:
    where = [w for w, _ in texts()]
    assert any(w.startswith("foods/advice.yaml iron") for w in where)
    assert any("ask" in w for w in where) and any("timing.yaml iron" in w for w in where)


def test_food_and_plan_texts_at_most_grade_8() -> None:
    failing = [
        f"{where}: grade {textstat.flesch_kincaid_grade(text):.1f}: {text}"
        for where, text in texts()
        if textstat.flesch_kincaid_grade(text) > MAX_GRADE
    ]
    assert not failing, "\n".join(failing)


def test_readability_check_detects_hard_text() -> None:
    hard = (
        "Concomitant administration of polyvalent cations substantially diminishes bioavailability."
    )
    assert textstat.flesch_kincaid_grade(hard) > MAX_GRADE
