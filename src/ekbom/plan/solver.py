"""Find clock times for every dose so that every rule holds, or prove that none exist.

Times are minutes after waking, on a grid (15 minutes by default). Each item gets a list of
candidate dose times that already meet its own rules (its window of the day, its number of doses
and their spacing), best first. A backtracking search with forward checking then picks one
candidate per item so that every pair of items is compatible: kept apart as interactions.yaml
says, each way round the whole 24-hour cycle (this evening's dose and tomorrow morning's too),
nothing in an item's `alone_minutes`, and an item taken `together_with` another at the same
time. The search is complete: when it returns None, no timetable on the grid meets every rule,
and `minimal_conflict` finds a smallest set of items that cannot all fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ekbom.plan.model import Gap, Item

Times = tuple[int, ...]
MINUTES_A_DAY = 24 * 60


class Day(NamedTuple):
    """The waking day in minutes after waking, and the rules that depend on it."""

    length: int
    step: int
    meals: dict[str, int]
    before_meal: int
    after_meal: int
    morning: int
    evening: int
    tolerance: int


def window(item: Item, day: Day) -> list[int]:
    """Times (minutes after waking) at which one dose of `item` may be taken, in grid order."""
    grid = range(0, day.length + 1, day.step)
    meals = sorted(day.meals.values())
    when = item.when
    if when == "on_waking":
        return [0]
    if when == "with_meal":
        return meals
    if when == "before_breakfast":
        breakfast = day.meals["breakfast"]
        return [t for t in grid if breakfast - 60 <= t <= breakfast - 30]
    if when == "empty_stomach":
        return [
            t
            for t in grid
            if all(t <= m - day.before_meal or t >= m + day.after_meal for m in meals)
        ]
    low, high = {
        "morning": (0, day.morning),
        "evening": (day.length - day.evening, day.length),
        "bedtime": (day.length - 60, day.length),
    }.get(when, (0, day.length))
    return [t for t in grid if low <= t <= high]


def candidates(item: Item, day: Day) -> list[Times]:
    """Every way to time all of an item's doses, best first (`prefer` early or late)."""
    if item.fixed is not None:
        return [(item.fixed,)]
    allowed = window(item, day)
    if item.prefer == "late":
        allowed = allowed[::-1]
    if item.doses == 1:
        return [(t,) for t in allowed]
    target = round(60 * (item.every_hours or day.length / 60 / item.doses))
    low = max(day.step, target - day.tolerance)
    gaps = sorted(range(low, target + day.tolerance + 1, day.step), key=lambda g: abs(g - target))
    inside = set(allowed)
    found = []
    for first in allowed:
        for gap in gaps:
            times = tuple(first + i * gap for i in range(item.doses))
            if all(t in inside for t in times):
                found.append(times)
    return found


class Rules:
    """The pairwise rules between items, indexed for the search."""

    def __init__(self, items: Sequence[Item], gaps: Sequence[Gap]) -> None:
        self.items = {item.key: item for item in items}
        self.gaps: dict[tuple[str, str], list[Gap]] = {}
        for gap in gaps:
            if gap.nutrient_key in self.items and gap.partner_key in self.items:
                self.gaps.setdefault((gap.nutrient_key, gap.partner_key), []).append(gap)
        alone = {item.key for item in items if item.alone_minutes}
        together = {
            (item.key, item.together_with) for item in items if item.together_with in self.items
        }
        self.related: dict[str, set[str]] = {key: set() for key in self.items}
        pairs = [*self.gaps, *together]
        pairs += [(a, b) for a in alone for b in self.items if a != b]
        for a, b in pairs:
            self.related[a].add(b)
            self.related[b].add(a)

    def compatible(self, a: str, times_a: Times, b: str, times_b: Times) -> bool:
        first, second = self.items[a], self.items[b]
        if first.together_with == b or second.together_with == a:
            if times_a != times_b:
                return False
        for gap in self.gaps.get((a, b), ()):
            if not _apart(gap, times_a, times_b):
                return False
        for gap in self.gaps.get((b, a), ()):
            if not _apart(gap, times_b, times_a):
                return False
        return _alone_ok(first, times_a, times_b) and _alone_ok(second, times_b, times_a)


def _apart(gap: Gap, nutrient: Times, partner: Times) -> bool:
    """Every dose pair keeps the gap both ways round the 24-hour cycle: taken every day, each
    partner dose comes some time before each supplement dose (the same day or the day before)
    and some time after it (the same day or the next), overnight included. Taken at the same
    time, neither comes first, so both gaps must be 0."""
    for s in nutrient:
        for p in partner:
            since_partner = (s - p) % MINUTES_A_DAY
            until_partner = (p - s) % MINUTES_A_DAY
            if since_partner == 0:
                if gap.before or gap.after:
                    return False
            elif since_partner < gap.before or until_partner < gap.after:
                return False
    return True


def _alone_ok(item: Item, own: Times, other: Times) -> bool:
    """Nothing else from the time `item` is taken until its `alone_minutes` have passed."""
    if not item.alone_minutes:
        return True
    return all(not (t <= u < t + item.alone_minutes) for t in own for u in other)


def solve(items: Sequence[Item], gaps: Sequence[Gap], day: Day) -> dict[str, Times] | None:
    """A time for every dose of every item that meets every rule, or None if there is none."""
    rules = Rules(items, gaps)
    domains = {item.key: candidates(item, day) for item in items}
    for item in items:  # taken together: the partner's options, whatever its own window
        if item.together_with in domains:
            domains[item.key] = [t for t in domains[item.together_with] if len(t) == item.doses]
    if any(not options for options in domains.values()):
        return None
    order = {item.key: i for i, item in enumerate(items)}
    return _search({}, domains, rules, order)


def _search(
    chosen: dict[str, Times],
    domains: dict[str, list[Times]],
    rules: Rules,
    order: dict[str, int],
) -> dict[str, Times] | None:
    open_keys = [key for key in domains if key not in chosen]
    if not open_keys:
        return chosen
    key = min(open_keys, key=lambda k: (len(domains[k]), order[k]))
    for times in domains[key]:
        narrowed = _narrow(key, times, domains, chosen, rules)
        if narrowed is not None:
            found = _search({**chosen, key: times}, narrowed, rules, order)
            if found is not None:
                return found
    return None


def _narrow(
    key: str,
    times: Times,
    domains: dict[str, list[Times]],
    chosen: dict[str, Times],
    rules: Rules,
) -> dict[str, list[Times]] | None:
    """The other open items' options that still fit with `key` at `times`, or None if one has
    none left (forward checking)."""
    narrowed = dict(domains)
    for other in rules.related[key]:
        if other in chosen or other == key:
            continue
        kept = [t for t in domains[other] if rules.compatible(key, times, other, t)]
        if not kept:
            return None
        narrowed[other] = kept
    return narrowed


def minimal_conflict(items: Sequence[Item], gaps: Sequence[Gap], day: Day) -> list[Item]:
    """A smallest set of items (meals aside) that cannot all be timed: removing any one of
    them lets the rest fit. Call only when `solve` returned None."""
    fixed = [item for item in items if item.fixed is not None]
    core = [item for item in items if item.fixed is None]
    for item in list(core):
        trial = [x for x in core if x is not item]
        if solve([*trial, *fixed], gaps, day) is None:
            core = trial
    return core
