"""The diary's commands and options are documented (docs/cli.md, docs/diary.md, README)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ekbom.knowledge.diary_assess import load_diary_assess
from ekbom.store.migrate import REVISIONS

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = (
    ("db", "upgrade"),
    ("db", "info"),
    ("profile", "set"),
    ("profile", "show"),
    ("log", "lab"),
    ("log", "symptoms"),
    ("log", "supplement"),
    ("log", "stop"),
    ("history",),
    ("edit",),
    ("delete",),
    ("export",),
    ("import",),
    ("trend",),
    ("effect",),
    ("report",),
)


def _help(*command: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", *command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_cli_md_has_a_section_with_every_option(command: tuple[str, ...]) -> None:
    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    name = " ".join(command)
    assert f"## `ekbom {name}`" in text
    section = text.split(f"## `ekbom {name}`", 1)[1].split("\n## ", 1)[0]
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)\b", _help(*command))) - {"--help"}
    missing = [o for o in options if not re.search(rf"(?<![\w-]){o}(?![\w-])", section)]
    assert sorted(missing) == []


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_readme_has_a_row_for_every_diary_command(command: tuple[str, ...]) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"| `ekbom {' '.join(command)}" in readme


def test_assess_diary_options_are_documented() -> None:
    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert "`--diary`" in text and "`--db PATH`" in text
    assert "| `ekbom assess --diary" in (ROOT / "README.md").read_text("utf-8")


def test_diary_md_states_the_knowledge_and_schema_it_describes() -> None:
    text = (ROOT / "docs" / "diary.md").read_text("utf-8")
    assert f"last {load_diary_assess().symptom_days} days" in text
    assert all(f"`{revision}`" in text for revision in REVISIONS)
    assert "[docs/diary.md](docs/diary.md)" in (ROOT / "README.md").read_text("utf-8")
