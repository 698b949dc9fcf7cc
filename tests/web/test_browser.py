"""End-to-end tests in a real browser: Playwright driving Debian's chromium against uvicorn.

Skipped (with the reason) when chromium or playwright is absent. Never runs `playwright
install`: the browser is the system's chromium, found on PATH. Set EKBOM_SCREENSHOTS=DIR to
keep screenshots of the pages.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ekbom
from tests.web.axe import AXE_JS, Axe, require_axe
from tests.web.conftest import MIXED_LABS
from tests.web.questionnaire_steps import about, add_lab, send, show

CHROMIUM = shutil.which("chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A phone-sized tab; every page it loads must pass axe-core (`checked(page)` runs it)."""
    context = browser.new_context(base_url=server, viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    CHECKERS[tab] = Axe(tab)
    yield tab
    try:
        CHECKERS.pop(tab).verdict()
    finally:
        context.close()


CHECKERS: dict[Any, Axe] = {}


def checked(page: Any) -> None:
    """Run axe-core on the page as it is now (its violations fail the test at its end)."""
    CHECKERS[page].check()


def test_axe_core_is_installed() -> None:
    require_axe()
    assert AXE_JS.read_text("utf-8").startswith("/*! axe")


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("EKBOM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _fill_mixed(page: Any) -> None:
    about(page, "50", "female")
    for row, (test, (value, unit)) in enumerate(MIXED_LABS.items()):
        add_lab(page, row, test, value, unit, "2026-11-01")


def _verdict(page: Any, nutrient: str) -> str:
    return str(page.locator(f"#nutrient-{nutrient} .verdict").inner_text())


def test_browser_questionnaire_mixed_units_gives_right_verdicts(page: Any) -> None:
    page.goto("/")
    _fill_mixed(page)
    show(page, "#medication_0").fill("Zoloft 50 mg")
    shot(page, "questionnaire")
    checked(page)
    send(page)
    page.wait_for_url("**/report")
    assert page.get_by_role("heading", name="Your report").is_visible()
    assert _verdict(page, "iron") == "Recommended"
    assert _verdict(page, "vitamin_d") == "Recommended"
    assert _verdict(page, "magnesium") == "Recommended"
    assert _verdict(page, "vitamin_b12") == "Test first"
    assert "sertraline" in page.content() or "antidepressant" in page.content()
    shot(page, "report")


def test_browser_validation_error_keeps_typed_values(page: Any) -> None:
    page.goto("/")
    checked(page)
    _fill_mixed(page)
    show(page, "#medication_0").fill("Synthroid 75 mcg")
    show(page, "#age").fill("fifty")
    send(page)
    assert page.locator("#age-error").is_visible()
    checked(page)
    assert page.get_by_label("Age in years").input_value() == "fifty"
    assert page.get_by_label("Medicine 1").input_value() == "Synthroid 75 mcg"
    assert page.locator("#lab_3_unit").input_value() == "mg/dL"  # magnesium, the fourth row
    assert page.locator("#lab_0_value").input_value() == "30"  # ferritin, the first
    shot(page, "validation")


def test_browser_register_log_history_chart_sign_out_and_in(page: Any) -> None:
    email = f"browser-{os.getpid()}@example.org"
    page.goto("/register")
    checked(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password (at least 10 characters)").fill("a long enough password")
    page.get_by_label("Type the password again").fill("a long enough password")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/diary")
    open_form(page, "lab")
    page.locator("#lab_date").fill("2026-10-01")
    page.get_by_label("Test", exact=True).select_option("ferritin")
    page.wait_for_load_state("networkidle")  # htmx swaps the unit list in after the choice
    page.get_by_label("Result", exact=True).fill("35")
    page.locator("#lab_unit").select_option("ng/mL")
    page.get_by_role("button", name="Save lab result").click()
    page.wait_for_url("**/diary#history")
    open_form(page, "symptoms")
    page.locator("#symptoms_date").fill("2026-10-02")
    page.get_by_label("How bad, from 0 to 10").fill("7")
    page.get_by_role("button", name="Save symptoms").click()
    page.wait_for_url("**/diary#history")
    rows = page.locator("#history tbody tr")
    assert rows.count() == 2
    assert "35 ng/mL" in page.locator("#history").inner_text()
    chart = page.locator("img.chart").first
    chart.scroll_into_view_if_needed()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", chart.element_handle())
    shot(page, "diary")
    checked(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    checked(page)
    page.goto("/diary")
    assert page.url.endswith("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a long enough password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/diary")
    assert page.locator("#history tbody tr").count() == 2


def test_browser_questionnaire_works_without_javascript(browser: Any, server: str) -> None:
    context = browser.new_context(base_url=server, java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    try:
        tab.goto("/")
        _fill_mixed(tab)
        send(tab)
        tab.wait_for_url("**/report")
        assert _verdict(tab, "iron") == "Recommended"
    finally:
        context.close()


def test_browser_keyboard_reaches_skip_link_first(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"


def _register(page: Any, name: str) -> None:
    page.goto("/register")
    if page in CHECKERS:
        checked(page)
    page.get_by_label("Email").fill(f"{name}-{os.getpid()}@example.org")
    page.get_by_label("Password (at least 10 characters)").fill("a long enough password")
    page.get_by_label("Type the password again").fill("a long enough password")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/diary")


def open_form(page: Any, kind: str) -> None:
    """Open the diary's "Add ..." form of `kind` (each sits behind its button, a <summary>)."""
    if page.locator(f"#add-{kind}").get_attribute("open") is None:
        page.locator(f"#add-{kind} > summary").click()


def _log_lab(page: Any, day: str, test: str, value: str, unit: str) -> None:
    open_form(page, "lab")
    page.locator("#lab_date").fill(day)
    page.get_by_label("Test", exact=True).select_option(test)
    page.wait_for_load_state("networkidle")  # htmx swaps the unit list in after the choice
    page.get_by_label("Result", exact=True).fill(value)
    page.locator("#lab_unit").select_option(unit)
    page.get_by_role("button", name="Save lab result").click()
    page.wait_for_url("**/diary#history")


def _unit_options(page: Any) -> list[str]:
    return list(page.locator("#lab_unit option").evaluate_all("os => os.map(o => o.value)"))


def _problems(page: Any) -> list[str]:
    """What goes wrong on the page from now on: script errors, CSP refusals, failed requests
    (the browser's own favicon request aside: the app has none)."""
    problems: list[str] = []

    def console(message: Any) -> None:
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            problems.append(f"{message.text} ({message.location['url']})")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    return problems


def test_browser_htmx_swaps_units_and_deletes_a_row_in_place(page: Any) -> None:
    """With JavaScript, htmx narrows the unit field to the chosen test and deletes in place."""
    kb = ekbom.load_knowledge()
    problems = _problems(page)
    _register(page, "htmx")
    open_form(page, "lab")
    # locator waits, not wait_for_function: the page's CSP forbids the eval that polling uses
    page.locator("#lab_unit optgroup").first.wait_for(state="detached")  # narrowed on load
    assert _unit_options(page) == ["", *kb.tests["ferritin"].units]  # "Choose a unit" first
    page.get_by_label("Test", exact=True).select_option("vitamin_d")
    page.locator('#lab_unit option[value="nmol/L"]').wait_for(state="attached")
    assert _unit_options(page) == ["", *kb.tests["vitamin_d"].units]
    _log_lab(page, "2026-10-01", "ferritin", "35", "ng/mL")
    _log_lab(page, "2026-10-05", "vitamin_d", "20", "ng/mL")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Delete the lab entry of 2026-10-01").click()
    status = page.get_by_role("status")
    status.wait_for()
    assert status.inner_text() == "Deleted the lab entry of 2026-10-01."
    checked(page)  # the page after htmx's swaps
    assert page.evaluate("window.notReloaded === true"), "the page was loaded again"
    assert page.locator("#history tbody tr:not(.deleted)").count() == 1
    assert "after=" in str(page.locator("#chart-area img.chart").first.get_attribute("src"))
    assert problems == []
    shot(page, "diary-htmx")


def test_browser_diary_works_without_javascript(browser: Any, server: str) -> None:
    """The same diary steps as plain forms: every unit is offered, and delete reloads the page."""
    context = browser.new_context(base_url=server, java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    try:
        _register(tab, "no-js")
        assert tab.locator("#lab_unit optgroup").count() == len(ekbom.load_knowledge().tests)
        _log_lab(tab, "2026-10-01", "vitamin_d", "20", "ng/mL")
        assert tab.locator("#history tbody tr").count() == 1
        tab.get_by_role("button", name="Delete the lab entry of 2026-10-01").click()
        tab.wait_for_url("**/diary#history")
        assert tab.locator("#history tbody tr").count() == 0
    finally:
        context.close()


def test_browser_doctors_report_passes_axe(page: Any) -> None:
    """The doctor's report opens in the browser, in the site's layout."""
    _register(page, "report")
    checked(page)
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "ekbom_csrf")
    basics = {"csrf_token": csrf, "age": "52", "sex": "female"}
    assert page.request.post("/diary/basics", form=basics, max_redirects=0).status == 303
    _log_lab(page, "2026-10-01", "ferritin", "35", "ng/mL")
    checked(page)
    page.get_by_role("link", name="Report for your doctor", exact=True).click()
    page.wait_for_url("**/diary/report.html")
    assert page.locator("a[href^='http']").count() > 0, "the report lists no sources"
    checked(page)


def test_browser_api_docs_list_the_operations_offline_under_the_csp(page: Any) -> None:
    """Swagger UI is served from the package: no other host is asked, no inline script runs."""
    problems = _problems(page)
    hosts: list[str] = []
    page.on("request", lambda r: hosts.append(r.url.split("/")[2]))
    page.goto("/api/docs")
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/v1/assess", "/api/v1/diary/entries/{entry_id}"} <= {p.strip() for p in paths}
    assert set(hosts) == {page.url.split("/")[2]}
    # Swagger UI's own markup (its grey texts, buttons inside its summaries, small anchors) is
    # not ours to fix; every other rule holds there too.
    swagger_ui = frozenset({"color-contrast", "nested-interactive", "target-size"})
    CHECKERS[page].check(third_party=swagger_ui)
    assert problems == []
