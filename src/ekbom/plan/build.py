"""`make_plan`: a profile in, a day's timetable (or the conflicts that stop one) out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ekbom.engine.evaluate import assess
from ekbom.engine.medications import match_all
from ekbom.errors import PlanError
from ekbom.knowledge.loader import data_dir, load_knowledge
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.timing_reader import DayRules, Timing, load_timing
from ekbom.plan.items import plan_contents
from ekbom.plan.model import Conflict, Gap, Item, Plan, Slot
from ekbom.plan.solver import Day, minimal_conflict, solve
from ekbom.profile import Profile, parse_profile

MINUTES_A_DAY = 24 * 60


def parse_clock(text: str, option: str) -> int:
    """'07:30' -> 450 minutes after midnight; PlanError for anything else."""
    hours, sep, minutes = text.partition(":")
    if sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2:
        if int(hours) < 24 and int(minutes) < 60:
            return int(hours) * 60 + int(minutes)
    raise PlanError(option, f"'{text}' is not a time of day; write it as HH:MM, e.g. 07:00")


def clock(minutes: int) -> str:
    minutes %= MINUTES_A_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def make_day(wake: str, sleep: str, rules: DayRules) -> tuple[int, Day]:
    """(wake in minutes after midnight, the Day) for a waking day from `wake` to `sleep`."""
    start = parse_clock(wake, "wake")
    if start % rules.step_minutes:
        raise PlanError("wake", f"use a time on a {rules.step_minutes}-minute step, e.g. 07:00")
    length = (parse_clock(sleep, "sleep") - start) % MINUTES_A_DAY
    length -= length % rules.step_minutes
    if length < rules.min_day_hours * 60:
        raise PlanError(
            "sleep",
            f"the waking day from {wake} to {sleep} is shorter than "
            f"{rules.min_day_hours:g} hours; give the times you wake up and go to sleep",
        )
    step = rules.step_minutes

    def snap(hours: float) -> int:
        return round(hours * 60 / step) * step

    meals = {
        meal.id: snap(meal.after_wake_hours)
        if meal.after_wake_hours is not None
        else length - snap(meal.before_sleep_hours or 0)
        for meal in rules.meals
    }
    return start, Day(
        length,
        step,
        meals,
        snap(rules.before_meal_hours),
        snap(rules.after_meal_hours),
        snap(rules.morning_hours),
        snap(rules.evening_hours),
        snap(rules.tolerance_hours),
    )


def make_plan(
    profile: Mapping[str, Any] | Profile,
    *,
    wake: str = "07:00",
    sleep: str = "23:00",
    as_of: date | str | None = None,
    knowledge: Knowledge | None = None,
    timing: Timing | None = None,
) -> Plan:
    """Lay out a day for a profile: every medicine with a timing rule and every supplement at a
    clock time, keeping every gap of interactions.yaml; or, when that is impossible, the
    conflicts and what to ask the prescriber (never a timetable that breaks a rule).

    Raises ProfileError for an invalid profile and PlanError for unusable wake/sleep times.
    """
    kb = knowledge or load_knowledge()
    timing = timing or load_timing(kb, Path(data_dir()))
    person = profile if isinstance(profile, Profile) else parse_profile(profile, kb)
    start, day = make_day(wake, sleep, timing.day)
    assessment = assess(person, as_of=as_of, knowledge=kb)
    matched = match_all(person.medications, kb)
    contents = plan_contents(person, matched, assessment, kb, timing, day.meals)
    found = solve(contents.items, contents.gaps, day)
    slots: tuple[Slot, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    if found is None:
        core = minimal_conflict(contents.items, contents.gaps, day)
        conflicts = tuple(explain(core, contents.gaps, timing))
    else:
        slots = _slots(_with_gap_notes(contents.items, contents.gaps), found, start)
    cited: list[str] = []
    for group in [*(s.item.citations for s in slots), *(c.citations for c in conflicts)]:
        cited += [cid for cid in group if cid not in cited]
    return Plan(
        wake=clock(start),
        sleep=clock(start + day.length),
        slots=slots,
        conflicts=conflicts,
        keep_times=contents.keep_times,
        unrecognised=assessment.unrecognised_medications,
        not_planned=contents.not_planned,
        citations={cid: kb.citation_entries[cid] for cid in cited},
    )


def _with_gap_notes(items: Iterable[Item], gaps: Iterable[Gap]) -> list[Item]:
    """Each supplement's item, with the advice of every gap it keeps (why it sits where it is);
    an added dose taken with what the person takes now has it said once, on that item."""
    advice: dict[str, list[str]] = {}
    cites: dict[str, list[str]] = {}
    for gap in gaps:
        if gap.advice not in advice.setdefault(gap.nutrient_key, []):
            advice[gap.nutrient_key].append(gap.advice)
        cites.setdefault(gap.nutrient_key, []).extend(gap.citations)
    result = []
    for item in items:
        top_up = item.nutrient and (item.together_with or "").startswith(
            f"supplement:{item.nutrient}:"
        )
        extra = [] if top_up else advice.get(item.key, [])  # said once, with what is taken now
        citations = tuple(dict.fromkeys([*item.citations, *cites.get(item.key, [])]))
        result.append(item._replace(why=(*item.why, *extra), citations=citations))
    return result


def _slots(
    items: Iterable[Item], found: dict[str, tuple[int, ...]], start: int
) -> tuple[Slot, ...]:
    order = {"meal": 0, "medicine": 1, "supplement": 2}
    slots = [
        Slot(clock(start + minutes), minutes, item, number)
        for item in items
        for number, minutes in enumerate(found[item.key], start=1)
    ]
    slots.sort(key=lambda s: (s.minutes, order[s.item.kind], s.item.key, s.dose))
    return tuple(slots)


def explain(core: list[Item], gaps: Iterable[Gap], timing: Timing) -> list[Conflict]:
    """What stops a timetable: each kept-apart pair among the conflicting items, with what to
    ask; or, when the items clash in other ways, one conflict naming them all. A supplement is
    named with its source (taken now, or new), so the person knows which one to ask about."""
    keys = {item.key: item for item in core}
    found = []
    seen: set[tuple[str, str, str]] = set()
    for gap in gaps:
        if gap.nutrient_key in keys and gap.partner_key in keys:
            pair = (gap.nutrient_key, gap.partner_key, gap.interaction)
            if pair in seen:
                continue
            seen.add(pair)
            nutrient = _named(keys[gap.nutrient_key], timing)
            partner = _named(keys[gap.partner_key], timing)
            found.append(
                Conflict(
                    (nutrient, partner),
                    f"{timing.conflict} {gap.advice}",
                    gap.ask or timing.ask_default.format(items=f"{nutrient} and {partner}"),
                    gap.interaction,
                    gap.citations,
                )
            )
    if found:
        return found
    names = [_named(item, timing) for item in core]
    windows = "; ".join(f"{n}: {timing.windows[i.when]}" for n, i in zip(names, core, strict=True))
    return [
        Conflict(
            tuple(names),
            f"{timing.conflict} {windows}.",
            timing.ask_default.format(items=" and ".join(names)),
            None,
            tuple(dict.fromkeys(cid for item in core for cid in item.citations)),
        )
    ]


def _named(item: Item, timing: Timing) -> str:
    """'Zinc 10 mg (you take this now)'; a medicine by its label."""
    if item.kind == "supplement" and item.source in timing.sources:
        return f"{item.label} ({timing.sources[item.source]})"
    return item.label
