"""Sign-in rate limiting: at most LIMIT failed attempts per WINDOW seconds for one email, and
CLIENT_LIMIT for one client address; more answer 429 with Retry-After until the window has
passed."""

from __future__ import annotations

import threading
import time
from collections import deque

LIMIT = 5
CLIENT_LIMIT = 30
WINDOW = 300.0


class FailureLimiter:
    """Counts recent failures per key (in memory, per server process)."""

    def __init__(self, limit: int = LIMIT, window: float = WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> int:
        """Seconds to wait before another attempt (0: go ahead)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._failures.get(key)
                while times and times[0] <= now - self.window:
                    times.popleft()
                if times and len(times) >= self.limit:
                    wait = max(wait, times[0] + self.window - now)
        return int(wait) + 1 if wait else 0

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
