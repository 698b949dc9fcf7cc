"""The report pages in a real browser (Playwright, Debian chromium, axe-core), at 1280 and 390
px: the questionnaire's report and the doctor's report lead with the action card, never run wider
than the screen, underline their links, pass axe, and put the medicine warning and the tests
within the first two phone screens (issue 15 items 1 and 4)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.axe import Axe
from tests.web.test_browser import browser  # noqa: F401  (the fixture: chromium, or a skip)

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# The person: a ferritin and a TSAT, leg cramps, sertraline (Zoloft).
TYPICAL = [
    ("age", "52"),
    ("sex", "female"),
    ("lab_ferritin_value", "30"),
    ("lab_ferritin_unit", "ng/mL"),
    ("lab_tsat_value", "15"),
    ("lab_tsat_unit", "%"),
    ("leg_cramps", "yes"),
    ("medication_0", "Zoloft 50 mg"),
]
# Every verdict, five red flags, a trigger, an interaction, current intake.
ANSWERS = [
    ("age", "52"),
    ("sex", "female"),
    ("postmenopausal", "yes"),
    ("lab_ferritin_value", "30"),
    ("lab_ferritin_unit", "ng/mL"),
    ("lab_ferritin_date", "2026-10-01"),
    ("lab_hemoglobin_value", "11"),
    ("lab_hemoglobin_unit", "g/dL"),
    ("lab_tsat_value", "15"),
    ("lab_tsat_unit", "%"),
    ("lab_vitamin_b12_value", "100"),
    ("lab_vitamin_b12_unit", "pmol/L"),
    ("leg_cramps", "yes"),
    ("medication_0", "Zoloft 50 mg"),
    ("medication_1", "Synthroid"),
    ("supplement_0_nutrient", "vitamin_b6"),
    ("supplement_0_amount", "200"),
    ("supplement_0_unit", "mg"),
]


@pytest.fixture(params=list(WIDTHS))
def tab(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[tuple[Any, Axe]]:  # noqa: F811
    context = browser.new_context(base_url=server, viewport=WIDTHS[request.param])
    page = context.new_page()
    page.set_default_timeout(20_000)
    axe = Axe(page)
    yield page, axe
    try:
        axe.verdict()
    finally:
        context.close()


def _csrf(page: Any) -> str:
    return str(next(c["value"] for c in page.context.cookies() if c["name"] == "ekbom_csrf"))


def _post_questionnaire(page: Any, axe: Axe, answers: list[tuple[str, str]]) -> None:
    """Submit the questionnaire's answers as its form does (a plain POST to /report)."""
    page.goto("/")
    axe.check()
    fields = [("csrf_token", _csrf(page)), *answers]
    page.evaluate(
        """fields => {
          const form = document.createElement("form");
          form.method = "post"; form.action = "/report";
          for (const [name, value] of fields) {
            const input = document.createElement("input");
            input.type = "hidden"; input.name = name; input.value = value;
            form.appendChild(input);
          }
          document.body.appendChild(form); form.submit();
        }""",
        fields,
    )
    page.wait_for_url("**/report")


def _fits_and_underlines(page: Any) -> None:
    width = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]} px wide in a {width[1]} px window"
    plain = page.evaluate(
        """() => [...document.querySelectorAll("main a")]
             .filter(a => a.getClientRects().length && !a.classList.contains("button"))
             .filter(a => !getComputedStyle(a).textDecorationLine.includes("underline"))
             .map(a => a.textContent)"""
    )
    assert plain == [], "links without an underline"
    first = page.evaluate(
        """() => { const main = document.querySelector("main");
             const article = main.firstElementChild;
             return [article.className, article.firstElementChild.className]; }"""
    )
    assert first[0].startswith("report") and first[1] == "action-card"


def _top(page: Any, selector: str) -> float:
    return float(
        page.evaluate(
            "s => document.querySelector(s).getBoundingClientRect().top + window.scrollY",
            selector,
        )
    )


