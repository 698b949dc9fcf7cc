"""What `ekbom plan` works with (items and the gaps between them) and what it returns."""

from __future__ import annotations

from typing import Any, NamedTuple

SCHEMA = "ekbom.plan/1"


class Item(NamedTuple):
    """Something taken at a clock time: a medicine, a supplement or a meal."""

    key: str  # unique: "medicine:levothyroxine", "supplement:iron", "meal:breakfast"
    kind: str  # medicine | supplement | meal
    label: str  # "Levothyroxine (Synthroid 50 mcg)", "Iron 65 mg", "Breakfast"
    doses: int = 1
    every_hours: float | None = None
    when: str = "any"
    prefer: str = "early"
    alone_minutes: int = 0
    together_with: str | None = None  # key of the item it is taken with
    days: str = "daily"
    why: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    nutrient: str | None = None
    ingredients: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    fixed: int | None = None  # minutes after waking, for meals
    source: str | None = None  # current (the person takes it now) | suggested (new) | None (meal)


class Gap(NamedTuple):
    """A supplement (`nutrient_key`) and a partner that must be kept apart (interactions.yaml)."""

    nutrient_key: str
    partner_key: str
    before: int  # minutes the partner must come before the supplement (partner first)
    after: int  # minutes the partner must come after the supplement (supplement first)
    interaction: str
    advice: str
    ask: str | None
    citations: tuple[str, ...]


class Slot(NamedTuple):
    """One line of the timetable: a dose of an item at a clock time."""

    time: str  # "HH:MM"
    minutes: int  # after waking
    item: Item
    dose: int  # 1-based, of item.doses

    def to_dict(self) -> dict[str, Any]:
        item = self.item
        return {
            "time": self.time,
            "kind": item.kind,
            "label": item.label,
            "source": item.source,
            "dose": self.dose,
            "doses": item.doses,
            "days": item.days,
            "nutrient": item.nutrient,
            "ingredients": list(item.ingredients),
            "why": list(item.why),
            "notes": list(item.notes),
            "citations": list(item.citations),
        }


class Conflict(NamedTuple):
    """Two (or more) things that cannot all fit in the waking day, and what to ask."""

    items: tuple[str, ...]  # labels
    message: str
    ask: str
    interaction: str | None
    citations: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": list(self.items),
            "message": self.message,
            "ask": self.ask,
            "interaction": self.interaction,
            "citations": list(self.citations),
        }


class Plan(NamedTuple):
    """A day's timetable, or the conflicts that stop one: never both."""

    wake: str
    sleep: str
    slots: tuple[Slot, ...]
    conflicts: tuple[Conflict, ...]
    keep_times: tuple[str, ...]  # medicines with no timing rule: keep the usual times
    unrecognised: tuple[str, ...]
    not_planned: tuple[str, ...]  # patient texts: what was left out, and why
    citations: dict[str, dict[str, Any]]

    @property
    def ok(self) -> bool:
        return not self.conflicts

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "status": "ok" if self.ok else "conflict",
            "wake": self.wake,
            "sleep": self.sleep,
            "slots": [slot.to_dict() for slot in self.slots],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "keep_usual_times": list(self.keep_times),
            "unrecognised_medications": list(self.unrecognised),
            "not_planned": list(self.not_planned),
            "citations": {cid: dict(c) for cid, c in self.citations.items()},
        }
