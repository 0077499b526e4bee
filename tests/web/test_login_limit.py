"""The sign-in limit (issue 14 §3): per account and per address, a sliding window with a clear
wait, kept in the database; junk sent to /login never gets a 5xx; the start-up settings."""

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from analysis.schema import login_failure
from app import create_app
from app.config import MissingSecretKey
from tests.support.auth import csrf_token
from tests.support.clock import Clock
from tests.support.factories import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]
WAIT = "Wait 15 minutes"
ENGLISH = {"Accept-Language": "en"}  # the nb text arrives with the translations


@pytest.fixture
def people(db_session):
    ola = make_user(db_session, "ola@example.no", "observer")
    kari = make_user(db_session, "kari@example.no", "observer")
    db_session.commit()
    return ola, kari


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def attempt(client, email: str, password: str = "wrong", address: str = "10.0.0.1"):
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": address}, headers=ENGLISH)


def signed_in(response) -> bool:
    return response.status_code == 302


def failures(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(login_failure))


def test_ten_failures_lock_the_account_for_a_while_then_it_opens(client, people, clock):
    for _ in range(10):
        assert attempt(client, "OLA@example.no").status_code == 200
        clock.advance(seconds=30)
    refused = attempt(client, "ola@example.no", PASSWORD)  # even the right password
    assert refused.status_code == 429
    assert "Wait 10 minutes" in refused.get_data(as_text=True)  # the oldest leaves in 10
    clock.advance(minutes=10, seconds=30)  # the first failure leaves the window
    assert signed_in(attempt(client, "ola@example.no", PASSWORD))


def test_the_wait_says_how_long(client, people, clock):
    for _ in range(10):
        attempt(client, "ola@example.no")
    page = attempt(client, "ola@example.no").get_data(as_text=True)
    assert "Too many failed sign-ins" in page and WAIT in page
    clock.advance(minutes=14, seconds=30)
    assert "Wait 1 minute " in attempt(client, "ola@example.no").get_data(as_text=True)


def test_one_account_locked_leaves_the_others_open(app, client, db_session, people):
    for _ in range(10):
        attempt(client, "ola@example.no")
    assert attempt(client, "ola@example.no", PASSWORD).status_code == 429
    assert signed_in(attempt(app.test_client(), "kari@example.no", PASSWORD))
    # Kari's success resets nobody's count, Ola's included.
    assert attempt(app.test_client(), "ola@example.no", PASSWORD).status_code == 429
    assert failures(db_session) == 10


def test_the_limit_per_address_covers_every_account_tried(app, client, people):
    app.config["LOGIN_LIMIT_ADDRESS"] = 5
    for n in range(5):
        attempt(client, f"guess{n}@example.no", address="192.0.2.7")
    assert attempt(client, "kari@example.no", PASSWORD, address="192.0.2.7").status_code == 429
    assert signed_in(attempt(app.test_client(), "kari@example.no", PASSWORD, address="192.0.2.8"))


def test_unknown_accounts_count_the_same_as_real_ones(client, people):
    for _ in range(10):
        attempt(client, "nobody@example.no")
    assert attempt(client, "nobody@example.no").status_code == 429


def test_old_failures_are_pruned(client, db_session, people, clock):
    for _ in range(3):
        attempt(client, "ola@example.no")
    clock.advance(minutes=16)
    attempt(client, "kari@example.no")
    assert failures(db_session) == 1


def test_forwarded_for_is_not_trusted(app, client, people):
    app.config["LOGIN_LIMIT_ADDRESS"] = 3
    for n in range(3):
        data = {"email": f"g{n}@example.no", "password": "x", "csrf_token": csrf_token(client)}
        client.post("/login", data=data, headers={"X-Forwarded-For": f"203.0.113.{n}"})
    assert attempt(client, "kari@example.no", PASSWORD, address="127.0.0.1").status_code == 429


JUNK = st.one_of(st.text(max_size=400), st.binary(max_size=100).map(repr), st.just("\x00" * 9))


@hypothesis_settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=JUNK, password=JUNK)
def test_junk_sent_to_login_never_gets_a_5xx(client, people, email, password):
    token = csrf_token(client)
    answer = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert answer.status_code in (200, 400, 429)


@pytest.mark.parametrize(
    "data",
    [
        {"email": ["a@b.no", "c@d.no"], "password": ["x", "y"]},
        {"email": "a" * 100_000, "password": "p"},
        {"password": "only"},
        {},
        {"email": "ola@example.no", "password": "x" * 5000},
    ],
)
def test_odd_forms_are_refused_cleanly(client, people, data):
    answer = client.post("/login", data={**data, "csrf_token": csrf_token(client)})
    assert answer.status_code in (200, 400)
    assert client.post("/login", data=data).status_code == 400  # no CSRF token


def test_production_refuses_to_start_without_secret_key(tmp_path, monkeypatch):
    for name in ("SECRET_KEY", "TETTPAA_DEV", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(MissingSecretKey, match="SECRET_KEY is not set"):
        create_app({"DATABASE_URL": "sqlite://"}, instance_path=str(tmp_path))
    assert not (tmp_path / "secret_key").exists()
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app({"DATABASE_URL": "sqlite://"}, instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-the-environment"


def test_development_keeps_a_random_key_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("TETTPAA_DEV", "1")
    first = create_app({"DATABASE_URL": "sqlite://"}, instance_path=str(tmp_path))
    second = create_app({"DATABASE_URL": "sqlite://"}, instance_path=str(tmp_path))
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32


@pytest.mark.parametrize(
    "name", ["SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS", "LOGIN_LIMIT_ACCOUNT"]
)
@pytest.mark.parametrize("value", ["abc", "0", "-3"])
def test_a_bad_setting_stops_the_start_naming_it(tmp_path, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        create_app({"TESTING": True, "DATABASE_URL": "sqlite://"}, instance_path=str(tmp_path))


def test_wsgi_says_why_it_will_not_start(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    script = "import wsgi"
    refused = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)  # fmt: skip
    assert refused.returncode != 0 and "SECRET_KEY is not set" in refused.stderr
    started = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=120,
                             env={**env, "SECRET_KEY": "k" * 40})  # fmt: skip
    assert started.returncode == 0


def test_the_flask_commands_run_without_a_secret_key(tmp_path):
    # The commands of the public contract (DESIGN §7) sign no cookie; only serving needs a key.
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    flask = Path(sys.executable).parent / "flask"
    done = subprocess.run([str(flask), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
