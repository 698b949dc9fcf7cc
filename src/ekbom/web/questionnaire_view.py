"""What the questionnaire's templates read: the form's values and errors, its rows, its choices
and its words (questionnaire.yaml), for the whole page (GET /, POST /report with problems,
POST /questionnaire) and for the rows htmx adds one at a time."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.questionnaire_words import load_questionnaire_words
from ekbom.web import csrf
from ekbom.web.form import choices, medication_names, row_counts


def questionnaire_context(
    request: Request, values: dict[str, str], errors: dict[str, list[str]]
) -> dict[str, Any]:
    """The context of `questionnaire.html`: every row of the form as typed, one more of the
    kind an "Add another" button asked for."""
    kb: Knowledge = request.app.state.knowledge
    return {
        **row_context(kb),
        "values": values,
        "errors": errors,
        "medication_names": medication_names(kb),
        "csrf_token": csrf.token(request),
        **row_counts(values),
        **choices(),
    }


def row_context(kb: Knowledge) -> dict[str, Any]:
    """What one row of the questionnaire reads: the knowledge and the lab tests, split into
    those offered first and the others (the form's words are the templates' global `qw`)."""
    words = load_questionnaire_words()
    first = [kb.tests[t] for t in words.first_tests]
    others = [t for t in kb.tests.values() if t.id not in words.first_tests]
    return {"kb": kb, "first_tests": first, "other_tests": others, **choices()}
