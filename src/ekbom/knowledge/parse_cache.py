"""A cache of parsed knowledge files, so the CLI does not re-parse YAML on every start.

Parsing the knowledge YAML takes most of a cold start's budget (~30 ms); unpickling the parsed
trees takes ~2 ms. The cache lives in the user's cache folder (`$XDG_CACHE_HOME/ekbom`, else
`~/.cache/ekbom`; `EKBOM_CACHE_DIR` overrides it, and an empty value turns it off). An entry is
used only when the file's path, size and modification time all match, and every problem in
reading or writing the cache falls back to parsing the file: the cache can make ekbom faster,
never wrong. All checks still run on the parsed data every time.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ekbom import yamlsource

_FORMAT = b"ekbom-parse-cache-1"
T = TypeVar("T")


def cache_dir() -> Path | None:
    """Where cached parses go, or None when caching is turned off."""
    override = os.environ.get("EKBOM_CACHE_DIR")
    if override is not None:
        return Path(override) if override else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ekbom"


def load_yaml(path: Path) -> Any:
    """The parsed YAML of `path` (YamlError on bad YAML), from the cache when it is fresh."""
    return load_parsed(path, yamlsource.load, "yaml")


def load_parsed(path: Path, parse: Callable[[str], T], kind: str) -> T:
    """`parse(text of path)`, from the cache when it is fresh.

    `kind` names the parser and the shape of what it returns; change it whenever that shape
    changes, so that an old entry is never read as the new shape. Errors of `parse` propagate
    and are never cached.
    """
    stat = path.stat()
    folder = cache_dir()
    key = f"{kind}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()
    # The name only spreads entries out; the full key inside the entry is what is checked.
    entry = folder / f"{zlib.crc32(key):08x}-{len(key)}.pickle" if folder else None
    if entry is not None:
        try:
            blob = entry.read_bytes()
            if blob.startswith(_FORMAT + key + b"\n"):
                found: T = pickle.loads(blob[len(_FORMAT) + len(key) + 1 :])
                return found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            pass
    tree = parse(path.read_text(encoding="utf-8"))
    if entry is not None:
        _store(entry, _FORMAT + key + b"\n" + pickle.dumps(tree, pickle.HIGHEST_PROTOCOL))
    return tree


def _store(entry: Path, blob: bytes) -> None:
    import tempfile  # only when writing, which a warm start never does

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False) as handle:
            handle.write(blob)
        os.replace(handle.name, entry)
    except OSError:
        pass
