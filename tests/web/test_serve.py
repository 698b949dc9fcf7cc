"""`ekbom serve` and `python -m ekbom.web` as programs: they serve the web app (with CDS Hooks
mounted) until stopped, and with `--https` mark its cookies Secure."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.web.test_accounts import register

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = {"ekbom serve": ["ekbom", "serve"], "python -m ekbom.web": ["ekbom.web"]}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serving(tmp_path: Path, program: list[str], *options: str) -> Iterator[tuple[str, list[str]]]:
    """The program's base URL while it runs, and (after it stopped) its standard output."""
    port = _free_port()
    env = {**os.environ, "EKBOM_DATABASE_URL": f"sqlite:///{tmp_path}/diary.db"}
    command = [sys.executable, "-m", *program, "--port", str(port), *options]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    output: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            try:
                httpx.get(url + "/api/v1/health", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield url, output
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
        output.append(out.decode())


def test_serve_starts_web_app_with_cds_hooks(tmp_path: Path) -> None:
    with _serving(tmp_path, PROGRAMS["ekbom serve"]) as (url, output):
        page = httpx.get(url + "/", timeout=5)
        assert page.status_code == 200 and "questionnaire" in page.text.lower()
        assert httpx.get(url + "/cds-services", timeout=5).json()["services"]
        assert "secure" not in page.headers["set-cookie"].lower()
    assert f"{url}/" in output[0]


@pytest.mark.parametrize("program", PROGRAMS.values(), ids=PROGRAMS.keys())
def test_serve_https_marks_cookies_secure(tmp_path: Path, program: list[str]) -> None:
    with _serving(tmp_path, program, "--https") as (url, _):
        page = httpx.get(url + "/", timeout=5)
    cookie = page.headers["set-cookie"].lower()
    assert page.status_code == 200 and "ekbom_csrf=" in cookie
    assert "; secure" in cookie and "httponly" in cookie


@pytest.mark.parametrize("program", PROGRAMS.values(), ids=PROGRAMS.keys())
def test_serve_db_chooses_the_store(tmp_path: Path, program: list[str]) -> None:
    """--db beats EKBOM_DATABASE_URL, as in every diary command: accounts land in its store."""
    from sqlalchemy import create_engine, text

    chosen = tmp_path / "chosen.db"
    with _serving(tmp_path, program, "--db", str(chosen)) as (url, _):
        with httpx.Client(base_url=url, timeout=10) as client:
            client.get("/")
            assert register(client, "a@example.org").status_code == 303
    engine = create_engine(f"sqlite:///{chosen}")
    with engine.connect() as connection:
        emails = connection.execute(text("SELECT email FROM web_account")).scalars().all()
    engine.dispose()
    assert emails == ["a@example.org"]
    assert not (tmp_path / "diary.db").exists()  # the environment's store was never opened


def test_serve_cds_only_refuses_db(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "ekbom", "serve", "--cds-only", "--db", str(tmp_path / "x")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--cds-only keeps no data" in done.stderr
