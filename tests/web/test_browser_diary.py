"""The diary page in a real browser at 1280 and 390 px (issue 15 item 3): the advice at the top,
no sideways scrolling, axe-core clean, every chart's text 11 px or more as drawn, and the add
forms behind their buttons, with JavaScript and without."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from ekbom import presenter
from tests.web import test_browser
from tests.web.test_browser import PHONE, _register, checked, open_form, shot

# The browser tests' fixtures: one chromium for the module, a tab checked by axe-core.
browser = test_browser.browser
page = test_browser.page

WIDE = {"width": 1280, "height": 900}
TODAY = date.today()
MIN_PX = 11


def _day(days_ago: int) -> str:
    return str(TODAY - timedelta(days=days_ago))


def _fill_diary(page: Any) -> None:
    """Age and sex, 65 mg of iron a day, two ferritin results and two symptom days, all through
    the page's own forms."""
    open_form(page, "supplement")
    page.get_by_label("Nutrient").select_option("iron")
    page.get_by_label("Amount").fill("65")
    page.locator("#supplement_unit").select_option("mg")
    page.get_by_label("First day").fill(_day(60))
    page.get_by_role("button", name="Save supplement").click()
    page.wait_for_url("**/diary#history")
    for days_ago, value in ((153, "31"), (5, "40")):
        open_form(page, "lab")
        page.locator("#lab_date").fill(_day(days_ago))
        page.get_by_label("Test", exact=True).select_option("ferritin")
        page.get_by_label("Result", exact=True).fill(value)
        page.locator("#lab_unit").select_option("ng/mL")
        page.get_by_role("button", name="Save lab result").click()
        page.wait_for_url("**/diary#history")
    for days_ago, score in ((42, "7"), (0, "4")):
        open_form(page, "symptoms")
        page.locator("#symptoms_date").fill(_day(days_ago))
        page.get_by_label("How bad, from 0 to 10").fill(score)
        page.get_by_role("button", name="Save symptoms").click()
        page.wait_for_url("**/diary#history")
    page.locator("#basics-h").scroll_into_view_if_needed()
    page.get_by_label("Age in years").fill("45")
    page.get_by_label("Sex at birth").select_option("female")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/diary")


def _smallest_chart_text_px(page: Any) -> dict[str, float]:
    """For each chart, the smallest text of the picture the browser chose, in CSS px as drawn:
    the SVG's font size times the shown width over the viewBox width."""
    found: dict[str, float] = {}
    charts = page.locator("img.chart")
    for i in range(charts.count()):
        img = charts.nth(i)
        img.scroll_into_view_if_needed()
        source, shown = img.evaluate(
            "i => [i.currentSrc, i.naturalWidth ? i.getBoundingClientRect().width : 0]"
        )
        assert shown > 0, f"{source} did not load"
        svg = page.request.get(source).text()
        view = re.search(r'viewBox="0 0 ([\d.]+) ', svg)
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert view and sizes, source
        found[source] = min(sizes) * shown / float(view.group(1))
    return found


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1280px"])
def test_browser_diary_page_speaks_up_and_fits(page: Any, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    _register(page, f"speaks-{viewport['width']}")
    checked(page)  # the empty diary: it says what to add
    assert page.locator(".advice a[href='#basics-h']").is_visible()
    _fill_diary(page)
    advice = page.locator("section.advice")
    assert advice.get_by_role("heading", name=presenter.RED_FLAGS_TITLE).is_visible()
    assert "You take more iron (65 mg a day)" in advice.inner_text()
    assert presenter.LIMIT_FLAGGED in page.locator("#verdict-iron").inner_text()
    top = page.locator("h2").first.inner_text()
    assert top == "What your diary says now", top
    assert page.locator("#chart-ferritin .trend").inner_text() == (
        "Ferritin (iron stores) 31 → 40 ng/mL in 5 months"
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
    sizes = _smallest_chart_text_px(page)
    wanted = "size=narrow" if viewport is PHONE else "size=wide"
    assert len(sizes) == 3 and all(wanted in source for source in sizes), sizes
    assert min(sizes.values()) >= MIN_PX, sizes
    checked(page)
    shot(page, f"diary-{viewport['width']}")


def test_browser_add_forms_work_without_javascript(browser: Any, server: str) -> None:
    """Each add form opens from its button and saves with JavaScript off (plain details and
    forms); a form with a mistake comes back open, with the mistake named."""
    context = browser.new_context(base_url=server, java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    try:
        _register(tab, "no-js-add")
        assert not tab.locator("#symptoms_date").is_visible()  # behind its button
        open_form(tab, "symptoms")
        tab.locator("#symptoms_date").fill(_day(1))
        tab.get_by_label("How bad, from 0 to 10").fill("11")
        tab.get_by_role("button", name="Save symptoms").click()
        assert tab.locator("#add-symptoms").get_attribute("open") is not None
        assert tab.locator("#symptoms_severity_nrs-error").is_visible()
        tab.get_by_label("How bad, from 0 to 10").fill("6")
        tab.get_by_role("button", name="Save symptoms").click()
        tab.wait_for_url("**/diary#history")
        open_form(tab, "supplement")
        tab.get_by_label("Nutrient").select_option("magnesium")
        tab.get_by_label("Amount").fill("200")
        tab.locator("#supplement_unit").select_option("mg")
        tab.get_by_label("First day").fill(_day(3))
        tab.get_by_role("button", name="Save supplement").click()
        tab.wait_for_url("**/diary#history")
        assert tab.locator("#history tbody tr").count() == 2
    finally:
        context.close()
