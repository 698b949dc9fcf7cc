"""`ekbom import-fhir`, `ekbom serve`, `ekbom assess --fhir` and `--format fhir`, run as a user
would (a subprocess), and their documentation."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from ekbom.cli import main
from ekbom.interop import profile_bundle
from tests.interop.conftest import AS_OF, EXAMPLE, ROOT

COMMANDS = ("import-fhir", "serve")


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run `ekbom ARGS` in this process (the real `main`, output captured) like a subprocess."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(args, code, stdout.getvalue(), stderr.getvalue())


def run_subprocess(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ekbom", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example profile written as a FHIR collection Bundle."""
    profile = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("fhir") / "record.json"
    path.write_text(json.dumps(profile_bundle(profile, as_of=AS_OF)), encoding="utf-8")
    return path


def test_cli_import_fhir_writes_yaml_and_json_profiles(record: Path) -> None:
    as_yaml = run_cli("import-fhir", str(record), "--as-of", "2026-11-28")
    as_json = run_cli("import-fhir", str(record), "--as-of", "2026-11-28", "--format", "json")
    assert as_yaml.returncode == 0 and as_json.returncode == 0, as_yaml.stderr + as_json.stderr
    assert as_yaml.stdout.startswith("# Profile of Patient/patient")
    assert yaml.safe_load(as_yaml.stdout) == json.loads(as_json.stdout)
    assert json.loads(as_json.stdout)["labs"][0] == {
        "test": "ferritin",
        "value": 48,
        "unit": "ng/mL",
        "date": "2026-10-02",
    }
    assert as_yaml.stderr == ""


def test_cli_import_fhir_runs_as_a_program(record: Path) -> None:
    done = run_subprocess("import-fhir", str(record), "--as-of", "2026-11-28", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["age"] == 52


def test_cli_assess_fhir_equals_assess_of_the_profile(record: Path) -> None:
    direct = run_cli("assess", str(EXAMPLE), "--format", "json")
    via_fhir = run_cli("assess", "--fhir", str(record), "--as-of", "2026-11-28", "--format", "json")
    assert via_fhir.returncode == 0, via_fhir.stderr
    assert json.loads(via_fhir.stdout) == json.loads(direct.stdout)


def test_cli_assess_format_fhir_is_a_valid_r4_document(record: Path) -> None:
    from fhir.resources.R4B.bundle import Bundle

    for args in (
        ["assess", str(EXAMPLE)],
        ["assess", "--fhir", str(record), "--as-of", "2026-11-28"],
    ):
        done = run_cli(*args, "--format", "fhir")
        assert done.returncode == 0, done.stderr
        bundle = Bundle.model_validate_json(done.stdout)
        assert bundle.type == "document"
        assert bundle.entry[0].resource.get_resource_type() == "Composition"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["import-fhir", "missing.json"], 2, "no such file or folder"),
        (["assess"], 2, "--fhir FILE or --diary"),
        (["assess", "--fhir", "missing.json"], 2, "no such file or folder"),
        (["assess", "--diary", "--format", "fhir"], 2, "--format fhir needs"),
        (["serve", "--port", "0"], 2, "is not a port"),
    ],
)
def test_cli_usage_errors_exit_2(args: list[str], code: int, message: str) -> None:
    done = run_cli(*args)
    assert done.returncode == code
    assert message in done.stderr


def test_cli_assess_fhir_and_profile_together_is_a_usage_error(record: Path) -> None:
    done = run_cli("assess", str(EXAMPLE), "--fhir", str(record))
    assert done.returncode == 2 and "give one of" in done.stderr


def test_cli_import_fhir_bad_input_exits_1_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"resourceType": "Bundle", "entry": [', encoding="utf-8")
    done = run_cli("import-fhir", "bad.json", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: bad.json is not FHIR R4 data ekbom can read:")
    assert "Traceback" not in done.stderr
    (tmp_path / "org.json").write_text(
        '{"resourceType": "Organization", "id": "o"}', encoding="utf-8"
    )
    done = run_cli("import-fhir", "org.json", cwd=tmp_path)
    assert done.returncode == 1 and "no Patient resource" in done.stderr


def test_cli_import_fhir_notes_go_to_stderr(tmp_path: Path) -> None:
    bundle = profile_bundle({"age": 40, "sex": "male"}, as_of=date(2026, 11, 28))
    bundle["entry"].append(
        {"resource": {"resourceType": "Encounter", "id": "e", "status": "finished"}}
    )
    (tmp_path / "r.json").write_text(json.dumps(bundle), encoding="utf-8")
    done = run_cli("import-fhir", "r.json", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout)["sex"] == "male"
    assert done.stderr == "Note: input: 1 resources of types ekbom does not read were left out\n"


# -- documentation -------------------------------------------------------------------------------


def _read(name: str) -> str:
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_md_documents_the_command_and_every_option(command: str) -> None:
    text = _read("cli.md")
    assert f"## `ekbom {command}`" in text
    done = run_cli(command, "--help")
    assert done.returncode == 0
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", done.stdout)) - {
        "--help",
        "-h",
    }
    assert sorted(o for o in options if f"`{o}" not in text) == []


def test_cli_md_documents_the_fhir_options_of_assess() -> None:
    section = _read("cli.md").split("## `ekbom assess`", 1)[1]
    assert "`--fhir" in section or "`--fhir" in _read("cli.md")
    assert "fhir" in run_cli("assess", "--help").stdout


def test_readme_lists_the_commands_and_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"`ekbom {command}" in readme
    assert "docs/fhir.md" in readme and "docs/cds-hooks.md" in readme


def test_cli_serve_answers_discovery_until_stopped() -> None:
    """`ekbom serve --cds-only` as a program: it starts, answers, and stops on a signal."""
    import socket
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "ekbom", "serve", "--cds-only", "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/cds-services", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.1)
        assert response.status_code == 200
        assert [s["id"] for s in response.json()["services"]][0] == "ekbom-rls-nutrients"
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/cds-services" in out.decode()
