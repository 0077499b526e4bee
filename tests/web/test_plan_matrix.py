"""The role × route matrix of the project lead's plan pages (app/plan/plan_routes.py)."""

import pytest

from app.models import ROLES
from tests.support.auth import csrf_token, login
from tests.support.factories import make_user
from tests.support.plan_world import FIRST_DAY, LAST_DAY, SEMESTER, make_plan_world

# Every GET and POST-only route of the plan pages; test_permissions.py checks nothing is left out.
PLAN_GETS: set[str] = {
    "/plan/",
    "/plan/new",
    "/plan/<semester>",
    "/plan/<semester>/coverage",
    "/plan/<semester>/visits/<int:visit_id>/move",
    "/plan/<semester>/visits/<int:visit_id>/cancel",
    "/plan/<semester>/visits/new",
}
PLAN_POSTS: set[str] = {"/plan/<semester>/assign", "/plan/<semester>/publish"}


@pytest.fixture
def world(db_session):
    from app.models import SemesterPlan, Visit

    world = make_plan_world(db_session)
    plan = SemesterPlan(
        semester=SEMESTER,
        status="draft",
        first_day=FIRST_DAY,
        last_day=LAST_DAY,
        double_coding_share=0.1,
    )
    db_session.add(plan)
    db_session.flush()
    visit = Visit(
        plan_id=plan.id,
        department_id=world.departments[0].id,
        observer_id=world.observers[2].id,
        kind="regular",
        planned_on=FIRST_DAY,
    )
    db_session.add(visit)
    db_session.commit()
    world.extra.update(visit=visit)
    return world


def urls(world) -> dict[str, str]:
    visit = f"/plan/{SEMESTER}/visits/{world.extra['visit'].id}"
    return {
        "/plan/": "/plan/",
        "/plan/new": "/plan/new",
        "/plan/<semester>": f"/plan/{SEMESTER}",
        "/plan/<semester>/coverage": f"/plan/{SEMESTER}/coverage",
        "/plan/<semester>/visits/<int:visit_id>/move": f"{visit}/move",
        "/plan/<semester>/visits/<int:visit_id>/cancel": f"{visit}/cancel",
        "/plan/<semester>/visits/new": f"/plan/{SEMESTER}/visits/new"
        f"?department_id={world.departments[1].id}",
        "/plan/<semester>/assign": f"/plan/{SEMESTER}/assign",
        "/plan/<semester>/publish": f"/plan/{SEMESTER}/publish",
    }


def test_the_matrix_names_every_plan_page(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("plan.plan_")}
    assert rules == PLAN_GETS | PLAN_POSTS


@pytest.mark.parametrize("role", ROLES)
def test_only_the_project_lead_opens_or_changes_a_plan(client, db_session, world, role):
    person = make_user(db_session, f"someone-{role}@example.no", role)
    db_session.commit()
    login(client, person.email)
    expected = 200 if role == "project_lead" else 403
    paths = urls(world)
    got = {rule: client.get(paths[rule]).status_code for rule in sorted(PLAN_GETS)}
    assert got == dict.fromkeys(sorted(PLAN_GETS), expected)
    if role != "project_lead":
        token = csrf_token(client, "/plan/")  # the 403 page carries a token too
        for rule in sorted(PLAN_POSTS):
            response = client.post(paths[rule], data={"csrf_token": token})
            assert response.status_code == 403, rule


def test_signed_out_visitors_are_sent_to_login(client, world):
    token = csrf_token(client)
    for rule, path in urls(world).items():
        if rule in PLAN_GETS:
            response = client.get(path)
        else:
            response = client.post(path, data={"csrf_token": token})
        assert response.status_code == 302 and response.location.startswith("/login"), rule


def test_an_unknown_semester_or_a_visit_of_another_plan_is_404(client, world):
    login(client, world.lead.email)
    assert client.get("/plan/2031V").status_code == 404
    assert client.get("/plan/not-a-semester").status_code == 404
    assert client.get(f"/plan/{SEMESTER}/visits/999999/move").status_code == 404
