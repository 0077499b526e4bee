"""Submitting, reopening and the departments an observer is offered (DESIGN.md §4 rules 1–5)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.instruments import observation_summary
from app.models import AuditEvent, Department, Observation
from app.observe import services
from tests.support.factories import certify
from tests.support.observe import (
    DAY,
    PREK,
    START,
    api_as,
    complete,
    prek_observation,
    score_url,
    snapshot,
    ts,
)


def submit(api, observation):
    return api.post(f"/api/v1/observations/{observation.id}/submit")


def reopen(api, observation, body):
    return api.post(f"/api/v1/observations/{observation.id}/reopen", body)


def test_submitting_an_empty_observation_lists_everything_missing(api, db_session, observation):
    before = snapshot(db_session, observation)
    response = submit(api, observation)
    assert response.status_code == 422
    data = response.get_json()
    assert data["error"] == "incomplete"
    missing = data["details"]["missing"]
    assert missing[0] == {"kind": "cycle_times", "cycle": 1, "dimension": None}
    assert missing[1] == {"kind": "score", "cycle": 1, "dimension": "PC"}
    assert len(missing) == 3 * (1 + len(PREK))
    assert data["details"]["cycle_issues"] == []
    assert snapshot(db_session, observation) == before


def test_one_missing_score_blocks_submission(api, db_session, observation):
    complete(db_session, observation)
    observation.cycles[2].scores.pop()
    db_session.commit()
    details = submit(api, observation).get_json()["details"]
    assert details["missing"] == [{"kind": "score", "cycle": 3, "dimension": "LM"}]


def test_a_cycle_under_ten_minutes_must_be_redone(api, db_session, observation):
    complete(db_session, observation, minutes=8)
    observation.cycles[0].deviation_reason = "Fire drill"
    db_session.commit()
    details = submit(api, observation).get_json()["details"]
    assert details["missing"] == []
    assert {(i["cycle"], i["code"], i["minutes"]) for i in details["cycle_issues"]} == {
        (1, "too_short_redo", 8.0),
        (2, "too_short_redo", 8.0),
        (3, "too_short_redo", 8.0),
    }


@pytest.mark.parametrize("minutes", [12, 25])
def test_a_cycle_outside_15_to_20_minutes_needs_a_deviation_reason(
    api, db_session, observation, minutes
):
    complete(db_session, observation)
    cycle = observation.cycles[1]
    cycle.ended_at = cycle.started_at + timedelta(minutes=minutes)
    db_session.commit()
    issues = submit(api, observation).get_json()["details"]["cycle_issues"]
    assert issues == [{"cycle": 2, "code": "needs_deviation_reason", "minutes": float(minutes)}]
    url = f"/api/v1/observations/{observation.id}/cycles/2"
    api.put(url, {"deviation_reason": "The group went outside"})
    assert submit(api, observation).status_code == 200


def test_submitting_a_complete_observation_locks_it_and_is_audited(
    api, db_session, observation, world
):
    complete(db_session, observation)
    response = submit(api, observation)
    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "submitted" and data["submitted_at"].endswith("+00:00")
    assert data["version"] == 2
    db_session.expire_all()
    stored = db_session.get(Observation, observation.id)
    assert (stored.status, stored.version) == ("submitted", 2)
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "submit"))
    assert (event.user_id, event.old_value, event.new_value) == (
        world.observer.id,
        "draft",
        "submitted",
    )
    assert submit(api, observation).status_code == 409


def test_the_project_lead_reopens_with_a_reason_and_it_is_audited(
    client, app, db_session, observation, world
):
    complete(db_session, observation)
    observer = api_as(client, world.observer.email)
    submit(observer, observation)
    lead = api_as(app.test_client(), world.lead.email)
    response = reopen(lead, observation, {"reason": "Cycle 2 was scored on the wrong sheet"})
    assert response.status_code == 200
    assert response.get_json() == {"status": "draft", "version": 3}
    db_session.expire_all()
    stored = db_session.get(Observation, observation.id)
    assert (stored.status, stored.submitted_at) == ("draft", None)
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "reopen"))
    assert (event.user_id, event.old_value, event.new_value) == (
        world.lead.id,
        "submitted",
        "draft",
    )
    assert event.reason == "Cycle 2 was scored on the wrong sheet"
    # The observer can correct it again.
    fixed = observer.put(score_url(observation, 2), {"value": 6, "client_ts": ts()})
    assert fixed.status_code == 200


def test_a_released_observation_can_be_reopened_too(app, db_session, observation, world):
    complete(db_session, observation)
    stored = db_session.get(Observation, observation.id)
    stored.status, stored.submitted_at, stored.released_at = "released", START, START
    db_session.commit()
    lead = api_as(app.test_client(), world.lead.email)
    assert reopen(lead, observation, {"reason": "Wrong department"}).status_code == 200
    db_session.expire_all()
    assert db_session.get(Observation, observation.id).released_at is None


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": 5}])
def test_reopening_needs_a_reason(app, db_session, observation, world, body):
    complete(db_session, observation)
    submit(api_as(app.test_client(), world.observer.email), observation)
    before = snapshot(db_session, observation)
    response = reopen(api_as(app.test_client(), world.lead.email), observation, body)
    assert response.status_code == 422
    assert response.get_json()["error"] in ("reason_required", "invalid")
    assert snapshot(db_session, observation) == before


def test_the_observer_cannot_reopen_their_own_observation(api, db_session, observation):
    complete(db_session, observation)
    submit(api, observation)
    before = snapshot(db_session, observation)
    # Visible to them but not allowed: 403. Everyone else does not see it at all: 404.
    response = reopen(api, observation, {"reason": "I changed my mind"})
    assert response.status_code == 403
    assert snapshot(db_session, observation) == before


@pytest.mark.parametrize("role", ["director", "mentor", "pedagogical_leader"])
def test_other_roles_cannot_reopen(app, db_session, observation, world, role):
    complete(db_session, observation)
    submit(api_as(app.test_client(), world.observer.email), observation)
    api = api_as(app.test_client(), world.others[role].email)
    assert reopen(api, observation, {"reason": "Please"}).status_code == 404


def test_reopening_a_draft_is_a_conflict(app, observation, world):
    lead = api_as(app.test_client(), world.lead.email)
    response = reopen(lead, observation, {"reason": "Just in case"})
    assert response.status_code == 409
    assert response.get_json()["error"] == "not_submitted"


def test_the_observer_is_offered_certified_departments_in_other_kindergartens(db_session, world):
    departments = services.eligible_departments(db_session, world.observer, DAY)
    # Blåklokka (toddler) is in the observer's own kindergarten, so only Maurtua remains.
    assert [d.name for d in departments] == ["Maurtua"]
    assert departments[0].kindergarten.name == "Stabekk barnehage"


def test_departments_need_a_certification_valid_on_the_visit_day(db_session, world):
    later = DAY + timedelta(days=400)
    assert services.eligible_departments(db_session, world.observer, later) == []
    certify(db_session, world.observer, "preschool", later - timedelta(days=10))
    db_session.commit()
    assert len(services.eligible_departments(db_session, world.observer, later)) == 1


def test_departments_of_the_wrong_age_group_are_not_offered(db_session, world):
    toddlers = Department(kindergarten=world.org["other"], name="Knøttene", age_group="toddler")
    db_session.add(toddlers)
    db_session.commit()
    names = [d.name for d in services.eligible_departments(db_session, world.colleague, DAY)]
    assert names == ["Maurtua"]  # the colleague is certified for pre-school only
    names = [d.name for d in services.eligible_departments(db_session, world.observer, DAY)]
    assert names == ["Knøttene", "Maurtua"]


def test_departments_already_observed_or_inactive_are_not_offered(db_session, world):
    prek_observation(db_session, world, observer=world.colleague)
    assert services.eligible_departments(db_session, world.observer, DAY) == []
    next_semester = DAY + timedelta(days=150)
    assert len(services.eligible_departments(db_session, world.observer, next_semester)) == 1
    world.department.active = False
    db_session.commit()
    assert services.eligible_departments(db_session, world.observer, next_semester) == []


def test_the_summary_uses_the_stored_scores(app, db_session, observation):
    complete(db_session, observation, value=5)
    with app.app_context():
        summary = observation_summary(db_session.get(Observation, observation.id))
    assert summary.dimensions["PC"].cycle_scores == (5, 5, 5)
    assert summary.domains["ES"] == pytest.approx((5 + 3 + 5 + 5) / 4)  # NC enters as 8 − 5
