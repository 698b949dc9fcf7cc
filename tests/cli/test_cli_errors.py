"""The real `ekbom` command on bad input: clear messages, the right exit codes, no tracebacks.

Spec assessment-v1 §6: a malformed profile prints every problem, one per line, each naming its
location, to stderr and exits 1; usage errors exit 2. Every test runs `python -m ekbom` in a
subprocess, so what is checked is exactly what a person sees.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import ekbom

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "profile.yaml"
AS_OF = "2026-11-28"
CONDITION_IDS = (  # spec §5.3
    "dialysis",
    "ckd",
    "ckd_severe",
    "hemochromatosis",
    "iron_overload",
    "inflammatory_disease",
    "recent_infection",
    "peripheral_neuropathy",
    "kidney_stones",
    "bariatric_surgery",
    "malabsorption",
    "sleep_apnea",
    "hypercalcaemia",
    "sarcoidosis",
)
GOOD = "age: 45\nsex: female\n"


def run_ekbom(
    *args: str, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m ekbom ARGS` in `cwd` with a clean EKBOM_* environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EKBOM_")}
    env["PYTHONIOENCODING"] = "utf-8"
    env["EKBOM_CACHE_DIR"] = str(cwd / ".ekbom-parse-cache")  # never the user's own cache
    completed = subprocess.run(
        [sys.executable, "-m", "ekbom", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=120,
        env=env,
        check=False,
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int = 1) -> None:
    assert result.returncode == code, f"exit {result.returncode}, wanted {code}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == "", f"stdout should be empty on failure, got:\n{result.stdout}"


@dataclass(frozen=True)
class BadProfile:
    id: str
    content: bytes
    expected: tuple[str, ...]  # fragments stderr must contain: the location and the fix
    filename: str = "profile.yaml"
    forbidden: tuple[str, ...] = ()


def _yaml(text: str) -> bytes:
    return text.encode("utf-8")


BAD_PROFILES = [
    BadProfile(
        "malformed-yaml",
        _yaml("age: 45\nsex: female: x\n"),
        ("profile.yaml line 2", "YAML"),
    ),
    BadProfile(
        "malformed-json",
        _yaml('{"age": 45,\n "sex": "female",\n}\n'),
        ("profile.json line 3", "JSON"),
        filename="profile.json",
    ),
    BadProfile(
        "wrong-type-age",
        _yaml('age: "forty"\nsex: female\n'),
        ("age: 'forty'", "whole number from 0 to 120"),
    ),
    BadProfile(
        "unknown-top-key",
        _yaml(GOOD + "labz: []\n"),
        ("labz: unknown key", "did you mean 'labs'?"),
    ),
    BadProfile(
        "unknown-top-key-no-close-match",
        _yaml(GOOD + "zqxwv: 1\n"),
        ("zqxwv: unknown key", "allowed keys here: ", "labs"),
        forbidden=("did you mean",),
    ),
    BadProfile(
        "unknown-lab-key",
        _yaml(GOOD + "labs:\n  - {test: ferritin, value: 40, unit: ug/L, dat: 2026-10-01}\n"),
        ("labs[0].dat: unknown key", "did you mean 'date'?"),
    ),
    BadProfile(
        "unknown-supplement-key",
        _yaml(GOOD + "supplements:\n  - {nutrient: magnesium, amount: 100, unit: mg, pr: day}\n"),
        ("supplements[0].pr: unknown key", "did you mean 'per'?"),
    ),
    BadProfile(
        "unknown-symptoms-key",
        _yaml(GOOD + "symptoms: {leg_cramp: true}\n"),
        ("symptoms.leg_cramp: unknown key", "did you mean 'leg_cramps'?"),
    ),
    BadProfile(
        "unknown-lifestyle-key",
        _yaml(GOOD + "lifestyle: {smoke: true}\n"),
        ("lifestyle.smoke: unknown key", "did you mean 'smoker'?"),
    ),
    BadProfile(
        "unknown-rls-criteria-key",
        _yaml(GOOD + "symptoms:\n  rls_criteria: {urge_to_mov: true}\n"),
        ("symptoms.rls_criteria.urge_to_mov: unknown key", "did you mean 'urge_to_move'?"),
    ),
    BadProfile(
        "unknown-condition",
        _yaml(GOOD + "conditions: [diabetes]\n"),
        ("conditions[0]", "'diabetes'", *CONDITION_IDS),
    ),
    BadProfile(
        "wrong-dimension-unit",
        _yaml(GOOD + "labs:\n  - {test: ferritin, value: 40, unit: mg}\n"),
        ("labs[0].unit: 'mg' is not a unit for ferritin; use ug/L, ng/mL",),
    ),
    BadProfile(
        "implausible-ferritin",
        _yaml(GOOD + "labs:\n  - {test: ferritin, value: 200000, unit: ug/L}\n"),
        ("labs[0].value", "200000", "100000", "ferritin"),
    ),
    BadProfile(
        "implausible-tsat",
        _yaml(GOOD + 'labs:\n  - {test: tsat, value: 130, unit: "%"}\n'),
        ("labs[0].value", "130", "0-100", "tsat"),
    ),
    BadProfile(
        "future-lab-date",
        _yaml(GOOD + "labs:\n  - {test: ferritin, value: 40, unit: ug/L, date: 2026-12-01}\n"),
        ("labs[0].date", "2026-12-01", AS_OF),
    ),
    BadProfile(
        "derived-tsat-over-100",
        _yaml(
            GOOD + "labs:\n"
            "  - {test: ferritin, value: 40, unit: ug/L}\n"
            "  - {test: serum_iron, value: 300, unit: ug/dL}\n"
            "  - {test: tibc, value: 200, unit: ug/dL}\n"
        ),
        ("labs[1]", "labs[2]", "300", "200", "check both values"),
    ),
    BadProfile(
        "trimester-without-pregnancy",
        _yaml(GOOD + "pregnant: false\npregnancy_trimester: 2\n"),
        ("pregnancy_trimester:", "pregnant: false"),
    ),
    BadProfile(
        "pregnant-male",
        _yaml("age: 45\nsex: male\npregnant: true\n"),
        ("pregnant:", "sex: male"),
    ),
    BadProfile("empty-file", b"", ("profile.yaml", "empty", "ekbom example")),
    BadProfile("whitespace-only", b"  \n\t\n   \n", ("profile.yaml", "empty", "ekbom example")),
    BadProfile(
        "binary-garbage",
        random.Random(20261128).randbytes(512) + b"\x00\xff\xfe\x00",
        ("profile.yaml", "text"),
    ),
    BadProfile(
        "utf8-with-nul",
        b"age: 45\nsex: female\x00\x01\x02\n",
        ("profile.yaml", "text"),
    ),
    BadProfile(
        "yaml-list",
        _yaml("- age: 45\n- sex: female\n"),
        ("profile:", "mapping", "list"),
        forbidden=("LineList",),  # an internal class name means nothing to a person
    ),
    BadProfile(
        "labs-not-a-list",
        _yaml(GOOD + "labs: {test: ferritin, value: 40, unit: ug/L}\n"),
        ("labs:", "must be a list"),
        forbidden=("LineDict",),
    ),
    BadProfile(
        "duplicate-yaml-key",
        _yaml("age: 45\nsex: female\nage: 46\n"),
        ("profile.yaml line 3", "duplicate key 'age'"),
    ),
]


@pytest.mark.parametrize("bad", BAD_PROFILES, ids=[b.id for b in BAD_PROFILES])
def test_assess_bad_profile_exits_1_naming_location_and_fix(
    bad: BadProfile, tmp_path: Path
) -> None:
    (tmp_path / bad.filename).write_bytes(bad.content)
    result = run_ekbom("assess", bad.filename, "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    assert_clean_failure(result)
    for fragment in bad.expected:
        assert fragment in result.stderr, f"{fragment!r} missing from stderr:\n{result.stderr}"
    for fragment in bad.forbidden:
        assert fragment not in result.stderr, f"{fragment!r} in stderr:\n{result.stderr}"


def test_assess_bad_profile_from_stdin_exits_1(tmp_path: Path) -> None:
    result = run_ekbom("assess", "-", "--as-of", AS_OF, cwd=tmp_path, stdin=b"age: 300\nsex: x\n")
    assert_clean_failure(result)
    assert "age: 300" in result.stderr
    assert "sex: 'x'" in result.stderr


def _problem_lines(stderr: str) -> list[str]:
    """The indented problem lines under the `Error:` header."""
    return [line.strip() for line in stderr.splitlines() if line.startswith("  ")]


def test_assess_several_problems_are_all_reported_one_per_line(tmp_path: Path) -> None:
    (tmp_path / "many.yaml").write_text(
        "age: forty\n"
        "sex: female\n"
        "labz: []\n"
        "conditions: [diabetes]\n"
        "labs:\n"
        "  - {test: ferritin, value: 40, unit: mg}\n"
        "  - {test: tsat, value: 130, unit: '%'}\n"
        "supplements:\n"
        "  - {nutrient: iron, amount: 10, unit: IU}\n"
        "symptoms: {leg_cramp: true}\n"
        "lifestyle: {smoke: true}\n",
        encoding="utf-8",
    )
    result = run_ekbom("assess", "many.yaml", "--as-of", AS_OF, cwd=tmp_path)
    assert_clean_failure(result)
    expected = [
        "age",
        "labz",
        "conditions[0]",
        "labs[0].unit",
        "labs[1].value",
        "supplements[0].unit",
        "symptoms.leg_cramp",
        "lifestyle.smoke",
    ]
    lines = _problem_lines(result.stderr)
    locations = sorted(line.split(": ", 1)[0] for line in lines)
    assert locations == sorted(expected), result.stderr
    assert f"{len(expected)} problems" in result.stderr


def test_assess_future_date_is_reported_with_other_problems(tmp_path: Path) -> None:
    """Spec §6: every problem found is printed, so a person fixes the profile in one pass."""
    (tmp_path / "mixed.yaml").write_text(
        GOOD
        + "labz: []\n"
        + "labs:\n  - {test: ferritin, value: 40, unit: ug/L, date: 2026-12-01}\n",
        encoding="utf-8",
    )
    result = run_ekbom("assess", "mixed.yaml", "--as-of", AS_OF, cwd=tmp_path)
    assert_clean_failure(result)
    locations = {line.split(": ", 1)[0] for line in _problem_lines(result.stderr)}
    assert locations == {"labz", "labs[0].date"}, result.stderr


# --- usage errors: exit 2 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("assess", "no-such-file.yaml"), "no-such-file.yaml"),
        (("assess", "good.yaml", "--bogus"), "--bogus"),
        (("assess", "good.yaml", "--format", "xml"), "xml"),
        (("assess", "good.yaml", "--limits", "jp"), "jp"),
        (("assess", "good.yaml", "--as-of", "28/11/2026"), "28/11/2026"),
        (("--no-such-global-option",), "--no-such-global-option"),
        (("frobnicate",), "frobnicate"),
    ],
    ids=[
        "missing-file",
        "unknown-option",
        "bad-format",
        "bad-limits",
        "bad-as-of",
        "unknown-global-option",
        "unknown-command",
    ],
)
def test_cli_usage_error_exits_2(args: tuple[str, ...], fragment: str, tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    result = run_ekbom(*args, cwd=tmp_path)
    assert_clean_failure(result, code=2)
    assert fragment in result.stderr


def test_explain_unknown_nutrient_exits_2_with_hint(tmp_path: Path) -> None:
    result = run_ekbom("explain", "irn", cwd=tmp_path)
    assert_clean_failure(result, code=2)
    assert "did you mean 'iron'?" in result.stderr
    assert "Internal error" not in result.stderr


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("vitamin D", "Vitamin D (vitamin_d)"),
        ("b12", "Vitamin B12 (vitamin_b12)"),
        ("vit d", "Vitamin D (vitamin_d)"),
        ("magnesium citrate", "Magnesium (magnesium)"),
        ("Vitamin B-12", "Vitamin B12 (vitamin_b12)"),
    ],
)
def test_explain_accepts_the_names_people_type(name: str, heading: str, tmp_path: Path) -> None:
    result = run_ekbom("explain", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(heading)


def test_explain_known_nutrient_exits_0(tmp_path: Path) -> None:
    result = run_ekbom("explain", "iron", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "iron.known-overload" in result.stdout


# --- --debug, stdin, --version, example --------------------------------------------------------


def test_debug_bad_profile_shows_profile_error_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text('age: "forty"\nsex: female\n', encoding="utf-8")
    result = run_ekbom("--debug", "assess", "bad.yaml", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    assert "ProfileError" in result.stderr
    assert result.stdout == ""


def test_assess_stdin_profile_succeeds(tmp_path: Path) -> None:
    result = run_ekbom(
        "assess",
        "-",
        "--format",
        "json",
        "--as-of",
        AS_OF,
        cwd=tmp_path,
        stdin=EXAMPLE.read_bytes(),
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["schema"] == "ekbom.assessment/1.1"
    assert document["as_of"] == AS_OF


def test_version_prints_package_and_knowledge_versions(tmp_path: Path) -> None:
    result = run_ekbom("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ekbom.__version__ in result.stdout
    assert ekbom.load_knowledge().version in result.stdout


def test_example_matches_examples_profile_byte_for_byte(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ekbom", "example"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXAMPLE.read_bytes()


def test_example_parses_and_assesses_without_error(tmp_path: Path) -> None:
    result = run_ekbom("example", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    profile = ekbom.parse_profile(data)
    assert isinstance(profile, ekbom.Profile)
    assessment = ekbom.assess(data)
    assert len(assessment.nutrients) == 8
    (tmp_path / "me.yaml").write_text(result.stdout, encoding="utf-8")
    assessed = run_ekbom("assess", "me.yaml", "--format", "json", cwd=tmp_path)
    assert assessed.returncode == 0, assessed.stderr
    assert assessed.stderr == ""


# --- success --------------------------------------------------------------------------------


@pytest.mark.parametrize("output", ["json", "text", "markdown"])
def test_assess_example_succeeds_in_each_format(output: str, tmp_path: Path) -> None:
    if output != "json":
        pytest.importorskip("ekbom.cli.render")
    result = run_ekbom("assess", str(EXAMPLE), "--format", output, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "no output"
    assert "Traceback" not in result.stderr
    if output == "json":
        assert json.loads(result.stdout)["knowledge_version"] == ekbom.load_knowledge().version


def test_assess_as_of_option_overrides_profile_as_of(tmp_path: Path) -> None:
    # The lab is after the profile's own as_of but before --as-of: the option wins, so it is fine.
    (tmp_path / "p.yaml").write_text(
        GOOD
        + "as_of: 2026-01-01\n"
        + "labs:\n  - {test: ferritin, value: 40, unit: ug/L, date: 2026-06-01}\n",
        encoding="utf-8",
    )
    result = run_ekbom("assess", "p.yaml", "--format", "json", "--as-of", AS_OF, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["as_of"] == AS_OF


def test_assess_json_duplicate_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"age": 40, "sex": "male", "age": 41}', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ekbom", "assess", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "duplicate key 'age'" in result.stderr
    assert "Traceback" not in result.stderr
