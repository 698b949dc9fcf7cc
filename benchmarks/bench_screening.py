"""Benchmark of `ekbom screen` (issues 6 and 13): the screen's CPU time against DuckDB's typed read.

For each size it writes a synthetic Bulk Data export the way `ekbom synth bulk` writes one (100
observations per patient, Synthea-sized records of about 700 bytes, WITH its bad lines: about one
line in a thousand; `--clean` writes none) and measures, each in a fresh process, `--runs` times
(the two steps alternate, so a shared machine's load disturbs both alike):

  * the floor: DuckDB's typed read of the same Observation files (`read_json` with explicit
    columns subject, code, value, unit and date; every column is counted so all are built);
  * the DuckDB screen (`run_screen`, bad lines located and listed as `ekbom screen` does): wall
    and CPU time (all DuckDB threads), the CPU ratio to the floor, the peak resident memory (RSS)
    and the CPU time of each step (`report` messages: reading each type, joining, deciding,
    locating the bad lines);
  * the 1-minute load average just before each step;
  * with --spark-size: the Spark screen (local mode) at that size, once.

Prints, per size, each run and the medians; the exports are deleted afterwards unless --keep.
With --reuse (and --workdir) an export that a --keep run left in the work folder is measured
again instead of written anew. Usage:

    python benchmarks/bench_screening.py                        # 2M and 10M, 5 runs each
    python benchmarks/bench_screening.py --sizes 2M --runs 5
    python benchmarks/bench_screening.py --sizes 10M --runs 2 --workdir /tmp/bench --keep --reuse
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2026-11-28"
PER_PATIENT = 100

TYPED_READ = """
import duckdb, json, resource, sys, time
files = sys.argv[1:]
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
columns = {
    "subject": "STRUCT(reference VARCHAR)",
    "code": "STRUCT(coding STRUCT(system VARCHAR, code VARCHAR)[])",
    "valueQuantity": "STRUCT(value DOUBLE, unit VARCHAR)",
    "effectiveDateTime": "VARCHAR",
}
def cpu():
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime
started, cpu_started = time.perf_counter(), cpu()
count = con.execute(
    "SELECT count(*), count(subject.reference), count(code.coding), count(valueQuantity.value), "
    "count(valueQuantity.unit), count(effectiveDateTime) FROM read_json(?, columns = "
    + "{" + ", ".join(f"'{k}': '{v}'" for k, v in columns.items()) + "}"
    + ", format = 'newline_delimited', ignore_errors = true)",
    [files],
).fetchall()[0][0]
out = {"seconds": time.perf_counter() - started, "cpu": cpu() - cpu_started, "count": count}
print(json.dumps(out))
"""

SCREEN = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from ekbom.screening import EngineOptions, run_screen
folder, engine, memory, as_of = sys.argv[1:5]
options = EngineOptions(memory_limit=memory)
out = {}
def cpu():
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime
if engine == "spark":
    from ekbom.screening.backends import spark_session
    started = time.perf_counter()
    session = spark_session("local[*]")
    out["session_seconds"] = time.perf_counter() - started
    options = options._replace(spark_session=session)
steps = []
def report(message):
    words = message.split(":")[0].split()
    steps.append((" ".join(words[:2]) if words[0] == "reading" else words[0], cpu()))
started, cpu_started = time.perf_counter(), cpu()
result = run_screen(folder, engine=engine, as_of=date.fromisoformat(as_of), options=options,
                    report=report)
out["seconds"] = time.perf_counter() - started
out["cpu"] = cpu() - cpu_started
marks = [("start", cpu_started), *steps, ("end", cpu_started + out["cpu"])]
out["steps"] = {name: marks[i + 1][1] - at for i, (name, at) in enumerate(marks[:-1])}
out["rows"] = result.table.num_rows
out["bad_lines"] = result.summary["bad_lines"]["total"]
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if engine == "spark":
    pid = session.sparkContext._gateway.proc.pid
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            out["jvm_mb"] = int(line.split()[1]) / 1024
    session.stop()
print(json.dumps(out))
"""


def size(text: str) -> int:
    text = text.strip().upper()
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("KM")) * scale)


