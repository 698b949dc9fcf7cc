"""`ekbom serve` as a program: it serves the web app (with CDS Hooks mounted) until stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_starts_web_app_with_cds_hooks(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "EKBOM_DATABASE_URL": f"sqlite:///{tmp_path}/diary.db"}
    command = [sys.executable, "-m", "ekbom", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            try:
                page = httpx.get(url + "/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert page.status_code == 200 and "questionnaire" in page.text.lower()
        assert httpx.get(url + "/cds-services", timeout=5).json()["services"]
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out.decode()
