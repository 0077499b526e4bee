"""Who sees which report: every role × every report endpoint, with people from elsewhere → 404."""

import pytest

from tests.support.auth import csrf_token, login
from tests.support.reports_world import build_world

# R = D1's released report; U = D2's submitted report (same kindergarten, not released yet).
# Columns: report R, PDF R, feedback R, report U, PDF U, feedback U, department D1, latest D1.
ENDPOINTS = ("R", "R.pdf", "R/feedback", "U", "U.pdf", "U/feedback", "dept", "latest")
RELEASED_FEEDBACK = 302  # the observer is sent from released feedback to the report
MATRIX = {
    "observer_a": (200, 200, RELEASED_FEEDBACK, 404, 404, 404, 404, 404),  # R's observer
    "observer_b": (404, 404, 404, 200, 200, 200, 404, 404),  # U's observer
    "leader_1": (200, 200, 404, 404, 404, 404, 200, 302),  # leader of D1
    "leader_3": (404, 404, 404, 404, 404, 404, 404, 404),  # leader in the same network
    "director_1": (200, 200, 404, 404, 404, 404, 200, 302),  # director of D1 and D2
    "director_2": (404, 404, 404, 404, 404, 404, 404, 404),  # director of a sister kindergarten
    "mentor_a": (200, 200, 404, 404, 404, 404, 200, 302),  # mentor of D1's network
    "mentor_b": (404, 404, 404, 404, 404, 404, 404, 404),  # mentor of another network
    "project_lead": (200, 200, RELEASED_FEEDBACK, 200, 200, 200, 200, 302),
    "nobody": (404, 404, 404, 404, 404, 404, 404, 404),  # signed in, no role
}
ACKNOWLEDGE_ALLOWED = {"leader_1"}


@pytest.fixture
def world(db_session):
    return build_world(db_session)


def path_of(world, endpoint: str) -> str:
    if endpoint in ("dept", "latest"):
        department_id = world.departments["D1"].id
        return f"/reports/department/{department_id}" + ("/latest" if endpoint == "latest" else "")
    key, _, rest = endpoint.partition(".")
    key, _, sub = key.partition("/")
    suffix = f"/{sub}" if sub else (f".{rest}" if rest else "")
    return f"/reports/{world.observations[key].id}{suffix}"


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_report_endpoint_matrix(client, world, who):
    login(client, world.users[who].email)
    got = tuple(client.get(path_of(world, endpoint)).status_code for endpoint in ENDPOINTS)
    assert dict(zip(ENDPOINTS, got, strict=True)) == dict(zip(ENDPOINTS, MATRIX[who], strict=True))


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_only_the_departments_leader_may_acknowledge(client, world, who):
    login(client, world.users[who].email)
    token = csrf_token(client, "/reports/department/0")  # any page renders the token
    response = client.post(
        f"/reports/{world.observations['R'].id}/acknowledge",
        data={"csrf_token": token, "comment": ""},
    )
    assert response.status_code == (302 if who in ACKNOWLEDGE_ALLOWED else 404)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_visitors_are_sent_to_login(client, world, endpoint):
    response = client.get(path_of(world, endpoint))
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_an_unknown_observation_is_404_like_a_forbidden_one(client, world):
    login(client, world.users["project_lead"].email)
    assert client.get("/reports/00000000-0000-4000-8000-000000000000").status_code == 404
    assert client.get("/reports/department/999999").status_code == 404


def test_a_draft_or_double_coding_observation_has_no_report(client, world):
    login(client, world.users["project_lead"].email)
    for key in ("D12-draft", "R-dc"):
        observation_id = world.observations[key].id
        assert client.get(f"/reports/{observation_id}").status_code == 404
        assert client.get(f"/reports/{observation_id}/feedback").status_code == 404


def test_an_inactive_user_sees_nothing(client, world, db_session):
    login(client, world.users["leader_1"].email)
    leader = world.users["leader_1"]
    leader.active = False
    db_session.commit()
    assert client.get(path_of(world, "R")).status_code in (302, 404)


def test_department_page_lists_only_reports_the_reader_may_open(client, world):
    login(client, world.users["director_1"].email)
    page = client.get(path_of(world, "dept")).get_data(as_text=True)
    released = [world.observations[k].id for k in ("R", "R-2024H", "R-2024V")]
    assert all(f'data-observation="{oid}"' in page for oid in released)
    assert str(world.observations["R-dc"].id) not in page


@pytest.mark.parametrize(("who", "listed"), [("director_1", False), ("project_lead", True)])
def test_an_unreleased_report_is_listed_only_for_those_who_may_open_it(client, world, who, listed):
    login(client, world.users[who].email)
    page = client.get(f"/reports/department/{world.departments['D2'].id}").get_data(as_text=True)
    assert (str(world.observations["U"].id) in page) is listed


def test_latest_opens_the_newest_semester_not_the_last_in_text_order(client, world):
    login(client, world.users["leader_1"].email)
    response = client.get(path_of(world, "latest"))
    assert response.location.endswith(f"/reports/{world.observations['R'].id}")
