"""The observer's pages: start, the tablet form, the summary, and the service worker."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from analysis.instruments import load_all_versions
from analysis.semesters import semester_of
from app.models import Score
from tests.support.auth import login
from tests.support.factories import certify, make_observation, make_org, make_user

TODAY = date.today()
JS_DIR = Path(__file__).resolve().parents[2] / "app" / "static" / "js" / "observe"


@pytest.fixture
def org(db_session):
    return make_org(db_session)


@pytest.fixture
def observer(db_session, org):
    """An observer from the home kindergarten, certified for both age groups today."""
    user = make_user(db_session, "obs@example.no", "observer", home_kindergarten=org["home"])
    for family in ("toddler", "preschool"):
        certify(db_session, user, family, TODAY - timedelta(days=30))
    db_session.commit()
    return user


def this_semester(**fields) -> dict:
    return {"semester": semester_of(TODAY), "observed_on": TODAY, **fields}


def signed_in(client, user):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, user.email)
    return client


def page_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def json_block(page: str, block_id: str):
    pattern = rf'<script type="application/json" id="{block_id}">(.*?)</script>'
    return json.loads(re.search(pattern, page, re.S)[1])


def test_start_page_offers_other_kindergartens_only(client, observer, org):
    page = page_of(signed_in(client, observer), "/observe/new")
    assert org["other_dept"].name in page
    assert f'value="{org["home_dept"].id}"' not in page  # own kindergarten: never offered
    option = page.split(f'id="dept-{org["other_dept"].id}"')[0].rsplit("<div", 1)[1]
    assert 'data-instrument-id="class-prek"' in option
    assert 'data-regular-taken="0"' in option


def test_start_page_offers_double_coding_of_someone_elses_regular_observation(
    client, db_session, observer, org
):
    colleague = make_user(db_session, "colleague@example.no", "observer")
    regular = make_observation(
        db_session, org["other_dept"], colleague, instrument_id="class-prek",
        instrument_version="2008", **this_semester(),
    )  # fmt: skip
    db_session.commit()
    page = page_of(signed_in(client, observer), "/observe/new")
    option = page.split(f'id="dept-{org["other_dept"].id}"')[0].rsplit("<div", 1)[1]
    assert 'data-regular-taken="1"' in option
    assert f'data-primary-id="{regular.id}"' in option


def test_start_page_without_a_valid_certification_explains_why_nothing_is_offered(
    client, db_session, org
):
    lapsed = make_user(db_session, "lapsed@example.no", "observer", home_kindergarten=org["home"])
    certify(db_session, lapsed, "preschool", TODAY - timedelta(days=800))
    db_session.commit()
    page = page_of(signed_in(client, lapsed), "/observe/new")
    assert "data-department-option" not in page
    assert "valid certification" in page


@pytest.fixture
def observation(db_session, observer, org):
    found = make_observation(
        db_session, org["other_dept"], observer, instrument_id="class-prek",
        instrument_version="2008", kind="practice", **this_semester(),
    )  # fmt: skip
    db_session.commit()
    return found


def test_form_has_a_fieldset_with_seven_radios_per_dimension_and_cycle(
    client, observer, observation
):
    page = page_of(signed_in(client, observer), f"/observe/{observation.id}")
    instrument = load_all_versions()["class-prek@2008"]
    for n in (1, 2, 3):
        assert f'<section class="cycle" id="cycle-{n}"' in page
        for dim in instrument.dimensions:
            fieldset = re.search(
                rf'<fieldset class="dimension[^"]*" id="c{n}-{dim.code}"\s+'
                rf'data-dimension="{dim.code}" data-cycle="{n}"[^>]*>\s*'
                r'<legend><span class="dim-name">([^<]+)</span>',
                page,
            )
            assert fieldset and fieldset[1] == dim.labels.en
            radios = re.findall(
                rf'<input type="radio" id="c{n}-{dim.code}-v(\d)" name="c{n}-{dim.code}"', page
            )
            assert radios == [str(v) for v in range(1, 8)]
            for value in range(1, 8):
                assert f'<label for="c{n}-{dim.code}-v{value}">{value}</label>' in page


def test_negative_climate_says_that_one_is_best(client, observer, observation):
    page = page_of(signed_in(client, observer), f"/observe/{observation.id}")
    fieldset = page.split('id="c1-NC"')[1].split("</fieldset>")[0]
    assert "1 = best (no negativity)" in fieldset
    assert 'class="dimension reverse"' in page.split('id="c1-NC"')[0].rsplit("<fieldset", 1)[1]


def test_form_carries_what_it_needs_offline(client, observer, observation):
    page = page_of(signed_in(client, observer), f"/observe/{observation.id}")
    assert json_block(page, "observation-data")["id"] == str(observation.id)
    assert json_block(page, "instrument-data")["id"] == "class-prek"
    assert "all_saved" in json_block(page, "i18n")
    urls = re.search(r'data-offline-urls="([^"]+)"', page)[1].split()
    assert urls == [
        f"/observe/{observation.id}",
        f"/api/v1/observations/{observation.id}",
        "/api/v1/instruments/class-prek",
    ]
    assert 'role="status" data-sync-badge data-sync-state="synced"' in page
    assert 'data-readonly="0"' in page


def test_only_the_observer_and_the_project_lead_open_an_observation(
    client, db_session, org, observation
):
    other = make_user(db_session, "other@example.no", "observer")
    lead = make_user(db_session, "lead@example.no", "project_lead")
    db_session.commit()
    for path in (f"/observe/{observation.id}", f"/observe/{observation.id}/summary"):
        assert client.get(path).status_code == 302  # anonymous: to the login page
    signed_in(client, other)
    assert client.get(f"/observe/{observation.id}").status_code == 404
    assert client.get(f"/observe/{observation.id}/summary").status_code == 404
    lead_client = signed_in(client.application.test_client(), lead)
    page = page_of(lead_client, f"/observe/{observation.id}")
    assert 'data-readonly="1"' in page
    assert "only its observer can change it" in page


def test_an_unknown_observation_is_not_found(client, observer):
    signed_in(client, observer)
    assert client.get("/observe/00000000-0000-4000-8000-000000000000").status_code == 404


def add_scores(db_session, observation, values: dict) -> None:
    """values: {code: (cycle 1, cycle 2, cycle 3)}."""
    for cycle in observation.cycles:
        for code, scores in values.items():
            db_session.add(Score(cycle=cycle, dimension_code=code, value=scores[cycle.number - 1]))
    db_session.commit()


def row_of(page: str, code: str) -> str:
    return page.split(f'<tr data-dimension="{code}">')[1].split("</tr>")[0]


def test_summary_shows_means_cycle_scores_spread_domains_and_suggestions(
    client, db_session, observer, observation
):
    values = {"PC": (5, 6, 6), "NC": (1, 1, 2), "TS": (5, 5, 5), "RSP": (4, 5, 3),
              "BM": (6, 6, 6), "PD": (6, 7, 6), "ILF": (4, 4, 5),
              "CD": (2, 2, 3), "QF": (2, 3, 2), "LM": (3, 3, 3)}  # fmt: skip
    add_scores(db_session, observation, values)
    page = page_of(signed_in(client, observer), f"/observe/{observation.id}/summary")
    pc = row_of(page, "PC")
    assert "<span data-mean>5.67</span>" in pc
    assert [c for c in re.findall(r'data-cycle="\d">(\d)</td>', pc)] == ["5", "6", "6"]
    assert "5–6" in pc
    assert "<span data-mean>1.33</span>" in row_of(page, "NC")
    # ES = (PC + (8 − NC) + TS + RSP) / 4 = (5.67 + 6.67 + 5 + 4) / 4
    es = page.split('<tr data-domain="ES">')[1].split("</tr>")[0]
    assert '<td class="num" data-mean>5.33</td>' in es
    strengths = page.split("data-strengths>")[1].split("</ul>")[0]
    growth = page.split("data-growth-areas>")[1].split("</ul>")[0]
    assert re.findall(r'data-dimension="(\w+)"', strengths) == ["NC", "PD"]
    assert re.findall(r'data-dimension="(\w+)"', growth) == ["CD", "QF"]
    assert "This is a preview" in page


def test_a_submitted_observation_is_read_only_on_the_form(client, db_session, observer, org):
    done = make_observation(
        db_session, org["other_dept"], observer, instrument_id="class-prek",
        instrument_version="2008", kind="practice", status="submitted",
        submitted_at=datetime.now(UTC), **this_semester(),
    )  # fmt: skip
    db_session.commit()
    page = page_of(signed_in(client, observer), f"/observe/{done.id}")
    notice = page.split("data-locked-notice")[1].split(">")[0]
    assert "hidden" not in notice
    assert "can no longer be changed" in page


def test_observer_home_links_to_starting_and_to_each_visit(client, observer, observation):
    page = page_of(signed_in(client, observer), "/home/observer")
    assert 'href="/observe/new"' in page
    assert f'href="/observe/{observation.id}"' in page
    assert f'href="/observe/{observation.id}/summary"' in page


def test_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    body = response.get_data(as_text=True)
    assert 'const VERSION = "dev"' not in body


def shell_of(client) -> list[str]:
    body = client.get("/sw.js").get_data(as_text=True)
    return json.loads(re.search(r"const SHELL = (\[.*?\]);", body)[1])


def test_every_module_the_pages_import_is_in_the_offline_shell(client):
    shell = shell_of(client)
    unversioned = {url.split("?")[0] for url in shell}  # CSS carries ?v=<hash> (static_files.py)
    assert {"/static/css/app.css", "/static/css/observe.css"} <= unversioned
    for entry in ("form.js", "start.js"):
        pending, seen = [entry], set()
        while pending:
            name = pending.pop()
            seen.add(name)
            source = (JS_DIR / name).read_text()
            pending += [m for m in re.findall(r'from "\./([\w-]+\.js)"', source) if m not in seen]
        assert {f"/static/js/observe/{name}" for name in seen} <= set(shell)


def test_a_changed_shell_file_changes_the_worker_version(client, app, tmp_path):
    from app.observe import sw

    with app.test_request_context():
        files = sw._shell()
        assert sw._version(files, b"a") != sw._version(files, b"b")


FAKE_PACK = """\
instrument = "class-prek"
version = "2008"

[dimensions.PC.ranges.low]
en = "Fake low range text."

[dimensions.PC.markers]
"PC.REL" = { en = ["fake marker one", "fake marker two"] }
"""


def test_licensed_text_is_one_tap_away_when_the_pack_is_present(
    database_url, tmp_path, db_session, observer, observation
):
    from tests.conftest import make_test_app

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "class-prek-2008.toml").write_text(FAKE_PACK, encoding="utf-8")
    licensed_app = make_test_app(database_url, tmp_path, LICENSED_CONTENT_DIR=str(pack))
    page = page_of(signed_in(licensed_app.test_client(), observer), f"/observe/{observation.id}")
    fieldset = page.split('id="c1-PC"')[1].split('id="c1-NC"')[0]
    more = fieldset.split('<details class="more" data-more>')[1]  # one tap away
    assert "Fake low range text." in more.split('<div class="about">')[1]
    assert "<li>fake marker one</li>" in more.split('<div class="indicators">')[1]
    licensed_app.extensions["db_engine"].dispose()
