"""The screenshots in docs/web.md are taken from the pages as they are now: the digest of the
files the pages are made from must match the one recorded when they were taken."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts/screenshots.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screenshots_are_taken_from_the_current_pages() -> None:
    script = _script()
    assert script.recorded_digest() == script.digest(), (
        "the web pages changed since docs/screenshots/ was made: run python scripts/screenshots.py"
    )


def test_every_screenshot_is_in_the_docs() -> None:
    web_md = (ROOT / "docs/web.md").read_text("utf-8")
    pictures = sorted(p.name for p in (ROOT / "docs/screenshots").glob("*.png"))
    expected = sorted(
        f"{page}-{width}.png" for page in ("questionnaire", "report") for width in _script().WIDTHS
    )
    assert pictures == expected
    for name in pictures:
        assert f"(screenshots/{name})" in web_md, f"docs/web.md does not show {name}"


def test_a_changed_template_makes_them_stale(tmp_path: Path) -> None:
    script = _script()
    for path in script.input_files():
        copy = tmp_path / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
    assert script.digest(tmp_path) == script.digest()
    base = tmp_path / "src/ekbom/web/templates/base.html"
    base.write_bytes(base.read_bytes() + b"<!-- changed -->")
    assert script.digest(tmp_path) != script.digest()
