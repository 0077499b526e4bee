"""Two app servers on one database (issue 14 §4): real HTTP servers, one cookie jar, requests
alternating between them. Sign in on one and work on the other, log out on one and find the
session dead on the other, hit the sign-in limit across both.

Runs on SQLite (one file) and PostgreSQL (one database); with CI=true both must run."""

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from analysis.schema import login_failure
from app.models import Score
from tests.conftest import make_test_app
from tests.support.databases import empty_all_tables
from tests.support.factories import PASSWORD
from tests.support.observe import make_world, prek_observation, score_url, ts

SHARED_SECRET = "one-key-for-every-app-server"  # what SECRET_KEY is for in production


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One cookie jar; each request names the server it goes to."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def send(self, url: str, method: str = "GET", data=None, headers=None, *, as_json=False):
        """Return (status, body text, headers) without following redirects."""
        body = None
        headers = dict(headers or {})
        if data is not None and not as_json:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def csrf(self, url: str) -> str:
        return re.search(r'<meta name="csrf-token" content="([^"]+)"', self.send(url)[1])[1]

    def login(self, server: str, email: str, password: str = PASSWORD, token_from: str = ""):
        token = self.csrf(f"{token_from or server}/login")
        data = {"email": email, "password": password, "csrf_token": token}
        return self.send(f"{server}/login", "POST", data, {"Accept-Language": "en"})


def serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def servers(database_url, tmp_path):
    """Two app servers (separate apps, engines and instance folders) on one database."""
    apps = [
        make_test_app(database_url, tmp_path / name, SECRET_KEY=SHARED_SECRET)
        for name in ("one", "two")
    ]
    if apps[0].extensions["db_engine"].dialect.name == "postgresql":
        empty_all_tables(apps[0].extensions["db_engine"])
    running = [serve(app) for app in apps]
    yield apps, [url for _, _, url in running]
    for server, thread, _ in running:
        server.shutdown()
        thread.join(5)
    for app in apps:
        app.extensions["db_engine"].dispose()


@pytest.fixture
def world_and_observation(servers):
    session = servers[0][0].extensions["db_sessionmaker"]()
    world = make_world(session)
    observation = prek_observation(session, world)
    yield session, world, observation
    session.close()


def test_sign_in_on_one_work_on_the_other_log_out_everywhere(servers, world_and_observation):
    _, (one, two) = servers
    db, world, observation = world_and_observation
    browser = Browser()
    status, _, headers = browser.login(one, world.observer.email)
    assert status == 302, "signed in on server one"
    assert browser.send(f"{two}/home/observer")[0] == 200  # the same session on server two

    token = browser.csrf(f"{two}/home/observer")
    body = {"value": 5, "indicator_marks": {}, "note": "", "client_ts": ts()}
    status, text, _ = browser.send(
        f"{one}{score_url(observation)}", "PUT", body, {"X-CSRFToken": token}, as_json=True
    )
    assert status == 200, text  # a token from server two is good on server one
    db.expire_all()
    assert db.scalar(select(Score.value)) == 5

    stolen = [(c.name, c.value) for c in browser.jar]  # a copy taken before logout
    logout_token = browser.csrf(f"{one}/home/observer")
    assert browser.send(f"{one}/logout", "POST", {"csrf_token": logout_token})[0] == 302

    thief = Browser()
    for name, value in stolen:
        thief.jar.set_cookie(http.cookiejar.Cookie(
            0, name, value, None, False, "127.0.0.1", False, False, "/", True, False,
            None, False, None, None, {},
        ))  # fmt: skip
    status, _, headers = thief.send(f"{two}/home/observer")
    assert status == 302 and "/login" in headers["Location"]
    body["value"], body["client_ts"] = 1, ts(60)
    status, text, _ = thief.send(
        f"{two}{score_url(observation)}", "PUT", body, {"X-CSRFToken": token}, as_json=True
    )
    assert status == 401 and json.loads(text)["error"] == "not_signed_in"
    db.expire_all()
    assert db.scalar(select(Score.value)) == 5  # the copied cookie changed nothing


def test_the_sign_in_limit_counts_failures_on_every_server(servers, world_and_observation):
    apps, (one, two) = servers
    db, world, _ = world_and_observation
    browser = Browser()
    limit = apps[0].config["LOGIN_LIMIT_ACCOUNT"]
    for attempt in range(limit):
        server = (one, two)[attempt % 2]
        status, page, _ = browser.login(server, world.observer.email, "wrong")
        assert status == 200 and "Wrong email or password" in page
    for server in (one, two):
        status, page, _ = browser.login(server, world.observer.email)  # the right password
        assert status == 429 and "Wait 15 minutes" in page
    assert db.scalar(select(func.count()).select_from(login_failure)) == limit
    # Another account from the same address signs in on either server.
    assert Browser().login(two, world.colleague.email)[0] == 302
