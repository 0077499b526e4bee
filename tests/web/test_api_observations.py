"""Starting and reading observations through the JSON API (DESIGN.md §4 rules 1–3, §7)."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Department, Observation
from tests.support.factories import make_user
from tests.support.observe import (
    DAY,
    api_as,
    audit_count,
    make_world,
    new_body,
    prek_observation,
)


@pytest.fixture
def world(db_session):
    return make_world(db_session)


def observation_count(db_session) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count(Observation.id)))


def test_starting_an_observation_records_observer_semester_and_instrument(client, world, app):
    api = api_as(client, world.observer.email)
    body = new_body(world)
    response = api.post("/api/v1/observations", body)
    assert response.status_code == 201
    data = response.get_json()
    prek = app.extensions["instruments"]["class-prek"]
    assert data["id"] == body["id"]
    assert data["observer"] == {"id": world.observer.id, "name": world.observer.name}
    assert data["semester"] == "2025V"
    assert data["instrument"] == {"id": "class-prek", "version": "2008", "hash": prek.file_hash}
    assert (data["status"], data["version"], data["submitted_at"]) == ("draft", 1, None)
    assert [c["number"] for c in data["cycles"]] == [1, 2, 3]
    assert all(c["scores"] == {} and c["started_at"] is None for c in data["cycles"])
    assert response.headers["Location"] == f"/api/v1/observations/{body['id']}"


def test_the_same_id_twice_makes_one_observation(client, world, db_session):
    api = api_as(client, world.observer.email)
    body = new_body(world)
    assert api.post("/api/v1/observations", body).status_code == 201
    again = api.post("/api/v1/observations", body)
    assert again.status_code == 200
    assert again.get_json()["id"] == body["id"]
    assert observation_count(db_session) == 1
    assert audit_count(db_session, entity="observation", action="create") == 1


@pytest.mark.parametrize("change", [{"kind": "practice"}, {"observed_on": "2025-03-05"}])
def test_the_same_id_with_other_details_is_a_conflict(client, world, db_session, change):
    api = api_as(client, world.observer.email)
    body = new_body(world)
    api.post("/api/v1/observations", body)
    response = api.post("/api/v1/observations", {**body, **change})
    assert response.status_code == 409
    assert response.get_json()["error"] == "id_conflict"
    assert observation_count(db_session) == 1


def test_another_observers_id_is_a_conflict_without_details(client, world, db_session):
    existing = prek_observation(db_session, world, observer=world.colleague)
    api = api_as(client, world.observer.email)
    response = api.post("/api/v1/observations", new_body(world, id=str(existing.id)))
    assert response.status_code == 409
    assert response.get_json()["details"] == {}


def test_an_observer_cannot_observe_their_own_kindergarten(client, world, db_session):
    api = api_as(client, world.observer.email)
    body = new_body(world, department_id=world.org["home_dept"].id, instrument_id="class-toddler")
    response = api.post("/api/v1/observations", body)
    assert response.status_code == 422
    assert response.get_json()["error"] == "own_kindergarten"
    assert observation_count(db_session) == 0


def test_an_observers_override_reason_is_not_enough(client, world, db_session):
    api = api_as(client, world.observer.email)
    body = new_body(
        world,
        department_id=world.org["home_dept"].id,
        instrument_id="class-toddler",
        override_reason="Nobody else is free",
    )
    assert api.post("/api/v1/observations", body).get_json()["error"] == "own_kindergarten"
    assert observation_count(db_session) == 0


def test_the_project_lead_may_override_own_kindergarten_with_a_reason(client, world, db_session):
    api = api_as(client, world.lead.email)  # the lead's home is Stabekk, Maurtua's kindergarten
    refused = api.post("/api/v1/observations", new_body(world))
    assert refused.get_json()["error"] == "own_kindergarten"
    body = new_body(world, override_reason="Only certified observer available this week")
    assert api.post("/api/v1/observations", body).status_code == 201
    db_session.expire_all()
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "override"))
    assert (event.entity_id, event.field) == (body["id"], "own_kindergarten")
    assert (event.user_id, event.reason) == (world.lead.id, body["override_reason"])


def test_an_expired_certification_is_refused(client, world, db_session):
    api = api_as(client, world.observer.email)
    later = (DAY + timedelta(days=400)).isoformat()
    response = api.post("/api/v1/observations", new_body(world, observed_on=later))
    assert response.status_code == 422
    assert response.get_json()["error"] == "not_certified"
    assert observation_count(db_session) == 0


def test_a_certification_for_the_other_age_group_is_refused(client, world, db_session):
    toddlers = Department(
        kindergarten=world.org["other"], name="Knøttene", age_group="toddler", children_count=9
    )
    db_session.add(toddlers)
    db_session.commit()
    api = api_as(client, world.colleague.email)  # certified for pre-school only
    body = new_body(world, department_id=toddlers.id, instrument_id="class-toddler")
    response = api.post("/api/v1/observations", body)
    assert response.get_json()["error"] == "not_certified"
    assert response.get_json()["details"]["family"] == "toddler"


def test_the_instrument_must_match_the_departments_age_group(client, world, db_session):
    api = api_as(client, world.observer.email)
    response = api.post("/api/v1/observations", new_body(world, instrument_id="class-toddler"))
    assert response.status_code == 422
    assert response.get_json()["details"]["expected"] == "class-prek"


def test_a_second_regular_observation_this_semester_names_the_first_ones_status(
    client, world, db_session
):
    prek_observation(db_session, world, observer=world.colleague)
    api = api_as(client, world.observer.email)
    response = api.post("/api/v1/observations", new_body(world))
    assert response.status_code == 409
    data = response.get_json()
    assert (data["error"], data["details"]) == ("regular_exists", {"status": "draft"})
    assert observation_count(db_session) == 1


def test_double_coding_links_to_another_observers_regular_observation(client, world, db_session):
    primary = prek_observation(db_session, world)
    api = api_as(client, world.colleague.email)
    body = new_body(world, kind="double_coding", primary_observation_id=str(primary.id))
    response = api.post("/api/v1/observations", body)
    assert response.status_code == 201
    assert response.get_json()["primary_observation_id"] == str(primary.id)


@pytest.mark.parametrize(
    "who, primary_field",
    [
        ("colleague", None),  # no primary at all
        ("observer", "own"),  # double-coding yourself
        ("colleague", "other_semester"),
        ("colleague", "unknown"),
    ],
)
def test_double_coding_needs_a_fitting_primary(client, world, db_session, who, primary_field):
    primary = prek_observation(db_session, world)
    other_semester = prek_observation(db_session, world, semester="2024H")
    primary_id = {
        None: None,
        "own": str(primary.id),
        "other_semester": str(other_semester.id),
        "unknown": str(uuid.uuid4()),
    }[primary_field]
    api = api_as(client, getattr(world, who).email)
    body = new_body(world, kind="double_coding", primary_observation_id=primary_id)
    response = api.post("/api/v1/observations", body)
    assert response.status_code == 422
    assert response.get_json()["error"] == "invalid_primary"
    assert observation_count(db_session) == 2


def test_practice_needs_no_certification_and_leaves_the_regular_slot_free(
    client, world, db_session
):
    trainee = make_user(db_session, "trainee@example.no", "observer")
    db_session.commit()
    api = api_as(client, trainee.email)
    assert api.post("/api/v1/observations", new_body(world, kind="practice")).status_code == 201
    refused = api.post("/api/v1/observations", new_body(world))
    assert refused.get_json()["error"] == "not_certified"


def test_people_who_are_not_observers_cannot_start_observations(client, world, db_session):
    api = api_as(client, world.others["director"].email)
    response = api.post("/api/v1/observations", new_body(world))
    assert response.status_code == 403
    assert response.get_json()["error"] == "not_an_observer"
    assert observation_count(db_session) == 0


def test_a_department_that_does_not_exist_is_refused_clearly(client, world, db_session):
    api = api_as(client, world.observer.email)
    response = api.post("/api/v1/observations", new_body(world, department_id=99999))
    assert response.status_code == 422
    data = response.get_json()
    assert data["error"] == "unknown_department" and data["message"]
    assert observation_count(db_session) == 0


def test_an_inactive_department_is_refused(client, world, db_session):
    world.department.active = False
    db_session.commit()
    api = api_as(client, world.observer.email)
    response = api.post("/api/v1/observations", new_body(world))
    assert response.get_json()["error"] == "department_inactive"


def test_reading_an_observation_gives_the_whole_contract(client, world, db_session):
    observation = prek_observation(db_session, world)
    api = api_as(client, world.observer.email)
    data = api.get(f"/api/v1/observations/{observation.id}").get_json()
    assert set(data) >= {
        "id",
        "department",
        "observer",
        "semester",
        "observed_on",
        "instrument",
        "kind",
        "primary_observation_id",
        "status",
        "version",
        "submitted_at",
        "cycles",
    }
    assert data["department"] == {
        "id": world.department.id,
        "name": "Maurtua",
        "age_group": "preschool",
        "kindergarten": {"id": world.org["other"].id, "name": "Stabekk barnehage"},
    }
    assert set(data["cycles"][0]) == {
        "number",
        "started_at",
        "ended_at",
        "children_present",
        "adults_present",
        "setting",
        "deviation_reason",
        "notes",
        "scores",
    }


@pytest.mark.parametrize("who", ["colleague", "director", "mentor", "pedagogical_leader"])
def test_others_cannot_tell_an_observation_exists(client, world, db_session, who):
    observation = prek_observation(db_session, world)
    person = getattr(world, who, None) or world.others[who]
    api = api_as(client, person.email)
    hidden = api.get(f"/api/v1/observations/{observation.id}")
    missing = api.get(f"/api/v1/observations/{uuid.uuid4()}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()


def test_the_project_lead_can_read_any_observation(client, world, db_session):
    observation = prek_observation(db_session, world)
    api = api_as(client, world.lead.email)
    assert api.get(f"/api/v1/observations/{observation.id}").status_code == 200


def test_the_instrument_comes_with_labels_rules_and_an_etag(client, world, app):
    api = api_as(client, world.observer.email)
    response = api.get("/api/v1/instruments/class-prek")
    assert response.status_code == 200
    data = response.get_json()
    prek = app.extensions["instruments"]["class-prek"]
    assert (data["id"], data["version"], data["hash"]) == ("class-prek", "2008", prek.file_hash)
    assert data["cycles"]["count"] == 3
    assert [s["code"] for s in data["cycles"]["settings"]][0] == "circle_time"
    nc = data["domains"][0]["dimensions"][1]
    assert (nc["code"], nc["reverse"], nc["licensed"]) == ("NC", True, None)
    assert set(nc["labels"]) == {"nb", "nn", "en"}
    assert nc["indicators"][0]["code"] == "NC.NA"
    assert response.headers["ETag"] == f'"{prek.file_hash}"'
    cached = api.get(
        "/api/v1/instruments/class-prek", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert cached.status_code == 304


def test_an_older_instrument_version_can_be_asked_for_and_unknown_ones_are_404(client, world):
    api = api_as(client, world.observer.email)
    assert api.get("/api/v1/instruments/class-prek?version=2008").status_code == 200
    assert api.get("/api/v1/instruments/class-prek?version=1999").status_code == 404
    response = api.get("/api/v1/instruments/class-infant")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
