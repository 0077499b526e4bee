"""The role × route matrix of the dimension plan and the guidance meetings (app/guidance/
plan_routes.py and meeting_routes.py): every role, every route, one expected table."""

from datetime import date

import pytest

from analysis.school_year import month_of, school_year_of
from app.guidance.plans import months_ahead
from app.models import GuidanceMeeting
from tests.support.auth import csrf_token
from tests.support.guidance_world import make_guidance_world, sign_in_as

# Every GET and POST-only route of these pages; test_permissions.py checks nothing is left out.
GUIDANCE_PLAN_GETS: set[str] = {
    "/guidance/plan/",
    "/guidance/plan/default",
    "/guidance/plan/<int:kindergarten_id>/<int:school_year>",
    "/guidance/meetings/",
    "/guidance/meetings/<int:kindergarten_id>/<int:school_year>",
    "/guidance/meetings/<int:kindergarten_id>/new",
    "/guidance/meeting/<int:meeting_id>",
}
GUIDANCE_PLAN_POSTS: set[str] = {"/guidance/plan/from-report/<uuid:observation_id>"}
ENDPOINTS = ("guidance.plan_", "guidance.meeting")

# The world's person in each role (tests/support/guidance_world.py): all of kindergarten K but
# the observer, who works in K2.
PERSON_OF_ROLE = {
    "observer": "observer",
    "pedagogical_leader": "leader",
    "director": "director",
    "mentor": "mentor",
    "staff": "staff",
    "project_lead": "project_lead",
}
EVERYONE_ELSE = 403
EXPECTED = {  # rule -> {role: status}; a role not named gets EVERYONE_ELSE
    "/guidance/plan/": {"director": 200, "mentor": 200, "project_lead": 200},
    "/guidance/plan/default": {"project_lead": 200},
    "/guidance/plan/<int:kindergarten_id>/<int:school_year>": {
        "director": 200, "mentor": 200, "project_lead": 200,
    },
    # One kindergarten to record in goes straight to its list; the project lead chooses.
    "/guidance/meetings/": {
        "pedagogical_leader": 302, "director": 302, "mentor": 302, "project_lead": 200,
    },
    "/guidance/meetings/<int:kindergarten_id>/<int:school_year>": {
        "pedagogical_leader": 200, "director": 200, "mentor": 200, "project_lead": 200,
    },
    "/guidance/meetings/<int:kindergarten_id>/new": {
        "director": 200, "mentor": 200, "project_lead": 200,
    },
    "/guidance/meeting/<int:meeting_id>": {"director": 200, "mentor": 200, "project_lead": 200},
    # Taken into the plan, back to the report; a reader who may not plan is refused.
    "/guidance/plan/from-report/<uuid:observation_id>": {
        "director": 302, "mentor": 302, "project_lead": 302,
    },
}  # fmt: skip


@pytest.fixture
def world(db_session):
    world = make_guidance_world(db_session)
    meeting = GuidanceMeeting(
        kindergarten_id=world.kindergarten.id,
        kind="leaders_meeting",
        held_on=date.today(),
        led_by_id=world.people["mentor"].id,
        month=month_of(date.today()),
        dimension_code="PC",
        recorded_by_id=world.people["mentor"].id,
    )
    db_session.add(meeting)
    db_session.commit()
    world.extra["meeting"] = meeting
    return world


def urls(world) -> dict[str, str]:
    k, year = world.kindergarten.id, school_year_of(month_of(date.today()))
    return {
        "/guidance/plan/": "/guidance/plan/",
        "/guidance/plan/default": "/guidance/plan/default",
        "/guidance/plan/<int:kindergarten_id>/<int:school_year>": f"/guidance/plan/{k}/{year}",
        "/guidance/meetings/": "/guidance/meetings/",
        "/guidance/meetings/<int:kindergarten_id>/<int:school_year>": f"/guidance/meetings/{k}/{year}",  # noqa: E501
        "/guidance/meetings/<int:kindergarten_id>/new": f"/guidance/meetings/{k}/new?kind=leaders_meeting",  # noqa: E501
        "/guidance/meeting/<int:meeting_id>": f"/guidance/meeting/{world.extra['meeting'].id}",
        "/guidance/plan/from-report/<uuid:observation_id>": f"/guidance/plan/from-report/{world.report.id}",  # noqa: E501
    }


def test_the_matrix_names_every_plan_and_meeting_page(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith(ENDPOINTS)}
    assert rules == GUIDANCE_PLAN_GETS | GUIDANCE_PLAN_POSTS == set(EXPECTED)


@pytest.mark.parametrize("role", PERSON_OF_ROLE)
def test_every_role_on_every_plan_and_meeting_route(client, world, role):
    sign_in_as(client, world.people[PERSON_OF_ROLE[role]].email)
    paths = urls(world)
    got = {rule: client.get(paths[rule]).status_code for rule in sorted(GUIDANCE_PLAN_GETS)}
    token = csrf_token(client, "/guidance/plan/")  # the 403 page carries a token too
    month = months_ahead(month_of(date.today()))[0]
    for rule in sorted(GUIDANCE_PLAN_POSTS):
        response = client.post(paths[rule], data={"csrf_token": token, "month": month})
        got[rule] = response.status_code
    expected = {rule: EXPECTED[rule].get(role, EVERYONE_ELSE) for rule in sorted(EXPECTED)}
    assert got == expected


def test_signed_out_visitors_are_sent_to_login(client, world):
    token = csrf_token(client)
    for rule, path in urls(world).items():
        if rule in GUIDANCE_PLAN_GETS:
            response = client.get(path)
        else:
            response = client.post(path, data={"csrf_token": token})
        assert response.status_code == 302 and response.location.startswith("/login"), rule
