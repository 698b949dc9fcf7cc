"""Sufficient contrast, measured in a real browser: every visible piece of text on the app's
pages (questionnaire, a validation error, the report, sign-in, the diary, the account page) must
reach the WCAG 2.1 AA ratio against the background it is drawn on: 4.5:1, or 3:1 for large text
(24 px, or 18.66 px bold). Colours are the browser's computed ones, so the stylesheet is tested
as it is served."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.axe import Axe
from tests.web.questionnaire_steps import add_lab
from tests.web.test_accounts import PASSWORD, new_email
from tests.web.test_browser import (
    CHECKERS,
    browser,  # noqa: F401 - the shared chromium fixture
    checked,
)

# For each element with its own visible text: its colour, the first opaque background colour up
# its ancestors (white at the top, as the page is), and its size and weight.
MEASURE = """
() => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g) || ['0','0','0','0'];
    return {r: +m[0], g: +m[1], b: +m[2], a: m.length > 3 ? +m[3] : 1}; };
  const lum = ({r, g, b}) => { const f = (v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c.a >= 0.99) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (!own || style.visibility === 'hidden' || style.display === 'none' || box.width === 0
        || box.height === 0 || box.right < 0 || box.bottom < 0) continue;
    const fg = parse(style.color), bg = background(el);
    const mixed = {r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a),
                   b: fg.b * fg.a + bg.b * (1 - fg.a)};
    const [hi, lo] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    found.push({text: el.textContent.trim().slice(0, 40), tag: el.tagName,
                ratio: (hi + 0.05) / (lo + 0.05),
                large: size >= 24 || (bold && size >= 18.66)});
  }
  return found;
}
"""


@pytest.fixture
def tab(browser: Any, server: str) -> Any:  # noqa: F811 - uses the imported fixture
    """A desktop-sized tab; every page it loads must also pass axe-core (tests/web/axe.py)."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    CHECKERS[page] = Axe(page)
    yield page
    try:
        CHECKERS.pop(page).verdict()
    finally:
        context.close()


def _too_faint(page: Any) -> list[str]:
    checked(page)
    texts = page.evaluate(MEASURE)
    assert texts, "no text was measured"
    return [
        f"{t['tag']} {t['text']!r}: {t['ratio']:.2f}:1"
        for t in texts
        if t["ratio"] < (3.0 if t["large"] else 4.5)
    ]


def test_every_page_has_sufficient_contrast(tab: Any) -> None:
    faint: dict[str, list[str]] = {}
    tab.goto("/")
    faint["questionnaire"] = _too_faint(tab)
    tab.get_by_label("Age in years").fill("200")
    tab.get_by_role("button", name="See my report").click()
    tab.wait_for_selector(".error")
    faint["questionnaire with errors"] = _too_faint(tab)
    tab.get_by_label("Age in years").fill("50")
    tab.get_by_label("Sex at birth").select_option("female")
    add_lab(tab, 0, "ferritin", "30", "ng/mL", "2026-11-01")
    tab.get_by_role("button", name="See my report").click()
    tab.wait_for_url("**/report")
    faint["report"] = _too_faint(tab)
    tab.goto("/login")
    faint["sign in"] = _too_faint(tab)
    tab.goto("/register")
    checked(tab)
    tab.get_by_label("Email").fill(new_email())
    tab.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    tab.get_by_label("Type the password again").fill(PASSWORD)
    tab.get_by_role("button", name="Register").click()
    tab.wait_for_url("**/diary")
    faint["diary"] = _too_faint(tab)
    tab.goto("/account")
    faint["account"] = _too_faint(tab)
    assert {page: found for page, found in faint.items() if found} == {}


# The focus ring's colour against the background around it (WCAG 1.4.11: at least 3:1).
RING = """
(el) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || ['0', '0', '0']).slice(0, 3).map(Number);
  const lum = (rgb) => { const f = (v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]); };
  let node = el.parentElement, bg = [255, 255, 255];
  for (; node && node.nodeType === 1; node = node.parentElement) {
    const c = getComputedStyle(node).backgroundColor;
    if (!c.startsWith('rgba') || !c.endsWith(', 0)')) { bg = parse(c); break; }
  }
  const style = getComputedStyle(el);
  const [hi, lo] = [lum(parse(style.outlineColor)), lum(bg)].sort((x, y) => y - x);
  return {width: parseFloat(style.outlineWidth), ratio: (hi + 0.05) / (lo + 0.05)};
}
"""


def test_focus_ring_stands_out_on_white_and_on_the_header(tab: Any) -> None:
    tab.goto("/login")
    checked(tab)
    rings = {}
    for name, selector in (("header link", "header.site nav a"), ("email input", "#email")):
        element = tab.locator(selector).first
        element.focus()
        rings[name] = element.evaluate(RING)
    assert all(r["width"] >= 2 and r["ratio"] >= 3.0 for r in rings.values()), rings
