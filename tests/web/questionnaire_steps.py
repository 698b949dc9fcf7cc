"""What a person does on the questionnaire in a real browser, for the browser tests: show the
section a field is in (on a phone, one section at a time with Next), add a lab result one at a
time, and send the form. Works with JavaScript on (htmx adds the row) and off (the "Add another"
button sends the form and the page comes back with one more row)."""

from __future__ import annotations

from typing import Any


def show(page: Any, selector: str) -> Any:
    """The field at `selector`, after pressing Next until its section shows (phones, with
    JavaScript; elsewhere every section shows at once)."""
    field = page.locator(selector)
    field.wait_for(state="attached")
    way = "Next"
    for _ in range(12):
        if field.is_visible():
            return field
        step = page.get_by_role("button", name=way, exact=True)
        if not step.is_visible():  # the last section: go back from there
            way = "Back"
            continue
        step.click()
    raise AssertionError(f"{selector} never showed")


def add_lab(page: Any, row: int, test: str, value: str, unit: str, day: str = "") -> None:
    """Fill lab row `row` (0: the row the page starts with; later rows are added first)."""
    from playwright.sync_api import expect  # the browser tests skip when playwright is absent

    scripted = page.evaluate("() => window.htmx !== undefined")
    if row > 0:
        show(page, "#add-lab").click()
        if scripted:  # htmx has set the new row up (and focused its test) once it settles
            expect(page.locator(f"#lab_{row}_test")).to_be_focused()
    show(page, f"#lab_{row}_test").select_option(test)
    if scripted:
        # htmx swaps in the unit field with only this test's units (no optgroups) after the choice
        page.locator(f"#lab_{row}_unit optgroup").first.wait_for(state="detached")
    page.locator(f"#lab_{row}_value").fill(value)
    page.locator(f"#lab_{row}_unit").select_option(unit)
    if day:
        page.locator(f"#lab_{row}_date").fill(day)


def about(page: Any, age: str, sex: str) -> None:
    show(page, "#age").fill(age)
    page.locator("#sex").select_option(sex)


def send(page: Any) -> None:
    """Press "See my report" (on a phone, after the last section's Next) and wait for the page."""
    button = page.get_by_role("button", name="See my report")
    for _ in range(8):
        if button.is_visible():
            break
        page.get_by_role("button", name="Next", exact=True).click()
    with page.expect_navigation():
        button.click()
