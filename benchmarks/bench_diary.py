"""Speed of the diary: entries written per second, and `history`, `assess --diary` and the report
over ten years of daily entries.

    .venv/bin/python benchmarks/bench_diary.py [--writes 300] [--years 10] [--runs 5]
    .venv/bin/python benchmarks/bench_diary.py --startup [--runs 9]   # cold starts vs assess

Figures only; nothing here asserts a timing (targets: `history` and `assess --diary` well under a
second over ten years of daily entries). Commands run as separate processes are timed warm: their
bytecode is cached in a temporary folder (PYTHONPYCACHEPREFIX), so an editable install under
PYTHONDONTWRITEBYTECODE=1 does not measure the compiler. With EKBOM_TEST_DATABASE_URL set to a
PostgreSQL URL, the write rate is measured there too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ekbom.cli.diary_entries import describe
from ekbom.diary.analysis import load_data
from ekbom.diary.assess import diary_assessment
from ekbom.diary.entries import add_entry, read_document
from ekbom.store import StoreSettings, open_store, repository
from ekbom.store.transfer import FORMAT

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 28)
LAB_TESTS = (
    ("ferritin", "ng/mL", 20, 150),
    ("tsat", "%", 10, 40),
    ("vitamin_d", "ng/mL", 12, 45),
    ("magnesium", "mmol/L", 0.7, 1.0),
)


def ten_years(years: int, seed: int = 20261128) -> dict[str, Any]:
    """A diary document: daily symptom scores for `years` years, four labs every 90 days and a
    supplement period every few months."""
    rng = random.Random(seed)
    days = round(365.25 * years)
    first = AS_OF - timedelta(days=days - 1)
    entries: list[dict[str, Any]] = []
    for number in range(days):
        day = (first + timedelta(days=number)).isoformat()
        entries.append(
            {
                "kind": "symptoms",
                "date": day,
                "severity_nrs": round(rng.uniform(0, 10), 1),
                "nights_per_week": rng.randint(0, 7),
                "leg_cramps": rng.random() < 0.2,
            }
        )
        if number % 90 == 0:
            for test, unit, low, high in LAB_TESTS:
                entries.append(
                    {
                        "kind": "lab",
                        "date": day,
                        "test": test,
                        "value": round(rng.uniform(low, high), 2),
                        "unit": unit,
                    }
                )
    for start in range(0, days - 120, 200):
        nutrient = ("iron", "magnesium", "vitamin_d")[start // 200 % 3]
        unit, amount = {"iron": ("mg", 65), "magnesium": ("mg", 200), "vitamin_d": ("IU", 1000)}[
            nutrient
        ]
        entries.append(
            {
                "kind": "supplement",
                "nutrient": nutrient,
                "amount": amount,
                "unit": unit,
                "from": (first + timedelta(days=start)).isoformat(),
                "to": (first + timedelta(days=start + 119)).isoformat(),
            }
        )
    basics = {
        "age": 52,
        "age_on": "2026-01-01",
        "sex": "female",
        "medications": ["Zoloft 50 mg", "omeprazole 20 mg"],
        "caffeine_mg_per_day": 200,
    }
    return {"format": FORMAT, "basics": basics, "entries": entries}


def writes_per_second(url: str, count: int) -> float:
    """Entries saved one at a time (each its own checked, committed transaction) per second."""
    store = open_store(StoreSettings(url, "--db"))
    with store.session() as session:
        start = time.perf_counter()
        for number in range(count):
            add_entry(
                session,
                kind="lab",
                fields={
                    "date": (AS_OF - timedelta(days=number % 3000)).isoformat(),
                    "test": "ferritin",
                    "value": 40 + number % 50,
                    "unit": "ng/mL",
                },
                today=AS_OF,
            )
        elapsed = time.perf_counter() - start
    store.close()
    return count / elapsed


def best(call: Callable[[], object], runs: int) -> tuple[float, float]:
    """Best and median seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def command_times(args: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    script = shutil.which("ekbom", path=str(Path(sys.executable).parent))
    cli = [script] if script else [sys.executable, "-m", "ekbom"]
    subprocess.run([*cli, *args], check=True, stdout=subprocess.DEVNULL, env=env)  # warm up
    return best(
        lambda: subprocess.run([*cli, *args], check=True, stdout=subprocess.DEVNULL, env=env), runs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--startup", action="store_true", help="only the cold start of diary commands vs assess"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if options.startup:
            cold_starts(Path(folder), options.runs)
        else:
            run(Path(folder), options)


# Each diary command beside `ekbom assess` (the target: at most 1.5x its cold start).
STARTUP = (
    ("ekbom assess examples/profile.yaml", ["assess", "examples/profile.yaml"]),
    ("ekbom log symptoms", ["log", "symptoms", "--nrs", "5", "--date", "2026-11-{n:02d}"]),
    ("ekbom log lab", ["log", "lab", "ferritin", "40", "ng/mL", "--date", "2026-10-{n:02d}"]),
    ("ekbom history", ["history"]),
)
# What no diary command can go below (the floor of the 1.5x target), timed in the same turns:
# the libraries the store needs, and the command line parsing a diary command without running it.
FLOOR = (
    ("floor: python -c 'import sqlalchemy' (+ SQLite dialect)",
     ["-c", "import sqlalchemy, sqlalchemy.dialects.sqlite"]),
    ("floor: python -c 'import sqlalchemy.orm' (+ SQLite dialect)",
     ["-c", "import sqlalchemy.orm, sqlalchemy.dialects.sqlite"]),
    ("floor: ekbom history --help (the command line alone)",
     ["-m", "ekbom", "history", "--help"]),
)  # fmt: skip


def cold_starts(folder: Path, runs: int) -> None:
    """Wall and CPU time of whole diary commands on a small diary, run in turns with `ekbom
    assess` and the floor (interleaved, so all meet the same load), medians of `runs` rounds;
    then the biggest imports of `ekbom history` by `python -X importtime`."""
    import resource

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        PYTHONPYCACHEPREFIX=str(folder / "pycache"),
        EKBOM_DATABASE_URL="sqlite:///" + str(folder / "startup.db"),
    )
    cli = [sys.executable, "-m", "ekbom"]
    commands = [(label, [*cli, *args]) for label, args in STARTUP]
    commands += [(label, [sys.executable, *args]) for label, args in FLOOR]
    times: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in commands}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if runs > 27:
        raise SystemExit("use at most 27 runs (each logs symptoms on a day of its own)")
    for n in range(runs + 1):  # round 0 warms the bytecode cache and creates the diary
        for label, args in commands:
            command = [a.format(n=n + 1) for a in args]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            # check: a command that fails would time its error path instead
            subprocess.run(command, stdout=subprocess.DEVNULL, env=env, cwd=ROOT, check=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            if n:
                times[label].append((wall, cpu))
    assess_wall, assess_cpu = (
        statistics.median(c) for c in zip(*times[STARTUP[0][0]], strict=True)
    )
    for label, found in times.items():
        wall, cpu = (statistics.median(c) for c in zip(*found, strict=True))
        print(
            f"{label}: median wall {wall * 1000:.0f} ms ({wall / assess_wall:.1f}x assess), "
            f"CPU {cpu * 1000:.0f} ms ({cpu / assess_cpu:.1f}x)"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    traced = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ekbom", "history"],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    ).stderr  # fmt: skip
    rows = [line.split("|") for line in traced.splitlines() if line.startswith("import time:")]
    cumulative = sorted(
        ((int(r[1]), r[2].rstrip()) for r in rows[1:] if r[1].strip().isdigit()), reverse=True
    )
    print("ekbom history's biggest imports (cumulative us, -X importtime):")
    for micros, name in cumulative[:8]:
        print(f"  {micros:>8}  {name.strip()}")


def run(folder: Path, options: argparse.Namespace) -> None:
    rate = writes_per_second("sqlite:///" + str(folder / "writes.db"), options.writes)
    print(
        f"writes, SQLite (WAL, synchronous=FULL): {rate:,.0f} entries/s "
        f"({options.writes} entries, one checked transaction each)"
    )
    if os.environ.get("EKBOM_TEST_DATABASE_URL", "").startswith("postgresql"):
        print(f"writes, PostgreSQL: {pg_writes_per_second(options.writes):,.0f} entries/s")

    document = ten_years(options.years)
    url = "sqlite:///" + str(folder / "diary.db")
    store = open_store(StoreSettings(url, "--db"))
    diary = read_document(json.loads(json.dumps(document)), name="bench", today=AS_OF)
    with store.session() as session:
        start = time.perf_counter()
        repository.replace_all(session, basics=diary.basics, entries=diary.entries, clear=False)
        imported = time.perf_counter() - start
        count = len(diary.entries)
        print(
            f"diary: {count:,} entries over {options.years} years "
            f"({_size(folder, 'diary.db') / 1e6:.1f} MB); import (one transaction) "
            f"{imported:.2f} s = {count / imported:,.0f} entries/s"
        )
        runs = options.runs
        history = best(
            lambda: "\n".join(describe(e) for e in repository.list_entries(session)), runs
        )
        assessed = best(lambda: diary_assessment(session, as_of=AS_OF, limits=None), runs)
        loaded = best(lambda: load_data(session, AS_OF), runs)
    store.close()
    print(
        f"history, in process (read + format {count:,} lines): best {history[0] * 1000:.0f} ms, "
        f"median {history[1] * 1000:.0f} ms"
    )
    print(
        f"assess --diary, in process: best {assessed[0] * 1000:.1f} ms, "
        f"median {assessed[1] * 1000:.1f} ms"
    )
    print(f"analysis data (all entries as DiaryData), in process: best {loaded[0] * 1000:.0f} ms")

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=str(folder / "pycache"), EKBOM_DATABASE_URL=url)
    bare = command_times(["--version"], runs, env)
    print(f"ekbom --version (start-up, knowledge load): median {bare[1] * 1000:.0f} ms")
    for label, args in (
        ("ekbom history", ["history"]),
        ("ekbom history --format json", ["history", "--format", "json"]),
        ("ekbom assess --diary", ["assess", "--diary", "--as-of", AS_OF.isoformat()]),
        (
            "ekbom assess --diary --format json",
            ["assess", "--diary", "--as-of", AS_OF.isoformat(), "--format", "json"],
        ),
        (
            "ekbom trend --out trend.png",
            ["trend", "--out", str(folder / "t.png"), "--as-of", AS_OF.isoformat()],
        ),
        (
            "ekbom report --out report.html",
            ["report", "--out", str(folder / "r.html"), "--as-of", AS_OF.isoformat()],
        ),
        (
            "ekbom report --out report.pdf",
            ["report", "--out", str(folder / "r.pdf"), "--as-of", AS_OF.isoformat()],
        ),
    ):
        times = command_times(args, runs, env)
        print(
            f"{label} (whole command, {options.years} years): best {times[0]:.2f} s, "
            f"median {times[1]:.2f} s"
        )


def _size(folder: Path, name: str) -> int:
    """Bytes of a SQLite diary, its write-ahead log included."""
    return sum(path.stat().st_size for path in folder.glob(name + "*"))


def pg_writes_per_second(count: int) -> float:
    """`writes_per_second` in a fresh schema of the test PostgreSQL server, dropped after."""
    import uuid

    from sqlalchemy import create_engine, text

    base = os.environ["EKBOM_TEST_DATABASE_URL"]
    schema = f"ekbom_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
        return writes_per_second(url, count)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
