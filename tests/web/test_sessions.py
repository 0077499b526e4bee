"""Sessions that end (issue 14 §3): logout, deactivation, idle and absolute timeouts, CSRF
tokens bound to the session, and the sign_in / end_sessions / current_provider contract."""

import pytest
from sqlalchemy import select

from analysis.schema import user_session
from app.auth import sessions
from tests.support.auth import csrf_token, login
from tests.support.clock import Clock
from tests.support.factories import make_org, make_user

HOME = "/home/observer"
API = "/api/v1/instruments/class-prek"


@pytest.fixture
def observer(db_session):
    org = make_org(db_session)
    user = make_user(db_session, "ola@example.no", "observer", home_kindergarten=org["home"])
    db_session.commit()
    return user


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def copy_of(app, client):
    """A second browser holding a copy of the client's cookies (a stolen cookie)."""
    thief = app.test_client()
    for cookie in client._cookies.values():
        thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return thief


def rows(db_session) -> list:
    db_session.expire_all()
    return db_session.execute(select(user_session)).all()


def assert_signed_out(client, path: str = HOME) -> None:
    page = client.get(path)
    assert page.status_code == 302
    assert page.location.startswith("/login?next=")
    answer = client.get(API)
    assert answer.status_code == 401
    assert answer.get_json()["error"] == "not_signed_in"
    assert set(answer.get_json()) == {"error", "message", "details"}


def test_the_cookie_holds_a_token_whose_hash_alone_is_stored(app, client, db_session, observer):
    login(client, observer.email)
    with client.session_transaction() as cookie:
        token = cookie[sessions.TOKEN_KEY]
    [row] = rows(db_session)
    assert row.token_hash == sessions.hash_token(token) != token
    assert row.user_id == observer.id and row.ended_at is None and row.provider is None


def test_logout_kills_a_copied_cookie(app, client, db_session, observer):
    login(client, observer.email)
    thief = copy_of(app, client)
    assert thief.get(HOME).status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, HOME)})
    assert_signed_out(client)
    assert_signed_out(thief)
    assert rows(db_session)[0].ended_at is not None


def test_ending_a_users_sessions_ends_each_of_them(app, db_session, observer):
    tablet, laptop = app.test_client(), app.test_client()
    login(tablet, observer.email)
    login(laptop, observer.email)
    sessions.end_sessions(db_session, observer.id)
    db_session.commit()
    assert_signed_out(tablet)
    assert_signed_out(laptop)
    assert all(row.ended_at is not None for row in rows(db_session))


def test_the_idle_timeout_ends_a_session_and_pages_ask_to_sign_in(client, observer, clock):
    login(client, observer.email)
    clock.advance(minutes=29)
    assert client.get(HOME).status_code == 200  # activity keeps it alive
    clock.advance(minutes=29)
    assert client.get(HOME).status_code == 200
    clock.advance(minutes=30, seconds=1)
    page = client.get("/observe/new")
    assert page.status_code == 302 and page.location == "/login?next=%2Fobserve%2Fnew"
    assert_signed_out(client)


def test_the_idle_timeout_is_a_setting(app, client, observer, clock):
    app.config["SESSION_IDLE_MINUTES"] = 5
    login(client, observer.email)
    clock.advance(minutes=4)
    assert client.get(HOME).status_code == 200
    clock.advance(minutes=5, seconds=1)
    assert_signed_out(client)


def test_the_absolute_lifetime_ends_even_a_busy_session(client, db_session, observer, clock):
    login(client, observer.email)
    for _ in range(12 * 3 - 1):
        clock.advance(minutes=20)
        assert client.get(API).status_code == 200
    clock.advance(minutes=20)  # 12 hours after signing in
    assert_signed_out(client)
    assert rows(db_session)[0].ended_at is not None  # the record says when it stopped


def test_last_seen_is_written_at_most_once_a_minute(client, db_session, observer, clock):
    login(client, observer.email)
    signed_in = rows(db_session)[0].last_seen_at
    clock.advance(seconds=50)
    client.get(API)
    assert rows(db_session)[0].last_seen_at == signed_in  # no write on this request
    clock.advance(seconds=15)
    client.get(API)
    assert rows(db_session)[0].last_seen_at == clock.at


