"""Fixtures of the interop tests: the test profiles, the shared real data, a running CDS server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from ekbom.interop.codings import Vocabulary, vocabulary

AS_OF = date(2026, 11, 28)
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
EXAMPLE = ROOT / "examples" / "profile.yaml"


def sample_profiles() -> dict[str, dict[str, Any]]:
    """The project's example profile and the diverse profiles of profiles.yaml, by name."""
    profiles = {"example": yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))}
    profiles.update(yaml.safe_load((HERE / "profiles.yaml").read_text(encoding="utf-8")))
    return profiles


def shared(folder: str) -> Path:
    """A folder of ../shared/data; the test is skipped when it is not there."""
    path = SHARED_DATA / folder
    if not path.is_dir():
        pytest.skip(f"{path} is absent (real data lives beside the repository, in ../shared/data)")
    return path


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return vocabulary()


@pytest.fixture(scope="module")
def cds() -> Iterator[httpx.Client]:
    """An HTTP client for the CDS Hooks app, served by uvicorn on 127.0.0.1, assessing as of
    AS_OF (the day the test profiles are written for)."""
    from ekbom.interop.cds.app import create_cds_app, serve_in_thread

    with serve_in_thread(create_cds_app(today=lambda: AS_OF)) as url:
        with httpx.Client(base_url=url, timeout=30) as client:
            yield client
