"""Speed of the web app: POST /api/v1/assess beside a trivial endpoint (GET /api/v1/health).

    .venv/bin/python benchmarks/bench_web.py [--concurrency 50] [--seconds 10] [--requests 2000]
        [--rounds 3] [--generator wrk|httpx]

Starts the app with uvicorn in its own process on 127.0.0.1 (a free port, a temporary SQLite
store), then a local load generator keeps `--concurrency` connections busy, after a warm-up:
`wrk` (Debian's package, `apt-get install wrk`; written in C, so it takes little of the CPU the
server needs) for `--seconds`, or, without it, asyncio + httpx until `--requests` requests are
answered (a Python generator shares the 2 cores with the server, so its figures are lower bounds).
The two endpoints take turns for `--rounds` rounds, so both meet the same load from the rest of
the machine; it prints requests per second and the p50/p99 latency of each run, their medians,
the median ratio (assess / health) and the load average before and after. On a busy machine
the rates follow the other load; the server's CPU time a request (from /proc) does much less,
so it is printed too, and its ratio is what the rates' ratio becomes on an idle machine. Only
127.0.0.1 is ever contacted; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
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
def server() -> Iterator[tuple[str, int]]:
    """The web app under uvicorn in a child process; yields its base URL and process id."""
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
            yield url, child.pid
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


# wrk sends the body and counts answers that are not 2xx/3xx; the benchmark refuses those.
WRK_SCRIPT = """
wrk.method = "{method}"
wrk.headers["Content-Type"] = "application/json"
wrk.body = {body}
"""


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used so far (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wrk(
    url: str, pid: int, method: str, path: str, body: Any, seconds: int, concurrency: int
) -> Any:
    """(requests/s, p50 ms, p99 ms, requests, server CPU ms per request) measured by wrk."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        text = json.dumps(body) if body is not None else ""
        script.write(WRK_SCRIPT.format(method=method, body=json.dumps(text)))
    try:
        command = ["wrk", "-t1", f"-c{concurrency}", "-d2s", "-s", script.name, url + path]
        subprocess.run(command, capture_output=True, check=True)  # warm-up
        command[3] = f"-d{seconds}s"
        cpu_before = cpu_seconds(pid)
        out = subprocess.run(
            [*command, "--latency"], capture_output=True, text=True, check=True
        ).stdout
        cpu = cpu_seconds(pid) - cpu_before
    finally:
        os.unlink(script.name)
    if "Non-2xx or 3xx responses" in out:
        raise SystemExit(f"{method} {path} gave error answers:\n{out}")

    def latency(share: str) -> float:
        found = re.search(rf"^\s*{share}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        assert found, out
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    count = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return rate, latency("50"), latency("99"), count, cpu * 1000 / max(count, 1)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="with the httpx generator")
    parser.add_argument("--seconds", type=int, default=10, help="with wrk")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of both")
    parser.add_argument(
        "--generator", choices=["wrk", "httpx"], default="wrk" if shutil.which("wrk") else "httpx"
    )
    args = parser.parse_args()
    if not 0 < args.requests <= 100_000 or not 0 < args.concurrency <= 200:
        parser.error("use 1-100000 requests and 1-200 connections")
    if not 0 < args.rounds <= 20:
        parser.error("use 1-20 rounds")
    if not 0 < args.seconds <= 300:
        parser.error("use 1-300 seconds")
    if args.generator == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed: apt-get install wrk, or use --generator httpx")
    print(f"load generator: {args.generator}; load average before: {_load_text()}")
    profile = json.loads(json.dumps(yaml.safe_load(EXAMPLE.read_text("utf-8")), default=str))
    endpoints = (
        ("GET /api/v1/health (trivial)", "GET", "/api/v1/health", None),
        ("POST /api/v1/assess (example profile)", "POST", "/api/v1/assess", profile),
    )
    runs: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name, *_ in endpoints}
    with server() as (url, pid):
        for round_ in range(1, args.rounds + 1):  # interleaved: both feel the same load
            for name, method, path, body in endpoints:
                if args.generator == "wrk":
                    rate, p50, p99, count, cpu_ms = _wrk(
                        url, pid, method, path, body, args.seconds, args.concurrency
                    )
                else:
                    cpu_before = cpu_seconds(pid)
                    elapsed, lat = asyncio.run(
                        _load(url, method, path, body, args.requests, args.concurrency)
                    )
                    rate, count = len(lat) / elapsed, len(lat)
                    cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / (count + WARM_UP)
                    p50, p99 = (_percentile(lat, share) * 1000 for share in (0.5, 0.99))
                runs[name].append((rate, p50, p99, cpu_ms))
                print(
                    f"round {round_}: {name}: {rate:,.0f} requests/s, p50 {p50:.1f} ms, "
                    f"p99 {p99:.1f} ms, server CPU {cpu_ms:.2f} ms a request ({count} requests, "
                    f"{args.concurrency} connections)"
                )
    for name, found in runs.items():
        rate, p50, p99, cpu_ms = (statistics.median(c) for c in zip(*found, strict=True))
        print(
            f"median of {args.rounds}: {name}: {rate:,.0f} requests/s, p50 {p50:.1f} ms, "
            f"p99 {p99:.1f} ms, server CPU {cpu_ms:.2f} ms a request"
        )
    ratios = [a[0] / h[0] for h, a in zip(*runs.values(), strict=True)]
    cpu_ratios = [h[3] / a[3] for h, a in zip(*runs.values(), strict=True)]
    print(
        f"assess answers {statistics.median(ratios):.0%} of health's requests/s (median of the "
        f"rounds' ratios); by server CPU a request, {statistics.median(cpu_ratios):.0%}; "
        f"load average after: {_load_text()}"
    )


def _load_text() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
