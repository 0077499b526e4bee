"""Local accounts: change your password, forgot it (a link by e-mail through a local SMTP sink),
a project lead's set-password link, and the password policy."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from analysis.schema import password_token
from app.auth import accounts
from app.auth.passwords import password_problem
from app.models import AuditEvent, PasswordToken, User
from tests.conftest import make_test_app
from tests.support.auth import csrf_token, login
from tests.support.factories import PASSWORD, make_org, make_user
from tests.support.mail_app import mail_test_app

# The routes of this file, for the role × route matrix (tests/web/test_permissions.py).
ACCOUNT_GETS = {
    "/account/password",  # any signed-in user; anonymous → the login page
    "/password/forgot",  # anyone
    "/password/reset/<token>",  # anyone holding a live link
    "/login/oidc/<name>",  # anyone (tests/web/test_oidc.py)
    "/login/oidc/<name>/callback",
}
ACCOUNT_POSTS = {"/admin/people/<int:user_id>/password-link"}  # the project lead only

NEW = "seven blue herons at dawn"
CHANGE = "/account/password"
FORGOT = "/password/forgot"


@pytest.fixture
def app(database_url, tmp_path, sink):
    with mail_test_app(database_url, tmp_path, sink) as app:
        yield app


@pytest.fixture
def people(db_session):
    org = make_org(db_session)
    users = {
        "kari": make_user(db_session, "kari.nordmann@example.no", "observer"),
        "lead": make_user(db_session, "lead@example.no", "project_lead", name="Pia Prosjekt"),
        "director": make_user(
            db_session, "director@example.no", "director", home_kindergarten=org["home"]
        ),
    }
    db_session.commit()
    return users


def post(client, path: str, data: dict, page: str | None = None):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})


def password_hash(db_session, user) -> str:
    db_session.expire_all()
    return db_session.get(User, user.id).password_hash


def signed_in(client) -> bool:
    return client.get(CHANGE).status_code == 200


def audit(db_session, action: str) -> list:
    db_session.expire_all()
    return db_session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


# --- the policy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "x" * 12, "æøå æøå æøå!", "🦔🦔🦔🦔🦔🦔🦔🦔🦔🦔🦔🦔", "z" * 128],
)
def test_length_is_all_the_policy_asks_for(app, password):
    with app.test_request_context():
        assert password_problem(password, "kari@example.no") is None


@pytest.mark.parametrize(
    "password",
    [
        "elleve tegn",
        "1qaz2wsx3edc",
        "QWERTY123456",
        "passord12345",
        "z" * 129,
        "my kari.nordmann pw",
    ],
    ids=["11 characters", "common", "common in capitals", "common Norwegian", "too long", "email"],
)
def test_short_common_and_own_email_passwords_are_refused(app, password):
    with app.test_request_context():
        assert password_problem(password, "Kari.Nordmann@example.no") is not None


# --- changing your own password -------------------------------------------------------------


def test_change_needs_the_current_password_and_changes_nothing_without_it(
    client, db_session, people
):
    before = password_hash(db_session, people["kari"])
    login(client, people["kari"].email)
    answer = post(client, CHANGE, {"current": "wrong password!", "password": NEW, "confirm": NEW})
    assert answer.status_code == 400
    assert 'id="current-error"' in answer.get_data(as_text=True)
    assert password_hash(db_session, people["kari"]) == before
    assert audit(db_session, "password") == []


@pytest.mark.parametrize(
    ("password", "confirm"),
    [("short one", "short one"), ("1qaz2wsx3edc", "1qaz2wsx3edc"), (NEW, NEW + "!"), ("", "")],
)
def test_a_bad_new_password_is_refused_with_a_message(
    client, db_session, people, password, confirm
):
    before = password_hash(db_session, people["kari"])
    login(client, people["kari"].email)
    data = {"current": PASSWORD, "password": password, "confirm": confirm}
    answer = post(client, CHANGE, data)
    assert answer.status_code == 400
    assert 'class="field-error"' in answer.get_data(as_text=True)
    assert password_hash(db_session, people["kari"]) == before


def test_a_change_ends_the_other_sessions_keeps_this_one_and_is_audited(
    app, client, db_session, people
):
    elsewhere = app.test_client()
    login(elsewhere, people["kari"].email)
    login(client, people["kari"].email)
    answer = post(client, CHANGE, {"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert answer.status_code == 302
    assert signed_in(client) and not signed_in(elsewhere)
    [event] = audit(db_session, "password")
    assert (event.user_id, event.entity_id, event.reason) == (
        people["kari"].id,
        str(people["kari"].id),
        "change",
    )
    assert event.old_value is None and event.new_value is None  # never the password or its hash
    fresh = app.test_client()
    assert (
        login(fresh, people["kari"].email, PASSWORD).status_code == 200
    )  # refused: the form again
    assert login(fresh, people["kari"].email, NEW).status_code == 302


# --- forgot password --------------------------------------------------------------------------


def test_forgot_answers_the_same_for_known_and_unknown_addresses(client, sink, people):
    known = post(client, FORGOT, {"email": "Kari.Nordmann@example.no"})
    page_known = client.get(known.location).get_data(as_text=True)  # with its flash
    unknown = post(client, FORGOT, {"email": "nobody@example.no"})
    page_unknown = client.get(unknown.location).get_data(as_text=True)
    assert known.status_code == unknown.status_code == 302
    strip = lambda page: re.sub(r"\S+@example\.no|csrf[^>]*", "", page)  # noqa: E731
    assert strip(page_known) == strip(page_unknown)
    assert [m["To"] for m in sink.messages] == ["kari.nordmann@example.no"]


def test_a_reset_link_works_once_sets_the_password_and_ends_every_session(
    app, client, db_session, sink, people
):
    stolen = app.test_client()
    login(stolen, people["kari"].email)
    post(client, FORGOT, {"email": people["kari"].email})
    [message] = sink.messages
    link = sink.link(message)
    assert link.startswith("/password/reset/")
    # The token in the address goes to no other site: same-origin for every page (app/security.py).
    # Not no-referrer: Flask-WTF checks the Referer of a form posted over HTTPS.
    assert client.get(link).headers["Referrer-Policy"] == "same-origin"
    answer = post(client, link, {"password": NEW, "confirm": NEW})
    assert answer.status_code == 302 and answer.location == "/login"
    assert not signed_in(stolen)
    assert login(app.test_client(), people["kari"].email, NEW).status_code == 302
    assert client.get(link).status_code == 404  # single use
    [event] = audit(db_session, "password")
    assert event.reason == "reset" and event.new_value is None
    [row] = db_session.scalars(select(PasswordToken)).all()
    token = link.rsplit("/", 1)[1]
    assert row.token_hash != token and len(row.token_hash) == 64 and row.used_at is not None


def test_a_reset_link_expires_after_an_hour(client, db_session, sink, people, monkeypatch):
    post(client, FORGOT, {"email": people["kari"].email})
    link = sink.link(sink.messages[0])
    start = accounts.now()
    monkeypatch.setattr(accounts, "now", lambda: start + timedelta(minutes=59))
    assert client.get(link).status_code == 200
    monkeypatch.setattr(accounts, "now", lambda: start + timedelta(minutes=61))
    assert client.get(link).status_code == 404
    before = password_hash(db_session, people["kari"])
    assert post(client, link, {"password": NEW, "confirm": NEW}, page=FORGOT).status_code == 404
    assert password_hash(db_session, people["kari"]) == before


def test_a_bad_password_on_the_link_keeps_the_link(client, db_session, sink, people):
    post(client, FORGOT, {"email": people["kari"].email})
    link = sink.link(sink.messages[0])
    answer = post(client, link, {"password": "too short", "confirm": "too short"})
    assert answer.status_code == 400 and 'class="field-error"' in answer.get_data(as_text=True)
    assert post(client, link, {"password": NEW, "confirm": NEW}).status_code == 302


@pytest.mark.parametrize("token", ["nonsense", "x" * 300, "%00"])
def test_an_unknown_link_is_a_clear_page(client, token):
    answer = client.get(f"/password/reset/{token}")
    assert answer.status_code == 404 and "/password/forgot" in answer.get_data(as_text=True)


def test_no_more_than_three_links_an_hour_per_person(client, db_session, sink, people):
    for _ in range(5):
        assert post(client, FORGOT, {"email": people["kari"].email}).status_code == 302
    assert len(sink.messages) == accounts.LINKS_PER_HOUR
    count = db_session.scalar(select(func.count()).select_from(password_token))
    assert count == accounts.LINKS_PER_HOUR


def test_a_deactivated_person_gets_no_link(client, db_session, sink, people):
    db_session.get(User, people["kari"].id).active = False
    db_session.commit()
    assert post(client, FORGOT, {"email": people["kari"].email}).status_code == 302
    assert sink.messages == []


@pytest.mark.parametrize("email", ["", "x" * 300 + "@example.no"])
def test_bad_input_on_forgot_is_a_message(client, sink, people, email):
    answer = post(client, FORGOT, {"email": email})
    assert answer.status_code == 400 and sink.messages == []


def test_the_mail_is_in_the_persons_language(client, db_session, sink, people):
    db_session.get(User, people["kari"].id).locale = "en"
    db_session.commit()
    post(client, FORGOT, {"email": people["kari"].email})
    [message] = sink.messages
    assert message["Subject"] == "Reset your password for TETT PÅ"
    assert message["From"] == "tettpaa@example.no"
    assert "Hello Kari" in message.get_body().get_content()


def test_without_mail_server_the_mail_goes_to_the_log(database_url, tmp_path, people, caplog):
    quiet = make_test_app(database_url, tmp_path / "quiet")
    client = quiet.test_client()
    with caplog.at_level("WARNING", logger="app.mail"):
        post(client, FORGOT, {"email": people["kari"].email})
    assert "/password/reset/" in caplog.text and "MAIL_SERVER" in caplog.text
    quiet.extensions["db_engine"].dispose()


# --- the project lead's set-password link ----------------------------------------------------


def link_path(user) -> str:
    return f"/admin/people/{user.id}/password-link"


def test_a_project_lead_sends_a_set_password_link_from_the_persons_page(
    client, db_session, sink, people
):
    kari = people["kari"]
    login(client, people["lead"].email)
    page = client.get(f"/admin/people/{kari.id}").get_data(as_text=True)
    assert f'action="{link_path(kari)}"' in page
    answer = post(client, link_path(kari), {}, page=f"/admin/people/{kari.id}")
    assert answer.status_code == 302 and answer.location == f"/admin/people/{kari.id}"
    [message] = sink.messages
    assert message["To"] == kari.email and "Pia Prosjekt" in message.get_body().get_content()
    [row] = db_session.scalars(select(PasswordToken)).all()
    assert (row.purpose, row.created_by_id) == ("set", people["lead"].id)
    assert row.expires_at - row.created_at == accounts.SET_VALID
    [event] = audit(db_session, "password_link")
    assert (event.user_id, event.new_value) == (people["lead"].id, "set")
    other = client.application.test_client()
    assert post(other, sink.link(message), {"password": NEW, "confirm": NEW}).status_code == 302
    assert login(other, kari.email, NEW).status_code == 302


@pytest.mark.parametrize("role", ["director", "kari"])
def test_only_the_project_lead_may_send_a_link(client, db_session, sink, people, role):
    login(client, people[role].email)
    answer = post(client, link_path(people["kari"]), {}, page=CHANGE)
    assert answer.status_code == 403 and sink.messages == []
    if role == "director":
        page = client.get(f"/admin/people/{people['kari'].id}").get_data(as_text=True)
        assert "password-link" not in page


def test_the_link_route_refuses_anonymous_unknown_inactive_and_no_csrf(
    client, db_session, sink, people
):
    assert client.post(link_path(people["kari"])).status_code in (302, 400)
    login(client, people["lead"].email)
    assert post(client, "/admin/people/999999/password-link", {}, page=CHANGE).status_code == 404
    assert client.post(link_path(people["kari"])).status_code in (302, 400)  # no CSRF token
    db_session.get(User, people["kari"].id).active = False
    db_session.commit()
    assert post(client, link_path(people["kari"]), {}, page=CHANGE).status_code == 302
    assert sink.messages == []
    assert db_session.scalar(select(func.count()).select_from(password_token)) == 0


# --- who may open the pages ------------------------------------------------------------------


def test_the_change_page_needs_a_sign_in_and_the_others_are_public(client, people):
    answer = client.get(CHANGE)
    assert answer.status_code == 302 and answer.location.startswith("/login")
    assert client.get(FORGOT).status_code == 200
    login(client, people["director"].email)
    assert client.get(CHANGE).status_code == 200


def test_the_login_page_links_to_forgot_password(client):
    assert f'href="{FORGOT}"' in client.get("/login").get_data(as_text=True)
