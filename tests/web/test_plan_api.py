"""GET /api/v1/plans/{semester}: each role sees its own part of a plan, in the described shape."""

import pytest

from tests.support.observe import api_as
from tests.support.visits import make_plan_world
from tests.web.test_openapi import problems, response_schema

PATH = "/api/v1/plans/{semester}"


@pytest.fixture
def planned(db_session):
    return make_plan_world(db_session)


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def visit_ids(response) -> set[int]:
    assert response.status_code == 200, response.get_json()
    return {visit["id"] for visit in response.get_json()["visits"]}


def test_the_project_lead_sees_every_visit_of_every_plan(client, planned):
    api = api_as(client, planned.world.lead.email)
    assert visit_ids(api.get(f"/api/v1/plans/{planned.plan.semester}")) == {
        planned.visit.id,
        planned.double.id,
    }
    draft = api.get(f"/api/v1/plans/{planned.draft_visit.plan.semester}")
    assert draft.get_json()["status"] == "draft"
    assert visit_ids(draft) == {planned.draft_visit.id}


def test_an_observer_sees_their_own_visits_and_no_draft_plan(client, planned):
    api = api_as(client, planned.world.observer.email)
    assert visit_ids(api.get(f"/api/v1/plans/{planned.plan.semester}")) == {planned.visit.id}
    draft = api.get(f"/api/v1/plans/{planned.draft_visit.plan.semester}")
    assert draft.status_code == 404 and draft.get_json()["error"] == "not_found"


def test_an_observer_without_visits_gets_an_empty_list(client, planned):
    api = api_as(client, planned.stranger.email)
    assert visit_ids(api.get(f"/api/v1/plans/{planned.plan.semester}")) == set()


def test_a_director_sees_the_visits_to_their_kindergarten(client, planned):
    api = api_as(client, planned.world.others["director"].email)
    body = api.get(f"/api/v1/plans/{planned.plan.semester}").get_json()
    assert {v["id"] for v in body["visits"]} == {planned.visit.id, planned.double.id}
    double = next(v for v in body["visits"] if v["kind"] == "double_coding")
    assert double["regular_visit_id"] == planned.visit.id
    assert double["observer_email"] == planned.world.colleague.email


@pytest.mark.parametrize("role", ["mentor", "pedagogical_leader"])
def test_other_roles_are_refused(client, planned, role):
    api = api_as(client, planned.world.others[role].email)
    response = api.get(f"/api/v1/plans/{planned.plan.semester}")
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"


@pytest.mark.parametrize(
    ("semester", "status", "error"),
    [("2019V", 404, "not_found"), ("2025X", 400, "bad_parameter"), ("v2025", 400, "bad_parameter")],
)
def test_an_unknown_or_malformed_semester_is_a_json_error(client, planned, semester, status, error):
    api = api_as(client, planned.world.lead.email)
    response = api.get(f"/api/v1/plans/{semester}")
    assert response.status_code == status
    assert set(response.get_json()) == {"error", "message", "details"}
    assert response.get_json()["error"] == error


def test_answers_fit_the_described_schemas(client, planned, spec):
    api = api_as(client, planned.world.lead.email)
    ok = api.get(f"/api/v1/plans/{planned.plan.semester}")
    body = ok.get_json()
    assert problems(body, response_schema(spec, PATH, "get", 200), spec) == []
    assert set(body) == {"semester", "status", "window", "visits"}
    assert set(body["window"]) == {"from", "to"}
    missing = api.get("/api/v1/plans/2019V")
    assert problems(missing.get_json(), response_schema(spec, PATH, "get", 404), spec) == []


def test_signed_out_callers_get_401(client, planned):
    assert client.get(f"/api/v1/plans/{planned.plan.semester}").status_code == 401
