"""Speed of the diary analysis over a ten-year diary: trend charts, "did it help?", the report.

Run it with the project's Python:
    .venv/bin/python benchmarks/bench_report.py [--years 10] [--runs 3]
The diary is synthetic and in memory (no database): daily symptom scores for every day, ferritin,
TSAT and magnesium every quarter, and a supplement history with stops and restarts. Each figure is
the best of `--runs` runs after one warm-up run (which pays the matplotlib/WeasyPrint imports
and font loading; that first run is printed too). Prints figures only; nothing asserts a timing.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import ekbom
from ekbom.diary_analysis import (
    DiaryData,
    LabPoint,
    SupplementPeriod,
    SymptomDay,
    effect,
    render_report,
    trend_figure,
)

AS_OF = date(2026, 11, 28)


def diary(years: int, seed: int = 1) -> DiaryData:
    """A synthetic diary of `years` years ending on AS_OF."""
    rng = random.Random(seed)
    days = 365 * years
    first = AS_OF - timedelta(days=days - 1)
    level = 5.0
    symptoms = []
    for i in range(days):
        level = 0.85 * level + 0.15 * 5.0 + rng.gauss(0, 0.6)
        nrs = round(min(10.0, max(0.0, level)), 1)
        irls = round(min(40.0, max(0.0, level * 4))) if i % 7 == 0 else None
        symptoms.append(
            SymptomDay(first + timedelta(days=i), nrs, irls, round(min(7, nrs * 0.7)), i % 11 == 0)
        )
    labs = []
    for i in range(0, days, 91):
        day = first + timedelta(days=i + 3)
        labs.append(LabPoint("ferritin", float(round(rng.uniform(30, 140))), "ug/L", day))
        labs.append(LabPoint("tsat", float(round(rng.uniform(14, 40))), "%", day))
        labs.append(LabPoint("magnesium", round(rng.uniform(0.68, 0.95), 2), "mmol/L", day))
    supplements = []
    for year in range(years):
        start = first + timedelta(days=365 * year + 30)
        nutrient = ("iron", "magnesium", "vitamin_d")[year % 3]
        amount = {"iron": 65, "magnesium": 200, "vitamin_d": 25}[nutrient]
        unit = "ug" if nutrient == "vitamin_d" else "mg"
        end = None if year == years - 1 else start + timedelta(days=180)
        supplements.append(SupplementPeriod(nutrient, amount, unit, "day", start, end))
    profile = {"age": 61, "sex": "female", "postmenopausal": True, "medications": ["Zoloft 50 mg"]}
    return DiaryData(profile, tuple(labs), tuple(symptoms), tuple(supplements))


def assessment(data: DiaryData) -> dict[str, Any]:
    latest = {p.test: p for p in sorted(data.labs, key=lambda p: p.date)}
    labs = [
        {"test": p.test, "value": p.value, "unit": p.unit, "date": p.date.isoformat()}
        for p in latest.values()
    ]
    return ekbom.assess(dict(data.profile) | {"labs": labs}, as_of=AS_OF).to_dict()


def best(label: str, runs: int, work: Callable[[], Any]) -> None:
    start = time.perf_counter()
    work()
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    print(f"{label:<44} best {min(times) * 1000:8.0f} ms   (first run {first * 1000:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)  # WeasyPrint without harfbuzz-subset
    data = diary(args.years)
    doc = assessment(data)
    print(
        f"diary: {args.years} years, {len(data.symptoms)} symptom days, {len(data.labs)} lab "
        f"results, {len(data.supplements)} supplement periods"
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        best(
            "trend chart, all tests, PNG",
            args.runs,
            lambda: trend_figure(data, None, out / "t.png"),
        )
        best(
            "trend chart, all tests, SVG",
            args.runs,
            lambda: trend_figure(data, None, out / "t.svg"),
        )
        nutrients = sorted({p.nutrient for p in data.supplements})
        best(
            f"effect() for {len(nutrients)} nutrients",
            args.runs,
            lambda: [effect(data, n, AS_OF) for n in nutrients],
        )
        best("report, HTML", args.runs, lambda: render_report(doc, data, out / "r.html"))
        best("report, PDF", args.runs, lambda: render_report(doc, data, out / "r.pdf"))
        pdf = (out / "r.pdf").stat().st_size
        html = (out / "r.html").stat().st_size
        print(f"report sizes: PDF {pdf / 1e6:.2f} MB, HTML {html / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
