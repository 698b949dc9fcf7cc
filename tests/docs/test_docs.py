"""The docs say what the code does: generated parts are current, every command, key, rule and
vocabulary entry is documented, and the examples shown are real output."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ekbom import profile as profile_keys
from ekbom.knowledge.catalogue import GENERATED_BY, render_catalogue
from ekbom.knowledge.loader import load_knowledge
from ekbom.schemas import assessment_schema

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
RULES_MD = DOCS / "rules.md"


def _leaf_commands() -> list[tuple[str, ...]]:
    """Every runnable command of the real parser (`kb check`, `log lab`, …), so a new command
    without docs fails here."""
    import argparse

    from ekbom.cli import build_parser

    found: list[tuple[str, ...]] = []

    def walk(parser: argparse.ArgumentParser, prefix: tuple[str, ...]) -> None:
        groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not groups and prefix:
            found.append(prefix)
        for group in groups:
            for name, child in group.choices.items():
                walk(child, (*prefix, name))

    walk(build_parser(), ())
    return found


COMMANDS = tuple(_leaf_commands())
REGENERATE = f"docs/rules.md is out of date; regenerate it with `{GENERATED_BY}`"


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ekbom", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        check=False,
        timeout=120,
    )


def _block(text: str, marker: str, language: str) -> str:
    """The fenced code block right after `<!-- marker -->`."""
    found = re.search(rf"<!-- {marker} -->\n```{language}\n(.*?)```", text, re.DOTALL)
    assert found, f"no ```{language} block after <!-- {marker} -->"
    return found.group(1)


# -- the generated rule catalogue -------------------------------------------------------------


def test_rules_md_is_up_to_date() -> None:
    assert RULES_MD.exists(), REGENERATE
    assert RULES_MD.read_text(encoding="utf-8") == render_catalogue(load_knowledge()), REGENERATE


def test_catalogue_is_deterministic_and_says_how_it_is_made() -> None:
    first = render_catalogue(load_knowledge())
    assert first == render_catalogue(load_knowledge())
    assert GENERATED_BY in first.splitlines()[0]
    assert first.endswith("\n") and not first.endswith("\n\n")


def test_rules_md_names_every_nutrient_rule_modifier_and_citation() -> None:
    text = RULES_MD.read_text(encoding="utf-8")
    knowledge = load_knowledge()
    ids = [
        *knowledge.nutrients,
        *(rule.id for rule in knowledge.all_rules()),
        *(m.id for group in knowledge.rules.values() for m in group.modifiers),
        *knowledge.tests,
        *knowledge.conditions,
        *knowledge.classes,
        *(item.id for item in knowledge.interactions),
        *(advice.id for advice in knowledge.advice),
        *knowledge.red_flags,
    ]
    missing = [i for i in ids if f"`{i}`" not in text]
    missing += [c for c in knowledge.citations if f"**{c}**" not in text]
    assert missing == []


def test_rules_md_gives_every_rule_its_spec_label_and_verdict() -> None:
    text = RULES_MD.read_text(encoding="utf-8")
    for rule in load_knowledge().all_rules():
        heading = re.search(rf"^#### \d+\. `{re.escape(rule.id)}` \((.+?)\):", text, re.M)
        assert heading and heading.group(1) == rule.spec, rule.id
        block = text[heading.end() : text.find("\n#", heading.end())]
        assert f"**Verdict:** `{rule.verdict}`" in block, rule.id


def _load_script() -> ModuleType:
    path = ROOT / "scripts" / "generate_docs.py"
    spec = importlib.util.spec_from_file_location("generate_docs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generate_docs_script_writes_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _load_script()
    target = tmp_path / "docs" / "rules.md"
    readme = tmp_path / "README.md"
    readme.write_text(
        f"intro\n{script.EXCERPT_START}\nold\n{script.EXCERPT_END}\nrest\n", encoding="utf-8"
    )
    monkeypatch.setattr(script, "ROOT", tmp_path)
    monkeypatch.setattr(script, "RULES_MD", target)
    monkeypatch.setattr(script, "README", readme)
    assert script.main() == 0
    assert target.read_text(encoding="utf-8") == render_catalogue(load_knowledge())
    written = readme.read_text(encoding="utf-8")
    assert written.startswith("intro\n") and written.endswith("rest\n") and "\nold\n" not in written
    assert "Best first step ─" in written
    assert script.main() == 0
    assert "up to date" in capsys.readouterr().out


# -- the CLI reference ------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_cli_md_documents_every_command(command: tuple[str, ...]) -> None:
    text = _read("cli.md")
    name = " ".join(command)
    assert f"## `ekbom {name}`" in text, f"docs/cli.md has no section for `ekbom {name}`"


@pytest.mark.parametrize("command", [(), *COMMANDS], ids=lambda c: " ".join(c) or "ekbom")
def test_cli_md_documents_every_option(command: tuple[str, ...]) -> None:
    done = _run_cli(*command, "--help")
    assert done.returncode == 0, done.stderr
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", done.stdout))
    options -= {"--help", "-h"}
    text = _read("cli.md")
    assert sorted(o for o in options if f"`{o}" not in text) == []


def test_cli_md_gives_the_exit_codes() -> None:
    table = _read("cli.md").split("## Exit codes", 1)[1]
    for code in ("0", "1", "2"):
        assert re.search(rf"^\| {code} \|", table, re.M), f"exit code {code} is not documented"


def test_cli_exit_codes_are_as_documented(tmp_path: Path) -> None:
    assert _run_cli("kb", "check").returncode == 0
    assert _run_cli("assess", str(tmp_path / "missing.yaml")).returncode == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("age: 300\nsex: female\n", encoding="utf-8")
    assert _run_cli("assess", str(bad)).returncode == 1


# -- the profile guide ------------------------------------------------------------------------


def test_profile_md_documents_every_key() -> None:
    text = _read("profile.md")
    keys = [
        *profile_keys.TOP_KEYS,
        *profile_keys.LAB_KEYS,
        *profile_keys.SUPPLEMENT_KEYS,
        *profile_keys.SYMPTOM_KEYS,
        *profile_keys.LIFESTYLE_KEYS,
        *profile_keys.CRITERIA,
        *profile_keys.SEXES,
        *profile_keys.DIETS,
        *profile_keys.POLICIES,
        *profile_keys.PERIODS,
        *load_knowledge().conditions,
        *load_knowledge().nutrients,
    ]
    assert [key for key in keys if f"`{key}`" not in text] == []
    assert f"**{load_knowledge().stale_after_days} days**" in text


def test_profile_md_lists_every_test_with_its_units() -> None:
    text = _read("profile.md")
    for test in load_knowledge().tests.values():
        row = re.search(rf"^\| `{test.id}` \|(.*)$", text, re.M)
        assert row, f"no row for {test.id} in docs/profile.md"
        cells = [cell.strip() for cell in row.group(1).split("|")]
        accepted = ", ".join(f"{unit} (×{factor:g})" for unit, factor in test.units.items())
        low, high = test.plausible
        assert cells[1:4] == [test.canonical, accepted, f"{low:g}–{high:g}"], test.id


def test_profile_md_gives_the_iu_factors_and_limits() -> None:
    text = _read("profile.md")
    knowledge = load_knowledge()
    for nutrient in knowledge.nutrients.values():
        if nutrient.iu:
            assert f"1 IU = {nutrient.iu:g} {nutrient.unit.replace('ug', 'µg')}" in text
    limits = text.split("## Limits", 1)[1]
    for nutrient_id in knowledge.assessed_nutrients:
        nutrient = knowledge.nutrients[nutrient_id]
        row = re.search(rf"^\| {re.escape(nutrient.plain)}[^|]*\|(.*)$", limits, re.M)
        assert row, f"no limits row for {nutrient.plain}"
        cells = [cell.strip() for cell in row.group(1).split("|")][:3]
        for cell, policy in zip(cells, ("us", "eu", "strictest"), strict=True):
            limit = nutrient.limits[policy]
            unit = nutrient.unit.replace("ug", "µg")
            assert cell.startswith("none" if limit is None else f"{limit:g} {unit}"), nutrient_id


def test_profile_md_full_example_is_the_example_file() -> None:
    text = _read("profile.md").split("## A full example", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert block and block.group(1) == (ROOT / "examples" / "profile.yaml").read_text("utf-8")


def test_profile_md_error_example_is_real_output(tmp_path: Path) -> None:
    text = _read("profile.md")
    (tmp_path / "bad.yaml").write_text(_block(text, "bad-profile", "yaml"), encoding="utf-8")
    done = _run_cli("assess", "bad.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == _block(text, "bad-profile-output", "text")


# -- the assessment guide ---------------------------------------------------------------------


def test_assessment_md_explains_every_top_level_key() -> None:
    text = _read("assessment.md")
    missing = [k for k in assessment_schema()["required"] if f"### `{k}`" not in text]
    assert missing == []


def test_assessment_md_lists_every_red_flag_and_lifestyle_id() -> None:
    text = _read("assessment.md")
    knowledge = load_knowledge()
    ids = [*knowledge.red_flags, *(advice.id for advice in knowledge.advice)]
    assert [i for i in ids if f"`{i}`" not in text] == []


def test_docs_links_point_to_existing_files() -> None:
    broken = []
    for page in sorted(DOCS.glob("*.md")):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if "://" not in target and not (page.parent / target).exists():
                broken.append(f"{page.name}: {target}")
    assert broken == []
