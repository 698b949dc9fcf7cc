"""Fixtures of the web tests: the app on a fresh SQLite store, and a client with a CSRF token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

for _module, _requirement in (("argon2", "argon2-cffi"), ("multipart", "python-multipart")):
    pytest.importorskip(_module, reason=f"the web app needs {_requirement}; pip install it")

from ekbom.store.settings import StoreSettings, sqlite_url  # noqa: E402
from ekbom.web import WebSettings, create_app  # noqa: E402

AS_OF = "2026-11-28"
# Labs in mixed units: ferritin in ng/mL, vitamin D in ng/mL, magnesium in mg/dL, B12 in pmol/L.
MIXED_LABS = {
    "ferritin": ("30", "ng/mL"),
    "tsat": ("15", "%"),
    "vitamin_d": ("10", "ng/mL"),
    "magnesium": ("1.5", "mg/dL"),
    "vitamin_b12": ("150", "pmol/L"),
}


def lab_fields(labs: dict[str, tuple[str, str]], day: str = "2026-11-01") -> dict[str, str]:
    """The questionnaire's lab rows for `labs` (test -> value, unit), one row each in order."""
    fields: dict[str, str] = {}
    for row, (test, (value, unit)) in enumerate(labs.items()):
        fields |= {f"lab_{row}_test": test, f"lab_{row}_value": value, f"lab_{row}_unit": unit}
        fields[f"lab_{row}_date"] = day
    return fields


def mixed_profile() -> dict[str, object]:
    """The profile the mixed-unit questionnaire describes."""
    labs = [
        {"test": t, "value": float(v), "unit": u, "date": "2026-11-01"}
        for t, (v, u) in MIXED_LABS.items()
    ]
    return {"age": 50, "sex": "female", "labs": labs}


def web_settings(folder: Path) -> WebSettings:
    return WebSettings(StoreSettings(sqlite_url(folder / "diary.db"), "--db"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the app served by uvicorn on 127.0.0.1 (one per test module)."""
    from ekbom.interop.cds.app import serve_in_thread

    folder = tmp_path_factory.mktemp("web")
    with serve_in_thread(create_app(web_settings(folder))) as url:
        yield url


@pytest.fixture
def client(server: str) -> Iterator[httpx.Client]:
    """A fresh browser-like client (its own cookies) that has fetched its CSRF cookie."""
    with httpx.Client(base_url=server, timeout=30) as http:
        http.get("/")
        yield http


def csrf(client: httpx.Client) -> str:
    token = client.cookies.get("ekbom_csrf")
    assert token
    return token
