"""The docs say what `ekbom foods` and `ekbom plan` do: every option, and the real table size."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ekbom.knowledge.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[2]
CLI_MD = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["foods", "plan"])
def test_docs_cli_md_documents_the_command_and_every_option(command: str) -> None:
    assert f"## `ekbom {command}`" in CLI_MD
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", command, "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", done.stdout))
    section = CLI_MD.split(f"## `ekbom {command}`", 1)[1].split("\n## ", 1)[0]
    assert sorted(o for o in options - {"--help", "-h"} if f"`{o}" not in section) == []


def test_docs_readme_lists_the_commands_and_the_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| `ekbom foods NUTRIENT" in readme and "| `ekbom plan PROFILE" in readme
    assert "(docs/foods.md)" in readme


def test_docs_foods_md_gives_the_real_table_size() -> None:
    knowledge = load_knowledge()
    assert knowledge.foods is not None
    count = len(knowledge.foods.table.foods)
    size = (ROOT / "src/ekbom/knowledge/data/foods/foods.csv").stat().st_size
    text = (ROOT / "docs" / "foods.md").read_text(encoding="utf-8")
    assert f"({count} foods, about {round(size / 1000)} kB)" in text
