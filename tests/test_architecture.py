"""ekbom's layers, checked on the import graph of `src/ekbom` (read with `ast`, see
`tests/import_graph.py`; docs/architecture.md draws the same picture in words):

- the core (`engine`, `knowledge`, `profile`) imports no adapter and no heavy library;
- the store imports nothing above it: it stores entries and basics that `ekbom.diary` checked
  with the knowledge and the profile parser (issue 12 item 3);
- the diary's use cases import no shell, and the diary analysis neither the store nor a shell;
- the report's templates and their renderer (`ekbom.report`) import only the core, Jinja2 and
  WeasyPrint: no store, no diary, no shell, so the web and `ekbom report` share them;
- the web never imports the command line, and the command line reaches the web only through its
  launch surface (`ekbom.web.options`, `ekbom.web.__main__`, for `ekbom serve`).

Each contract is shown to fail when one forbidden import is added to a copy of the package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ekbom
from tests.import_graph import Contract, Import, entries, imports, violations

SRC = Path(ekbom.__file__).resolve().parent

HEAVY = (
    "sqlalchemy",
    "alembic",
    "psycopg",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "ibis",
    "duckdb",
    "pyspark",
    "weasyprint",
    "matplotlib",
    "fhir",
    "rich",
    "typer",
    "click",
)
ADAPTERS = (
    "ekbom.cli",
    "ekbom.web",
    "ekbom.store",
    "ekbom.interop",
    "ekbom.screening",
    "ekbom.diary",
    "ekbom.diary_analysis",
    "ekbom.report",
)
SHELLS = ("ekbom.cli", "ekbom.web", "ekbom.interop", "ekbom.screening")

CORE = Contract("core", ("ekbom.engine", "ekbom.knowledge", "ekbom.profile"), HEAVY + ADAPTERS)
STORE = Contract(
    "store",
    ("ekbom.store",),
    ("ekbom.engine", "ekbom.knowledge", "ekbom.profile", "ekbom.diary_analysis", "ekbom.diary")
    + SHELLS,
)
DIARY = Contract("diary", ("ekbom.diary",), SHELLS)
ANALYSIS = Contract(
    "diary analysis", ("ekbom.diary_analysis",), ("ekbom.store", "ekbom.diary") + SHELLS
)
REPORT = Contract(
    "report", ("ekbom.report",), ("ekbom.store", "ekbom.diary", "ekbom.diary_analysis") + SHELLS
)
WEB = Contract("web below cli", ("ekbom.web",), ("ekbom.cli",))
CLI = Contract(
    "cli reaches the web only to serve it",
    ("ekbom.cli",),
    ("ekbom.web",),
    allowed=("ekbom.web.options", "ekbom.web.__main__"),
    direct_only=True,
)
HOLDING = (CORE, STORE, DIARY, ANALYSIS, REPORT, WEB, CLI)


@pytest.fixture(scope="module")
def graph() -> dict[str, list[Import]]:
    return imports(SRC, "ekbom")


@pytest.mark.parametrize("contract", HOLDING, ids=lambda c: c.name)
def test_contract_holds(graph: dict[str, list[Import]], contract: Contract) -> None:
    assert violations(graph, contract) == []


def test_the_graph_sees_the_moves_of_issue_12(graph: dict[str, list[Import]]) -> None:
    """The checker reads real edges: the diary's use cases are where the shells find them."""
    web = {e.imported for m, found in graph.items() if m.startswith("ekbom.web") for e in found}
    cli = {e.imported for m, found in graph.items() if m.startswith("ekbom.cli") for e in found}
    assert {"ekbom.diary.analysis", "ekbom.diary.entries"} <= web
    assert {"ekbom.diary.assess", "ekbom.diary.entries", "ekbom.web.options"} <= cli


def test_shells_save_entries_only_through_the_diary() -> None:
    """The entry rules and the TSAT pair rule run only when the diary's functions save; a shell
    calling the store's own would skip them."""
    offending = []
    for folder in ("cli", "web"):
        for path in sorted((SRC / folder).rglob("*.py")):
            text = path.read_text("utf-8")
            for call in (
                "repository.add_entry(",
                "repository.update_entry(",
                "repository.stop_supplement(",
                "repository.set_basics(",
                "transfer.from_document(",
                "import from_document",
            ):
                if call in text:
                    offending.append(f"{path.relative_to(SRC)}: {call}")
    assert offending == []


# -- each contract fails when a forbidden import is added ------------------------------------

BREAKS = [
    (
        CORE,
        "engine/dosing.py",
        "import matplotlib.pyplot",
        "ekbom.engine.dosing -> matplotlib.pyplot",
    ),
    (
        CORE,
        "profile/model.py",
        "from sqlalchemy import select",
        "ekbom.profile.model -> sqlalchemy",
    ),
    (
        CORE,
        "errors.py",  # not core itself: reached from the core through ekbom.errors
        "def later():\n    from ekbom.store import repository",
        "ekbom.errors -> ekbom.store.repository",
    ),
    (
        STORE,
        "store/conflicts.py",
        "from ekbom.engine.labs import lab_facts",
        "ekbom.store.conflicts -> ekbom.engine.labs",
    ),
    (
        DIARY,
        "diary/analysis.py",
        "from ekbom.web import diary_view",
        "ekbom.diary.analysis -> ekbom.web.diary_view",
    ),
    (
        REPORT,
        "report/render.py",
        "from ekbom.web.app import create_app",
        "ekbom.report.render -> ekbom.web.app",
    ),
    (
        CORE,
        "engine/first_step.py",
        "from ekbom.report import report_body",
        "ekbom.engine.first_step -> ekbom.report",
    ),
    (
        WEB,
        "web/__main__.py",
        "from ekbom.cli._parsing import add_command",
        "ekbom.web.__main__ -> ekbom.cli._parsing",
    ),
    (
        CLI,
        "cli/diary_reports.py",
        "from ekbom.web.app import create_app",
        "ekbom.cli.diary_reports -> ekbom.web.app",
    ),
]


@pytest.mark.parametrize(("contract", "file", "line", "expected"), BREAKS)
def test_a_forbidden_import_breaks_the_contract(
    tmp_path: Path, contract: Contract, file: str, line: str, expected: str
) -> None:
    copy = tmp_path / "ekbom"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("*.pyc", "data", "static"))
    before = entries(violations(imports(copy, "ekbom"), contract))
    target = copy / file
    target.write_text(target.read_text("utf-8") + "\n\n" + line + "\n", "utf-8")
    after = entries(violations(imports(copy, "ekbom"), contract))
    assert sorted(set(after) - set(before)) == [expected]


def test_the_store_and_the_vocabulary_name_the_same_entry_kinds() -> None:
    """The store keeps its own tuple (it imports no knowledge); the shells read the vocabulary's."""
    from ekbom.knowledge.vocabulary import ENTRY_KINDS
    from ekbom.store.entries import KINDS

    assert KINDS == ENTRY_KINDS


def test_the_store_and_the_profile_name_the_same_scores_and_habits() -> None:
    """The store keeps its own day scores and flat lifestyle keys (it imports no profile)."""
    from ekbom.profile import LIFESTYLE_KEYS, SYMPTOM_KEYS
    from ekbom.store.basics import LIFESTYLE_KEYS as STORED_HABITS
    from ekbom.store.entries import SCORES

    not_day_scores = ("night_muscle_irritability", "rls_criteria")
    assert SCORES == tuple(key for key in SYMPTOM_KEYS if key not in not_day_scores)
    assert STORED_HABITS == LIFESTYLE_KEYS
