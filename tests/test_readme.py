"""The README's Quick start is what CI runs, and its commands name real files."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_readme_quick_start_has_exactly_two_commands() -> None:
    commands = _quick_start_commands()
    assert len(commands) == 2, commands
    assert all("\n" not in command for command in commands)


def test_ci_runs_the_readme_quick_start_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install, tests = _quick_start_commands()
    assert install.replace("pip install .", "pip install --quiet .") in ci
    assert tests.replace("pip install '.[dev]'", "pip install --quiet '.[dev]'") in ci


def test_readme_first_screen_says_decision_support_not_diagnosis() -> None:
    first_screen = "\n".join(README.splitlines()[:20])
    assert "decision support, not a diagnosis" in first_screen.lower()


def test_readme_example_profile_exists() -> None:
    assert "examples/profile.yaml" in _quick_start_commands()[0]
    assert (ROOT / "examples" / "profile.yaml").is_file()


def _generate_docs():  # scripts/ is not a package; load the generator by path
    spec = importlib.util.spec_from_file_location(
        "generate_docs", ROOT / "scripts" / "generate_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_excerpt_is_the_real_output() -> None:
    generate = _generate_docs()
    excerpt = generate.readme_excerpt(generate.assessment_text())
    fresh = generate.readme_with_excerpt(README, excerpt)
    assert fresh == README, (
        "the README's excerpt differs from `ekbom assess examples/profile.yaml`; "
        "regenerate it with `python scripts/generate_docs.py`"
    )


def test_readme_excerpt_lines_all_come_from_the_output() -> None:
    generate = _generate_docs()
    output = generate.assessment_text().splitlines()
    section = README.split(generate.EXCERPT_START, 1)[1].split(generate.EXCERPT_END, 1)[0]
    lines = section.strip().removeprefix("```text").removesuffix("```").strip("\n").splitlines()
    assert len(lines) > 40
    assert [line for line in lines if line and line != "…" and line not in output] == []
