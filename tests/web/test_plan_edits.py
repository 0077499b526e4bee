"""The project lead edits a plan: a broken rule is refused with a clear message and changes
nothing; a rule set aside with a reason is stored and audited; one visit a day cannot be set
aside; a cancellation needs a reason and takes the double-coding visit with it."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.models import AuditEvent, SemesterPlan, Visit
from tests.support.auth import csrf_token, login
from tests.support.factories import make_observation
from tests.support.plan_world import FIRST_DAY, LAST_DAY, SEMESTER, make_plan_world

MONDAY, TUESDAY, WEDNESDAY, SATURDAY = (date(2027, 2, d) for d in (1, 2, 3, 6))


@pytest.fixture
def world(db_session):
    """Visit A (Hundsund's toddlers, by a Haslum observer) with its double-coding visit B, and
    visit C (Haslum's toddlers, by a Hundsund observer) the next day."""
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
    deps, obs = world.departments, world.observers
    a = Visit(
        plan_id=plan.id,
        department_id=deps[0].id,
        observer_id=obs[2].id,
        kind="regular",
        planned_on=MONDAY,
    )
    c = Visit(
        plan_id=plan.id,
        department_id=deps[2].id,
        observer_id=obs[0].id,
        kind="regular",
        planned_on=TUESDAY,
    )
    db_session.add_all([a, c])
    db_session.flush()
    b = Visit(
        plan_id=plan.id,
        department_id=deps[0].id,
        observer_id=obs[4].id,
        kind="double_coding",
        planned_on=MONDAY,
        regular_visit_id=a.id,
    )
    db_session.add(b)
    db_session.commit()
    world.extra.update(plan=plan, a=a, b=b, c=c)
    return world


@pytest.fixture
def lead(client, world):
    login(client, world.lead.email)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the refusals are asserted in English
    return client


def snapshot(db_session) -> list:
    db_session.expire_all()
    visits = [tuple(row) for row in db_session.execute(select(Visit.__table__))]
    events = db_session.scalars(select(AuditEvent.id)).all()
    return [visits, events]


def post(client, path: str, **fields):
    token = csrf_token(client, f"/plan/{SEMESTER}")
    return client.post(path, data={"csrf_token": token, **fields})


def move(client, visit, day: date, observer, reason: str = ""):
    path = f"/plan/{SEMESTER}/visits/{visit.id}/move"
    fields = {"planned_on": day.isoformat(), "observer": observer.email}
    return post(client, path, **fields, override_reason=reason)


def visit(db_session, row) -> Visit:
    db_session.expire_all()
    return db_session.get(Visit, row.id)


@pytest.mark.parametrize(
    "day, observer_index, message",
    [
        (MONDAY, 0, "works in the department&#39;s own kindergarten"),
        (SATURDAY, 2, "Saturday or a Sunday"),
        (date(2027, 6, 14), 2, "outside the plan&#39;s window"),
    ],
)
def test_a_move_that_breaks_a_rule_is_refused_and_changes_nothing(
    lead, db_session, world, day, observer_index, message
):
    before = snapshot(db_session)
    response = move(lead, world.extra["a"], day, world.observers[observer_index])
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page and "write why the rule may be set aside" in page
    assert snapshot(db_session) == before


def test_a_rule_set_aside_with_a_reason_is_stored_and_audited(lead, db_session, world):
    own = world.observers[0]  # Hundsund's own observer
    reason = "Bare denne observatøren er ledig før fristen."
    response = move(lead, world.extra["a"], WEDNESDAY, own, reason)
    assert response.status_code == 302
    moved = visit(db_session, world.extra["a"])
    assert (moved.observer_id, moved.planned_on, moved.override_reason) == (
        own.id,
        WEDNESDAY,
        reason,
    )
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "visit", AuditEvent.reason == reason)
    ).all()
    assert {e.field for e in events} >= {"observer_id", "planned_on", "override_reason"}
    assert all(e.user_id == world.lead.id for e in events)
    # The double-coding visit goes with its regular visit to the new day.
    assert visit(db_session, world.extra["b"]).planned_on == WEDNESDAY


