"""The questionnaire's own plain-words questions read at US school grade 8 or below."""

from __future__ import annotations

import re
from pathlib import Path

import ekbom
from tests.knowledge.test_readability import MAX_GRADE, grade

TEMPLATES = Path(ekbom.__file__).parent / "web" / "templates"


def test_questionnaire_criteria_questions_are_plain() -> None:
    text = (TEMPLATES / "questionnaire.html").read_text(encoding="utf-8")
    questions = re.findall(r'^ "\w+": "([^"]+)",$', text, re.M)
    assert len(questions) == 5
    hard = {q: grade(q) for q in questions if grade(q) > MAX_GRADE}
    assert not hard
