"""No input gets a 5xx (DESIGN §7, issue 15 §1): each family of input the databases cannot hold
is refused at the edge (app/form_input.py, app/api/models.py) with a 4xx and a clear message,
and nothing is changed. Runs on SQLite and PostgreSQL."""

from datetime import date

import pytest

from app.form_input import FIRST_DAY, LAST_DAY, MAX_BODY_BYTES, column_int, parse_day
from tests.support.auth import login
from tests.support.observe import api_as, new_body, score_url, snapshot, ts
from tests.web.test_api_validation import assert_error

HUGE = str(2**70)


# Sizes: refused with 413 before the body is read.


def test_an_api_body_beyond_the_limit_is_refused_in_the_error_format(api, observation):
    body = {"value": 4, "client_ts": ts(), "note": "x" * MAX_BODY_BYTES}
    assert_error(api.put(score_url(observation), body), 413, "too_large")


def test_a_fifty_megabyte_password_is_refused_with_a_page(client, world):
    form = {"email": world.observer.email, "password": "x" * 50 * 2**20}
    response = client.post("/login", data=form)
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "too large" in response.get_data(as_text=True).lower() or "for stor" in (
        response.get_data(as_text=True).lower()
    )


def test_the_roster_workbook_may_be_larger_than_other_bodies(client, world):
    login(client, world.lead.email)
    workbook = b"PK" + b"x" * (2 * MAX_BODY_BYTES)
    # Encoded here: the test client would spool it to a file it never closes.
    body, boundary = encode_multipart({"workbook": (workbook, "roster.xlsx")})
    content_type = f"multipart/form-data; boundary={boundary}"
    response = client.post("/admin/roster/preview", data=body, content_type=content_type)
    assert response.status_code != 413  # refused for its content (or the token), not its size
    assert response.status_code < 500


def encode_multipart(files: dict) -> tuple[bytes, str]:
    boundary = "no5xx-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + data
        + b"\r\n"
        for name, (data, filename) in files.items()
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


# Whole numbers beyond the integer columns: in the address, the query and the form.


def test_numbers_in_the_address_beyond_the_columns_are_not_found(client, world):
    login(client, world.lead.email)
    assert client.get(f"/admin/people/{HUGE}").status_code == 404
    assert client.get(f"/admin/people/{2**31}").status_code == 404


def test_numbers_in_the_query_beyond_the_columns_are_ignored(client, world):
    login(client, world.lead.email)
    response = client.get(f"/admin/people/?page={HUGE}&kindergarten={HUGE}")
    assert response.status_code == 200


def test_numbers_in_a_form_beyond_the_columns_are_refused_next_to_the_field(client, world):
    login(client, world.lead.email)
    page = client.get("/admin/people/new").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    form = {"csrf_token": token, "name": "Ny", "email": "ny@example.no"}
    form |= {"home_kindergarten_id": HUGE, "department_ids": HUGE, "roles": "observer"}
    assert client.post("/admin/people/new", data=form).status_code < 500


def test_column_int_refuses_what_no_column_holds():
    assert column_int("2147483647") == 2**31 - 1
    for text in (HUGE, str(-(2**31)), "1.5", ""):
        with pytest.raises(ValueError):
            column_int(text)


# Dates outside the years the app keeps.


@pytest.mark.parametrize("observed_on", ["0999-12-31", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_an_observation_date_outside_the_kept_years_is_refused(api, world, observed_on):
    response = api.post("/api/v1/observations", new_body(world, observed_on=observed_on))
    details = assert_error(response, 422, "invalid")
    assert details["field"] == "observed_on"
    assert "2000" in response.get_json()["message"] and "2100" in response.get_json()["message"]


@pytest.mark.parametrize(
    "client_ts", ["1970-01-01T00:00:00+00:00", "2101-01-01T00:00:00+00:00", "0001-01-01T00:00:00Z"]
)
def test_a_client_time_outside_the_kept_years_changes_nothing(
    api, db_session, observation, client_ts
):
    before = snapshot(db_session, observation)
    response = api.put(score_url(observation), {"value": 4, "client_ts": client_ts})
    assert assert_error(response, 422, "invalid")["field"] == "client_ts"
    assert snapshot(db_session, observation) == before


def test_form_dates_are_read_within_the_kept_years():
    assert parse_day("2025-03-04") == date(2025, 3, 4)
    assert parse_day("04.03.2025") == date(2025, 3, 4)
    for text in ("0999-01-01", "31.12.0001", "9999-12-31", "1999-12-31", "2101-01-01"):
        assert parse_day(text) is None
    assert parse_day(FIRST_DAY.isoformat()) == FIRST_DAY
    assert parse_day(LAST_DAY.isoformat()) == LAST_DAY


# Text the databases cannot store.


def test_a_query_with_a_nul_character_is_refused_by_name(client, world):
    login(client, world.lead.email)
    response = client.get("/admin/people/?q=Ola%00")
    assert response.status_code == 400
    assert "q" in response.get_data(as_text=True)


def test_an_api_query_with_a_nul_character_is_refused_in_the_error_format(client, world):
    api = api_as(client, world.lead.email)
    response = api.get("/api/v1/instruments/class-prek?version=2008%00")
    assert assert_error(response, 400, "bad_parameter")["field"] == "version"


@pytest.mark.parametrize("text", ["Ola\x00", "half \ud800", "\udfff"])
@pytest.mark.parametrize("field", ["notes", "deviation_reason", "setting"])
def test_cycle_text_the_database_cannot_store_changes_nothing(
    api, db_session, observation, text, field
):
    before = snapshot(db_session, observation)
    url = f"/api/v1/observations/{observation.id}/cycles/1"
    response = api.put(url, {field: text})
    details = assert_error(response, 422, "invalid")
    assert details["field"] == field
    assert field in response.get_json()["message"]
    assert snapshot(db_session, observation) == before


def test_a_reopen_reason_the_database_cannot_store_is_refused(client, world, observation):
    api = api_as(client, world.lead.email)
    response = api.post(f"/api/v1/observations/{observation.id}/reopen", {"reason": "x\x00"})
    assert response.status_code in (409, 422)  # a draft: refused either way, never a 5xx


def test_a_plan_share_out_of_range_is_refused_next_to_the_field(client, world):
    login(client, world.lead.email)
    page = client.get("/plan/new").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/plan/new", data={"csrf_token": token, "semester": "2025V", "share": "99"}
    )
    assert response.status_code < 500