def test_a_csrf_token_dies_with_its_session(app, client, observer):
    login(client, observer.email)
    old_token = csrf_token(client, HOME)
    client.post("/logout", data={"csrf_token": old_token})
    login(client, observer.email)
    headers = {"X-CSRFToken": old_token, "Content-Type": "application/json"}
    answer = client.post("/api/v1/observations", json={}, headers=headers)
    assert answer.status_code == 400 and answer.get_json()["error"] == "csrf_failed"
    refused = client.post("/logout", data={"csrf_token": old_token})
    assert refused.status_code == 400
    assert client.get(HOME).status_code == 200  # still signed in: the old token did nothing


def test_an_expired_sessions_csrf_token_gets_401_from_the_api(client, observer, clock):
    login(client, observer.email)
    token = csrf_token(client, HOME)
    clock.advance(minutes=31)
    assert client.get(HOME).status_code == 302  # the session ends; its token goes with it
    answer = client.put(
        "/api/v1/observations/00000000-0000-4000-8000-000000000000/cycles/1/scores/PC",
        json={"value": 4}, headers={"X-CSRFToken": token},
    )  # fmt: skip
    assert answer.status_code == 401 and answer.get_json()["error"] == "not_signed_in"


def test_csrf_tokens_never_outlive_the_absolute_lifetime(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] == app.config["SESSION_MAX_HOURS"] * 3600


def test_sign_in_records_the_provider_for_logout(app, db_session, observer):
    with app.test_request_context("/"):
        sessions.sign_in(observer, provider="feide")
        assert sessions.current_provider() == "feide"
    assert rows(db_session)[0].provider == "feide"


def test_current_provider_is_read_back_on_later_requests(app, client, db_session, observer):
    with app.test_request_context("/"):
        sessions.sign_in(observer, provider="entra")
        cookie = dict(__import__("flask").session)
    with client.session_transaction() as stored:
        stored.update(cookie)
    with client:
        assert client.get(HOME).status_code == 200
        assert sessions.current_provider() == "entra"
    login(app.test_client(), observer.email)
    assert [row.provider for row in rows(db_session)] == ["entra", None]


def test_logout_without_an_oidc_module_signs_out_locally(app, client, observer):
    with app.test_request_context("/"):
        sessions.sign_in(observer, provider="nowhere")
        cookie = dict(__import__("flask").session)
    with client.session_transaction() as stored:
        stored.update(cookie)
    response = client.post("/logout", data={"csrf_token": csrf_token(client, HOME)})
    assert response.status_code == 302
    assert_signed_out(client)


def test_a_cookie_from_before_server_side_sessions_is_signed_out(client, observer):
    with client.session_transaction() as stored:
        stored["_user_id"] = str(observer.id)
        stored["_fresh"] = True
    assert_signed_out(client)


def test_deactivation_in_the_people_page_ends_sessions(app, client, db_session, observer):
    lead = make_user(db_session, "lead@example.no", "project_lead")
    db_session.commit()
    tablet = app.test_client()
    login(tablet, observer.email)
    login(client, lead.email)
    path = f"/admin/people/{observer.id}"
    fields = {"csrf_token": csrf_token(client, path), "name": observer.name,
              "email": observer.email, "roles": ["observer"],
              "home_kindergarten_id": observer.home_kindergarten_id, "active": ""}  # fmt: skip
    assert client.post(path, data=fields).status_code == 302
    assert_signed_out(tablet)
    ended = [row.ended_at is not None for row in rows(db_session) if row.user_id == observer.id]
    assert ended == [True]
    assert client.get("/admin/people/").status_code == 200  # the lead stays signed in


def test_deactivation_by_roster_import_ends_sessions(app, client, db_session, observer, tmp_path):
    import io

    from openpyxl import load_workbook

    from app.admin.roster_store import load_roster
    from app.admin.roster_workbook import write_roster

    login(client, observer.email)
    workbook = load_workbook(io.BytesIO(write_roster(load_roster(db_session))))
    for row in workbook["people"].iter_rows(min_row=2):
        if row[0].value == observer.email:
            row[5].value = "false"
    workbook.save(tmp_path / "roster.xlsx")
    result = app.test_cli_runner().invoke(args=["roster", "import", str(tmp_path / "roster.xlsx")])
    assert result.exit_code == 0, result.output
    assert_signed_out(client)
    assert rows(db_session)[0].ended_at is not None


def test_a_users_month_old_sessions_are_dropped_at_their_next_sign_in(
    app, db_session, observer, clock
):
    login(app.test_client(), observer.email)
    clock.advance(days=31)
    login(app.test_client(), observer.email)
    assert [row.created_at for row in rows(db_session)] == [clock.at]
