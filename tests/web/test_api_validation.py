"""Every bad request gets a 4xx JSON error {error, message, details} and changes nothing."""

import uuid

import pytest

from tests.support.auth import login
from tests.support.observe import (
    Api,
    api_as,
    complete,
    new_body,
    score_url,
    snapshot,
    ts,
)


def assert_error(response, status: int, error: str) -> dict:
    """Check the JSON error shape and return its details."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert set(data) == {"error", "message", "details"}
    assert data["error"] == error
    assert isinstance(data["message"], str) and data["message"]
    assert isinstance(data["details"], dict)
    return data["details"]


@pytest.mark.parametrize("value", [0, 8, -1, 3.5, 4.0, "3", "x", True, None, [4], {"v": 4}])
def test_a_score_that_is_not_a_whole_number_from_1_to_7_changes_nothing(
    api, db_session, observation, value
):
    before = snapshot(db_session, observation)
    response = api.put(score_url(observation), {"value": value, "client_ts": ts()})
    assert assert_error(response, 422, "invalid")["field"] == "value"
    assert snapshot(db_session, observation) == before


def test_a_score_without_a_value_is_refused(api, db_session, observation):
    response = api.put(score_url(observation), {"note": "Warm greetings", "client_ts": ts()})
    assert assert_error(response, 422, "invalid")["field"] == "value"


@pytest.mark.parametrize("dimension", ["XX", "RCP", "pc"])  # RCP is a Toddler dimension
def test_an_unknown_dimension_is_not_found(api, db_session, observation, dimension):
    before = snapshot(db_session, observation)
    response = api.put(score_url(observation, dimension=dimension), {"value": 4, "client_ts": ts()})
    details = assert_error(response, 404, "unknown_dimension")
    assert "PC" in details["known"]
    assert snapshot(db_session, observation) == before


@pytest.mark.parametrize("cycle", [0, 4, 99])
def test_a_cycle_outside_one_to_three_is_not_found(api, db_session, observation, cycle):
    before = snapshot(db_session, observation)
    response = api.put(score_url(observation, cycle=cycle), {"value": 4, "client_ts": ts()})
    assert assert_error(response, 404, "unknown_cycle")["count"] == 3
    cycle_response = api.put(
        f"/api/v1/observations/{observation.id}/cycles/{cycle}", {"notes": "x"}
    )
    assert_error(cycle_response, 404, "unknown_cycle")
    assert snapshot(db_session, observation) == before


@pytest.mark.parametrize(
    "body, field",
    [
        ({"indicator_marks": {"NC.NA": "low"}}, "indicator_marks"),  # another dimension's
        ({"indicator_marks": {"PC.REL": "medium"}}, "indicator_marks"),
        ({"indicator_marks": ["PC.REL"]}, "indicator_marks"),
        ({"note": "x" * 4001}, "note"),
        ({"note": 17}, "note"),
        ({"client_ts": None}, "client_ts"),
        ({"client_ts": "2025-03-04T10:00:00"}, "client_ts"),  # no offset
        ({"client_ts": "yesterday"}, "client_ts"),
    ],
)
def test_bad_score_fields_change_nothing(api, db_session, observation, body, field):
    before = snapshot(db_session, observation)
    response = api.put(score_url(observation), {"value": 4, "client_ts": ts(), **body})
    assert assert_error(response, 422, "invalid")["field"] == field
    assert snapshot(db_session, observation) == before


def test_unknown_fields_are_refused_not_dropped(api, db_session, observation):
    response = api.put(score_url(observation), {"value": 4, "client_ts": ts(), "score": 5})
    assert assert_error(response, 422, "invalid")["fields"] == ["score"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"children_present": -1}, "children_present"),
        ({"children_present": 201}, "children_present"),
        ({"adults_present": 2.5}, "adults_present"),
        ({"adults_present": "3"}, "adults_present"),
        ({"setting": "nap_time"}, "setting"),
        ({"started_at": "09:00"}, "started_at"),
        ({"ended_at": "2025-03-04T09:20:00"}, "ended_at"),
        (
            {"started_at": "2025-03-04T09:20:00+00:00", "ended_at": "2025-03-04T09:00:00+00:00"},
            "ended_at",
        ),
        ({"notes": ["a"]}, "notes"),
    ],
)
def test_bad_cycle_fields_change_nothing(api, db_session, observation, body, field):
    before = snapshot(db_session, observation)
    response = api.put(f"/api/v1/observations/{observation.id}/cycles/1", body)
    assert assert_error(response, 422, "invalid")["field"] == field
    assert snapshot(db_session, observation) == before


def test_a_cycle_cannot_end_before_the_stored_start(api, db_session, observation):
    url = f"/api/v1/observations/{observation.id}/cycles/1"
    assert api.put(url, {"started_at": "2025-03-04T09:20:00+00:00"}).status_code == 200
    before = snapshot(db_session, observation)
    response = api.put(url, {"ended_at": "2025-03-04T09:10:00+00:00"})
    assert assert_error(response, 422, "invalid")["field"] == "ended_at"
    assert snapshot(db_session, observation) == before


@pytest.mark.parametrize(
    "change, field",
    [
        ({"id": "not-a-uuid"}, "id"),
        ({"observed_on": "4.3.2025"}, "observed_on"),
        ({"observed_on": "2025-02-30"}, "observed_on"),
        ({"kind": "rehearsal"}, "kind"),
        ({"department_id": "7"}, "department_id"),
        ({"department_id": None}, "department_id"),
        ({"primary_observation_id": "nope"}, "primary_observation_id"),
    ],
)
def test_bad_fields_when_starting_an_observation_are_refused(api, world, db_session, change, field):
    response = api.post("/api/v1/observations", new_body(world, **change))
    assert assert_error(response, 422, "invalid")["field"] == field


def test_malformed_json_is_a_bad_request(api, db_session, observation):
    before = snapshot(db_session, observation)
    response = api.put(
        score_url(observation), data='{"value": 4,', headers={"Content-Type": "application/json"}
    )
    assert_error(response, 400, "malformed_json")
    assert_error(api.put(score_url(observation), [4, ts()]), 400, "malformed_json")
    assert snapshot(db_session, observation) == before


def test_a_body_that_is_not_json_is_refused(api, db_session, observation):
    response = api.put(score_url(observation), data={"value": "4", "client_ts": ts()})
    assert_error(response, 415, "unsupported_media_type")


def test_a_write_without_the_csrf_token_is_refused_as_json(client, world, db_session, observation):
    login(client, world.observer.email)
    before = snapshot(db_session, observation)
    response = Api(client, None).put(score_url(observation), {"value": 4, "client_ts": ts()})
    assert_error(response, 400, "csrf_failed")
    wrong = Api(client, "not-the-token").put(
        score_url(observation), {"value": 4, "client_ts": ts()}
    )
    assert_error(wrong, 400, "csrf_failed")
    assert snapshot(db_session, observation) == before


def test_signed_out_callers_get_401_json_not_a_redirect(client, world, db_session, observation):
    assert_error(client.get(f"/api/v1/observations/{observation.id}"), 401, "not_signed_in")
    assert_error(client.get("/api/v1/instruments/class-prek"), 401, "not_signed_in")
    # A write from an expired session carries no valid CSRF token either; "sign in" is the answer.
    response = Api(client, "stale").put(score_url(observation), {"value": 4, "client_ts": ts()})
    assert_error(response, 401, "not_signed_in")


def test_another_observers_observation_is_not_found(client, world, db_session, observation):
    api = api_as(client, world.colleague.email)
    before = snapshot(db_session, observation)
    assert_error(api.put(score_url(observation), {"value": 4, "client_ts": ts()}), 404, "not_found")
    url = f"/api/v1/observations/{observation.id}"
    assert_error(api.put(f"{url}/cycles/1", {"notes": "x"}), 404, "not_found")
    assert_error(api.post(f"{url}/submit"), 404, "not_found")
    assert snapshot(db_session, observation) == before


def test_the_project_lead_sees_but_cannot_score_someone_elses_observation(
    client, world, db_session, observation
):
    api = api_as(client, world.lead.email)
    before = snapshot(db_session, observation)
    assert_error(api.put(score_url(observation), {"value": 4, "client_ts": ts()}), 403, "forbidden")
    assert snapshot(db_session, observation) == before


def test_a_submitted_observation_refuses_every_write(api, db_session, observation):
    complete(db_session, observation)
    url = f"/api/v1/observations/{observation.id}"
    assert api.post(f"{url}/submit").status_code == 200
    before = snapshot(db_session, observation)
    for response in [
        api.put(score_url(observation), {"value": 6, "client_ts": ts(60)}),
        api.put(f"{url}/cycles/2", {"notes": "late thought"}),
        api.post(f"{url}/submit"),
    ]:
        details = assert_error(response, 409, "observation_locked")
        assert details == {"status": "submitted"}
        assert "levert" in response.get_json()["message"]  # bokmål, the default UI language
    assert snapshot(db_session, observation) == before


def test_unknown_api_addresses_and_methods_answer_in_json(api, observation):
    assert_error(api.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(
        api.get(f"/api/v1/observations/{uuid.uuid4()}/cycles/1"), 405, "method_not_allowed"
    )
    assert_error(api.get("/api/v1/observations/not-a-uuid"), 404, "not_found")


def test_messages_follow_the_users_language(client, world, db_session, observation):
    api = api_as(client, world.observer.email)
    client.post("/language", data={"lang": "en", "csrf_token": api.headers["X-CSRFToken"]})
    response = api.put(score_url(observation), {"value": 9, "client_ts": ts()})
    assert response.get_json()["message"] == "A score must be a whole number from 1 to 7."


@pytest.mark.parametrize(
    "body, field",
    [
        ({"note": "Ola\x00"}, "note"),  # PostgreSQL stores no NUL character
        ({"note": "half a pair \ud800"}, "note"),  # a lone UTF-16 surrogate
        ({"client_ts": "0001-01-01T00:00:00+01:00"}, "client_ts"),  # before year 1 in UTC
        ({"client_ts": "9999-12-31T23:59:59-01:00"}, "client_ts"),  # after year 9999 in UTC
    ],
)
def test_values_the_database_cannot_hold_are_refused(api, db_session, observation, body, field):
    before = snapshot(db_session, observation)
    response = api.put(score_url(observation), {"value": 4, "client_ts": ts(), **body})
    assert assert_error(response, 422, "invalid")["field"] == field
    assert snapshot(db_session, observation) == before


@pytest.mark.parametrize(
    "change, field",
    [
        ({"observed_on": "0999-12-31"}, "observed_on"),  # semesters have four-digit years
        ({"department_id": 2**40}, "department_id"),  # integer out of range
        ({"instrument_id": "class-prek\x00"}, "instrument_id"),
        ({"override_reason": "\ud800"}, "override_reason"),
    ],
)
def test_starting_an_observation_refuses_what_the_database_cannot_hold(api, world, change, field):
    response = api.post("/api/v1/observations", new_body(world, **change))
    assert assert_error(response, 422, "invalid")["field"] == field


def test_numbers_and_codes_in_the_address_that_fit_no_column_are_not_found(api, observation):
    huge = 2**70
    base = f"/api/v1/observations/{observation.id}/cycles"
    body = {"value": 4, "client_ts": ts()}
    assert_error(api.put(f"{base}/{huge}", {"notes": "x"}), 404, "not_found")
    assert_error(api.put(f"{base}/{huge}/scores/PC", body), 404, "not_found")
    assert_error(api.put(f"{base}/1/scores/P%00C", body), 404, "unknown_dimension")


def test_json_nested_thousands_deep_is_a_bad_request(api, db_session, observation):
    deep = "[" * 10_000 + "]" * 10_000
    headers = {"Content-Type": "application/json"}
    response = api.put(score_url(observation), data=deep, headers=headers)
    assert_error(response, 400, "malformed_json")
    deep_object = '{"value": ' * 10_000 + "4" + "}" * 10_000
    response = api.put(score_url(observation), data=deep_object, headers=headers)
    assert_error(response, 400, "malformed_json")


def test_a_query_parameter_given_twice_is_refused_by_name(api):
    response = api.get("/api/v1/instruments/class-prek?version=2008&version=2008")
    assert assert_error(response, 422, "invalid")["field"] == "version"
