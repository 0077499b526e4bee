"""The write path itself, on both databases: a score save locks the draft before it reads, runs
every statement through the engine (so events, echo and logging see it), and a status change
bumps the version, stamps and audits in one place (app/observe/lifecycle.py)."""

import re
import threading

import pytest
from sqlalchemy import event, select

from app.models import AuditEvent, Observation
from app.observe import services
from app.observe.lifecycle import RELEASE, REOPEN, SUBMIT, change_status
from app.observe.rules import RuleViolation
from tests.support.observe import api_as, complete, new_body, score_url, ts

TABLE = re.compile(r'\b(?:UPDATE|INTO|FROM)\s+"?(\w+)', re.IGNORECASE)


@pytest.fixture
def statements(app):
    """The (verb, table) of every statement the engine runs while the test runs."""
    seen: list[tuple[str, str]] = []

    def record(_conn, _cursor, sql, _params, _context, _many):
        table = TABLE.search(sql)
        seen.append((sql.split(None, 1)[0].upper(), table.group(1) if table else ""))

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def from_the_lock(statements: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The statements from the draft's lock on; nothing before it may touch the observation."""
    start = statements.index(("UPDATE", "observation"))
    assert not {"observation", "cycle", "score"} & {table for _verb, table in statements[:start]}
    return statements[start:]


def test_a_score_save_is_lock_read_upsert_bump_audit_on_either_database(
    api, observation, statements
):
    body = {"value": 5, "client_ts": ts()}
    assert api.put(score_url(observation), body).status_code == 200
    assert from_the_lock(statements) == [
        ("UPDATE", "observation"),  # the lock: taken before anything is read
        ("SELECT", "cycle"),  # the stored score, under the lock
        ("INSERT", "score"),  # the upsert (ON CONFLICT … DO UPDATE)
        ("UPDATE", "observation"),  # the version
        ("INSERT", "audit_event"),
    ]
    statements.clear()
    assert api.put(score_url(observation), body).get_json()["applied"] is True
    # A retry reads under the lock and writes nothing.
    assert from_the_lock(statements) == [("UPDATE", "observation"), ("SELECT", "cycle")]


def status_events(db_session, observation) -> list[tuple]:
    db_session.expire_all()
    events = db_session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_id == str(observation.id), AuditEvent.field == "status")
        .order_by(AuditEvent.id)
    )
    return [(e.action, e.old_value, e.new_value, e.reason) for e in events]


def test_each_status_change_bumps_the_version_once_stamps_and_is_audited(
    app, db_session, observation, world
):
    complete(db_session, observation)
    with app.test_request_context():
        change_status(db_session, world.observer.id, observation, SUBMIT)
        assert (observation.status, observation.version) == ("submitted", 2)
        assert observation.submitted_at is not None and observation.released_at is None
        change_status(db_session, world.observer.id, observation, RELEASE)
        assert (observation.status, observation.version) == ("released", 3)
        assert observation.released_at is not None
        change_status(db_session, world.lead.id, observation, REOPEN, reason="Wrong sheet")
        db_session.commit()
    db_session.expire_all()
    stored = db_session.get(Observation, observation.id)
    assert (stored.status, stored.version, stored.submitted_at, stored.released_at) == (
        "draft",
        4,
        None,
        None,
    )
    assert status_events(db_session, observation) == [
        ("submit", "draft", "submitted", None),
        ("feedback.release", "submitted", "released", None),
        ("reopen", "released", "draft", "Wrong sheet"),
    ]


@pytest.mark.parametrize(
    ("transition", "code"),
    [(RELEASE, "not_submitted"), (REOPEN, "not_submitted")],
    ids=["release", "reopen"],
)
def test_a_status_change_from_the_wrong_status_is_refused_and_changes_nothing(
    app, db_session, observation, world, transition, code
):
    with app.test_request_context(), pytest.raises(RuleViolation) as refused:
        change_status(db_session, world.observer.id, observation, transition)
    assert refused.value.code == code
    db_session.rollback()
    stored = db_session.get(Observation, observation.id)
    assert (stored.status, stored.version) == ("draft", 1)
    assert status_events(db_session, observation) == []


def test_submitting_a_released_observation_is_refused_as_locked(
    app, db_session, observation, world
):
    complete(db_session, observation)
    with app.test_request_context():
        change_status(db_session, world.observer.id, observation, SUBMIT)
        change_status(db_session, world.observer.id, observation, RELEASE)
        with pytest.raises(RuleViolation) as refused:
            change_status(db_session, world.observer.id, observation, SUBMIT)
    assert refused.value.code == "observation_locked"


@pytest.fixture
def meanwhile(monkeypatch):
    """Run a function once, after the next start of an observation has checked its rules and
    before it inserts: the moment another request can take its id or its semester. It runs in
    a thread of its own, as another request would (a request made inside this one would share
    its app context, and so its session and signed-in user)."""
    pending: list = []
    check = services.check_new_observation

    def racing(*args):
        if pending:
            other = threading.Thread(target=pending.pop())
            other.start()
            other.join()
        return check(*args)

    monkeypatch.setattr(services, "check_new_observation", racing)
    return pending.append


def observations_of(db_session, department) -> list[tuple]:
    db_session.expire_all()
    rows = db_session.scalars(select(Observation).where(Observation.department_id == department.id))
    return [(str(o.id), o.observer_id) for o in rows]


def test_the_same_start_sent_twice_at_once_makes_one_observation(
    app, api, db_session, meanwhile, world
):
    body = new_body(world)
    other_device = api_as(app.test_client(), world.observer.email)
    meanwhile(lambda: other_device.post("/api/v1/observations", body))
    response = api.post("/api/v1/observations", body)
    assert response.status_code == 200 and response.get_json()["id"] == body["id"]
    assert observations_of(db_session, world.department) == [(body["id"], world.observer.id)]


def test_a_regular_start_beaten_to_the_semester_is_refused_and_inserts_nothing(
    app, api, db_session, meanwhile, world
):
    colleague = api_as(app.test_client(), world.colleague.email)
    first = new_body(world)
    meanwhile(lambda: colleague.post("/api/v1/observations", first))
    response = api.post("/api/v1/observations", new_body(world))
    assert response.status_code == 409
    assert response.get_json()["error"] == "regular_exists"
    assert observations_of(db_session, world.department) == [(first["id"], world.colleague.id)]
