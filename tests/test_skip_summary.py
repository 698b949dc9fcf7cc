"""The one-line summary of skipped tests (tests/conftest.py) names what each lacked and how to
enable it."""

from __future__ import annotations

from tests.conftest import skip_summary


def test_skip_summary_groups_reasons_with_the_line_that_enables_them() -> None:
    reasons = [
        "Skipped: EKBOM_TEST_DATABASE_URL is not set",
        "Skipped: EKBOM_TEST_DATABASE_URL is not set",
        "Skipped: chromium is not installed (apt-get install -y chromium)",
        "Skipped: pdftotext (poppler-utils) is not installed",
        "Skipped: the screening extra is not installed",
    ]
    assert skip_summary(reasons) == (
        "skipped 5: 2 without PostgreSQL (EKBOM_TEST_DATABASE_URL=postgresql+psycopg://"
        "postgres@127.0.0.1:5432/test); 1 without chromium (apt-get install -y chromium); "
        "1 without poppler (apt-get install -y poppler-utils); 1 for other reasons (see above)"
    )


def test_skip_summary_says_nothing_when_nothing_was_skipped() -> None:
    assert skip_summary([]) is None
