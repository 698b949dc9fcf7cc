"""Open an output file that only its owner may read (mode 0600), like the diary it comes from.

Reports and charts hold health data; the default umask would leave them world-readable (0644).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO


def open_private(path: Path) -> BinaryIO:
    """``path`` opened for writing bytes, created or truncated with mode 0600 (an existing
    file's mode is narrowed too)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")
