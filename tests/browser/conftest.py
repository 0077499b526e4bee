"""Browser-test plumbing: Debian chromium for Playwright, and a live server with the demo."""

import os
import shutil
import threading
from datetime import date

import pytest
from werkzeug.serving import make_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TABLET = {
    "viewport": {"width": 810, "height": 1080},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 3,
}


def chromium_path() -> str | None:
    """Find Debian's chromium (Playwright's own browser download does not work here)."""
    candidates = [os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and os.path.exists(c)), None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    from tests.conftest import missing_dependency

    path = chromium_path()
    if path is None:
        missing_dependency("Chromium is not installed (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **TABLET, "locale": "nb-NO"}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the app with the demo municipality on a free loopback port, in a thread."""
    from app import migrate
    from app.db import get_session
    from app.demo import load_demo
    from tests.conftest import make_test_app

    directory = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{directory / 'live.sqlite'}"
    migrate.upgrade(url)
    app = make_test_app(url, directory)
    with app.app_context():
        accounts = load_demo(get_session(), seed=7, today=date.today())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    server.app = app
    server.accounts = accounts
    yield server
    server.shutdown()
    thread.join(5)


@pytest.fixture
def child_server(tmp_path):
    """The demo served by a child process that a test may kill and start again."""
    from tests.browser import observe_support as s

    database_url, accounts = s.prepare_demo_database(tmp_path)
    server = s.ChildServer(database_url, tmp_path, s.free_port())
    server.accounts = accounts
    server.start()
    yield server
    server.kill()


@pytest.fixture(scope="session")
def webkit_display():
    """A virtual X display of this worker's own for WebKitGTK (Xvfb picks a free number)."""
    from tests.browser import webkit_support

    display = webkit_support.start_display()
    yield display
    display.stop()


@pytest.fixture
def webkit_driver(webkit_display):
    """A fresh WebKit (Safari's engine) browser, driven through WebDriver: no cookies, storage
    or service worker left over from another test."""
    from tests.browser import webkit_support

    driver = webkit_support.start_driver(webkit_display)
    yield driver
    driver.quit()
