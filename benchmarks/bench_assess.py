"""Speed of the knowledge load, of in-process assessments and of the CLI's cold start.

Run it with the Python of a regular install (`pip install .`, as the README's Quick start does):
    .venv/bin/python benchmarks/bench_assess.py [--profiles 10000] [--runs 15]
An editable install under PYTHONDONTWRITEBYTECODE=1 recompiles every ekbom module on each start
and so measures the compiler, not ekbom. Prints figures only; nothing here asserts a timing
(targets: >= 5,000 assessments/s on one core, CLI cold start <= 10x a bare `python -c pass`).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import ekbom
from ekbom.knowledge import folder, loader

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "profile.yaml"
AS_OF = date(2026, 11, 28)


def random_profile(rng: random.Random, kb: Any) -> dict[str, Any]:
    """A random valid profile: random labs in random accepted units, conditions, medicines."""
    sex = rng.choice(["female", "male"])
    profile: dict[str, Any] = {"age": rng.randint(0, 95), "sex": sex}
    labs = []
    for test in rng.sample(list(kb.tests.values()), rng.randint(0, 8)):
        unit, factor = rng.choice(list(test.units.items()))
        low, high = test.plausible
        canonical = rng.uniform(low, min(high, low + (high - low) / 50))
        day = AS_OF - timedelta(days=rng.randint(0, 500))
        labs.append(
            {"test": test.id, "value": canonical / factor, "unit": unit, "date": day.isoformat()}
        )
    profile["labs"] = [lab for lab in labs if lab["test"] not in ("serum_iron", "tibc")]
    profile["conditions"] = rng.sample(list(kb.conditions), rng.randint(0, 2))
    names = list(kb.ingredients) + list(kb.brands)
    profile["medications"] = [f"{rng.choice(names)} 10 mg" for _ in range(rng.randint(0, 4))]
    profile["supplements"] = [
        {
            "nutrient": rng.choice(["magnesium", "iron", "vitamin_b6", "calcium"]),
            "amount": rng.choice([5, 10, 50, 100]),
            "unit": "mg",
        }
        for _ in range(rng.randint(0, 2))
    ]
    if sex == "female" and 15 <= profile["age"] <= 50 and rng.random() < 0.1:
        profile["pregnant"] = True
    profile["symptoms"] = {"leg_cramps": rng.random() < 0.3, "severity_nrs": rng.randint(0, 10)}
    profile["lifestyle"] = {
        "caffeine_mg_per_day": rng.choice([0, 50, 200]),
        "alcohol_drinks_per_week": rng.choice([0, 3, 20]),
    }
    return profile


def bench_load(cache: str) -> float:
    """Seconds to load and check the knowledge with EKBOM_CACHE_DIR=cache ('' = no cache)."""
    os.environ["EKBOM_CACHE_DIR"] = cache
    folder.forget()
    start = time.perf_counter()
    loader.load_knowledge()
    return time.perf_counter() - start


def bench_assess(count: int, rounds: int = 3) -> tuple[list[float], list[float]]:
    """Seconds per round for assess() alone and for assess().to_dict(), over `count` profiles."""
    kb = ekbom.load_knowledge()
    rng = random.Random(20261128)
    profiles = [random_profile(rng, kb) for _ in range(count)]
    alone, with_dict = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        for profile in profiles:
            ekbom.assess(profile, as_of=AS_OF)
        alone.append(time.perf_counter() - start)
        start = time.perf_counter()
        for profile in profiles:
            ekbom.assess(profile, as_of=AS_OF).to_dict()
        with_dict.append(time.perf_counter() - start)
    return alone, with_dict


def median_wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    uncached = bench_load("")
    with tempfile.TemporaryDirectory() as folder:
        bench_load(folder)
        cached = bench_load(folder)
    del os.environ["EKBOM_CACHE_DIR"]
    alone, with_dict = bench_assess(args.profiles)
    count = args.profiles
    script = shutil.which("ekbom", path=str(Path(sys.executable).parent))
    cli = [script] if script else [sys.executable, "-m", "ekbom"]
    bare = median_wall([sys.executable, "-c", "pass"], args.runs)
    cold = median_wall([*cli, "assess", str(EXAMPLE), "--format", "json"], args.runs)
    print(
        f"knowledge load, parsing the YAML: {uncached * 1000:.1f} ms; "
        f"from the parse cache: {cached * 1000:.1f} ms (all checks run in both)"
    )
    for label, rounds in (("assess()", alone), ("assess().to_dict()", with_dict)):
        print(
            f"{label}: {count:,} random profiles, best of {len(rounds)} rounds "
            f"{min(rounds):.2f} s = {count / min(rounds):,.0f} per second, median "
            f"{count / statistics.median(rounds):,.0f} per second (one process, one core)"
        )
    print(f"python -c pass: {bare * 1000:.1f} ms (median of {args.runs})")
    print(f"ekbom assess example --format json: {cold * 1000:.1f} ms (median of {args.runs})")
    print(f"cold-start ratio: {cold / bare:.1f}x a bare Python start (target <= 10x)")


if __name__ == "__main__":
    main()