def test_one_visit_a_day_cannot_be_set_aside(lead, db_session, world):
    before = snapshot(db_session)
    busy = world.observers[4]  # double-codes visit A on Monday
    response = move(lead, world.extra["c"], MONDAY, busy, "Vi må.")
    assert response.status_code == 400
    assert "at most one visit a day" in response.get_data(as_text=True)
    assert snapshot(db_session) == before


def test_a_double_coding_visit_keeps_its_regular_visits_day(lead, db_session, world):
    before = snapshot(db_session)
    response = move(lead, world.extra["b"], WEDNESDAY, world.observers[4])
    assert response.status_code == 400 and "move the regular visit" in response.get_data(
        as_text=True
    )
    assert snapshot(db_session) == before


def test_a_cancellation_needs_a_reason_and_takes_the_double_coder_with_it(lead, db_session, world):
    path = f"/plan/{SEMESTER}/visits/{world.extra['a'].id}/cancel"
    before = snapshot(db_session)
    response = post(lead, path, reason="  ")
    assert response.status_code == 400 and "Write why the visit is cancelled." in response.get_data(
        as_text=True
    )
    assert snapshot(db_session) == before
    assert post(lead, path, reason="Avdelingen er stengt.").status_code == 302
    for row in (world.extra["a"], world.extra["b"]):
        cancelled = visit(db_session, row)
        assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "Avdelingen er stengt.")


def test_a_started_visit_cannot_be_moved(lead, db_session, world):
    a = db_session.get(Visit, world.extra["a"].id)
    observation = make_observation(db_session, a.department, a.observer, semester=SEMESTER)
    a.status, a.observation_id = "started", observation.id
    db_session.commit()
    response = move(lead, a, WEDNESDAY, world.observers[2])
    assert response.status_code == 400 and "Only a planned visit" in response.get_data(as_text=True)


def test_visits_are_added_by_hand_under_the_same_rules(lead, db_session, world):
    plan_path = f"/plan/{SEMESTER}/visits/new"
    preschool = world.departments[1]  # Hundsund's pre-school department, without a visit
    added = post(
        lead,
        f"{plan_path}?department_id={preschool.id}",
        planned_on=WEDNESDAY.isoformat(),
        observer=world.observers[6].email,
    )
    assert added.status_code == 302
    again = post(
        lead,
        f"{plan_path}?department_id={preschool.id}",
        planned_on=WEDNESDAY.isoformat(),
        observer=world.observers[7].email,
    )
    assert again.status_code == 400 and "already has a regular visit" in again.get_data(
        as_text=True
    )
    c = world.extra["c"]  # Haslum's toddlers: a Haslum observer may not double-code them
    refused = post(lead, f"{plan_path}?regular_visit_id={c.id}", observer=world.observers[3].email)
    assert refused.status_code == 400
    coder = post(lead, f"{plan_path}?regular_visit_id={c.id}", observer=world.observers[5].email)
    assert coder.status_code == 302
    db_session.expire_all()
    double = db_session.scalar(select(Visit).where(Visit.regular_visit_id == c.id))
    assert (double.kind, double.planned_on, double.department_id) == (
        "double_coding",
        TUESDAY,
        c.department_id,
    )


def test_the_coverage_board_counts_per_pool_and_network(lead, db_session, world):
    a, c = (db_session.get(Visit, world.extra[k].id) for k in ("a", "c"))
    a.planned_on = date(2026, 9, 1)  # passed, not started: overdue
    submitted = make_observation(
        db_session,
        c.department,
        c.observer,
        semester=SEMESTER,
        status="submitted",
        submitted_at=datetime(2027, 2, 2, tzinfo=UTC),
    )
    c.status, c.observation_id = "done", submitted.id
    db_session.commit()
    page = lead.get(f"/plan/{SEMESTER}/coverage").get_data(as_text=True)
    pool = page.split('data-coverage="pool"')[1].split("</table>")[0]
    for count, expected in (
        ("visits", 2),
        ("planned", 1),
        ("submitted", 1),
        ("overdue", 1),
        ("started", 0),
        ("released", 0),
    ):
        assert f'data-count="{count}">{expected}<' in pool.replace("<strong>", ""), count
    networks = page.split('data-coverage="network"')[1]
    assert 'data-group="Nettverk Vest"' in networks
