"""`run_screen`: a FHIR Bulk Data export in, one row per patient with active RLS out.

Each resource type is read once (tables.read_type), the facts are joined per patient
(facts.py), the iron rules and the gaps are compiled onto them (gaps.py) and the result is
collected as a pyarrow table with a fixed schema, so both engines give the same output.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from ekbom.knowledge.interop_codes import load_interop_codes
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.screening_codes import load_screening_codes
from ekbom.screening import _imports, output
from ekbom.screening.backends import Backend, EngineOptions, check_engine, connect
from ekbom.screening.compile import class_column
from ekbom.screening.conditions import ConditionFlags, condition_columns
from ekbom.screening.facts import join_facts, lab_wide, patient_columns, screened_patients
from ekbom.screening.gaps import gap_columns, rule_needs, with_iron
from ekbom.screening.inputs import InputFiles, find_inputs
from ekbom.screening.labs import LabReader
from ekbom.screening.medicines import MedicationFlags, NameFacts
from ekbom.screening.summary import Counts, build_summary
from ekbom.screening.tables import TypeRows, read_type


class ScreenResult(NamedTuple):
    """The output rows (pyarrow Table, output.SCHEMA) and the summary document."""

    table: Any
    summary: dict[str, Any]


class _Context(NamedTuple):
    kb: Any
    interop: Any
    screening: Any
    as_of: date
    backend: Backend
    inputs: InputFiles
    empty: Path
    report: Callable[[str], None]


def _silent(message: str) -> None:
    """The default progress report: nothing."""


def run_screen(
    input_dir: Path | str,
    *,
    engine: str = "duckdb",
    as_of: date | None = None,
    options: EngineOptions | None = None,
    report: Callable[[str], None] | None = None,
) -> ScreenResult:
    """Screen the export in `input_dir` as of `as_of` (default today) on `engine`.

    `report` receives progress messages (one line each), e.g. to print them to stderr.
    """
    started = time.monotonic()
    options = options or EngineOptions()
    check_engine(engine, options)
    inputs = find_inputs(Path(input_dir))
    day = as_of or date.today()
    backend = connect(engine, options)
    try:
        with tempfile.TemporaryDirectory(prefix="ekbom-screen-") as folder:
            empty = Path(folder) / "empty.ndjson"
            empty.write_bytes(b"")
            ctx = _Context(
                load_knowledge(),
                load_interop_codes(),
                load_screening_codes(),
                day,
                backend,
                inputs,
                empty,
                report or _silent,
            )
            table, counts = _screen(ctx)
    finally:
        backend.close()
    summary = build_summary(ctx, counts, table, engine, time.monotonic() - started)
    return ScreenResult(table, summary)


def _read(ctx: _Context, kind: str, keep: Any, columns: Any) -> TypeRows:
    files = ctx.inputs.files(kind)
    size = sum(path.stat().st_size for path in files) / 1e6
    ctx.report(f"reading {kind}: {len(files)} file(s), {size:,.1f} MB")
    return read_type(ctx.backend, ctx.inputs, kind, keep, columns, ctx.empty)


class _Rows(NamedTuple):
    """Each resource type's kept rows."""

    patients: TypeRows
    conditions: TypeRows
    observations: TypeRows
    requests: TypeRows


def _read_all(ctx: _Context, flags: Any, labs: Any, meds: Any) -> _Rows:
    ibis = _imports.ibis()

    return _Rows(
        _read(ctx, "Patient", lambda t: ibis.literal(True), patient_columns(ctx.as_of)),
        _read(ctx, "Condition", flags.relevant, condition_columns),
        _read(ctx, "Observation", labs.relevant, labs.columns),
        _read(ctx, "MedicationRequest", meds.keep, meds.columns),
    )


def _medicines(ctx: _Context, meds: MedicationFlags, requests: Any) -> tuple[Any, list[NameFacts]]:
    """Per patient medicine columns; the distinct active names are matched in Python."""
    taken = ctx.backend.materialize(meds.taken(requests))
    names = ctx.backend.execute(taken.select("name").distinct()).column("name").to_pylist()
    name_facts = meds.matcher.facts(n for n in names if n)
    per_patient = meds.per_patient(taken, meds.name_table(name_facts))
    return ctx.backend.materialize(per_patient), name_facts


def _screen(ctx: _Context) -> tuple[Any, Counts]:
    kb, screening, as_of = ctx.kb, ctx.screening, ctx.as_of
    needs = rule_needs(kb, screening)
    flags = ConditionFlags(ctx.interop, screening, as_of)
    labs = LabReader(kb, ctx.interop, screening, needs.labs, as_of)
    meds = MedicationFlags(kb, ctx.interop, screening, as_of, needs.ingredients, needs.classes)
    read = _read_all(ctx, flags, labs, meds)

    ctx.report("joining patients, conditions, labs and medicines")
    keep = ctx.backend.materialize
    patients = keep(screened_patients(read.patients.good, as_of))
    conditions = keep(flags.per_patient(read.conditions.good))
    judged = keep(labs.judged(read.observations.good))
    usable = judged.filter(judged.skip.isnull())
    derived = keep(labs.derived_tsat(usable))
    wide = keep(lab_wide(labs.latest(usable), derived, tuple(sorted(needs.labs | {"tsat"}))))
    medicines, name_facts = _medicines(ctx, meds, read.requests.good)

    ctx.report("deciding the iron verdicts and the gaps")
    medicine_columns = [c for c in medicines.columns if c != "patient"]
    facts = keep(join_facts(patients, conditions, wide, medicines, medicine_columns))
    facts = with_iron(facts, kb)
    facts = facts.mutate(**gap_columns(facts, kb, screening))
    facts = facts.mutate(dopamine_agonist=facts[class_column(screening.dopamine_agonist_class)])
    rows = ctx.backend.execute(output.select(facts))
    counts = Counts.collect(
        ctx.backend,
        rows=read,
        patients=patients,
        conditions=conditions,
        judged=judged,
        derived=derived,
        requests=read.requests.good,
        names=name_facts,
    )
    return output.conform(rows), counts
