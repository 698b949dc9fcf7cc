"""The two engines behind the same Ibis expressions: DuckDB (default, embedded) and PySpark.

A `Backend` connects, reads one NDJSON file with the explicit schema of its resource type, runs an
expression to a pyarrow table and caches intermediate tables. Everything else (the screen's
logic) is plain Ibis and does not know which engine runs it.

Missing optional dependencies are reported as a `ScreeningError` with the exact install line.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from ekbom.errors import ScreeningError
from ekbom.knowledge.vocabulary import ENGINES as ENGINES
from ekbom.screening import _imports
from ekbom.screening.schemas import duckdb_columns, spark_schema

SCREENING_INSTALL = "pip install 'ekbom[screening]'"
SPARK_INSTALL = "pip install 'ekbom[spark]'"
PROGRESS_AFTER_SECONDS = 2.0
LOG_CONFIG = Path(__file__).with_name("log4j2.properties")


class EngineOptions(NamedTuple):
    """How to run an engine. `memory_limit` and `temp_dir` bound DuckDB's memory (it spills the
    rest to `temp_dir`); `spark_master` and `spark_session` choose the Spark cluster."""

    memory_limit: str = "2GB"
    temp_dir: Path | None = None
    threads: int | None = None
    progress: bool = False
    spark_master: str | None = None
    spark_session: Any = None


def require_screening() -> None:
    """ScreeningError naming the install line when Ibis or DuckDB is missing."""
    try:
        for name in ("duckdb", "ibis", "sqlglot", "pyarrow"):
            importlib.import_module(name)
    except ImportError as exc:
        raise ScreeningError(
            "ekbom screen",
            f"needs the screening extra ({exc.name} is not installed); install it with "
            f"{SCREENING_INSTALL}",
        ) from None


def require_spark(needs_java: bool = True) -> None:
    """ScreeningError naming what to install when PySpark or Java is missing."""
    require_screening()
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise ScreeningError(
            "--engine spark",
            f"needs PySpark 4.0 (the spark extra); install it with {SPARK_INSTALL}",
        ) from None
    if needs_java and not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise ScreeningError(
            "--engine spark",
            "needs Java 17 or 21 (no `java` on PATH and JAVA_HOME is not set); install a JDK, "
            "for example `apt-get install openjdk-17-jre-headless`",
        )


class Backend:
    """One engine: a connection, a reader with explicit schemas, and execution."""

    name = "base"

    def __init__(self, con: Any) -> None:
        self.con = con
        self.tables: list[str] = []

    def read(self, resource_type: str, path: Path) -> Any:
        raise NotImplementedError

    def execute(self, expr: Any) -> Any:
        """The expression's result as a pyarrow Table."""
        return expr.to_pyarrow()

    def materialize(self, expr: Any) -> Any:
        """`expr` computed now and kept as a table (later queries read it, not its sources)."""
        raise NotImplementedError

    def _name(self) -> str:
        name = f"ekbom_screen_{len(self.tables)}_{os.getpid()}"
        self.tables.append(name)
        return name

    def close(self) -> None:
        """Release what the engine holds (temporary tables, cached data)."""


@contextmanager
def _ibis_on_duckdb_2() -> Any:
    """DuckDB's errors become ScreeningError, here and only here. Also: ibis 12 reads schemas
    with DuckDB's `fetch_arrow_table()`, which DuckDB 2.0 deprecates; that warning says nothing
    a user can act on (it is ibis's call), so it is not shown."""
    duckdb = importlib.import_module("duckdb")
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=".*fetch_arrow_table", category=DeprecationWarning
        )
        try:
            yield
        except duckdb.OutOfMemoryException as exc:
            first = str(exc).splitlines()[0]
            raise ScreeningError(
                "DuckDB", f"{first}; give a larger --memory-limit, or a --temp-dir with more space"
            ) from exc
        except duckdb.Error as exc:
            raise ScreeningError("DuckDB", str(exc)) from exc


_SIZE = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


def _checked_size(text: str) -> str:
    if not _SIZE.match(text.strip()):
        raise ScreeningError(
            "--memory-limit", f"'{text}' is not a size; give one such as 2GB, 500MB or 1.5GiB"
        )
    return text.strip()