def run(code: str, *args: str) -> dict[str, float]:
    """The step's figures, with the 1-minute load average just before it (`load`)."""
    load = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{done.stderr[-3000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "load": load}


EXPORT_FACTS = "bench-export.json"


def make_export(
    folder: Path, observations: int, reuse: bool, bad_lines: bool
) -> tuple[int, float, float]:
    """(observations written, seconds, GB on disk); with `reuse`, an export written before."""
    from datetime import date

    facts = folder / EXPORT_FACTS
    if reuse and facts.is_file():
        kept = json.loads(facts.read_text("utf-8"))
        if kept.get("bad_lines", False) == bad_lines:
            return kept["observations"], 0.0, kept["gigabytes"]
    shutil.rmtree(folder, ignore_errors=True)

    from ekbom.screening.synth import synthesize

    started = time.perf_counter()
    result = synthesize(
        folder,
        patients=max(1, observations // PER_PATIENT),
        seed=1,
        as_of=date.fromisoformat(AS_OF),
        background=PER_PATIENT - 1,
        bad_lines=bad_lines,
    )
    seconds = time.perf_counter() - started
    gigabytes = sum(p.stat().st_size for p in folder.iterdir()) / 1e9
    facts.write_text(
        json.dumps(
            {"observations": result.observations, "gigabytes": gigabytes, "bad_lines": bad_lines}
        )
    )
    return result.observations, seconds, gigabytes


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def bench_size(label: str, observations: int, args: argparse.Namespace, work: Path) -> list[str]:
    folder = work / f"export-{label}"
    written, made, gigabytes = make_export(folder, observations, args.reuse, not args.clean)
    files = [str(p) for p in sorted(folder.glob("Observation*.ndjson"))]
    lines = [
        f"{label}: {written:,} observations, {gigabytes:.2f} GB on disk, "
        + ("no bad lines " if args.clean else "with bad lines ")
        + (f"(written in {made:.0f} s)" if made else "(reused)")
    ]
    floors, screens = [], []
    for number in range(1, args.runs + 1):
        floor = run(TYPED_READ, *files)
        screen = run(SCREEN, str(folder), "duckdb", args.memory_limit, AS_OF)
        screen["ratio"] = screen["cpu"] / floor["cpu"]
        floors.append(floor)
        screens.append(screen)
        steps = ", ".join(f"{k} {v:.2f}" for k, v in screen["steps"].items() if v >= 0.05)
        lines.append(
            f"  run {number}: typed read {floor['seconds']:6.2f} s, cpu {floor['cpu']:6.2f} s "
            f"(load {floor['load']:.2f}) | screen {screen['seconds']:6.2f} s, "
            f"cpu {screen['cpu']:6.2f} s = x{screen['ratio']:.2f} of the typed read, "
            f"peak RSS {screen['rss_mb']:.0f} MB, {screen['bad_lines']:,} bad lines, "
            f"{screen['rows']:,} RLS rows (load {screen['load']:.2f})"
        )
        lines.append(f"         screen cpu by step: {steps}")
        print(lines[-2], lines[-1], sep="\n", file=sys.stderr, flush=True)
    loads = [r["load"] for r in floors + screens]
    lines.append(
        f"  median of {args.runs}: typed read cpu {_median(floors, 'cpu'):.2f} s "
        f"({written / _median(floors, 'seconds') / 1e6:.2f} M obs/s wall) | screen cpu "
        f"{_median(screens, 'cpu'):.2f} s, wall {_median(screens, 'seconds'):.2f} s "
        f"({written / _median(screens, 'seconds') / 1e6:.2f} M obs/s) | ratio by cpu "
        f"x{_median(screens, 'ratio'):.2f} (per run x{min(r['ratio'] for r in screens):.2f}"
        f"-x{max(r['ratio'] for r in screens):.2f}) | peak RSS "
        f"{max(r['rss_mb'] for r in screens):.0f} MB | load {min(loads):.2f}-{max(loads):.2f}"
    )
    if args.spark_size and observations == size(args.spark_size):
        spark = run(SCREEN, str(folder), "spark", args.memory_limit, AS_OF)
        lines.append(
            f"  ekbom screen, Spark local[*]: session {spark['session_seconds']:.1f} s + screen "
            f"{spark['seconds']:.1f} s  {written / spark['seconds'] / 1e6:5.2f} M obs/s  "
            f"driver RSS {spark['rss_mb']:.0f} MB, JVM peak {spark.get('jvm_mb', 0):.0f} MB  "
            f"({spark['rows']:,} RLS rows, load {spark['load']:.2f})"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2M,10M", help="observation counts, defaults to 2M,10M")
    parser.add_argument("--runs", type=int, default=5, help="runs per size, defaults to 5")
    parser.add_argument("--clean", action="store_true", help="write exports without bad lines")
    parser.add_argument("--spark-size", help="also run Spark (local mode) once at this size")
    parser.add_argument(
        "--memory-limit", default="2GB", help="DuckDB memory limit, defaults to 2GB"
    )
    parser.add_argument("--workdir", help="where to write the exports, defaults to a temp folder")
    parser.add_argument("--keep", action="store_true", help="keep the exports")
    parser.add_argument(
        "--reuse", action="store_true", help="measure exports kept in --workdir again"
    )
    args = parser.parse_args()
    if args.reuse and not args.workdir:
        parser.error("--reuse needs --workdir (the folder a --keep run wrote to)")
    work = Path(args.workdir or tempfile.mkdtemp(prefix="ekbom-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report = []
    try:
        for label in args.sizes.split(","):
            report += bench_size(label.strip(), size(label), args, work)
    finally:
        if not args.keep:
            for folder in work.glob("export-*"):
                shutil.rmtree(folder, ignore_errors=True)
            if not args.workdir:
                shutil.rmtree(work, ignore_errors=True)
    print("\n".join(report))  # noqa: T201 - a benchmark prints its figures
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
