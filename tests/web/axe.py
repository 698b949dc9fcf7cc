"""axe-core (WCAG 2.0-2.2, levels A and AA) in the browser tests: `Axe.check(page)` runs it on the
page as it is now and keeps every serious or critical violation; the browser fixtures fail a
test that left any, or that loaded a page it never checked.

axe-core is the npm package, pinned and installed by `.ci/run` into `.ci/npm` (not vendored: a
650 KB minified third-party file would sit in the repository, and CI reaches npm anyway).
`EKBOM_AXE_JS` may point at another copy of `axe.min.js`. Without it the browser tests still
run, without these checks, and `test_axe_core_is_installed` skips saying how to install it.
The script is evaluated through the DevTools protocol, which the page's
Content-Security-Policy does not govern, so the app is tested under its real CSP.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
INSTALL = f"npm install --prefix .ci/npm axe-core@{AXE_VERSION}"
AXE_JS = Path(os.environ.get("EKBOM_AXE_JS") or ROOT / ".ci/npm/node_modules/axe-core/axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING = ("serious", "critical")

RUN = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, count: v.nodes.length,
    where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}));
}
"""


MISSING = f"axe-core is not installed ({INSTALL}, or set EKBOM_AXE_JS)"


def require_axe() -> None:
    if not AXE_JS.is_file():
        pytest.skip(MISSING)


class Axe:
    """The axe checks of one browser tab: what it found, and which addresses it checked."""

    def __init__(self, page: Any) -> None:
        self.source = AXE_JS.read_text("utf-8") if AXE_JS.is_file() else None
        self.page = page
        self.found: list[str] = []
        self.checked: set[str] = set()
        self.loaded: set[str] = set()
        page.on("load", lambda loaded: self.loaded.add(_address(loaded.url)))

    def check(self, page: Any | None = None, third_party: frozenset[str] = frozenset()) -> None:
        """Run axe on the page as it is now; keep its serious and critical violations, except
        the rules in `third_party` (markup that a vendored UI makes, named where it is used)."""
        tab = page or self.page
        if self.source is None:
            return
        if not tab.evaluate("() => typeof window.axe === 'object'"):
            tab.evaluate(self.source)
        for v in tab.evaluate(RUN, TAGS):
            if v["impact"] in FAILING and v["id"] not in third_party:
                self.found.append(
                    f"{tab.url}: {v['id']} ({v['impact']}) x{v['count']}: {v['where']}"
                )
        self.checked.add(_address(tab.url))

    def verdict(self) -> None:
        """Fail on any serious or critical violation, or on a page loaded but never checked
        (the page the test ends on is checked here)."""
        if self.source is None:
            return
        if not self.page.is_closed() and _address(self.page.url) not in self.checked:
            self.check()
        unchecked = sorted(self.loaded - self.checked - {"about:blank"})
        assert self.found == [], "axe-core found:\n" + "\n".join(self.found)
        assert unchecked == [], f"pages loaded but never checked with axe-core: {unchecked}"


def _address(url: str) -> str:
    return urldefrag(url)[0]
