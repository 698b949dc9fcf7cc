"""The diary's "About you" form stores every basic that `ekbom profile set` stores, shows what
is stored, and on a problem names it beside its field and keeps everything typed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from ekbom.web import create_app
from tests.interop.test_cli import run_cli
from tests.web.conftest import csrf, web_settings
from tests.web.test_accounts import new_email, register

FORM = {
    "age": "52",
    "sex": "female",
    "postmenopausal": "yes",
    "diet": "vegetarian",
    "conditions": ["ckd", "inflammatory_disease"],
    "medication_0": "Zoloft 50 mg",
    "medication_1": "levothyroxine",
    "criterion_urge_to_move": "yes",
    "criterion_worse_at_rest": "yes",
    "criterion_worse_in_evening": "no",
    "criterion_relieved_by_movement": "",
    "caffeine_mg_per_day": "250",
    "alcohol_drinks_per_week": "3.5",
    "exercise_minutes_per_week": "90",
    "smoker": "no",
    "limits": "eu",
}
# The same basics, set on the command line.
PROFILE_SET = [
    *("--age", "52", "--sex", "female", "--postmenopausal", "yes", "--diet", "vegetarian"),
    *("--condition", "ckd", "--condition", "inflammatory_disease"),
    *("--medication", "Zoloft 50 mg", "--medication", "levothyroxine"),
    *("--criterion", "urge_to_move=yes", "--criterion", "worse_at_rest=yes"),
    *("--criterion", "worse_in_evening=no"),
    *("--caffeine", "250", "--alcohol", "3.5", "--exercise", "90", "--smoker", "no"),
    *("--limits", "eu"),
]


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A server on its own store folder (to read the account's diary file afterwards)."""
    from ekbom.interop.cds.app import serve_in_thread

    with serve_in_thread(create_app(web_settings(tmp_path))) as url:
        yield url, tmp_path


@contextmanager
def _signed_in(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as client:
        client.get("/")
        register(client, new_email())
        yield client


def _ekbom(*args: str) -> str:
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _stored(db: Path) -> dict[str, object]:
    """The command line's basics in `db`, as `ekbom profile show --format json` shows them."""
    shown = json.loads(_ekbom("profile", "show", "--db", str(db), "--format", "json"))
    shown.pop("updated_at")
    return dict(shown)


def _web_stored(folder: Path) -> dict[str, object]:
    """The basics of the one web account in the server's store, in the same form."""
    from sqlalchemy import select

    from ekbom.store import StoreSettings, opened
    from ekbom.store import repository as repo
    from ekbom.store.tables import AccountTable
    from ekbom.store.transfer import basics_document

    with opened(StoreSettings("sqlite:///" + str(folder / "diary.db"), "--db")) as store:
        with store.engine.connect() as connection:
            [account] = connection.scalars(select(AccountTable.id)).all()
        with store.session(owner=account) as session:
            shown = json.loads(json.dumps(basics_document(repo.get_basics(session))))
    shown.pop("updated_at")
    return dict(shown)


def _checked(html: str, name: str) -> list[str]:
    """The values of the checked boxes and radios called `name`."""
    pattern = rf'<input type="(?:checkbox|radio)"[^>]*name="{name}" value="([^"]*)" checked'
    return re.findall(pattern, html)


def test_diary_basics_form_stores_what_profile_set_stores(
    own_server: tuple[str, Path], tmp_path: Path
) -> None:
    url, folder = own_server
    with _signed_in(url) as client:
        saved = client.post("/diary/basics", data={"csrf_token": csrf(client), **FORM})
        assert saved.status_code == 303
        page = client.get("/diary").text
    cli_file = tmp_path / "cli.db"
    _ekbom("profile", "set", "--db", str(cli_file), *PROFILE_SET)
    assert _web_stored(folder) == _stored(cli_file)
    # ... and the form shows what is stored
    assert 'id="age" name="age" value="52"' in page
    assert _checked(page, "conditions") == ["ckd", "inflammatory_disease"]
    assert 'value="levothyroxine"' in page and _checked(page, "smoker") == ["no"]
    assert _checked(page, "criterion_worse_in_evening") == ["no"]
    assert _checked(page, "criterion_relieved_by_movement") == []  # not answered: none chosen
    assert re.search(r'<option value="eu" selected>', page)


def test_diary_basics_form_sets_pregnancy_and_clears_what_is_left_empty(
    own_server: tuple[str, Path],
) -> None:
    url, folder = own_server
    with _signed_in(url) as client:
        client.post("/diary/basics", data={"csrf_token": csrf(client), **FORM})
        changed = {"age": "31", "sex": "female", "pregnant": "yes", "pregnancy_trimester": "2"}
        changed["criterion_urge_to_move"] = "no"
        saved = client.post("/diary/basics", data={"csrf_token": csrf(client), **changed})
        assert saved.status_code == 303
        page = client.get("/diary").text
    stored = _web_stored(folder)
    stored.pop("age_on")
    want = {"age": 31, "sex": "female", "pregnant": True, "pregnancy_trimester": 2}
    assert stored == want | {"rls_criteria": {"urge_to_move": False}}
    assert _checked(page, "criterion_worse_at_rest") == []  # left empty cleared the old yes
    assert _checked(page, "pregnant") == ["yes"] and 'value="2"' in page


def test_diary_basics_problems_show_beside_fields_and_keep_typed_values(
    client: httpx.Client,
) -> None:
    register(client, new_email())
    typed = FORM | {"age": "900", "sex": "male", "pregnant": "yes", "caffeine_mg_per_day": "lots"}
    response = client.post("/diary/basics", data={"csrf_token": csrf(client), **typed})
    html = response.text
    assert response.status_code == 422
    assert re.search(r'<span class="error" id="age-error">900 is not allowed', html)
    assert re.search(r'<span class="error" id="pregnant-error">[^<]*contradicts', html)
    assert re.search(r'<span class="error" id="caffeine_mg_per_day-error">[^<]*lots', html)
    assert 'id="error-summary"' in html and '<a href="#age">' in html
    # nothing typed is lost ...
    assert 'name="age" value="900"' in html and 'value="lots"' in html
    assert (
        'name="medication_1" list="medicine-names" autocomplete="off" value="levothyroxine"' in html
    )
    assert _checked(html, "pregnant") == ["yes"] and _checked(html, "smoker") == ["no"]
    assert _checked(html, "conditions") == ["ckd", "inflammatory_disease"]
    assert '<option value="male" selected>' in html and '<details class="basics" open>' in html
    # ... and nothing was stored
    assert "Give your age and sex" in client.get("/diary").text
