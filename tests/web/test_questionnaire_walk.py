"""A person walks through the questionnaire in Debian's chromium, at 1280 px and on a 390 px
phone (one section at a time there): only a ferritin, then three labs added one at a time, with
JavaScript and without it, and with the keyboard alone. Every page they see with JavaScript passes
axe-core (0 serious or critical violations).

The report's first step is checked by its sentence (the assessment's `best_first_step`), not by
its markup."""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterator
from typing import Any

import pytest

import ekbom
from tests.web.axe import Axe
from tests.web.questionnaire_steps import about, add_lab, send, show
from tests.web.test_browser import PHONE, browser, shot  # noqa: F401 - browser is a fixture

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}
FERRITIN = {"ferritin": ("12", "ng/mL")}
THREE = {"ferritin": ("40", "ng/mL"), "tsat": ("14", "%"), "vitamin_d": ("18", "ng/mL")}
TAB_LIMIT = 40  # issue 15: fewer than 40 Tab presses for the ferritin-only path


def _profile(labs: dict[str, tuple[str, str]]) -> dict[str, Any]:
    rows = [{"test": t, "value": float(v), "unit": u} for t, (v, u) in labs.items()]
    return {"age": 45, "sex": "female", "labs": rows}


def _first_step(labs: dict[str, tuple[str, str]]) -> str:
    return str(ekbom.assess(_profile(labs)).to_dict()["best_first_step"]["text"])


ACTED_ON = ("recommended", "consider", "test_first")  # each has its card on the report


def _verdicts(profile: dict[str, Any]) -> dict[str, str]:
    """The engine's verdict label of each nutrient worth acting on."""
    labels = ekbom.load_knowledge().texts.verdicts
    document = ekbom.assess(profile).to_dict()
    return {
        n["nutrient"]: labels[n["verdict"]]
        for n in document["nutrients"]
        if n["verdict"] in ACTED_ON
    }


