"""The role × route matrix of the practice narrative pages (app/guidance/narrative_routes.py).

Each role signs in as a person placed where that role reads or writes narratives in the world
of tests/support/narrative_world.py: the leader of department A, a staff member of A, the
director of K, the mentor of K's network (programme year 1: the mentor reads the leaders'
narratives), an observer and the project lead.
"""

import pytest

from app.models import ROLES
from tests.support.auth import csrf_token, login
from tests.support.narrative_world import THIS_MONTH, add_narrative, make_narrative_world

NARRATIVE_GETS: set[str] = {
    "/guidance/narratives/",
    "/guidance/narratives/<month>/<meeting>",
    "/guidance/narratives/read",
}
# The write page's PUT (the autosave) is a rule of its own, without GET.
NARRATIVE_POSTS: set[str] = {
    "/guidance/narratives/<month>/<meeting>",
    "/guidance/narratives/<int:narrative_id>/discussed",
}
PERSON_OF_ROLE = {
    "pedagogical_leader": "LA",
    "staff": "SA",
    "director": "D",
    "mentor": "M",
    "observer": "observer",
    "project_lead": "lead",
}
STAFF_PAGE = f"/guidance/narratives/{THIS_MONTH}/department_meeting"
LEADER_PAGE = f"/guidance/narratives/{THIS_MONTH}/leaders_meeting"
# role → expected status of each GET (302: sent on to their one meeting's page).
EXPECTED_GETS = {
    "pedagogical_leader": {"start": 302, "staff": 403, "leader": 200, "read": 200},
    "staff": {"start": 302, "staff": 200, "leader": 403, "read": 403},
    "director": {"start": 403, "staff": 403, "leader": 403, "read": 200},
    "mentor": {"start": 403, "staff": 403, "leader": 403, "read": 200},
    "observer": {"start": 403, "staff": 403, "leader": 403, "read": 403},
    "project_lead": {"start": 403, "staff": 403, "leader": 403, "read": 403},
}
# role → (autosave of a staff draft, "discussed" on a staff narrative, on a leader's narrative)
EXPECTED_POSTS = {
    "pedagogical_leader": (403, 302, 404),
    "staff": (200, 403, 403),
    "director": (403, 404, 404),  # year 1: the mentor reads the leaders' narratives
    "mentor": (403, 404, 302),
    "observer": (403, 403, 403),
    "project_lead": (403, 403, 403),
}


@pytest.fixture
def world(db_session):
    world = make_narrative_world(db_session, year=1)
    p, a = world.people, world.departments["A"]
    world.staff_narrative = add_narrative(db_session, p["SA2"], a, "department_meeting")
    world.leader_narrative = add_narrative(db_session, p["LB"], world.departments["B"],
                                           "leaders_meeting")  # fmt: skip
    return world


def test_the_matrix_names_every_narrative_route(app):
    rules = {
        r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("guidance.narrative")
    }
    assert rules == NARRATIVE_GETS | NARRATIVE_POSTS


def test_every_role_is_in_the_matrix():
    assert set(EXPECTED_GETS) == set(EXPECTED_POSTS) == set(ROLES) == set(PERSON_OF_ROLE)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_narrative_route(client, world, role):
    login(client, world.people[PERSON_OF_ROLE[role]].email)
    paths = {"start": "/guidance/narratives/", "staff": STAFF_PAGE, "leader": LEADER_PAGE,
             "read": "/guidance/narratives/read"}  # fmt: skip
    got = {name: client.get(path).status_code for name, path in paths.items()}
    assert got == EXPECTED_GETS[role]
    token = csrf_token(client, "/guidance/narratives/read")  # a 403 page carries one too
    body = {"text": "Et utkast.", "dimension": "PC", "department": world.departments["A"].id}
    put = client.put(STAFF_PAGE, json=body, headers={"X-CSRFToken": token})
    staff = client.post(
        f"/guidance/narratives/{world.staff_narrative.id}/discussed", data={"csrf_token": token}
    )
    leader = client.post(
        f"/guidance/narratives/{world.leader_narrative.id}/discussed", data={"csrf_token": token}
    )
    assert (put.status_code, staff.status_code, leader.status_code) == EXPECTED_POSTS[role]


def test_signed_out_visitors_are_sent_to_login(client, world):
    for path in ("/guidance/narratives/", STAFF_PAGE, "/guidance/narratives/read"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.startswith("/login"), path
