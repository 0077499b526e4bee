"""Signing in and out, CSRF, and the language switch."""

import re

import pytest

from tests.support.factories import PASSWORD, make_org, make_user


@pytest.fixture
def observer(db_session):
    org = make_org(db_session)
    user = make_user(
        db_session, "Ola.Observator@Example.no", "observer", home_kindergarten=org["home"]
    )
    db_session.commit()
    return user


def csrf_from(html: bytes) -> str:
    return re.search(rb'<meta name="csrf-token" content="([^"]+)"', html)[1].decode()


def login(client, email, password):
    token = csrf_from(client.get("/login").data)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def test_password_is_stored_hashed(observer):
    assert PASSWORD not in observer.password_hash
    assert observer.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_new_passwords_are_hashed_with_scrypt():
    from app.auth.services import hash_password

    hashed = hash_password("hemmelig")
    assert hashed.startswith("scrypt:") and "hemmelig" not in hashed


def test_login_is_case_insensitive_on_email_and_lands_on_role_home(client, observer):
    response = login(client, "OLA.observator@example.NO", PASSWORD)
    assert response.status_code == 302
    assert client.get(response.location).status_code == 302  # / → the role's home
    assert client.get("/home/observer").status_code == 200


@pytest.mark.parametrize("email", ["ola.observator@example.no", "nobody@example.no"])
def test_bad_login_says_the_same_whether_or_not_the_account_exists(client, observer, email):
    response = login(client, email, "wrong password")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Feil e-post eller passord" in body
    assert "finnes ikke" not in body


def test_login_without_csrf_token_is_refused(client, observer):
    response = client.post("/login", data={"email": observer.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/home/observer").status_code == 302  # still signed out


def test_inactive_user_cannot_sign_in(client, db_session, observer):
    observer.active = False
    db_session.commit()
    assert login(client, observer.email, PASSWORD).status_code == 200
    assert client.get("/home/observer").status_code == 302


def test_logout_needs_post_with_csrf_and_signs_out(client, observer):
    login(client, observer.email, PASSWORD)
    assert client.get("/logout").status_code == 405
    token = csrf_from(client.get("/home/observer").data)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/home/observer").status_code == 302


def test_open_redirect_in_next_is_ignored(client, observer):
    token = csrf_from(client.get("/login").data)
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": observer.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.location == "/"


def test_default_language_is_bokmaal_and_accept_language_is_honoured(client):
    assert 'lang="nb"' in client.get("/login").get_data(as_text=True)
    english = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert 'lang="en"' in english.get_data(as_text=True)
    assert "Sign in" in english.get_data(as_text=True)


def test_language_choice_is_remembered_for_the_user(client, db_session, observer):
    login(client, observer.email, PASSWORD)
    token = csrf_from(client.get("/home/observer").data)
    response = client.post(
        "/language", data={"lang": "nn", "csrf_token": token, "next": "/home/observer"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get("/home/observer").get_data(as_text=True)
    assert 'lang="nn"' in page
    db_session.refresh(observer)
    assert observer.locale == "nn"