class DuckDBBackend(Backend):
    name = "duckdb"

    def __init__(self, options: EngineOptions) -> None:
        ibis = _imports.ibis()

        limit = _checked_size(options.memory_limit)
        if options.temp_dir is not None and not Path(options.temp_dir).is_dir():
            raise ScreeningError(
                "--temp-dir", f"{options.temp_dir} is not a folder; create it first"
            )
        self._tmp = tempfile.TemporaryDirectory(prefix="ekbom-screen-", dir=options.temp_dir)
        con = ibis.duckdb.connect()
        settings = {
            "memory_limit": limit,
            "temp_directory": self._tmp.name,
            # Keeping file order costs memory on large scans and nothing here depends on it.
            "preserve_insertion_order": "false",
            # ibis 12 writes list lambdas as `x -> ...`, which DuckDB 2.0 refuses by default.
            "lambda_syntax": "ENABLE_SINGLE_ARROW",
            "enable_progress_bar": "true",
            "enable_progress_bar_print": "false",
        }
        if options.threads:
            settings["threads"] = str(options.threads)
        for key, value in settings.items():
            quoted = value.replace("'", "''")
            con.raw_sql(f"SET {key} = '{quoted}'")
        super().__init__(con)
        self.progress = options.progress

    def read(self, resource_type: str, path: Path) -> Any:
        with _ibis_on_duckdb_2():
            return self.con.read_json(
                str(path),
                columns=duckdb_columns(resource_type),
                format="newline_delimited",
                ignore_errors=True,
            )

    def execute(self, expr: Any) -> Any:
        with self._progress(), _ibis_on_duckdb_2():
            return self.con.to_pyarrow(expr)

    def materialize(self, expr: Any) -> Any:
        with self._progress(), _ibis_on_duckdb_2():
            return self.con.create_table(self._name(), expr, temp=True)

    @contextmanager
    def _progress(self) -> Any:
        """Show DuckDB's progress on stderr while a long query runs."""
        if not self.progress:
            yield
            return
        raw = self.con.con
        done = threading.Event()
        started = time.monotonic()

        def report() -> None:
            shown = False
            while not done.wait(0.5):
                percent = raw.query_progress()
                if percent >= 0 and time.monotonic() - started > PROGRESS_AFTER_SECONDS:
                    sys.stderr.write(f"\rscreening: {percent:5.1f}% of the query done")
                    sys.stderr.flush()
                    shown = True
            if shown:
                sys.stderr.write("\r" + " " * 40 + "\r")

        thread = threading.Thread(target=report, daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()

    def close(self) -> None:
        self.con.disconnect()
        self._tmp.cleanup()


class SparkBackend(Backend):
    name = "spark"

    def __init__(self, options: EngineOptions) -> None:
        ibis = _imports.ibis()

        session = options.spark_session or spark_session(options.spark_master, options.progress)
        super().__init__(ibis.pyspark.connect(session))
        self.session = session
        self.frames: list[Any] = []
        self.registered: set[str] = set()

    def read(self, resource_type: str, path: Path) -> Any:
        return self.con.read_json(
            str(path.resolve()), schema=spark_schema(resource_type), mode="PERMISSIVE"
        )

    def _register(self, expr: Any) -> None:
        """Make the in-memory tables `expr` reads known to Spark, straight from Arrow (ibis
        would go through pandas, which warns about options removed in pandas 4)."""
        ops = _imports.ibis_operations()

        for op in expr.op().find(ops.InMemoryTable):
            if op.name not in self.registered:
                frame = self.session.createDataFrame(op.data.to_pyarrow(op.schema))
                frame.createOrReplaceTempView(op.name)
                self.registered.add(op.name)

    def _frame(self, expr: Any) -> Any:
        self._register(expr)
        return self.session.sql(self.con.compile(expr))

    def execute(self, expr: Any) -> Any:
        with _spark_errors():
            return self._frame(expr).toArrow()

    def materialize(self, expr: Any) -> Any:
        from pyspark import StorageLevel

        with _spark_errors():
            frame = self._frame(expr).persist(StorageLevel.MEMORY_AND_DISK)
            frame.count()
        name = self._name()
        frame.createOrReplaceTempView(name)
        self.frames.append(frame)
        return self.con.table(name)

    def close(self) -> None:
        for frame in self.frames:
            frame.unpersist()
        for name in [*self.tables, *self.registered]:
            self.session.catalog.dropTempView(name)


@contextmanager
def _spark_errors() -> Any:
    """Spark's errors (from the JVM or PySpark) become ScreeningError, here and only here."""
    py4j_error = importlib.import_module("py4j.protocol").Py4JError
    from pyspark.errors import PySparkException

    try:
        yield
    except (PySparkException, py4j_error) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ScreeningError("Spark", first) from exc


def spark_session(master: str | None = None, progress: bool = False) -> Any:
    """A SparkSession for the screen: local mode by default, or the cluster at `master`."""
    if master is None or master.startswith("local"):
        # Spark warns that the hostname resolves to a loopback address (stack.md gotcha 3).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master or "local[*]")
        .appName("ekbom-screen")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "true" if progress else "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config(
            "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}"
        )
    )
    if master is None or master.startswith("local"):
        # One machine: a few shuffle partitions instead of 200 tiny tasks per shuffle.
        builder = builder.config("spark.sql.shuffle.partitions", str(os.cpu_count() or 2))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def check_engine(engine: str, options: EngineOptions) -> None:
    """ScreeningError when `engine` is unknown or what it needs is not installed."""
    if engine not in ENGINES:
        raise ScreeningError(
            "--engine", f"'{engine}' is not an engine; use one of {', '.join(ENGINES)}"
        )
    if engine == "spark":
        require_spark(needs_java=options.spark_session is None)
    else:
        require_screening()


def connect(engine: str, options: EngineOptions) -> Backend:
    """A ready Backend for `engine` ("duckdb" or "spark")."""
    check_engine(engine, options)
    return SparkBackend(options) if engine == "spark" else DuckDBBackend(options)