def test_the_questionnaire_report_leads_with_the_action_card(tab: tuple[Any, Axe]) -> None:
    page, axe = tab
    _post_questionnaire(page, axe, ANSWERS)
    axe.check()
    _fits_and_underlines(page)
    card = page.locator(".action-card")
    assert card.locator(".step").inner_text().strip()
    assert "With whom:" in card.inner_text()
    # the safety notes and the tests come before any food list; the foods are folded away
    order = [".flags", ".safety .notes", ".avoid", "section.tests", ".acting", "details.foods"]
    tops = [_top(page, selector) for selector in order]
    assert tops == sorted(tops), tops
    assert page.locator("details.foods").first.get_attribute("open") is None
    # verdict chips differ by text, a shape and their border, not by colour alone
    styles = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(".chip")].map(c => [
             c.className, [getComputedStyle(c).borderTopStyle, c.querySelector(".icon").textContent]
           ]))"""
    )
    assert len({style for style, _ in styles.values()}) >= 3, styles
    assert len({icon for _, icon in styles.values()}) == len(styles), styles
    # "not likely to help" is one line; its reasons open on demand
    names = page.locator(".not-likely .names").inner_text()
    assert "," in names or names.strip()
    page.locator(".not-likely summary").click()
    assert page.locator(".not-likely details .card").first.is_visible()
    # the tests print as a list of boxes to tick
    assert page.locator("ul.checklist li .box").count() >= 1
    # with JavaScript, "Print / Save as PDF" opens the print dialog; the PDF is a form button
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Print / Save as PDF").click()
    assert page.evaluate("() => window.printed") == 1
    assert page.get_by_role("button", name="Download the PDF").is_visible()


def test_the_medicine_warning_and_the_tests_are_within_two_screens(tab: tuple[Any, Axe]) -> None:
    page, axe = tab
    _post_questionnaire(page, axe, TYPICAL)
    axe.check()
    _fits_and_underlines(page)
    screens = 2 * page.viewport_size["height"]
    warning = page.get_by_text("sertraline", exact=False).first
    assert warning.is_visible()
    warning_top = float(warning.evaluate("e => e.getBoundingClientRect().top + window.scrollY"))
    assert warning_top < screens
    assert _top(page, "section.tests") < screens
    assert _top(page, "section.tests") < _top(page, "details.foods")


def test_the_doctors_report_opens_in_the_browser_and_prints(tab: tuple[Any, Axe]) -> None:
    page, axe = tab
    page.goto("/register")
    axe.check()
    email = f"report-page-{os.getpid()}-{page.viewport_size['width']}@example.org"
    form = {"email": email, "password": "a long enough password"}
    form |= {"confirm": form["password"], "csrf_token": _csrf(page)}
    assert page.request.post("/register", form=form, max_redirects=0).status == 303
    basics = {"csrf_token": _csrf(page), "age": "58", "sex": "female", "medication_0": "Zoloft"}
    assert page.request.post("/diary/basics", form=basics, max_redirects=0).status == 303
    for day, value in (("2026-06-01", "22"), ("2026-10-01", "35")):
        lab = {"csrf_token": _csrf(page), "date": day, "test": "ferritin", "value": value}
        lab |= {"unit": "ng/mL"}
        assert page.request.post("/diary/lab", form=lab, max_redirects=0).status == 303
    supplement = {"csrf_token": _csrf(page), "from": "2026-06-10", "nutrient": "iron"}
    supplement |= {"amount": "65", "unit": "mg"}
    assert page.request.post("/diary/supplement", form=supplement, max_redirects=0).status == 303
    page.goto("/diary/report.html")
    axe.check()
    _fits_and_underlines(page)
    assert page.locator("figure.chart img").count() >= 1
    assert page.locator("a[href^='http']").count() > 0, "the report lists no sources"
    # every table stays inside its own scrolling box
    wide = page.evaluate(
        """() => [...document.querySelectorAll("main table")]
             .filter(t => !t.closest(".scroll")).length"""
    )
    assert wide == 0
    # "Print / Save as PDF": a link to the PDF that opens the print dialog instead
    button = page.get_by_role("link", name="Print / Save as PDF")
    assert button.get_attribute("href") == "/diary/report.pdf"
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button.click()
    assert page.evaluate("() => window.printed") == 1
    assert page.url.endswith("/diary/report.html")
    pdf = page.request.get("/diary/report.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"


def test_without_javascript_the_report_offers_the_pdf_and_no_dead_button(
    browser: Any,  # noqa: F811
    server: str,
) -> None:
    context = browser.new_context(
        base_url=server, viewport=WIDTHS["phone"], java_script_enabled=False
    )
    page = context.new_page()  # no axe here: it needs JavaScript (the tests above run it)
    try:
        page.goto("/")
        fields = [("csrf_token", _csrf(page)), *TYPICAL]
        response = page.request.post("/report", form=dict(fields))
        page.set_content(response.text())
        assert not page.get_by_role("button", name="Print / Save as PDF").is_visible()
        assert page.get_by_role("button", name="Download the PDF").is_visible()
    finally:
        context.close()
