"""rls_questions.yaml: the five RLS criteria asked in plain words, keyed as in a profile.

The readability of the questions is checked with every other patient text in
test_readability.py; here: every criterion has its question, and a broken copy of the file is a
load error at its file and line (also from `ekbom kb check`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ekbom
from ekbom.errors import KnowledgeError
from ekbom.knowledge.language import CRITERIA
from ekbom.profile import CRITERIA as PROFILE_CRITERIA
from tests.interop.test_cli import run_cli
from tests.knowledge.test_loader import assert_line, line_of_text, the_issue
from tests.knowledge.test_readability import TEXTS
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")
FILE = "rls_questions.yaml"


def test_rls_questions_cover_every_criterion_in_spec_order() -> None:
    questions = ekbom.load_knowledge().rls_questions
    assert PROFILE_CRITERIA == CRITERIA and len(CRITERIA) == 5
    assert list(questions) == list(CRITERIA)
    assert all(text.endswith("?") for text in questions.values())


def test_rls_questions_are_among_the_readability_checked_texts() -> None:
    checked = {t.where.rpartition(".")[2] for t in TEXTS if t.where.startswith(FILE)}
    assert checked == set(CRITERIA)


def test_rls_questions_unknown_key_is_located_with_did_you_mean(kb_copy: Path) -> None:
    line = edit(kb_copy, FILE, "  worse_at_rest:", "  worse_at_rst:")
    issues = ekbom.check_knowledge(kb_copy)
    assert_line(the_issue(issues, FILE, "unknown-key", "did you mean 'worse_at_rest'"), line)
    missing = the_issue(issues, FILE, "missing-key", "worse_at_rest")
    assert_line(missing, line_of_text(kb_copy, FILE, "  urge_to_move:"))  # the mapping's start
    with pytest.raises(KnowledgeError, match=rf"{FILE}:{line}: unknown-key"):
        ekbom.load_knowledge(kb_copy)


def test_rls_questions_missing_criterion_and_empty_text_are_located(kb_copy: Path) -> None:
    text = (kb_copy / FILE).read_text(encoding="utf-8")
    start = text.index("  worse_in_evening:")
    (kb_copy / FILE).write_text(
        text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8"
    )
    empty = edit(kb_copy, FILE, "  urge_to_move: Do you", "  urge_to_move: ''\n  x_: Do you")
    issues = ekbom.check_knowledge(kb_copy)
    missing = the_issue(issues, FILE, "missing-key", "worse_in_evening")
    assert_line(missing, empty)  # where the criteria mapping starts
    assert_line(the_issue(issues, FILE, "type", "urge_to_move"), empty)
    assert_line(the_issue(issues, FILE, "unknown-key", "x_"), empty + 1)


def test_kb_check_names_a_broken_rls_questions_file(kb_copy: Path) -> None:
    line = edit(kb_copy, FILE, "  relieved_by_movement:", "  eased_by_moving:")
    done = run_cli("kb", "check", str(kb_copy))  # in this process: this tree's ekbom
    assert done.returncode == 1
    assert f"{FILE}:{line}: unknown-key: unknown key 'eased_by_moving'" in done.stdout + done.stderr