class Walk:
    """A browser tab of one width, JavaScript on or off, whose pages axe-core checks."""

    def __init__(self, browser: Any, server: str, width: str, script: bool = True) -> None:  # noqa: F811
        self.context = browser.new_context(
            base_url=server, viewport=WIDTHS[width], java_script_enabled=script
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.axe = Axe(self.page)
        self.problems: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on(
            "response",
            lambda r: self.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

    def report_text(self) -> str:
        return html_lib.unescape(str(self.page.locator("main").inner_text()))

    def shows_verdicts(self, expected: dict[str, str]) -> bool:
        """Whether each nutrient's card on the report carries its expected verdict label."""
        assert expected, "a walk that expects no verdict proves nothing"
        cards = {n: self.page.locator(f"#nutrient-{n}") for n in expected}
        return all(expected[n] in str(card.inner_text()) for n, card in cards.items())


@pytest.fixture(params=list(WIDTHS))
def walk(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[Walk]:  # noqa: F811
    tab = Walk(browser, server, request.param)
    yield tab
    try:
        tab.axe.verdict()
    finally:
        tab.context.close()


def test_only_a_ferritin_gives_the_first_step(walk: Walk) -> None:
    page = walk.page
    page.goto("/")
    walk.axe.check()
    about(page, "45", "female")
    add_lab(page, 0, "ferritin", *FERRITIN["ferritin"])
    shot(page, f"questionnaire-{page.viewport_size['width']}")
    send(page)
    page.wait_for_url("**/report")
    walk.axe.check()
    assert _first_step(FERRITIN) in walk.report_text()
    assert walk.problems == []


def test_three_labs_added_one_at_a_time_in_place(walk: Walk) -> None:
    page = walk.page
    page.goto("/")
    page.evaluate("window.notReloaded = true")
    about(page, "45", "female")
    for row, (test, (value, unit)) in enumerate(THREE.items()):
        add_lab(page, row, test, value, unit)
    assert page.evaluate("window.notReloaded === true"), "htmx added the rows without a reload"
    assert page.locator("fieldset.lab").count() == 3
    walk.axe.check()
    send(page)
    page.wait_for_url("**/report")
    walk.axe.check()
    assert walk.shows_verdicts(_verdicts(_profile(THREE)))
    assert _first_step(THREE) in walk.report_text()
    assert walk.problems == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_without_javascript_three_labs_give_the_same_result(
    browser: Any,  # noqa: F811
    server: str,
    width: str,
) -> None:
    tab = Walk(browser, server, width, script=False)
    page = tab.page
    try:
        page.goto("/")  # (axe-core needs scripts: it checks these pages in the walks above)
        about(page, "45", "female")
        show(page, "#medication_0").fill("Zoloft 50 mg")
        for row, (test, (value, unit)) in enumerate(THREE.items()):
            add_lab(page, row, test, value, unit)  # "Add another" sends the form: a new page
        assert page.locator("#medication_0").input_value() == "Zoloft 50 mg"  # nothing lost
        assert page.locator("#lab_0_value").input_value() == "40"
        assert page.locator("#if-woman").is_visible()  # no script hides it: a plain question
        send(page)
        page.wait_for_url("**/report")
        with_medicine = _profile(THREE) | {"medications": ["Zoloft 50 mg"]}
        expected = ekbom.assess(with_medicine).to_dict()["best_first_step"]["text"]
        assert expected in tab.report_text()
        assert tab.shows_verdicts(_verdicts(with_medicine))
        assert tab.problems == []
    finally:
        tab.context.close()


def _tab_to(page: Any, selector: str) -> int:
    """Press Tab until the element at `selector` has the focus; how many presses it took (0 when
    it has the focus already)."""
    target = page.locator(selector)
    for presses in range(80):
        if target.evaluate("e => e === document.activeElement"):
            return presses
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _next_section(page: Any, presses: int) -> int:
    """On a phone, Tab to the shown section's Next button and press it."""
    presses += _tab_to(page, "fieldset.step:not([hidden]) .stepper button:not(.secondary)")
    page.keyboard.press("Enter")
    return presses


def test_keyboard_alone_completes_the_ferritin_path(walk: Walk) -> None:
    """Only Tab, Enter, arrows and typing: the skip link, age, sex, one ferritin, then the
    report, in fewer than TAB_LIMIT Tab presses (the issue counted 132 before)."""
    page = walk.page
    keys = page.keyboard
    page.goto("/")
    walk.axe.check()
    presses = _tab_to(page, "a.skip")
    keys.press("Enter")  # past the site's links, to the form
    presses += _tab_to(page, "#age")
    keys.type("45")
    presses += _tab_to(page, "#sex")
    keys.type("female")
    phone = page.locator(".stepper").count() > 0
    if phone:
        presses = _next_section(page, presses)
    presses += _tab_to(page, "#lab_0_test")
    keys.type("Serum ferritin")
    presses += _tab_to(page, "#lab_0_value")
    keys.type("12")
    presses += _tab_to(page, "#lab_0_unit")
    keys.type("ng")
    assert page.locator("#lab_0_test").input_value() == "ferritin"
    assert page.locator("#lab_0_unit").input_value() == "ng/mL"
    while phone and page.locator("fieldset.step:not([hidden]) .stepper .send").count() == 0:
        presses = _next_section(page, presses)
    presses += _tab_to(page, "button.send")
    keys.press("Enter")
    page.wait_for_url("**/report")
    walk.axe.check()
    assert _first_step(FERRITIN) in walk.report_text()
    print(f"{page.viewport_size['width']} px: {presses} Tab presses")
    assert presses < TAB_LIMIT


def test_pregnancy_asked_only_of_women_and_severity_chosen_with_arrows(
    browser: Any,  # noqa: F811
    server: str,
) -> None:
    tab = Walk(browser, server, "desktop")
    page = tab.page
    try:
        page.goto("/")
        woman = page.locator("#if-woman")
        assert not woman.is_visible()  # no sex chosen yet
        about(page, "30", "female")
        assert woman.is_visible() and not page.locator("#pregnancy_trimester").is_visible()
        page.locator("#pregnant").check()
        assert page.locator("#pregnancy_trimester").is_visible()
        page.locator("#sex").select_option("male")
        assert not woman.is_visible()
        page.locator("input[name=severity_nrs][value='0']").focus()
        for _ in range(7):
            page.keyboard.press("ArrowRight")
        assert page.locator("input[name=severity_nrs]:checked").get_attribute("value") == "7"
        tab.axe.check()
        add_lab(page, 0, "ferritin", *FERRITIN["ferritin"])
        send(page)  # the pregnancy ticked before "male" is not sent: no contradiction
        page.wait_for_url("**/report")
        tab.axe.check()
        male = {"age": 30, "sex": "male", "labs": _profile(FERRITIN)["labs"]}
        male["symptoms"] = {"severity_nrs": 7}
        assert ekbom.assess(male).to_dict()["best_first_step"]["text"] in tab.report_text()
        tab.axe.verdict()
        assert tab.problems == []
    finally:
        tab.context.close()


def test_supplement_rows_ask_the_amount_once_a_nutrient_is_chosen(
    browser: Any,  # noqa: F811
    server: str,
) -> None:
    """The first row and the rows htmx adds alike; an added row takes the focus."""
    from playwright.sync_api import expect

    tab = Walk(browser, server, "desktop")
    page = tab.page
    try:
        page.goto("/")
        assert not page.locator("#supplement_0_amount").is_visible()
        page.locator("#supplement_0_nutrient").select_option("iron")
        assert page.locator("#supplement_0_amount").is_visible()
        page.locator("#add-supplement").click()
        added = page.locator("#supplement_1_nutrient")
        expect(added).to_be_focused()
        assert not page.locator("#supplement_1_amount").is_visible()
        added.select_option("magnesium")
        assert page.locator("#supplement_1_amount").is_visible()
        page.locator("#add-medication").click()
        expect(page.locator("#medication_1")).to_be_focused()
        assert (
            page.locator("#add-medication").get_attribute("hx-get") == "/questionnaire/medication/2"
        )
        tab.axe.check()
        tab.axe.verdict()
        assert tab.problems == []
    finally:
        tab.context.close()
