"""The role × page matrix: every page, every role, checked against one expected table."""

import pytest

from app.models import ROLES
from tests.support.auth import login
from tests.support.factories import make_org, make_user

PAGES = {
    # path: roles that may open it
    "/home/observer": {"observer"},
    "/home/leader": {"pedagogical_leader"},
    "/home/director": {"director"},
    "/home/mentor": {"mentor"},
    "/home/project-lead": {"project_lead"},
}
OPEN_TO_ALL_SIGNED_IN = {"/"}
PUBLIC = {"/login", "/static/<path:filename>", "/vendor/plotly.min.js"}
POST_ONLY = {"/logout", "/language"}


@pytest.fixture
def people(db_session):
    org = make_org(db_session)
    users = {}
    for role in ROLES:
        fields = {}
        if role in ("observer", "director"):
            fields["home_kindergarten"] = org["home"]
        users[role] = make_user(db_session, f"{role}@example.no", role, **fields)
    users["pedagogical_leader"].departments.append(org["home_dept"])
    org["network"].mentor = users["mentor"]
    db_session.commit()
    return users


def test_every_get_page_is_in_the_matrix(app):
    routes = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    covered = set(PAGES) | OPEN_TO_ALL_SIGNED_IN | PUBLIC
    assert routes - covered == set(), "add new pages to the permission matrix"
    post_routes = {r.rule for r in app.url_map.iter_rules() if "GET" not in r.methods}
    assert post_routes <= POST_ONLY


@pytest.mark.parametrize("path", sorted(PAGES) + sorted(OPEN_TO_ALL_SIGNED_IN))
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/login")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(PAGES))
def test_role_page_matrix(client, people, role, path):
    login(client, people[role].email)
    expected = 200 if role in PAGES[path] else 403
    assert client.get(path).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_front_page_leads_to_the_roles_own_home(client, people, role):
    login(client, people[role].email)
    response = client.get("/")
    assert response.status_code == 302
    assert client.get(response.location).status_code == 200


def test_a_person_with_two_roles_sees_both_homes(client, db_session, people):
    director = people["director"]
    from app.models import UserRole

    director.role_rows.append(UserRole(role="observer"))
    db_session.commit()
    login(client, director.email)
    assert client.get("/home/director").status_code == 200
    assert client.get("/home/observer").status_code == 200
    assert client.get("/home/mentor").status_code == 403


def test_user_without_roles_gets_a_helpful_page(client, db_session):
    make_user(db_session, "nobody@example.no")
    db_session.commit()
    login(client, "nobody@example.no")
    page = client.get("/").get_data(as_text=True)
    assert "ingen rolle" in page
