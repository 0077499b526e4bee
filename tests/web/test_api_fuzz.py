"""Schemathesis against a live server: no input gets a 5xx or an answer the document does not
describe (DESIGN.md §7). Writes land on a real draft observation.

One run on SQLite, bounded by example counts (derandomized, so CI sees the same run each time);
the PostgreSQL-only failures (NUL characters, integers out of range) are covered cheaply in
test_api_validation.py on both databases.
"""

import logging
import threading
import time

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from werkzeug.serving import make_server

from tests.support.factories import PASSWORD
from tests.support.observe import make_world, prek_observation

POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
MIN_EXAMPLES = 2000
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]
OBSERVATION = "/api/v1/observations/{observation_id}"
CYCLE = f"{OBSERVATION}/cycles/{{number}}"
SCORE = f"{CYCLE}/scores/{{dimension}}"


def plan(draft: str) -> list[tuple[str, str, str, dict, GenerationMode, int]]:
    """Return (who, method, path, fixed path parameters, mode, examples) for each run."""
    on_draft = {"observation_id": draft}
    return [
        ("observer", "GET", "/api/v1/openapi.json", {}, POSITIVE, 5),
        ("observer", "GET", "/api/v1/instruments/{instrument_id}", {}, POSITIVE, 100),
        ("observer", "GET", "/api/v1/instruments/{instrument_id}", {}, NEGATIVE, 50),
        ("lead", "GET", "/api/v1/aggregates", {}, POSITIVE, 200),
        ("lead", "GET", "/api/v1/aggregates", {}, NEGATIVE, 100),
        ("observer", "POST", "/api/v1/observations", {}, POSITIVE, 250),
        ("observer", "POST", "/api/v1/observations", {}, NEGATIVE, 150),
        ("observer", "GET", OBSERVATION, {}, POSITIVE, 30),
        ("observer", "GET", OBSERVATION, on_draft, POSITIVE, 10),
        ("observer", "PUT", CYCLE, on_draft, POSITIVE, 100),
        ("observer", "PUT", CYCLE, {**on_draft, "number": 1}, POSITIVE, 250),
        ("observer", "PUT", CYCLE, {**on_draft, "number": 2}, NEGATIVE, 150),
        ("observer", "PUT", SCORE, on_draft, POSITIVE, 100),
        ("observer", "PUT", SCORE, {**on_draft, "number": 1, "dimension": "PC"}, POSITIVE, 300),
        ("observer", "PUT", SCORE, {**on_draft, "number": 3, "dimension": "NC"}, NEGATIVE, 150),
        ("observer", "POST", f"{OBSERVATION}/submit", on_draft, POSITIVE, 30),
        ("lead", "POST", f"{OBSERVATION}/reopen", on_draft, POSITIVE, 100),
        ("lead", "POST", f"{OBSERVATION}/reopen", on_draft, NEGATIVE, 50),
    ]


@pytest.fixture(scope="module")
def live_api(tmp_path_factory):
    """The app on SQLite with the observation tests' small world, served on 127.0.0.1."""
    from app import migrate
    from tests.conftest import make_test_app

    directory = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{directory / 'fuzz.sqlite'}"
    migrate.upgrade(url)
    app = make_test_app(url, directory)
    with app.app_context():
        session = app.extensions["db_sessionmaker"]()
        world = make_world(session)
        draft = str(prek_observation(session, world).id)
        emails = {"observer": world.observer.email, "lead": world.lead.email}
        session.close()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per call in the log
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    sessions = {who: signed_in(base, email) for who, email in emails.items()}
    yield base, sessions, draft
    server.shutdown()
    thread.join(5)
    app.extensions["db_engine"].dispose()
    logging.getLogger("werkzeug").setLevel(logging.NOTSET)


def signed_in(base: str, email: str) -> requests.Session:
    """Sign in through the login form; the session carries the CSRF token as the tablet does."""
    session = requests.Session()
    page = session.get(f"{base}/login").text
    token = page.split('<meta name="csrf-token" content="', 1)[1].split('"', 1)[0]
    form = {"email": email, "password": PASSWORD, "csrf_token": token}
    assert session.post(f"{base}/login", data=form, allow_redirects=False).status_code == 302
    session.headers["X-CSRFToken"] = token
    return session


def test_no_input_gets_a_server_error_or_an_undescribed_answer(live_api):
    base, sessions, draft = live_api
    schema = schemathesis.openapi.from_dict(requests.get(f"{base}/api/v1/openapi.json").json())
    sent = 0
    started = time.monotonic()
    for who, method, path, fixed, mode, examples in plan(draft):
        operation = schema[path][method]
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)
        sent += fuzz(strategy, sessions[who], base, examples)
    seconds = time.monotonic() - started
    print(f"schemathesis: {sent} calls in {seconds:.1f} s")
    assert sent >= MIN_EXAMPLES


def fuzz(strategy, session: requests.Session, base: str, examples: int) -> int:
    """Send up to `examples` generated cases and check every answer; return how many were sent."""
    sent = []

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        sent.append(1)
        response = case.call(base_url=base, session=session)
        case.validate_response(response, checks=CHECKS)

    check()
    return len(sent)
