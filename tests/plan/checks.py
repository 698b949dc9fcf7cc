"""An independent check of a printed plan against the knowledge files (for the plan tests).

It reads only the plan's JSON document, the profile's medicines and the knowledge data, and
re-derives every rule itself, so a bug in the solver's own bookkeeping cannot hide a broken
timetable.
"""

from __future__ import annotations

from typing import Any

from ekbom.engine.medications import match_all
from ekbom.knowledge.models import Knowledge


def minutes_after_wake(document: dict[str, Any], time: str) -> int:
    def clock(text: str) -> int:
        hours, minutes = text.split(":")
        return int(hours) * 60 + int(minutes)

    return (clock(time) - clock(document["wake"])) % (24 * 60)


def broken_rules(
    document: dict[str, Any], medications: list[str], knowledge: Knowledge
) -> list[str]:
    """Every rule the timetable breaks (empty for a good plan)."""
    slots = [dict(s, at=minutes_after_wake(document, s["time"])) for s in document["slots"]]
    taken = {name for m in match_all(tuple(medications), knowledge) for name in m.ingredients}
    day = minutes_after_wake(document, document["sleep"]) or 24 * 60
    problems = [
        f"{s['label']} at {s['time']} is outside the waking day" for s in slots if s["at"] > day
    ]
    for rule in knowledge.interactions:
        if rule.separate_hours is None or rule.without & taken:
            continue
        before = 60 * (rule.before_hours or 0)
        after = 60 * (rule.after_hours or 0)
        for s in (s for s in slots if s["nutrient"] in rule.nutrients):
            for p in (p for p in slots if _partner(rule, p, knowledge)):
                if not _kept_apart(s["at"], p["at"], before, after):
                    problems.append(
                        f"{rule.id}: {s['label']} {s['time']} vs {p['label']} {p['time']}"
                    )
    problems += _iron_rules(slots)
    problems += _alone_rules(slots)
    problems += _evening_magnesium(slots, day)
    return problems


def _kept_apart(supplement: int, partner: int, before: int, after: int) -> bool:
    """Taken every day, the partner comes `before` minutes or more ahead of the supplement and
    `after` minutes or more behind it, looking at today, yesterday and tomorrow (the clock
    times repeat every 24 hours, overnight included)."""
    day = 24 * 60
    for p in (partner - day, partner, partner + day):
        if p == supplement and (before or after):
            return False
        if p < supplement and supplement - p < before:
            return False
        if p > supplement and p - supplement < after:
            return False
    return True


def _partner(rule: Any, slot: dict[str, Any], knowledge: Knowledge) -> bool:
    if slot["kind"] == "supplement":
        return rule.supplement is not None and slot["nutrient"] == rule.supplement
    for name in slot["ingredients"]:
        if name in rule.ingredients or rule.classes & set(knowledge.ingredients[name].classes):
            return True
    return False


def _iron_rules(slots: list[dict[str, Any]]) -> list[str]:
    meals = [s["at"] for s in slots if s["kind"] == "meal"]
    problems = []
    for iron in (s for s in slots if s["nutrient"] == "iron"):
        if any(m - 60 < iron["at"] < m + 120 for m in meals):
            problems.append(f"iron at {iron['time']} is not on an empty stomach")
        for c in (s for s in slots if s["nutrient"] == "vitamin_c"):
            if c["at"] != iron["at"]:
                problems.append("vitamin C is not taken with iron")
    return problems


def _alone_rules(slots: list[dict[str, Any]]) -> list[str]:
    problems = []
    for first in (
        s
        for s in slots
        if "alendronate" in s["ingredients"]
        or "risedronate" in s["ingredients"]
        or "ibandronate" in s["ingredients"]
    ):
        if first["at"] != 0:
            problems.append("the bone medicine is not first thing")
        for other in slots:
            if other is not first and first["at"] <= other["at"] < first["at"] + 30:
                problems.append(f"{other['label']} within 30 minutes of the bone medicine")
    return problems


def _evening_magnesium(slots: list[dict[str, Any]], day: int) -> list[str]:
    return [
        f"magnesium at {s['time']} is not in the evening"
        for s in slots
        if s["nutrient"] == "magnesium" and s["at"] < day - 4 * 60
    ]
