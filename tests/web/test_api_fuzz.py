"""Schemathesis against a live server on 127.0.0.1: no input gets a 5xx or an answer the document
does not describe (DESIGN.md §7), as a signed-in observer and project lead. Writes land on a
real draft observation: the fixed path parameters do what the document's links would, taking
the generated bodies past the 404 of a random id.

In the suite: one run on SQLite, bounded by example counts (derandomized, so CI sees the same
run each time; about a minute). The PostgreSQL-only failures (NUL characters, integers out of
range) are covered cheaply in test_api_validation.py and test_no_5xx.py on both databases.
scripts/fuzz_api.py runs it longer (FUZZ_SCALE) and on PostgreSQL (FUZZ_DATABASE=postgres).
"""

import logging
import os
import threading
import time

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup
from werkzeug.serving import make_server

from tests.support.factories import PASSWORD
from tests.support.observe import make_world, prek_observation

POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))  # scripts/fuzz_api.py runs it longer
MIN_EXAMPLES = 1000
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
        ("observer", "GET", "/api/v1/openapi.json", {}, POSITIVE, 3),
        ("observer", "GET", "/api/v1/instruments/{instrument_id}", {}, POSITIVE, 40),
        ("observer", "GET", "/api/v1/instruments/{instrument_id}", {}, NEGATIVE, 30),
        ("lead", "GET", "/api/v1/aggregates", {}, POSITIVE, 80),
        ("lead", "GET", "/api/v1/aggregates", {}, NEGATIVE, 40),
        ("lead", "GET", "/api/v1/follow-up", {}, POSITIVE, 30),
        ("lead", "GET", "/api/v1/follow-up", {}, NEGATIVE, 20),
        ("observer", "GET", "/api/v1/follow-up", {}, POSITIVE, 10),
        ("lead", "GET", "/api/v1/plans/{semester}", {}, POSITIVE, 30),
        ("lead", "GET", "/api/v1/plans/{semester}", {"semester": "2025V"}, POSITIVE, 10),
        ("lead", "GET", "/api/v1/plans/{semester}", {}, NEGATIVE, 20),
        ("observer", "POST", "/api/v1/observations", {}, POSITIVE, 120),
        ("observer", "POST", "/api/v1/observations", {}, NEGATIVE, 80),
        ("observer", "GET", OBSERVATION, {}, POSITIVE, 15),
        ("observer", "GET", OBSERVATION, on_draft, POSITIVE, 5),
        ("observer", "PUT", CYCLE, on_draft, POSITIVE, 50),
        ("observer", "PUT", CYCLE, {**on_draft, "number": 1}, POSITIVE, 120),
        ("observer", "PUT", CYCLE, {**on_draft, "number": 2}, NEGATIVE, 70),
        ("observer", "PUT", SCORE, on_draft, POSITIVE, 50),
        ("observer", "PUT", SCORE, {**on_draft, "number": 1, "dimension": "PC"}, POSITIVE, 150),
        ("observer", "PUT", SCORE, {**on_draft, "number": 3, "dimension": "NC"}, NEGATIVE, 70),
        ("observer", "POST", f"{OBSERVATION}/submit", on_draft, POSITIVE, 15),
        ("lead", "POST", f"{OBSERVATION}/reopen", on_draft, POSITIVE, 40),
        ("lead", "POST", f"{OBSERVATION}/reopen", on_draft, NEGATIVE, 25),
    ]


@pytest.fixture(scope="module")
def live_api(request, tmp_path_factory):
    """The app with the observation tests' small world, served on 127.0.0.1: on SQLite, or on
    PostgreSQL when FUZZ_DATABASE=postgres."""
    from app import migrate
    from tests.conftest import make_test_app

    directory = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{directory / 'fuzz.sqlite'}"
    if os.environ.get("FUZZ_DATABASE") == "postgres":
        from tests.support.databases import create_postgres_database

        url = create_postgres_database(request.getfixturevalue("postgres_server_url"))
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
    sent, failures = 0, []
    started = time.monotonic()
    for who, method, path, fixed, mode, examples in plan(draft):
        operation = schema[path][method]
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)
        sent += fuzz(strategy, sessions[who], base, max(1, round(examples * SCALE)), failures)
    seconds = time.monotonic() - started
    server_errors = sum(1 for status, _ in failures if status >= 500)
    print(f"schemathesis: {sent} calls in {seconds:.1f} s, {server_errors} × 5xx, "
          f"{len(failures) - server_errors} other failed checks")  # fmt: skip
    assert failures == []
    assert sent >= MIN_EXAMPLES * min(SCALE, 1)


def fuzz(strategy, session: requests.Session, base: str, examples: int, failures: list) -> int:
    """Send up to `examples` generated cases and check every answer, adding each failed check to
    `failures` as (status, what) so that one run counts them all; return how many were sent."""
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
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as failed:  # one failed check, or several
            what = f"{case.method} {case.formatted_path}: {str(failed)[:300]}"
            failures.append((response.status_code, what))

    check()
    return len(sent)
