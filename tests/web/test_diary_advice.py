"""The diary page speaks up (issue 15): at its top the diary's current assessment (best first
step, red flags, verdicts, the upper-limit note beside a dose) or what to add first; a trend
sentence beside each chart; each chart drawn for a phone or a wide screen. On SQLite and
PostgreSQL, through a real server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest

from ekbom import presenter
from tests.store.databases import BACKENDS, database_url
from tests.web.conftest import csrf
from tests.web.test_accounts import new_email, register
from tests.web.test_shared_store import _server

TODAY = date.today()
IRON_65 = {"nutrient": "iron", "amount": "65", "unit": "mg", "per": "day"}


@pytest.fixture(scope="module", params=BACKENDS)
def base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("advice")
    with database_url(request.param, folder) as url, _server(url) as served:
        yield served


@pytest.fixture
def person(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=60) as client:
        client.get("/")
        register(client, new_email())
        yield client


def _post(client: httpx.Client, path: str, **form: str) -> None:
    answer = client.post(path, data={"csrf_token": csrf(client), **form})
    assert answer.status_code == 303, answer.text[:2000]


def _basics(client: httpx.Client) -> None:
    _post(client, "/diary/basics", age="45", sex="female")


def _iron_65(client: httpx.Client) -> None:
    _post(client, "/diary/supplement", **IRON_65, **{"from": str(TODAY - timedelta(days=20))})


def _lab(client: httpx.Client, test: str, value: str, unit: str, days_ago: int) -> None:
    day = str(TODAY - timedelta(days=days_ago))
    _post(client, "/diary/lab", test=test, value=value, unit=unit, date=day)


def _advice(page: str) -> str:
    """The advice section, which comes before every other section of the page."""
    found = re.search(r'<section class="advice".*?</section>', page, re.S)
    assert found, "no advice section"
    assert page.index('class="advice"') < page.index('id="add-h"') < page.index('id="chart-h"')
    return found.group(0)


def test_iron_65_mg_a_day_raises_the_red_flag_and_first_step_on_the_diary_page(
    person: httpx.Client,
) -> None:
    _basics(person)
    _iron_65(person)
    advice = _advice(person.get("/diary").text)
    assert presenter.RED_FLAGS_TITLE in advice and presenter.FIRST_STEP_TITLE in advice
    flag = "You take more iron (65 mg a day) than the daily upper limit of 40 mg."
    assert advice.count(flag) == 1  # the red flag, not again as the first step's reason
    assert "Cut down your iron to the daily limit" in advice  # the best first step
    iron = re.search(r'<li id="verdict-iron">.*?</li>\s*</ul>', advice, re.S)
    assert iron and "Test first" in iron.group(0) and "65 mg a day" in iron.group(0)
    assert presenter.LIMIT_FLAGGED in iron.group(0)  # the flag said beside the dose


def test_a_clinician_led_iron_dose_says_why_it_is_above_the_limit_without_a_flag(
    person: httpx.Client,
) -> None:
    _basics(person)
    _iron_65(person)
    _lab(person, "ferritin", "40", "ng/mL", 30)
    _lab(person, "tsat", "27", "%", 30)
    advice = _advice(person.get("/diary").text)
    assert presenter.RED_FLAGS_TITLE not in advice  # the 1.1 exemption: iron is recommended
    assert "Keep taking your iron, and ask your doctor about your latest results." in advice
    iron = re.search(r'<li id="verdict-iron">.*?</li>\s*</ul>', advice, re.S)
    assert iron and "Recommended" in iron.group(0) and presenter.NEEDS_CLINICIAN in iron.group(0)
    limit = (
        "The 65 mg a day you take is above the upper limit of 40 mg. For restless legs that is "
        "fine only under a clinician&#39;s care."
    )
    assert f"<strong>{presenter.LIMIT_TITLE}:</strong> {limit}" in iron.group(0)


def test_without_age_and_sex_the_page_says_what_to_add_with_a_link(person: httpx.Client) -> None:
    _iron_65(person)
    advice = _advice(person.get("/diary").text)
    assert "add your age and your sex at birth under" in advice
    assert '<a href="#basics-h">About you</a>' in advice
    assert presenter.FIRST_STEP_TITLE not in advice


def test_each_chart_has_its_trend_sentence(person: httpx.Client) -> None:
    _lab(person, "ferritin", "31", "ng/mL", 153)
    _lab(person, "ferritin", "40", "ng/mL", 0)
    _post(person, "/diary/symptoms", date=str(TODAY - timedelta(days=42)), severity_nrs="7")
    _post(person, "/diary/symptoms", date=str(TODAY), severity_nrs="4")
    page = person.get("/diary").text
    ferritin = re.search(r'<figure class="chart-panel" id="chart-ferritin".*?</figure>', page, re.S)
    assert ferritin and "Ferritin (iron stores) 31 → 40 ng/mL in 5 months" in ferritin.group(0)
    symptoms = re.search(r'<figure class="chart-panel" id="chart-symptoms".*?</figure>', page, re.S)
    assert symptoms and "Severity 7 → 4 of 10 in 6 weeks" in symptoms.group(0)


def _smallest_text_px(svg: str) -> float:
    """The smallest font size of the SVG's texts in CSS px at the picture's own width."""
    width = re.search(r'<svg[^>]* width="([\d.]+)pt"', svg)
    view = re.search(r'viewBox="0 0 ([\d.]+) ', svg)
    assert width and view
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
    assert sizes, "the SVG has no text elements"
    return min(sizes) * float(width.group(1)) * 4 / 3 / float(view.group(1))


@pytest.mark.parametrize("size", ["narrow", "wide"])
def test_chart_pictures_keep_their_text_12_px_or_more(person: httpx.Client, size: str) -> None:
    _lab(person, "ferritin", "31", "ng/mL", 153)
    _post(person, "/diary/symptoms", date=str(TODAY), severity_nrs="4", nights_per_week="3")
    _iron_65(person)
    for panel in ("ferritin", "symptoms", "supplements"):
        answer = person.get(f"/diary/chart/{panel}.svg", params={"size": size})
        assert answer.status_code == 200 and answer.headers["content-type"] == "image/svg+xml"
        assert _smallest_text_px(answer.text) >= 12, panel


def test_chart_picture_of_another_panel_or_size_is_refused(person: httpx.Client) -> None:
    _lab(person, "ferritin", "31", "ng/mL", 10)
    missing = person.get("/diary/chart/tsat.svg")
    assert missing.status_code == 404 and "ferritin, symptoms" in missing.text
    assert person.get("/diary/chart/ferritin.svg", params={"size": "huge"}).status_code == 422


def test_chart_pictures_need_a_sign_in(base: str) -> None:
    with httpx.Client(base_url=base) as stranger:
        answer = stranger.get("/diary/chart/ferritin.svg")
    assert answer.status_code == 303 and answer.headers["location"] == "/login"


def test_deleting_the_iron_in_place_redraws_the_advice_without_its_flag(
    person: httpx.Client,
) -> None:
    _basics(person)
    _iron_65(person)
    (entry,) = re.findall(r'<tr id="entry-(\d+)"', person.get("/diary").text)
    answer = person.post(
        f"/diary/entries/{entry}/delete",
        data={"csrf_token": csrf(person)},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200 and "<html" not in answer.text
    advice = re.search(r'<section class="advice" id="advice"[^>]*>.*?</section>', answer.text, re.S)
    assert advice and 'hx-swap-oob="true"' in advice.group(0)
    assert presenter.FIRST_STEP_TITLE in advice.group(0)
    assert presenter.RED_FLAGS_TITLE not in advice.group(0) and "65 mg" not in advice.group(0)
