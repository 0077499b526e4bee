"""Autosave: idempotent writes, last-writer-wins by client_ts, and an audit row for every change."""

import json
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.models import AuditEvent, Observation
from tests.support.observe import (
    api_as,
    audit_count,
    score_url,
    stored_scores,
    ts,
)


def score_events(db_session) -> list[AuditEvent]:
    db_session.expire_all()
    return list(
        db_session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "score").order_by(AuditEvent.id)
        )
    )


def version_of(db_session, observation) -> int:
    db_session.expire_all()
    return db_session.get(Observation, observation.id).version


def test_a_first_score_is_stored_audited_and_bumps_the_version(api, db_session, observation, world):
    body = {"value": 5, "indicator_marks": {"PC.REL": "mid"}, "note": "Calm", "client_ts": ts()}
    response = api.put(score_url(observation), body)
    assert response.status_code == 200
    data = response.get_json()
    assert data["applied"] is True and data["version"] == 2
    assert data["score"] == {**body, "client_ts": "2025-03-04T10:00:00+00:00"}
    assert stored_scores(db_session, observation) == {(1, "PC"): (5, {"PC.REL": "mid"}, "Calm")}
    events = score_events(db_session)
    assert [(e.action, e.field, e.old_value, e.new_value) for e in events] == [
        ("create", "value", None, "5"),
        ("create", "indicator_marks", None, '{"PC.REL": "mid"}'),
        ("create", "note", None, "Calm"),
    ]
    assert {(e.entity_id, e.user_id, e.reason) for e in events} == {
        (f"{observation.id}/1/PC", world.observer.id, None)
    }
    assert version_of(db_session, observation) == 2


def test_a_change_records_old_and_new_values_of_each_changed_field(api, db_session, observation):
    api.put(
        score_url(observation),
        {"value": 5, "indicator_marks": {"PC.REL": "mid"}, "note": "Calm", "client_ts": ts()},
    )
    api.put(
        score_url(observation),
        {"value": 6, "indicator_marks": {"PC.REL": "high"}, "client_ts": ts(5)},
    )
    changes = [(e.action, e.field, e.old_value, e.new_value) for e in score_events(db_session)[3:]]
    assert changes == [
        ("update", "value", "5", "6"),
        ("update", "indicator_marks", '{"PC.REL": "mid"}', '{"PC.REL": "high"}'),
    ]
    assert json.loads(changes[1][3]) == {"PC.REL": "high"}
    # The note was not sent, so it is kept.
    assert stored_scores(db_session, observation)[(1, "PC")] == (6, {"PC.REL": "high"}, "Calm")


def test_an_older_client_ts_is_not_applied_and_not_audited(api, db_session, observation):
    api.put(score_url(observation), {"value": 6, "client_ts": ts(10)})
    events, version = len(score_events(db_session)), version_of(db_session, observation)
    response = api.put(score_url(observation), {"value": 2, "note": "late", "client_ts": ts(5)})
    assert response.status_code == 200
    data = response.get_json()
    assert data == {
        "applied": False,
        "score": {
            "value": 6,
            "indicator_marks": None,
            "note": None,
            "client_ts": "2025-03-04T10:00:10+00:00",
        },
        "version": version,
    }
    assert stored_scores(db_session, observation)[(1, "PC")] == (6, None, None)
    assert len(score_events(db_session)) == events
    assert version_of(db_session, observation) == version


def test_a_newer_client_ts_is_applied(api, db_session, observation):
    api.put(score_url(observation), {"value": 6, "client_ts": ts(10)})
    response = api.put(score_url(observation), {"value": 3, "client_ts": ts(11)})
    assert response.get_json()["applied"] is True
    assert stored_scores(db_session, observation)[(1, "PC")][0] == 3


def test_sending_the_same_score_again_is_harmless(api, db_session, observation):
    body = {"value": 4, "note": "Sang sammen", "client_ts": ts()}
    first = api.put(score_url(observation), body).get_json()
    events = len(score_events(db_session))
    again = api.put(score_url(observation), body).get_json()
    assert again == first
    assert len(score_events(db_session)) == events
    assert version_of(db_session, observation) == first["version"]


def test_clearing_a_note_is_a_change_with_the_old_text_kept(api, db_session, observation):
    api.put(score_url(observation), {"value": 4, "note": "Ola gråt", "client_ts": ts()})
    api.put(score_url(observation), {"value": 4, "note": None, "client_ts": ts(1)})
    last = score_events(db_session)[-1]
    assert (last.field, last.old_value, last.new_value) == ("note", "Ola gråt", None)


def test_a_clock_running_ahead_cannot_block_later_edits(api, db_session, observation):
    future = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    api.put(score_url(observation), {"value": 2, "client_ts": future})
    now = datetime.now(UTC).isoformat()
    assert api.put(score_url(observation), {"value": 5, "client_ts": now}).get_json()["applied"]


def test_cycle_details_are_saved_field_by_field_and_audited(api, db_session, observation, world):
    url = f"/api/v1/observations/{observation.id}/cycles/2"
    body = {
        "started_at": "2025-03-04T10:00:00+01:00",
        "children_present": 14,
        "setting": "free_play",
        "client_ts": ts(),
    }
    response = api.put(url, body)
    assert response.status_code == 200
    data = response.get_json()
    assert data["version"] == 2
    assert data["cycle"]["started_at"] == "2025-03-04T09:00:00+00:00"
    assert (data["cycle"]["children_present"], data["cycle"]["setting"]) == (14, "free_play")
    db_session.expire_all()
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.entity == "cycle")).all()
    assert {(e.entity_id, e.field, e.old_value, e.new_value) for e in events} == {
        (f"{observation.id}/2", "started_at", None, "2025-03-04T09:00:00+00:00"),
        (f"{observation.id}/2", "children_present", None, "14"),
        (f"{observation.id}/2", "setting", None, "free_play"),
    }
    unchanged = api.put(url, {"children_present": 14}).get_json()
    assert unchanged["version"] == 2
    assert audit_count(db_session, entity="cycle") == 3


def test_two_devices_saving_the_same_score_at_once_never_fail(app, db_session, observation, world):
    clients = [app.test_client() for _ in range(4)]
    apis = [api_as(c, world.observer.email) for c in clients]
    results: list[int] = []

    def tap(device: int) -> None:
        for n in range(8):
            second = n * 4 + device
            response = apis[device].put(
                score_url(observation), {"value": 1 + second % 7, "client_ts": ts(second)}
            )
            results.append(response.status_code)

    threads = [threading.Thread(target=tap, args=(d,)) for d in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 32
    # The newest client_ts (second 31) wins, whatever order the requests arrived in.
    assert stored_scores(db_session, observation)[(1, "PC")][0] == 1 + 31 % 7
