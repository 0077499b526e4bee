"""Fixtures of the observation API tests: the small programme of tests/support/observe.py.

A module that needs another `world` (the reports, the analysis) defines its own, which wins.
"""

import pytest

from tests.support.observe import World, api_as, make_world, prek_observation


@pytest.fixture
def world(db_session) -> World:
    """One department to observe, and the people around it."""
    return make_world(db_session)


@pytest.fixture
def observation(db_session, world):
    """A draft pre-school observation of the world's department by its observer."""
    return prek_observation(db_session, world)


@pytest.fixture
def api(client, world):
    """The world's observer, signed in, as a JSON client with the CSRF header."""
    return api_as(client, world.observer.email)


@pytest.fixture(scope="module")
def sink():
    """A local SMTP server keeping every message (tests/support/smtp_sink.py)."""
    from tests.support.smtp_sink import SmtpSink

    running = SmtpSink()
    yield running
    running.stop()
