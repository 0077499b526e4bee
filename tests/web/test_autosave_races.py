"""Autosave under concurrent writes: a write that lands first must not be lost or misaudited,
and the signed-in user is read fresh on every request (no stale access after a change)."""

import threading

import pytest
from sqlalchemy import delete, select, update

from app.models import AuditEvent, Observation, UserRole
from app.observe import autosave
from tests.support.observe import api_as, score_url, stored_scores, ts

OBSERVATION = Observation.__table__


@pytest.fixture
def meanwhile(monkeypatch):
    """Run a function once, after the next score write has started and before it locks the
    draft: the last moment another write can land, since what it reads under the lock stays.
    It runs in a thread of its own, as another request would (a request made inside this one
    would share its app context, and so its session)."""
    pending: list = []
    lock_draft = autosave.lock_draft

    def racing(session, observation_id):
        if pending:
            other = threading.Thread(target=pending.pop())
            other.start()
            other.join()
        return lock_draft(session, observation_id)

    monkeypatch.setattr(autosave, "lock_draft", racing)
    return pending.append


@pytest.fixture
def other_device(app, world, observation):
    """Another signed-in tablet saving the same score; returns the statuses it got."""
    other = api_as(app.test_client(), world.observer.email)
    statuses: list[int] = []

    def save(body: dict) -> None:
        statuses.append(other.put(score_url(observation), body).status_code)

    save.statuses = statuses
    return save


def score_changes(db_session) -> list[tuple]:
    db_session.expire_all()
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "score").order_by(AuditEvent.id)
    )
    return [(e.action, e.field, e.old_value, e.new_value) for e in events]


def version_of(db_session, observation) -> int:
    db_session.expire_all()
    return db_session.get(Observation, observation.id).version


def test_a_save_overtaken_by_a_newer_one_is_not_applied_nor_audited(
    api, meanwhile, other_device, db_session, observation
):
    meanwhile(lambda: other_device({"value": 6, "client_ts": ts(10)}))
    response = api.put(score_url(observation), {"value": 3, "client_ts": ts(5)})
    assert other_device.statuses == [200]
    data = response.get_json()
    assert response.status_code == 200
    assert data["applied"] is False and data["score"]["value"] == 6 and data["version"] == 2
    assert stored_scores(db_session, observation)[(1, "PC")][0] == 6
    assert score_changes(db_session) == [("create", "value", None, "6")]
    assert version_of(db_session, observation) == 2


def test_a_save_overtaking_an_older_one_audits_the_value_it_replaced(
    api, meanwhile, other_device, db_session, observation
):
    meanwhile(lambda: other_device({"value": 6, "client_ts": ts(0)}))
    response = api.put(score_url(observation), {"value": 3, "client_ts": ts(5)})
    assert other_device.statuses == [200]
    data = response.get_json()
    assert data["applied"] is True and data["score"]["value"] == 3 and data["version"] == 3
    assert stored_scores(db_session, observation)[(1, "PC")][0] == 3
    assert score_changes(db_session) == [
        ("create", "value", None, "6"),
        ("update", "value", "6", "3"),
    ]
    assert version_of(db_session, observation) == 3


def test_a_save_racing_a_submission_is_refused(api, meanwhile, db_session, observation):
    def submit() -> None:
        db_session.execute(
            update(OBSERVATION)
            .where(OBSERVATION.c.id == observation.id)
            .values(status="submitted", submitted_at=observation.created_at, version=5)
        )
        db_session.commit()

    meanwhile(submit)
    response = api.put(score_url(observation), {"value": 3, "client_ts": ts(5)})
    assert response.status_code == 409
    assert response.get_json()["error"] == "observation_locked"
    assert (1, "PC") not in stored_scores(db_session, observation)
    assert version_of(db_session, observation) == 5


def test_a_deactivated_user_loses_access_on_the_next_request(api, db_session, observation, world):
    assert api.put(score_url(observation), {"value": 4, "client_ts": ts()}).status_code == 200
    world.observer.active = False
    db_session.commit()
    response = api.put(score_url(observation), {"value": 5, "client_ts": ts(1)})
    assert response.status_code == 401
    assert stored_scores(db_session, observation)[(1, "PC")][0] == 4


def test_a_removed_role_takes_effect_on_the_next_request(client, api, db_session, world):
    assert client.get("/home/observer").status_code == 200
    db_session.execute(
        delete(UserRole).where(UserRole.user_id == world.observer.id, UserRole.role == "observer")
    )
    db_session.commit()
    assert client.get("/home/observer").status_code == 403


def test_the_signed_in_user_carries_its_memberships_and_queries_nothing_behind_an_attribute(
    app, client, api, world
):
    with app.test_request_context():
        from app.auth.principal import load_principal
        from app.db import get_session

        principal = load_principal(get_session(), world.observer.id)
        assert "observer" in principal.roles and principal.is_active
        assert principal.home_kindergarten_id == world.observer.home_kindergarten_id
        assert principal.department_ids == frozenset() == principal.network_ids
        with pytest.raises(AttributeError):
            principal.departments  # noqa: B018  # the ORM user is loaded explicitly, if needed
