"""What the observer reads on the form and the summary (issue 16): every placeholder filled,
the status said once, the programme's 3 cycles unquestioned, and the way on to the feedback."""

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from analysis.semesters import semester_of
from tests.support.auth import login
from tests.support.factories import certify, make_observation, make_org, make_user

TODAY = date.today()
LANGUAGES = ("nb", "nn", "en")
# Placeholders the form's scripts fill in ({n}, {minutes}…); none may reach the reader as is.
SCRIPT_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.fixture
def world(db_session):
    org = make_org(db_session)
    observer = make_user(db_session, "obs@example.no", "observer", home_kindergarten=org["home"])
    certify(db_session, observer, "preschool", TODAY - timedelta(days=30))
    db_session.commit()
    return org, observer


def observation_of(db_session, world, **fields):
    org, observer = world
    values = {"semester": semester_of(TODAY), "observed_on": TODAY, "kind": "regular", **fields}
    found = make_observation(
        db_session, org["other_dept"], observer, instrument_id="class-prek",
        instrument_version="2008", **values,
    )  # fmt: skip
    db_session.commit()
    return found


def page_in(client, user, path: str, lang: str = "en") -> str:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    login(client, user.email)
    return page_of(client, path)


def page_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def visible_text(page: str) -> str:
    """The page without its scripts (the script strings are checked on their own)."""
    return re.sub(r"<script\b.*?</script>", "", page, flags=re.S)


def submitted(db_session, world):
    return observation_of(db_session, world, status="submitted", submitted_at=datetime.now(UTC))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_raw_placeholder_on_the_form_or_the_summary(client, db_session, world, lang):
    observation = observation_of(db_session, world)
    form = page_in(client, world[1], f"/observe/{observation.id}", lang)
    summary = page_of(client, f"/observe/{observation.id}/summary")
    for path, page in (("form", form), ("summary", summary)):
        text = visible_text(page)
        assert not re.findall(r"\{[\w ]*\}|%\(\w+\)s", text), path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_timing_string_uses_only_the_placeholders_the_form_fills(
    client, db_session, world, lang
):
    """render.js fills minutes, limit, min and max; a translation may use any of them."""
    observation = observation_of(db_session, world)
    page = page_in(client, world[1], f"/observe/{observation.id}", lang)
    strings = json.loads(re.search(r'id="i18n">(.*?)</script>', page, re.S)[1])
    for key in ("timing_too_short_redo", "timing_needs_deviation_reason"):
        used = set(SCRIPT_PLACEHOLDER.findall(strings[key]))
        assert used <= {"minutes", "limit", "min", "max"}, (key, strings[key])


def test_a_submitted_observation_says_submitted_once_with_its_date(client, db_session, world):
    observation = submitted(db_session, world)
    page = page_in(client, world[1], f"/observe/{observation.id}/summary")
    status = page.split("data-observation-status>")[1].split("</p>")[0]
    assert status.count("Submitted") == 1
    assert TODAY.strftime("%d.%m.%Y") in status
    assert "Planned" not in page


def test_the_summary_does_not_question_the_programmes_three_cycles(client, db_session, world):
    observation = submitted(db_session, world)
    page = page_in(client, world[1], f"/observe/{observation.id}/summary")
    assert "Based on 3 cycles of observation." in page
    assert "4–6" not in page and "recommends" not in page


def test_the_observer_goes_from_a_submitted_summary_to_writing_the_feedback(
    client, db_session, world
):
    observation = submitted(db_session, world)
    page = page_in(client, world[1], f"/observe/{observation.id}/summary")
    button = re.search(r'<a class="button primary" href="([^"]+)" data-write-feedback>', page)
    assert button and button[1] == f"/reports/{observation.id}/feedback"
    assert client.get(button[1]).status_code == 200


@pytest.mark.parametrize("fields", [{"kind": "practice"}, {"status": "draft"}])
def test_no_feedback_button_where_there_is_no_feedback_to_write(client, db_session, world, fields):
    values = {"status": "submitted", "submitted_at": datetime.now(UTC), **fields}
    if values["status"] == "draft":
        values["submitted_at"] = None
    observation = observation_of(db_session, world, **values)
    page = page_in(client, world[1], f"/observe/{observation.id}/summary")
    assert "data-write-feedback" not in page
