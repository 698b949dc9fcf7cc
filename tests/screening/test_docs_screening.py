"""docs/cli.md and docs/screening.md document every screening command, option, column, gap,
skip reason and summary key, and the README lists the commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ekbom.knowledge.screening_codes import GAPS
from ekbom.screening.labs import SKIP_REASONS
from ekbom.screening.output import COLUMNS
from tests.screening.conftest import REPO

DOCS = REPO / "docs"
COMMANDS = (("screen",), ("synth", "bulk"))
SUMMARY_KEYS = (
    "schema", "engine", "as_of", "knowledge_version", "input", "output", "format", "files",
    "ignored_files", "patients", "iron_verdicts", "gaps", "bad_lines", "skipped_results",
    "derived_tsat_over_100", "medicines", "seconds",
)  # fmt: skip


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _help(*command: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", *command, "--help"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_docs_cli_md_has_a_section_and_every_option(command: tuple[str, ...]) -> None:
    text = _read("cli.md")
    assert f"## `ekbom {' '.join(command)}`" in text
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", _help(*command)))
    assert sorted(o for o in options - {"--help", "-h"} if f"`{o}" not in text) == []


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_docs_readme_lists_the_command(command: tuple[str, ...]) -> None:
    assert f"`ekbom {' '.join(command)} " in (REPO / "README.md").read_text(encoding="utf-8")


def test_docs_screening_md_describes_every_output_column_in_order() -> None:
    text = _read("screening.md")
    rows = re.findall(r"^\| `([a-z_]+)` \| (string|int64|bool|float64|date32) \|", text, re.M)
    assert rows == [(name, kind) for name, kind, _ in COLUMNS]


def test_docs_screening_md_defines_every_gap_reason_and_summary_key() -> None:
    text = _read("screening.md")
    missing = [g for g in GAPS if f"| `{g}` | " not in text.split("### Gaps", 1)[1]]
    missing += [r for r in SKIP_REASONS if f"| `{r}` |" not in text]
    missing += [k for k in SUMMARY_KEYS if f"`{k}`" not in text]
    assert missing == []


def test_docs_screening_md_example_is_real_output(tmp_path: Path) -> None:
    text = _read("screening.md")
    block = re.search(r"```console\n\$ (ekbom synth bulk [^\n]+)\n([^\n]+)\n", text)
    assert block
    args = block.group(1).split()[1:]
    args[args.index("export")] = str(tmp_path / "export")
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == block.group(2).replace("export", str(tmp_path / "export"))
