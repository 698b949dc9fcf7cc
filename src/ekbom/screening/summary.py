"""The screen's summary: who was screened, the gaps, and everything not used and why.

`build_summary` returns the JSON document written beside the output (`gaps.summary.json`);
`render_table` prints its core as a plain-text table. Bad lines are listed with file and line
(located by ekbom.screening.badlines), results that were not used are counted by test and reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple

from ekbom.knowledge.vocabulary import VERDICTS
from ekbom.screening import _imports, badlines
from ekbom.screening.backends import Backend
from ekbom.screening.medicines import NameFacts
from ekbom.screening.output import GAP_COLUMNS
from ekbom.screening.tables import TypeRows

SCHEMA_ID = "ekbom.screening-summary/1"
_SCALARS = ("in_export", "screened", "rls_not_screened", "derived_over_100", "by_reference")


class Counts(NamedTuple):
    """What the screen counted besides its output rows."""

    bad: dict[str, dict[str, int]]  # resource type -> file name -> bad lines
    in_export: int
    screened: int
    rls_not_screened: int
    skipped: list[dict[str, Any]]
    derived_over_100: int
    names: int
    unrecognised: list[str]
    by_reference: int

    @classmethod
    def collect(
        cls,
        backend: Backend,
        *,
        rows: Iterable[TypeRows],
        patients: Any,
        conditions: Any,
        judged: Any,
        derived: Any,
        requests: Any,
        names: list[NameFacts],
    ) -> Counts:
        """Every count in one query (a union of small aggregates: one engine job)."""
        ibis = _imports.ibis()

        rows = list(rows)
        export = next(r for r in rows if r.resource_type == "Patient").good
        rls = conditions.filter(conditions.rls)
        over = derived.filter(derived.current & (derived.value > 100))
        by_reference = requests.filter(requests.by_reference & (requests.names.length() == 0))
        not_used = judged.filter(judged.skip.notnull())
        scalars = {
            "in_export": export.patient.nunique(),
            "screened": patients.count(),
            "rls_not_screened": rls.anti_join(patients, "patient").count(),
            "derived_over_100": over.count(),
            "by_reference": by_reference.count(),
        }
        parts = [r.bad_counts() for r in rows]
        parts.append(
            not_used.group_by(key=not_used.test, detail=not_used.skip)
            .aggregate(n=not_used.count())
            .mutate(kind=ibis.literal("skipped"))
        )
        for name, expr in scalars.items():
            parts.append(
                expr.name("n")
                .as_table()
                .mutate(kind=ibis.literal(name), key=ibis.literal(""), detail=ibis.literal(""))
            )
        columns = ["kind", "key", "detail", "n"]
        union = ibis.union(
            *(p.select(*columns).cast({"n": "int64"}) for p in parts), distinct=False
        )
        return cls.from_rows(backend.execute(union).to_pylist(), names)

    @classmethod
    def from_rows(cls, found: list[dict[str, Any]], names: list[NameFacts]) -> Counts:
        scalar = {r["kind"]: int(r["n"] or 0) for r in found if r["kind"] in _SCALARS}
        bad: dict[str, dict[str, int]] = {}
        for r in found:
            if r["kind"].startswith("bad:"):
                bad.setdefault(r["kind"][4:], {})[r["key"]] = int(r["n"])
        skipped = sorted(
            (
                {"test": r["key"], "reason": r["detail"], "results": int(r["n"])}
                for r in found
                if r["kind"] == "skipped"
            ),
            key=lambda r: (r["test"] or "", r["reason"]),
        )
        return cls(
            bad=bad,
            in_export=scalar.get("in_export", 0),
            screened=scalar.get("screened", 0),
            rls_not_screened=scalar.get("rls_not_screened", 0),
            skipped=skipped,
            derived_over_100=scalar.get("derived_over_100", 0),
            names=len(names),
            unrecognised=sorted(n.name for n in names if not n.ingredients and not n.iron),
            by_reference=scalar.get("by_reference", 0),
        )


def _bad_lines(ctx: Any, bad: dict[str, dict[str, int]]) -> dict[str, Any]:
    counted = [
        (kind, name, lines)
        for kind, per_file in sorted(bad.items())
        for name, lines in sorted(per_file.items())
    ]
    if counted:
        total = sum(lines for _, _, lines in counted)
        ctx.report(f"locating {total:,} bad line(s) in {len(counted)} file(s)")
    located = badlines.locate_many(
        [badlines.Wanted(ctx.inputs.folder / name, kind, lines) for kind, name, lines in counted]
    )
    files = [
        {
            "file": name,
            "resource_type": kind,
            "lines": lines,
            "listed": [{"line": b.line, "reason": b.reason} for b in found],
        }
        for (kind, name, lines), found in zip(counted, located, strict=True)
    ]
    return {"total": sum(f["lines"] for f in files), "files": files}


def build_summary(
    ctx: Any, counts: Counts, table: Any, engine: str, seconds: float
) -> dict[str, Any]:
    """The summary document (see docs/screening.md)."""
    with_rls = table.num_rows
    gap_titles = {gap.id: gap.title for gap in ctx.screening.gaps}
    gaps = []
    for gap in GAP_COLUMNS:
        patients = sum(1 for flag in table.column(gap).to_pylist() if flag)
        share = round(patients / with_rls, 4) if with_rls else 0.0
        gaps.append({"id": gap, "title": gap_titles[gap], "patients": patients, "share": share})
    verdicts = Counter(table.column("iron_verdict").to_pylist())
    return {
        "schema": SCHEMA_ID,
        "engine": engine,
        "as_of": ctx.as_of.isoformat(),
        "knowledge_version": ctx.kb.version,
        "input": str(ctx.inputs.folder),
        "files": {kind: [p.name for p in paths] for kind, paths in ctx.inputs.by_type.items()},
        "ignored_files": [p.name for p in ctx.inputs.ignored],
        "patients": {
            "in_export": counts.in_export,
            "screened": counts.screened,
            "with_rls": with_rls,
            "rls_not_screened": counts.rls_not_screened,
        },
        "iron_verdicts": {verdict: verdicts.get(verdict, 0) for verdict in VERDICTS},
        "gaps": gaps,
        "bad_lines": _bad_lines(ctx, counts.bad),
        "skipped_results": counts.skipped,
        "derived_tsat_over_100": counts.derived_over_100,
        "medicines": {
            "active_names": counts.names,
            "unrecognised": counts.unrecognised,
            "requests_by_reference": counts.by_reference,
        },
        "seconds": round(seconds, 2),
    }


def render_table(summary: dict[str, Any]) -> str:
    """The summary as a plain-text table for the terminal."""
    p = summary["patients"]
    lines = [
        f"ekbom screen as of {summary['as_of']} on {summary['engine']} "
        f"(knowledge {summary['knowledge_version']}, {summary['seconds']} s)",
        "",
        f"{'Patients in the export':<62} {p['in_export']:>9,}",
        f"{'Patients screened':<62} {p['screened']:>9,}",
        f"{'With active RLS':<62} {p['with_rls']:>9,}",
        "",
        f"{'Gap':<62} {'patients':>9} {'share':>7}",
    ]
    for gap in summary["gaps"]:
        lines.append(f"{gap['title'][:62]:<62} {gap['patients']:>9,} {gap['share']:>7.1%}")
    bad = summary["bad_lines"]["total"]
    skipped = sum(row["results"] for row in summary["skipped_results"])
    lines += [
        "",
        f"{'Bad lines (not JSON resources of their file type)':<62} {bad:>9,}",
        f"{'Lab results not used (see the summary JSON for why)':<62} {skipped:>9,}",
    ]
    return "\n".join(lines)
