"""Assigning a semester plan, from the page and from `flask plan assign`: every hard rule holds,
the summary is printed, and a published plan or bad input is refused with nothing changed."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Department, SemesterPlan, Visit
from tests.support.auth import csrf_token, login
from tests.support.factories import make_observation
from tests.support.plan_world import (
    FIRST_DAY,
    LAST_DAY,
    SEMESTER,
    hard_rule_breaches,
    kept_visits,
    make_plan_world,
    plan_row,
)


@pytest.fixture
def world(db_session):
    world = make_plan_world(db_session)
    db_session.commit()
    return world


def run(app, *args):
    return app.test_cli_runner().invoke(args=["plan", "assign", "--semester", SEMESTER, *args])


def open_and_assign(client, share="20"):
    fields = {
        "semester": SEMESTER,
        "first_day": FIRST_DAY.isoformat(),
        "last_day": LAST_DAY.isoformat(),
        "share": share,
    }
    token = csrf_token(client, "/plan/new")
    response = client.post("/plan/new", data={"csrf_token": token, **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.post(f"/plan/{SEMESTER}/assign", data={"csrf_token": token})


def test_the_project_lead_opens_and_assigns_a_plan_that_keeps_every_hard_rule(
    client, db_session, world
):
    login(client, world.lead.email)
    assert open_and_assign(client).status_code == 302
    plan = plan_row(db_session)
    visits = kept_visits(db_session, plan)
    regular = [v for v in visits if v.kind == "regular"]
    assert sorted(v.department_id for v in regular) == sorted(d.id for d in world.departments)
    assert len(visits) - len(regular) == 2  # 20 % of 8, rounded
    assert hard_rule_breaches(db_session, plan) == []
    page = client.get(f"/plan/{SEMESTER}").get_data(as_text=True)
    assert 'data-figure="visits">10<' in page and 'data-unmet="0"' in page
    created = select(func.count()).where(
        AuditEvent.entity == "visit", AuditEvent.action == "create"
    )
    assert db_session.scalar(created) > 0


def test_the_cli_prints_the_summary_and_a_second_run_replaces_only_planned_visits(
    app, db_session, world
):
    result = run(app, "--double-coding", "0.25")
    assert result.exit_code == 0, result.output
    for line in (
        "Visits: 10 (8 regular, 2 double-coding)",
        "Observers:",
        "Load per observer:",
        "Soft preferences met:",
        "Constraints not met: 0",
    ):
        assert line in result.output
    plan = plan_row(db_session)
    assert (plan.first_day, plan.last_day) == (date(2027, 1, 15), date(2027, 6, 5))
    started = kept_visits(db_session, plan)[0]
    observation = make_observation(
        db_session,
        started.department,
        started.observer,
        semester=SEMESTER,
        observed_on=started.planned_on,
    )
    started.status, started.observation_id = "started", observation.id
    db_session.commit()
    again = run(app, "--double-coding", "0.25")
    assert again.exit_code == 0, again.output
    assert "Visits: " in again.output
    visits = kept_visits(db_session, plan)
    assert any(v.id == started.id and v.status == "started" for v in visits)
    assert sum(v.kind == "regular" for v in visits) == 8
    assert hard_rule_breaches(db_session, plan) == []


def test_a_department_nobody_may_observe_is_reported_by_name(app, db_session, world):
    for person in world.observers:
        if person.home_kindergarten_id != world.kindergartens[0].id:
            person.active = False
    db_session.commit()
    result = run(app)
    assert result.exit_code == 0, result.output
    assert "Constraints not met: 2" in result.output
    assert (  # the command speaks the municipality's default language (nb)
        "Smørblomsten (Hundsund barnehage): ingen aktiv observatør for småbarn utenfor "
        "Hundsund barnehage har en sertifisering som er gyldig i observasjonsperioden."
        in result.output
    )
    plan = plan_row(db_session)
    assert hard_rule_breaches(db_session, plan) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (("--from", "2027-06-01", "--to", "2027-05-01"), "siste dagen"),
        (("--from", "2026-12-01", "--to", "2027-05-01"), "innenfor semesteret"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(app, db_session, world, args, message):
    result = run(app, *args)
    assert result.exit_code == 1 and message in result.output
    assert db_session.scalar(select(func.count()).select_from(SemesterPlan)) == 0


def test_a_bad_semester_or_share_is_refused_by_the_command(app, world):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["plan", "assign", "--semester", "2027X"]).exit_code == 2
    result = run(app, "--double-coding", "0.5")
    assert result.exit_code == 2


def test_a_published_plan_is_not_remade(app, client, db_session, world):
    assert run(app).exit_code == 0
    login(client, world.lead.email)
    token = csrf_token(client, f"/plan/{SEMESTER}")
    assert client.post(f"/plan/{SEMESTER}/publish", data={"csrf_token": token}).status_code == 302
    plan = plan_row(db_session)
    assert plan.status == "published" and plan.published_at is not None
    before = [(v.id, v.observer_id, v.planned_on) for v in kept_visits(db_session, plan)]
    result = run(app)
    assert result.exit_code == 1 and "er publisert" in result.output
    assert [(v.id, v.observer_id, v.planned_on) for v in kept_visits(db_session, plan)] == before
    assert 'data-action="assign"' not in client.get(f"/plan/{SEMESTER}").get_data(as_text=True)


def test_a_department_observed_this_semester_gets_no_visit(app, db_session, world):
    observed = world.departments[0]
    make_observation(db_session, observed, world.observers[3], semester=SEMESTER)
    inactive = db_session.get(Department, world.departments[1].id)
    inactive.active = False
    db_session.commit()
    assert run(app).exit_code == 0
    departments = {v.department_id for v in db_session.scalars(select(Visit))}
    assert observed.id not in departments and inactive.id not in departments
