"""The plan as plain text for a terminal (80 columns): the timetable, or the conflicts."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from ekbom.plan.model import Plan

WIDTH = 80
INDENT = " " * 7
HEADING = "Your day: up at {wake}, asleep at {sleep}"
DISCLAIMER = (
    "Decision support, not a diagnosis. Check this plan with your doctor or pharmacist before "
    "you change when you take anything."
)
NO_PLAN = "No timetable: some of your medicines and supplements cannot be kept far enough apart."
KEEP = "Keep your usual times for these (no timing rule with your supplements):"
UNRECOGNISED = "ekbom did not recognise these, so it could not check them. Ask a pharmacist:"
LEFT_OUT = "Not in this plan:"


def _wrap(text: str, first: str = INDENT, rest: str = INDENT) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest) or [first]


def _section(title: str, lines: Iterable[str]) -> list[str]:
    out = ["", title]
    for line in lines:
        out += _wrap(line, "  • ", "    ")
    return out


def plan_text(
    plan: Plan, windows: dict[str, str], days: dict[str, str], sources: dict[str, str]
) -> str:
    """The whole plan, ending with a newline. `windows`, `days` and `sources` are the labels of
    timing.yaml."""
    lines = [HEADING.format(wake=plan.wake, sleep=plan.sleep), *_wrap(DISCLAIMER, "", "")]
    if plan.ok:
        lines += _timetable(plan, windows, days, sources)
    else:
        lines += ["", NO_PLAN]
        for conflict in plan.conflicts:
            lines += ["", *_wrap(" + ".join(conflict.items), "  ", "  ")]
            lines += _wrap(conflict.message, "    ", "    ")
            lines += _wrap(conflict.ask, "    → ", "      ")
    if plan.keep_times:
        lines += _section(KEEP, plan.keep_times)
    if plan.unrecognised:
        lines += _section(UNRECOGNISED, plan.unrecognised)
    if plan.not_planned:
        lines += _section(LEFT_OUT, plan.not_planned)
    if plan.citations:
        lines += ["", "Sources:"]
        for number, (cid, cite) in enumerate(plan.citations.items(), start=1):
            lines += _wrap(
                f"[{number}] {cite.get('title') or cid} ({cite.get('year')})", "  ", "      "
            )
    return "\n".join(lines) + "\n"


def _timetable(
    plan: Plan, windows: dict[str, str], days: dict[str, str], sources: dict[str, str]
) -> list[str]:
    lines = [""]
    for slot in plan.slots:
        item = slot.item
        head = item.label
        if item.kind == "supplement" and item.source in sources:
            head += f" ({sources[item.source]})"
        if item.kind != "meal":
            often = days.get(item.days, item.days)
            dose = f", dose {slot.dose} of {item.doses}" if item.doses > 1 else ""
            head += f" — {_when(plan, slot.item.together_with, item.when, windows)}, {often}{dose}"
        lines += _wrap(head, f"{slot.time}  ", INDENT)
        if item.kind == "meal" or slot.dose > 1:
            continue
        for text in (*item.why, *item.notes):
            lines += _wrap(text, INDENT + "· ", INDENT + "  ")
    return lines


def _when(plan: Plan, together_with: str | None, when: str, windows: dict[str, str]) -> str:
    partner = next((s.item for s in plan.slots if s.item.key == together_with), None)
    if partner is not None:
        name = partner.nutrient.replace("_", " ") if partner.nutrient else partner.label
        return windows["together"].format(partner=name)
    return windows.get(when, when)
