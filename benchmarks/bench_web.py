"""Speed of the web app: POST /api/v1/assess beside a trivial endpoint (GET /api/v1/health).

    .venv/bin/python benchmarks/bench_web.py [--requests 2000] [--concurrency 50]

Starts the app with uvicorn in its own process on 127.0.0.1 (a free port, a temporary SQLite
store), then a local load generator (asyncio + httpx) keeps `--concurrency` connections busy
until `--requests` requests are answered, after a warm-up. Prints requests per second and the
p50/p99 latency of each endpoint, and their ratio (what an assessment costs). Only 127.0.0.1 is
ever contacted; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "src" / "ekbom" / "cli" / "example-profile.yaml"
WARM_UP = 50


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server() -> Iterator[str]:
    """The web app under uvicorn in a child process; yields its base URL."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "EKBOM_DATABASE_URL": f"sqlite:///{folder}/bench.db"}
        command = [sys.executable, "-m", "ekbom.web", "--port", str(port)]
        child = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url)
            yield url
        finally:
            child.terminate()
            child.wait(timeout=10)


def _wait(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/api/v1/health", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start within 30 s")


async def _load(
    url: str, method: str, path: str, body: Any, total: int, concurrency: int
) -> tuple[float, list[float]]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    remaining = total
    content = json.dumps(body).encode() if body is not None else None
    headers = {"content-type": "application/json"}

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                start = time.perf_counter()
                response = await client.request(method, path, content=content, headers=headers)
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise SystemExit(f"{method} {path} answered {response.status_code}")

        for _ in range(WARM_UP):
            await client.request(method, path, content=content, headers=headers)
        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - began, latencies


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    if not 0 < args.requests <= 100_000 or not 0 < args.concurrency <= 200:
        parser.error("use 1-100000 requests and 1-200 connections")
    profile = json.loads(json.dumps(yaml.safe_load(EXAMPLE.read_text("utf-8")), default=str))
    rates = {}
    with server() as url:
        for name, method, path, body in (
            ("GET /api/v1/health (trivial)", "GET", "/api/v1/health", None),
            ("POST /api/v1/assess (example profile)", "POST", "/api/v1/assess", profile),
        ):
            elapsed, lat = asyncio.run(
                _load(url, method, path, body, args.requests, args.concurrency)
            )
            rates[name] = len(lat) / elapsed
            p50, p99 = (_percentile(lat, share) * 1000 for share in (0.5, 0.99))
            print(
                f"{name}: {rates[name]:,.0f} requests/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms "
                f"({len(lat)} requests, {args.concurrency} connections)"
            )
    trivial, assess = rates.values()
    print(f"an assessment costs {trivial / assess:.1f}x a trivial request")


if __name__ == "__main__":
    main()
