"""`ekbom foods` (everyday foods rich in a nutrient) and `ekbom plan` (a daily timetable)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ekbom.cli._output import UsageError, errors_exit, write
from ekbom.cli._parsing import add_command, iso_date
from ekbom.knowledge.vocabulary import DIETS

FORMATS = ("text", "json")
PER = ("portion", "100g")


def register(sub: Any) -> None:
    """Add `foods` and `plan` to the command line."""
    foods = add_command(sub, "foods", cmd_foods)
    foods.add_argument("nutrient", metavar="NUTRIENT", help="nutrient id, e.g. iron or vitamin_d")
    foods.add_argument(
        "--diet", choices=DIETS, default="omnivore", help="only foods for this diet (default all)"
    )
    foods.add_argument(
        "--top", type=_positive, default=10, metavar="N", help="how many foods, defaults to 10"
    )
    foods.add_argument(
        "--per", choices=PER, default="portion", help="rank per common portion (default) or 100 g"
    )
    foods.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format")
    plan = add_command(sub, "plan", cmd_plan)
    plan.add_argument(
        "profile", metavar="PROFILE", help="profile file (YAML or JSON), or - for standard input"
    )
    plan.add_argument("--wake", default="07:00", metavar="HH:MM", help="when you get up (07:00)")
    plan.add_argument("--sleep", default="23:00", metavar="HH:MM", help="when you sleep (23:00)")
    plan.add_argument(
        "--as-of", metavar="DATE", type=iso_date, help="assess as of this day (YYYY-MM-DD)"
    )
    plan.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def cmd_foods(args: argparse.Namespace) -> None:
    """List everyday foods rich in a nutrient, richest first

    Foods come from the USDA Standard Reference (SR28, public domain), curated to foods people
    eat every day: no spices, baby foods, supplements or foods few can buy, one entry per food,
    per common portion. A food is listed when it gives at least 10% of the daily value.
    Fortified foods are marked, and iron foods say whether their iron is heme or non-heme.

    Examples:
      ekbom foods iron
      ekbom foods magnesium --diet vegan --top 5
      ekbom foods vitamin_d --per 100g --format json
    """
    from ekbom.foods.listing import food_listing, listing_text
    from ekbom.knowledge.loader import load_knowledge
    from ekbom.knowledge.nutrient_names import resolve_nutrient, unknown_nutrient

    with errors_exit():
        knowledge = load_knowledge()
        foods = knowledge.foods
        columns = tuple(foods.units) if foods is not None else ()
        nutrient = resolve_nutrient(args.nutrient, columns)
    if nutrient is None:
        raise UsageError(unknown_nutrient(args.nutrient, columns, "a nutrient in the food table"))
    assert foods is not None
    listing = food_listing(knowledge, nutrient, diet=args.diet, per=args.per, top=args.top)
    if args.format == "json":
        write(json.dumps(listing, indent=2, ensure_ascii=False))
    else:
        write(listing_text(listing, foods.advice.iron_kinds))


def cmd_plan(args: argparse.Namespace) -> None:
    """Lay out a day: medicines and supplements at clock times that keep them apart

    Reads a profile, assesses it, and places the supplements you take now and those it
    suggests adding (each marked as such) around your medicines so that every gap holds, the
    next day's doses too: iron 4 hours from a thyroid pill, 2 hours from levodopa,
    ciprofloxacin 2 hours before or 6 hours after minerals, moxifloxacin 4 before or 8 after,
    and so on. Iron goes on an empty stomach with vitamin C, every other day; magnesium in the
    evening.
    When the gaps cannot all fit in your waking day, it says which ones clash and what to ask
    your prescriber, and prints no timetable.

    Examples:
      ekbom plan me.yaml
      ekbom plan me.yaml --wake 06:30 --sleep 22:30
      ekbom plan me.yaml --format json
    """
    from ekbom.cli.profile_file import decode_profile, parse_profile_text, read_profile_argument
    from ekbom.errors import PlanError
    from ekbom.plan import make_plan, plan_text

    name, raw = read_profile_argument(args.profile)
    with errors_exit(name):
        data = parse_profile_text(decode_profile(raw, name), name)
        try:
            plan = make_plan(data, wake=args.wake, sleep=args.sleep, as_of=args.as_of)
        except PlanError as exc:
            bad_option: PlanError | None = exc
        else:
            bad_option = None
    if bad_option is not None:
        raise UsageError(f"--{bad_option.option}: {bad_option.message}")
    if args.format == "json":
        write(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False))
        return
    from ekbom.knowledge.loader import data_dir, load_knowledge
    from ekbom.knowledge.timing_reader import load_timing

    with errors_exit():
        timing = load_timing(load_knowledge(), Path(data_dir()))
    write(plan_text(plan, timing.windows, timing.days, timing.sources))
