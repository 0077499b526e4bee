"""Integrity lives in the database: each rule is refused by the schema itself, on both backends."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.db import make_engine
from app.models import AuditEvent, Department, Score
from app.models.audit import record
from tests.support.factories import make_observation, make_org, make_user


@pytest.fixture
def observation(db_session):
    org = make_org(db_session)
    observer = make_user(db_session, "obs@example.no", "observer", home_kindergarten=org["other"])
    obs = make_observation(db_session, org["home_dept"], observer)
    db_session.commit()
    return obs


def refused(session, *objects) -> bool:
    session.add_all(objects)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return True
    session.rollback()
    return False


@pytest.mark.parametrize("value", [0, 8, -1])
def test_scores_outside_one_to_seven_are_refused(db_session, observation, value):
    cycle = observation.cycles[0]
    assert refused(db_session, Score(cycle_id=cycle.id, dimension_code="PC", value=value))


def test_a_dimension_is_scored_once_per_cycle(db_session, observation):
    cycle = observation.cycles[0]
    db_session.add(Score(cycle_id=cycle.id, dimension_code="PC", value=5))
    db_session.commit()
    assert refused(db_session, Score(cycle_id=cycle.id, dimension_code="PC", value=6))


def test_one_regular_observation_per_department_per_semester(db_session, observation):
    department = db_session.get(Department, observation.department_id)
    with pytest.raises(IntegrityError):
        make_observation(db_session, department, observation.observer)
    db_session.rollback()


def test_double_coding_of_the_same_department_is_allowed(db_session, observation):
    second_observer = make_user(db_session, "obs2@example.no", "observer")
    department = db_session.get(Department, observation.department_id)
    make_observation(
        db_session,
        department,
        second_observer,
        kind="double_coding",
        primary_observation_id=observation.id,
    )
    db_session.commit()


def test_double_coding_needs_its_primary_observation(db_session, observation):
    department = db_session.get(Department, observation.department_id)
    with pytest.raises(IntegrityError):
        make_observation(
            db_session, department, observation.observer, kind="double_coding", semester="2025H"
        )
    db_session.rollback()


def test_submitted_at_is_tied_to_the_status(db_session, observation):
    observation.status = "submitted"
    with pytest.raises(IntegrityError):
        db_session.commit()
    db_session.rollback()
    observation.status = "draft"
    observation.submitted_at = datetime.now(UTC)
    with pytest.raises(IntegrityError):
        db_session.commit()
    db_session.rollback()
    observation.status = "submitted"
    observation.submitted_at = datetime.now(UTC)
    db_session.commit()


def test_foreign_keys_are_enforced_on_every_backend(db_session):
    orphan = Department(kindergarten_id=999_999, name="Ingen", age_group="toddler")
    assert refused(db_session, orphan)


def test_unknown_age_group_is_refused(db_session):
    org = make_org(db_session)
    db_session.commit()
    bad = Department(kindergarten_id=org["home"].id, name="Rar", age_group="teen")
    assert refused(db_session, bad)


def test_emails_are_unique_and_lowercase(db_session):
    make_user(db_session, "kari@example.no")
    db_session.commit()
    with pytest.raises(IntegrityError):
        make_user(db_session, "kari@example.no")
    db_session.rollback()
    db_session.execute(text("SELECT 1"))
    with pytest.raises(IntegrityError):
        db_session.execute(
            text(
                "INSERT INTO \"user\" (name, email, active) VALUES ('K', 'Kari2@Example.no', true)"
            )
        )
    db_session.rollback()


def test_the_audit_log_is_append_only(db_session):
    record(
        db_session,
        user_id=None,
        action="score.set",
        entity="score",
        entity_id=1,
        field="value",
        old=4,
        new=5,
    )
    db_session.commit()
    for statement in ("UPDATE audit_event SET new_value = '7'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="append-only"):
            db_session.execute(text(statement))
        db_session.rollback()
    assert db_session.query(AuditEvent).count() == 1


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_template):
    engine = make_engine(f"sqlite:///{sqlite_template}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
