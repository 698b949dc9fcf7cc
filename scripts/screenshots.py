"""Take the screenshots in docs/web.md: the questionnaire and its report, at desktop (1280 px)
and phone (390 px) width, in Debian's chromium driven by Playwright against the real app.

Run from anywhere:  python scripts/screenshots.py
It writes `docs/screenshots/*.png` and `docs/screenshots/inputs.sha256`, the digest of every
file the pages are made from (templates, styles, scripts, the words). `tests/docs/
test_screenshots.py` recomputes that digest and fails when it differs: the pictures are stale
and this script must be run again. `--check` does the same without a browser.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
DIGEST_FILE = OUT / "inputs.sha256"
# What a page looks like is made from these (paths relative to the repository).
INPUTS = (
    "src/ekbom/web/templates/**/*",
    "src/ekbom/web/static/**/*",
    "src/ekbom/report/**/*",
    "src/ekbom/knowledge/data/text.yaml",
    "src/ekbom/knowledge/data/questionnaire.yaml",
    "src/ekbom/presenter.py",
    "scripts/screenshots.py",
)
sys.path.insert(0, str(ROOT))  # the questionnaire steps of the browser tests (tests/web)
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCREENS = 2  # how many screens of each page the picture shows, from the top
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def input_files(root: Path = ROOT) -> list[Path]:
    files = {p for pattern in INPUTS for p in root.glob(pattern) if p.is_file()}
    return sorted(p for p in files if "__pycache__" not in p.parts)


def digest(root: Path = ROOT) -> str:
    """SHA-256 over the names and bytes of every input file under `root`."""
    h = hashlib.sha256()
    for path in input_files(root):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def recorded_digest() -> str:
    return DIGEST_FILE.read_text("utf-8").split()[0] if DIGEST_FILE.exists() else ""


def fill_questionnaire(page: Any) -> None:
    """A person who knows only their ferritin: age, sex and one lab result, as the browser tests
    fill it (on a phone, section by section)."""
    from tests.web.questionnaire_steps import about, add_lab

    about(page, "52", "female")
    add_lab(page, 0, "ferritin", "35", "ng/mL", "2026-11-01")


def shoot(page: Any, name: str, size: dict[str, int]) -> Path:
    path = OUT / f"{name}.png"
    height = min(page.evaluate("document.documentElement.scrollHeight"), SCREENS * size["height"])
    page.screenshot(
        path=str(path),
        full_page=True,
        clip={"x": 0, "y": 0, "width": size["width"], "height": height},
    )
    return path


def take(chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright
    from tests.web.questionnaire_steps import send

    from ekbom.interop.cds.app import serve_in_thread
    from ekbom.store.settings import StoreSettings, sqlite_url
    from ekbom.web import WebSettings, create_app

    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        settings = WebSettings(StoreSettings(sqlite_url(Path(folder) / "diary.db"), "--db"))
        with serve_in_thread(create_app(settings)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
            for width_name, size in WIDTHS.items():
                context = browser.new_context(base_url=url, viewport=size)
                page = context.new_page()
                page.goto("/")
                written.append(shoot(page, f"questionnaire-{width_name}", size))
                fill_questionnaire(page)
                send(page)
                written.append(shoot(page, f"report-{width_name}", size))
                context.close()
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether they are stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = recorded_digest() != digest()
        print("stale: run python scripts/screenshots.py" if stale else "up to date")
        return 1 if stale else 0
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for path in take(chromium):
        print(f"wrote {path.relative_to(ROOT)}")
    DIGEST_FILE.write_text(f"{digest()}  inputs of the screenshots (scripts/screenshots.py)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
