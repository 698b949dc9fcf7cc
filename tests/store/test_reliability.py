"""Reliability: a writer killed with SIGKILL in the middle of writing loses nothing it reported
as saved and leaves no half-written entry; two writers at once lose nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import text

from ekbom.store import StoreSettings, open_store

WRITER = Path(__file__).with_name("writer.py")
ROUNDS = 5


class Writer:
    """A running writer.py; `lines` fills with its output as it comes."""

    def __init__(self, url: str, count: int, tag: str, folder: Path) -> None:
        self.errors = folder / f"{tag}.stderr"
        with self.errors.open("w") as stderr:
            self.child = subprocess.Popen(
                [sys.executable, str(WRITER), url, str(count), tag],
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
            )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._collect, daemon=True)
        self.reader.start()

    def _collect(self) -> None:
        assert self.child.stdout is not None
        with self.child.stdout:
            for line in self.child.stdout:
                self.lines.append(line.strip())

    def wait_for(self, count: int) -> None:
        """Wait until it has printed `count` lines."""
        deadline = time.monotonic() + 60
        while len(self.lines) < count:
            assert self.child.poll() is None, self.errors.read_text()
            assert time.monotonic() < deadline, "the writer is stuck"
            time.sleep(0.002)

    def finish(self) -> int:
        """Wait for the end; its exit code."""
        code = self.child.wait(timeout=120)
        self.reader.join(timeout=30)
        return code

    def saved(self) -> set[int]:
        return {int(line) for line in self.lines if line.isdigit()}


def _check(url: str, reported: set[int]) -> int:
    """Every reported id is stored as a whole entry; the SQLite file passes its integrity check.
    Returns how many entries are stored."""
    store = open_store(StoreSettings(url, "--db"))
    with store.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        stored = {row[0] for row in connection.execute(text("SELECT id FROM entry"))}
        labs = {row[0] for row in connection.execute(text("SELECT id FROM lab_result"))}
    store.close()
    assert reported <= stored, f"lost: {sorted(reported - stored)}"
    assert stored == labs, "an entry was half written"
    return len(stored)


def test_sigkill_in_the_middle_of_writing_loses_nothing_reported(url: str, tmp_path: Path) -> None:
    rng = random.Random(20261128)
    reported: set[int] = set()
    for round_number in range(ROUNDS):
        writer = Writer(url, 100_000, f"kill{round_number}", tmp_path)
        writer.wait_for(1)  # "ready": the diary is open (and migrated, in the first round)
        writer.wait_for(2 + rng.randint(0, 20))  # it is writing now
        time.sleep(rng.uniform(0, 0.02))
        writer.child.send_signal(signal.SIGKILL)
        assert writer.finish() == -signal.SIGKILL
        saved = writer.saved()
        assert saved, "the writer was killed before it saved anything"
        reported |= saved
    assert _check(url, reported) >= len(reported)


def test_two_writers_at_once_lose_nothing(url: str, tmp_path: Path) -> None:
    # Both start on an empty database: they also race to create the tables, and must take turns.
    count = 60
    writers = [Writer(url, count, tag, tmp_path) for tag in ("first", "second")]
    ids = []
    for writer in writers:
        assert writer.finish() == 0, writer.errors.read_text()
        saved = writer.saved()
        assert len(saved) == count
        ids.append(saved)
    assert not ids[0] & ids[1], "two entries got the same id"
    assert _check(url, ids[0] | ids[1]) == 2 * count
