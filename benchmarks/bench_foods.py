"""Speed of `ekbom foods iron` from a cold start, and the size of the shipped food table.

Run it with the Python of a regular install (`pip install .`), as bench_assess.py explains:
    .venv/bin/python benchmarks/bench_foods.py [--runs 15]
Prints figures only; nothing here asserts a timing (target: `ekbom foods iron` well under a
second from a cold start).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ekbom.knowledge
from ekbom.foods import rank_foods
from ekbom.foods.table import parse_food_table
from ekbom.knowledge.loader import load_knowledge

TABLE = Path(ekbom.knowledge.__file__).parent / "data" / "foods" / "foods.csv"


def median_wall(command: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def best_of(function: object, rounds: int = 20) -> float:
    assert callable(function)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    text = TABLE.read_text(encoding="utf-8")
    table, problems = parse_food_table(text)
    assert table is not None and not problems
    print(
        f"food table: {TABLE.stat().st_size:,} bytes, {len(table.foods)} foods, "
        f"{len(table.nutrients)} nutrients ({TABLE.name})"
    )
    print(f"parse the table (no cache): {best_of(lambda: parse_food_table(text)) * 1000:.1f} ms")
    foods = load_knowledge().foods
    assert foods is not None
    rank = best_of(lambda: rank_foods(foods.table.foods, "iron", diet="vegan"))
    print(f"rank iron for vegans in process: {rank * 1000:.2f} ms")
    script = shutil.which("ekbom", path=str(Path(sys.executable).parent))
    cli = [script] if script else [sys.executable, "-m", "ekbom"]
    bare = median_wall([sys.executable, "-c", "pass"], args.runs, dict(os.environ))
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, EKBOM_CACHE_DIR=folder)
        first = median_wall([*cli, "foods", "iron"], 1, env)
        warm = median_wall([*cli, "foods", "iron"], args.runs, env)
    no_cache = median_wall([*cli, "foods", "iron"], args.runs, dict(os.environ, EKBOM_CACHE_DIR=""))
    print(f"python -c pass: {bare * 1000:.1f} ms (median of {args.runs})")
    print(
        f"ekbom foods iron, cold start with the parse cache: {warm * 1000:.1f} ms "
        f"(median of {args.runs}; {warm / bare:.1f}x a bare Python start)"
    )
    print(f"ekbom foods iron, first run filling the cache: {first * 1000:.1f} ms")
    print(f"ekbom foods iron, cache turned off: {no_cache * 1000:.1f} ms (median of {args.runs})")


if __name__ == "__main__":
    main()
