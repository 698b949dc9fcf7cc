"""Fixtures shared across the test packages, and the one-line summary of what was skipped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

pytest_plugins = ["tests.knowledge_copy"]

# What a skipped test lacked (a word of its skip reason) -> what to say and the line that
# enables it: the same installs as .ci/run (and README's Quick start).
NEEDS = (
    ("EKBOM_TEST_DATABASE_URL", "PostgreSQL",
     "EKBOM_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    ("chromium", "chromium", "apt-get install -y chromium"),
    ("pdftotext", "poppler", "apt-get install -y poppler-utils"),
    ("shared/data", "../shared/data", "put the real data beside the repository (../shared/data)"),
    ("real data", "../shared/data", "put the real data beside the repository (../shared/data)"),
    ("axe-core", "axe-core", "npm install --prefix .ci/npm axe-core@4.14.1"),
)  # fmt: skip


def skip_summary(reasons: list[str]) -> str | None:
    """One line: how many tests were skipped, for want of what, and how to enable each."""
    if not reasons:
        return None
    wanted: Counter[tuple[str, str]] = Counter()
    for reason in reasons:
        need = next(((what, how) for word, what, how in NEEDS if word in reason), None)
        wanted[need or ("", "")] += 1
    parts = [
        f"{count} without {what} ({how})" if what else f"{count} for other reasons (see above)"
        for (what, how), count in wanted.most_common()
    ]
    return f"skipped {len(reasons)}: " + "; ".join(parts)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: Any) -> Iterator[None]:
    """After the whole summary (outermost wrapper: after `-ra`'s list of every skip)."""
    yield
    reasons = []
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reasons.append(str(longrepr[2] if isinstance(longrepr, tuple) else longrepr))
    line = skip_summary(reasons)
    if line:
        terminalreporter.write_line(line, yellow=True)
