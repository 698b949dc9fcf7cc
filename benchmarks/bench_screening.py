"""Benchmark of `ekbom screen` (issue 6): observations per second on DuckDB and on Spark.

For each size it writes a synthetic Bulk Data export (`ekbom synth bulk` with 100 background
observations per patient, Synthea-sized records of about 700 bytes, no bad lines) and measures,
each in a fresh process:

  * the floor: a plain DuckDB `count(*)` over the same Observation files (read_json with
    automatic schema, and read_ndjson_objects, which only splits lines);
  * the DuckDB screen: wall time of `run_screen`, observations per second, the ratio to the floor,
    and the process's peak resident memory (RSS);
  * for both, the CPU time the process used (all DuckDB threads), which a shared machine's load
    disturbs much less than the wall time (the ratio is given both ways);
  * at --spark-size: the Spark screen (local mode), the session start-up apart from the screen,
    and the peak memory of the Python driver and of the JVM.

Prints a table; the exports are deleted afterwards unless --keep. With --reuse (and --workdir)
an export that a --keep run left in the work folder is measured again instead of written anew.
Usage:

    python benchmarks/bench_screening.py                       # 1M and 10M, Spark at 1M
    python benchmarks/bench_screening.py --sizes 1M --no-spark
    python benchmarks/bench_screening.py --workdir /tmp/bench --keep --reuse
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2026-11-28"
PER_PATIENT = 100

RAW_SCAN = """
import duckdb, json, resource, sys, time
files = sys.argv[1:]
con = duckdb.connect()
out = {}
def cpu():
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime
for name, source in (("read_json", "read_json({files}, format='newline_delimited')"),
                     ("ndjson_objects", "read_ndjson_objects({files})")):
    started, cpu_started = time.perf_counter(), cpu()
    count = con.sql(f"select count(*) from " + source.format(files=files)).fetchall()[0][0]
    out[name] = time.perf_counter() - started
    out[name + "_cpu"] = cpu() - cpu_started
out["count"] = count
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
if engine == "spark":
    from ekbom.screening.backends import spark_session
    started = time.perf_counter()
    session = spark_session("local[*]")
    out["session_seconds"] = time.perf_counter() - started
    options = options._replace(spark_session=session)
used = resource.getrusage(resource.RUSAGE_SELF)
started, cpu_started = time.perf_counter(), used.ru_utime + used.ru_stime
result = run_screen(folder, engine=engine, as_of=date.fromisoformat(as_of), options=options)
out["seconds"] = time.perf_counter() - started
used = resource.getrusage(resource.RUSAGE_SELF)
out["cpu"] = used.ru_utime + used.ru_stime - cpu_started
out["rows"] = result.table.num_rows
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


def make_export(folder: Path, observations: int, reuse: bool) -> tuple[int, float, float]:
    """(observations written, seconds, GB on disk); with `reuse`, an export written before."""
    from datetime import date

    facts = folder / EXPORT_FACTS
    if reuse and facts.is_file():
        kept = json.loads(facts.read_text("utf-8"))
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
        bad_lines=False,
    )
    seconds = time.perf_counter() - started
    gigabytes = sum(p.stat().st_size for p in folder.iterdir()) / 1e9
    facts.write_text(json.dumps({"observations": result.observations, "gigabytes": gigabytes}))
    return result.observations, seconds, gigabytes


def bench_size(label: str, observations: int, args: argparse.Namespace, work: Path) -> list[str]:
    folder = work / f"export-{label}"
    written, made, gigabytes = make_export(folder, observations, args.reuse)
    files = [str(p) for p in sorted(folder.glob("Observation*.ndjson"))]
    observation_mb = sum(Path(f).stat().st_size for f in files) / 1e6
    raw = run(RAW_SCAN, *files)
    screen = run(SCREEN, str(folder), "duckdb", args.memory_limit, AS_OF)
    lines = [
        f"{label}: {written:,} observations, {gigabytes:.2f} GB on disk "
        + (f"(written in {made:.0f} s)" if made else "(reused)"),
        f"  floor, DuckDB count(*) read_json:        {raw['read_json']:7.2f} s  "
        f"{written / raw['read_json'] / 1e6:5.2f} M obs/s  cpu {raw['read_json_cpu']:6.2f} s",
        f"  floor, DuckDB count(*) ndjson_objects:   {raw['ndjson_objects']:7.2f} s  "
        f"{written / raw['ndjson_objects'] / 1e6:5.2f} M obs/s  "
        f"cpu {raw['ndjson_objects_cpu']:6.2f} s  (load {raw['load']:.2f})",
        f"  ekbom screen, DuckDB (memory_limit {args.memory_limit}): {screen['seconds']:7.2f} s  "
        f"{written / screen['seconds'] / 1e6:5.2f} M obs/s  "
        f"{observation_mb / screen['seconds']:6.0f} MB/s  "
        f"x{screen['seconds'] / raw['read_json']:.2f} of read_json, "
        f"x{screen['seconds'] / raw['ndjson_objects']:.2f} of ndjson_objects  "
        f"cpu {screen['cpu']:.2f} s (x{screen['cpu'] / raw['read_json_cpu']:.2f} of read_json)  "
        f"peak RSS {screen['rss_mb']:.0f} MB  ({screen['rows']:,} RLS rows, "
        f"load {screen['load']:.2f})",
    ]
    if not args.no_spark and observations == size(args.spark_size):
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
    parser.add_argument("--sizes", default="1M,10M", help="observation counts, defaults to 1M,10M")
    parser.add_argument("--spark-size", default="1M", help="size to run Spark at, defaults to 1M")
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark run")
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
