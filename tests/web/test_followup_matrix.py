"""The role × route matrix of the follow-up case pages (app/followup/)."""

import pytest
from sqlalchemy import select

from app.models import ROLES, FollowUpCase, FollowUpGoal
from tests.support.auth import csrf_token, login
from tests.support.factories import make_org, make_user

# Every GET and POST-only route of the follow-up pages; test_permissions.py checks nothing is
# left out.
FOLLOWUP_GETS: set[str] = {
    "/follow-up/",
    "/follow-up/new",
    "/follow-up/<int:case_id>",
    "/follow-up/<int:case_id>/goals/<int:goal_id>",
}
FOLLOWUP_POSTS: set[str] = {
    "/follow-up/<int:case_id>/agreed",
    "/follow-up/<int:case_id>/goals",
    "/follow-up/<int:case_id>/goals/<int:goal_id>/remove",
    "/follow-up/<int:case_id>/check-ins",
    "/follow-up/<int:case_id>/close",
    "/follow-up/<int:case_id>/reopen",
}

# The keepers (the department's mentor and director) change a case; the project lead reads.
KEEPERS = {"mentor", "director"}
READERS = KEEPERS | {"project_lead"}
GETS = {
    "/follow-up/": READERS,
    "/follow-up/new": KEEPERS,
    "/follow-up/{case}": READERS,
    "/follow-up/{case}/goals/{goal}": KEEPERS,
}
# What a keeper gets for a POST that carries only the CSRF token: a form error (400), or the
# case again (303); nobody else gets in (403).
POSTS = {
    "/follow-up/{case}/agreed": 400,
    "/follow-up/{case}/goals": 400,
    "/follow-up/{case}/goals/{goal}/remove": 303,
    "/follow-up/{case}/check-ins": 400,
    "/follow-up/{case}/close": 400,
    "/follow-up/{case}/reopen": 303,
}


@pytest.fixture
def people(db_session):
    """One user per role around one department with an open case and a goal."""
    org = make_org(db_session)
    users = {
        role: make_user(db_session, f"{role}@example.no", role, home_kindergarten=org["home"])
        for role in ROLES
    }
    users["pedagogical_leader"].departments.append(org["home_dept"])
    users["staff"].departments.append(org["home_dept"])
    org["network"].mentor = users["mentor"]
    case = FollowUpCase(department_id=org["home_dept"].id, opened_by_id=users["mentor"].id,
                        semester="2025V", reason="Why", status="open")  # fmt: skip
    db_session.add(case)
    db_session.flush()
    goal = FollowUpGoal(case_id=case.id, dimension_code="PC", target=5.0, actions="Visits")
    db_session.add(goal)
    db_session.commit()
    return users, {"case": case.id, "goal": goal.id}


def test_the_matrix_names_every_follow_up_route(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("followup.")}
    assert rules == FOLLOWUP_GETS | FOLLOWUP_POSTS
    described = {path.replace("{case}", "<int:case_id>").replace("{goal}", "<int:goal_id>")
                 for path in [*GETS, *POSTS]}  # fmt: skip
    assert described == rules


@pytest.mark.parametrize("role", ROLES)
def test_role_follow_up_route_matrix(client, db_session, people, role):
    users, ids = people
    login(client, users[role].email)
    token = csrf_token(client, "/follow-up/")  # a 403 page carries the token too
    got = {path: client.get(path.format(**ids)).status_code for path in GETS}
    assert got == {path: 200 if role in roles else 403 for path, roles in GETS.items()}
    for path, status in POSTS.items():
        response = client.post(path.format(**ids), data={"csrf_token": token})
        assert response.status_code == (status if role in KEEPERS else 403), (path, role)
    goals = db_session.scalars(select(FollowUpGoal)).all()
    assert len(goals) == (0 if role in KEEPERS else 1)  # only a keeper's "remove" went through


def test_signed_out_visitors_are_sent_to_login(client, people):
    _users, ids = people
    token = csrf_token(client)
    for path in GETS:
        response = client.get(path.format(**ids))
        assert response.status_code == 302 and response.location.startswith("/login"), path
    for path in POSTS:
        response = client.post(path.format(**ids), data={"csrf_token": token})
        assert response.status_code == 302 and response.location.startswith("/login"), path


def test_a_post_without_the_csrf_token_is_refused(client, db_session, people):
    users, ids = people
    login(client, users["mentor"].email)
    response = client.post("/follow-up/{case}/close".format(**ids), data={"outcome": "Done"})
    assert response.status_code == 400
    db_session.expire_all()
    assert db_session.get(FollowUpCase, ids["case"]).status == "open"
