"""`ekbom screen` and `ekbom synth bulk`: population screening over FHIR Bulk Data exports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ekbom.cli._output import UsageError, errors_exit, fail, write
from ekbom.cli._parsing import add_command, iso_date
from ekbom.knowledge.vocabulary import ENGINES

FORMATS = ("parquet", "csv", "fhir")
# --out suffixes that choose a format when --format is not given (else parquet).
FORMAT_OF_SUFFIX = {".csv": "csv", ".ndjson": "fhir"}
SHOWN_BAD_LINES = 10


def register(sub: Any) -> None:
    """Add `screen` and `synth bulk` to the command line."""
    screen = add_command(sub, "screen", cmd_screen)
    screen.add_argument("input_dir", metavar="INPUT_DIR", help="folder of a FHIR Bulk Data export")
    screen.add_argument(
        "--out", required=True, metavar="PATH", help="output file (Parquet, CSV or FHIR NDJSON)"
    )
    screen.add_argument(
        "--engine", choices=ENGINES, default="duckdb", help="engine to run on, defaults to duckdb"
    )
    screen.add_argument(
        "--as-of",
        metavar="DATE",
        type=iso_date,
        help="screening day (YYYY-MM-DD), defaults to today",
    )
    screen.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (fhir: DEQM gaps-in-care NDJSON), defaults to csv for a .csv --out, "
        "fhir for a .ndjson --out, else parquet",
    )
    screen.add_argument(
        "--spark-master",
        metavar="URL",
        help="Spark master (spark://host:7077, local[4]) for --engine spark, defaults to local[*]",
    )
    screen.add_argument(
        "--memory-limit",
        metavar="SIZE",
        default="2GB",
        help="DuckDB memory limit before it spills to disk, defaults to 2GB",
    )
    screen.add_argument(
        "--temp-dir", metavar="DIR", help="where DuckDB spills, defaults to the system temp folder"
    )
    screen.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    synth = sub.add_parser("synth", help="write synthetic data", description="Write synthetic data")
    synth_sub = synth.add_subparsers(title="commands", metavar="COMMAND")
    bulk = add_command(synth_sub, "bulk", cmd_synth_bulk)
    bulk.add_argument("--patients", type=int, required=True, metavar="N", help="number of patients")
    bulk.add_argument("--out", required=True, metavar="DIR", help="folder to write (new or empty)")
    bulk.add_argument("--seed", type=int, default=1, metavar="S", help="random seed, defaults to 1")
    bulk.add_argument(
        "--as-of",
        metavar="DATE",
        type=iso_date,
        help="screening day the truth is for, defaults to today",
    )
    bulk.add_argument("--gzip", action="store_true", help="write .ndjson.gz files")
    synth.set_defaults(func=lambda args: synth.error("choose a command: bulk"))


def _progress(quiet: bool) -> Any:
    if quiet:
        return None

    def report(message: str) -> None:
        sys.stderr.write(f"ekbom screen: {message}\n")
        sys.stderr.flush()

    return report


def cmd_screen(args: argparse.Namespace) -> None:
    """Screen a FHIR Bulk Data export for RLS care gaps

    Reads the Patient, Condition, Observation and MedicationRequest files of INPUT_DIR (.ndjson or
    .ndjson.gz; several files per type) and writes one row per patient with active RLS: age, sex,
    the latest ferritin and TSAT, the iron verdict of the same rules `ekbom assess` uses, and five
    care-gap flags (Parquet, CSV, or with --format fhir Da Vinci DEQM gaps-in-care reports as FHIR
    NDJSON). Prints a summary table and writes it as JSON beside the output
    (gaps.parquet -> gaps.summary.json). Bad lines are counted and listed, never fatal.

    Needs the screening extra: pip install 'ekbom[screening]' (and 'ekbom[spark]' for Spark).

    Examples:
      ekbom screen export/ --out gaps.parquet
      ekbom screen export/ --out gaps.csv --as-of 2026-11-28
      ekbom screen export/ --out gaps.ndjson --format fhir
      ekbom screen export/ --out gaps.parquet --engine spark --spark-master spark://host:7077
    """
    from datetime import date

    folder = Path(args.input_dir)
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; give the folder of a Bulk Data export")
    out = Path(args.out)
    fmt = args.format or FORMAT_OF_SUFFIX.get(out.suffix.lower(), "parquet")
    with errors_exit():
        from ekbom.screening.backends import EngineOptions, require_screening

        require_screening()
        from ekbom.screening import output
        from ekbom.screening.job import run_screen
        from ekbom.screening.summary import render_table

        options = EngineOptions(
            memory_limit=args.memory_limit,
            temp_dir=Path(args.temp_dir) if args.temp_dir else None,
            progress=not args.quiet and sys.stderr.isatty(),
            spark_master=args.spark_master,
        )
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
        result = run_screen(
            folder, engine=args.engine, as_of=as_of, options=options, report=_progress(args.quiet)
        )
        if fmt == "fhir":
            from ekbom.screening.care_gaps_fhir import write_ndjson

            write_ndjson(result.table, result.summary, out)
        else:
            output.write(result.table, out, fmt)
        summary = {**result.summary, "output": str(out), "format": fmt}
        output.write_summary(summary, output.summary_path(out))
    _warn_bad_lines(summary)
    write(render_table(summary))
    written = output.summary_path(out)
    write(f"\nWrote {result.table.num_rows:,} rows to {out} and the summary to {written}")


def _warn_bad_lines(summary: dict[str, Any]) -> None:
    bad = summary["bad_lines"]
    if not bad["total"]:
        return
    lines = [f"Warning: {bad['total']:,} bad line(s) were skipped:"]
    shown = 0
    for entry in bad["files"]:
        for item in entry["listed"]:
            if shown < SHOWN_BAD_LINES:
                lines.append(f"  {entry['file']}:{item['line']}: {item['reason']}")
            shown += 1
    if shown > SHOWN_BAD_LINES or shown < bad["total"]:
        lines.append("  (every one is in the summary JSON, bad_lines)")
    fail(lines)


def cmd_synth_bulk(args: argparse.Namespace) -> None:
    """Write a synthetic FHIR Bulk Data export with its ground truth

    About 8% of adults have RLS; ferritin and TSAT follow realistic distributions (with values at
    the rule thresholds), some people are on dialysis, pregnant or children, and some take
    medicines that may worsen RLS, dopamine agonists or iron. A few bad lines are mixed in.
    ground_truth.json holds, for the --as-of day, the rows and counts `ekbom screen` must give,
    decided by the engine itself. The same arguments always give the same files.

    Examples:
      ekbom synth bulk --patients 1000 --out export/ --as-of 2026-11-28
      ekbom screen export/ --out gaps.parquet --as-of 2026-11-28
    """
    from datetime import date

    if args.patients < 1:
        raise UsageError("--patients must be at least 1")
    with errors_exit():
        from ekbom.screening.synth import synthesize

        as_of = date.fromisoformat(args.as_of) if args.as_of else None
        result = synthesize(
            Path(args.out), patients=args.patients, seed=args.seed, as_of=as_of, zipped=args.gzip
        )
    write(
        f"Wrote {result.patients:,} patients ({result.with_rls:,} screened with active RLS) and "
        f"{result.observations:,} observations to {result.folder}; the truth is in "
        f"{result.folder / 'ground_truth.json'}"
    )
