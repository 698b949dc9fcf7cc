"""Every report label comes from text.yaml `labels` (issue 12, item 1): change one in a copy of the
knowledge and the terminal, Markdown and the FHIR narrative show the new words; a missing or
misshapen label is a load error that names its key."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ekbom
from ekbom import presenter as p
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.text_reader import LABEL_KEYS
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "examples" / "profile.yaml"

# text.yaml line -> the new words, one per label the three channels all show for the example.
CHANGES = {
    "first_step_title: Best first step": "first_step_title: Start here",
    "labs_title: Lab results": "labs_title: Blood test results",
    "references_title: References": "references_title: Where this comes from",
    "severity_title: Symptom severity": "severity_title: How bad it gets",
}


def _assess(folder: Path, fmt: str) -> str:
    env = {**os.environ, "EKBOM_KNOWLEDGE_DIR": str(folder), "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "ekbom", "assess", str(PROFILE), "--format", fmt]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "fhir"])
def test_a_label_changed_in_text_yaml_shows_on_the_channel(kb_copy: Path, fmt: str) -> None:
    before = _assess(kb_copy, fmt)
    for old, new in CHANGES.items():
        assert old.split(": ", 1)[1] in before, (fmt, old)
        edit(kb_copy, "text.yaml", old, new)
    after = _assess(kb_copy, fmt)
    for old, new in CHANGES.items():
        old_words, new_words = old.split(": ", 1)[1], new.split(": ", 1)[1]
        assert new_words in after, (fmt, new_words)
        assert not re.search(rf"\b{re.escape(old_words)}\b", after), (fmt, old_words)


def test_the_module_names_are_the_default_knowledge_labels() -> None:
    labels = load_knowledge().texts.labels
    for key in LABEL_KEYS:
        if hasattr(p, key.upper()):
            assert getattr(p, key.upper()) == labels[key]
    assert p.RED_FLAGS_TITLE == labels["red_flags_title"]
    assert p.LAB_COLUMNS == load_knowledge().texts.lab_columns
    assert len(p.LAB_COLUMNS) == 5
    with pytest.raises(AttributeError):
        _ = p.NO_SUCH_LABEL  # type: ignore[attr-defined]
    from ekbom.presenter import FIRST_STEP_TITLE  # the form other branches import them in

    assert FIRST_STEP_TITLE == labels["first_step_title"]


def test_the_presenter_source_holds_no_label_words() -> None:
    source = (ROOT / "src" / "ekbom" / "presenter.py").read_text(encoding="utf-8")
    for key, words in load_knowledge().texts.labels.items():
        assert f'"{words}"' not in source, key
    # No module-level constant holds words either: only ids (snake_case) may be written there.
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            texts = [
                c.value
                for c in ast.walk(node.value)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            ]
            words = [t for t in texts if not re.fullmatch(r"[a-z0-9_]*", t)]
            assert not words, f"presenter.py line {node.lineno} writes words: {words}"


def test_a_missing_label_is_an_error_naming_its_key(kb_copy: Path) -> None:
    edit(kb_copy, "text.yaml", "  habits_title: Daily habits\n", "")
    issues = ekbom.check_knowledge(kb_copy)
    assert [i.message for i in issues if "habits_title" in i.message] == [
        "labels needs 'habits_title'"
    ]


def test_lab_columns_need_five_heads(kb_copy: Path) -> None:
    edit(kb_copy, "text.yaml", "[Test, Result, Date, Status, Used]", "[Test, Result]")
    issues = ekbom.check_knowledge(kb_copy)
    assert any("lab_columns needs 5" in i.message for i in issues), issues
