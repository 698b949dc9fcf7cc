"""`ekbom screen --engine spark --spark-master spark://…` on a real Spark standalone cluster: a
master and two workers started on 127.0.0.1 from the PySpark distribution (`spark-class`), torn
down afterwards whatever happens. The rows must be DuckDB's.

Runs in CI; locally `EKBOM_SKIP_SPARK_CLUSTER=1` skips it (it takes about a minute and a half on
two cores). Skipped without PySpark or Java.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.screening.conftest import AS_OF, REPO, Export, needs_screening, spark_missing

SKIP_VARIABLE = "EKBOM_SKIP_SPARK_CLUSTER"
START_SECONDS = 90
SCREEN_SECONDS = 240

SPARK_DEFAULTS = """\
spark.sql.shuffle.partitions 4
spark.default.parallelism 2
spark.executor.memory 512m
spark.executor.cores 1
"""

pytestmark = [
    needs_screening,
    pytest.mark.spark_cluster,
    pytest.mark.skipif(
        os.environ.get(SKIP_VARIABLE, "") not in ("", "0"),
        reason=f"{SKIP_VARIABLE} is set: the Spark standalone cluster test is skipped",
    ),
]


class Cluster(NamedTuple):
    master: str
    logs: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _spark_class() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent / "bin" / "spark-class"


def _start(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(_spark_class()), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own process group, stopped as a whole below
        )


def _wait_for(log: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if text in log.read_text("utf-8", errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.5)
    tail = log.read_text("utf-8", errors="replace")[-2000:]
    raise AssertionError(f"{log.name}: no '{text}' within {START_SECONDS} s:\n{tail}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "PYSPARK_PYTHON": sys.executable,
        "SPARK_NO_DAEMONIZE": "1",
    }


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    reason = spark_missing()
    if reason:
        pytest.skip(reason)
    logs = tmp_path_factory.mktemp("spark-cluster")
    port = _free_port()
    master = f"spark://127.0.0.1:{port}"
    env = _env()
    started: list[subprocess.Popen[bytes]] = []
    try:
        master_log = logs / "master.log"
        process = _start(
            [
                "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(_free_port()),
            ],
            master_log,
            env,
        )  # fmt: skip
        started.append(process)
        _wait_for(master_log, "I have been elected leader", process)
        for number in (1, 2):
            work = logs / f"worker-{number}"
            work.mkdir()
            log = logs / f"worker-{number}.log"
            process = _start(
                [
                    "org.apache.spark.deploy.worker.Worker", master,
                    "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                    "--work-dir", str(work), "--webui-port", str(_free_port()),
                ],
                log,
                env,
            )  # fmt: skip
            started.append(process)
            _wait_for(log, "Successfully registered with master", process)
        yield Cluster(master, logs)
    finally:
        for process in reversed(started):
            _stop(process)


def test_spark_cluster_screen_gives_duckdb_rows(
    cluster: Cluster, export: Export, duckdb_result: Any, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "gaps.parquet"
    command = [
        sys.executable, "-m", "ekbom", "screen", str(export.folder), "--out", str(out),
        "--as-of", AS_OF.isoformat(), "--engine", "spark", "--spark-master", cluster.master,
        "--quiet",
    ]  # fmt: skip
    # The driver's settings, the way a cluster's users give them: spark-defaults.conf in
    # SPARK_CONF_DIR (a few shuffle partitions: 200 tiny tasks per shuffle cost minutes here).
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "spark-defaults.conf").write_text(SPARK_DEFAULTS, encoding="utf-8")
    env = {**_env(), "PYTHONPATH": str(REPO / "src"), "SPARK_CONF_DIR": str(conf)}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=SCREEN_SECONDS, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    table = pq.read_table(out)
    assert table.schema == duckdb_result.table.schema
    assert table.to_pylist() == duckdb_result.table.to_pylist()
    assert table.num_rows > 0
    # The work ran on the cluster's executors, not in a local session.
    executors = list(cluster.logs.glob("worker-*/app-*/*/stderr"))
    assert executors, "no executor was started on the workers"
