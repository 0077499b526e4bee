"""The role × route matrix of the visit pages, the calendar feed and the plan API."""

import pytest

from analysis.semesters import semester_of
from app.models import ROLES
from tests.support.auth import csrf_token, login
from tests.support.factories import make_org, make_user
from tests.support.visits import TODAY, add_plan, add_visit

# Every GET and POST-only route of app/plan/visit_routes.py and GET /api/v1/plans/<semester>;
# test_permissions.py checks nothing is left out.
VISIT_GETS: set[str] = {
    "/plan/visits/<int:visit_id>/start",
    "/plan/calendar",
    "/plan/calendar/<token>.ics",
    "/api/v1/plans/<semester>",
}
VISIT_POSTS: set[str] = {"/plan/calendar/link", "/plan/calendar/revoke"}

# route: {role: status}; a role left out gets 403.
GETS = {
    "/plan/visits/{visit}/start": {"observer": 302},
    "/plan/calendar": {"observer": 200},
    "/plan/calendar/unknown-token.ics": dict.fromkeys(ROLES, 404),  # no sign-in: the link alone
    "/api/v1/plans/{semester}": {"observer": 200, "director": 200, "project_lead": 200},
}
POSTS = {
    "/plan/calendar/link": {"observer": 200},
    "/plan/calendar/revoke": {"observer": 302},
}
ANONYMOUS = {"/api/v1/plans/{semester}": 401, "/plan/calendar/unknown-token.ics": 404}


@pytest.fixture
def people(db_session):
    """One user per role; the observer (from another kindergarten) has a visit today."""
    org = make_org(db_session)
    users = {
        role: make_user(db_session, f"{role}@example.no", role, home_kindergarten=org["other"])
        for role in ROLES
    }
    users["observer"].home_kindergarten = org["home"]
    plan = add_plan(db_session, semester_of(TODAY))
    visit = add_visit(db_session, plan, org["other_dept"], users["observer"], TODAY)
    db_session.commit()
    return users, {"visit": visit.id, "semester": plan.semester}


def test_the_matrix_names_every_route(app):
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert rules >= VISIT_GETS | VISIT_POSTS
    described = {path.split("{")[0] for path in [*GETS, *POSTS]}
    assert all(any(rule.startswith(d) for d in described) for rule in VISIT_GETS | VISIT_POSTS)


@pytest.mark.parametrize("role", ROLES)
def test_role_visit_route_matrix(client, people, role):
    users, ids = people
    token = csrf_token(client)  # the session's token survives the login
    login(client, users[role].email)
    for path, statuses in GETS.items():
        response = client.get(path.format(**ids))
        assert response.status_code == statuses.get(role, 403), (role, path)
    for path, statuses in POSTS.items():
        response = client.post(path, data={"csrf_token": token})
        assert response.status_code == statuses.get(role, 403), (role, path)


def test_signed_out_visitors_are_sent_to_login_or_refused(client, people):
    _users, ids = people
    token = csrf_token(client)
    for path in [*GETS, *POSTS]:
        if path in POSTS:
            response = client.post(path, data={"csrf_token": token})
        else:
            response = client.get(path.format(**ids))
        expected = ANONYMOUS.get(path, 302)
        assert response.status_code == expected, path
        if expected == 302:
            assert response.location.startswith("/login")
