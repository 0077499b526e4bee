"""Shared fixtures: fresh databases on SQLite and PostgreSQL, the app, clients and a login helper.

Every web test that takes `app` runs twice: on SQLite and on PostgreSQL. Without a PostgreSQL
server a developer's run skips the PostgreSQL half loudly; with CI=true it fails instead.
"""

import os
import shutil
import warnings
from pathlib import Path

import pytest
from hypothesis import settings

from app import create_app, migrate

from .support import pg_server
from .support.databases import (
    create_postgres_database,
    drop_postgres_database,
    empty_all_tables,
)

# Timing is for benchmarks, never for tests: a loaded CI machine must not turn into a failure.
settings.register_profile("tettpaa", deadline=None)
settings.load_profile("tettpaa")

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def missing_dependency(what: str) -> None:
    """Skip loudly on a developer's machine; fail in CI, where everything must run."""
    message = f"{what} — these tests did NOT run."
    if IN_CI:
        pytest.fail(f"CI=true but {message}")
    with warnings.catch_warnings():
        # Shown in the summary, not raised: filterwarnings = error would make the skip an error.
        warnings.simplefilter("always", pytest.PytestWarning)
        warnings.warn(message, pytest.PytestWarning, stacklevel=2)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server_url():
    """A PostgreSQL server: TEST_POSTGRES_URL, or a throwaway server started here."""
    if url := os.environ.get("TEST_POSTGRES_URL"):
        yield url
        return
    bin_dir = pg_server.find_bin_dir()
    if bin_dir is None:
        missing_dependency("PostgreSQL is not installed (apt-get install postgresql)")
    try:
        server = pg_server.start(bin_dir)
    except (RuntimeError, OSError) as error:
        missing_dependency(f"PostgreSQL could not start: {error}")
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied for every test so each starts fresh."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def postgres_database(request, backend):
    """One migrated PostgreSQL database per session, emptied before each test."""
    if backend != "postgres":
        yield None
        return
    server_url = request.getfixturevalue("postgres_server_url")
    url = create_postgres_database(server_url)
    migrate.upgrade(url)
    yield url
    drop_postgres_database(server_url, url)


@pytest.fixture
def database_url(backend, postgres_database, sqlite_template, tmp_path) -> str:
    if backend == "sqlite":
        path = tmp_path / "test.sqlite"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"
    return postgres_database


def make_test_app(database_url: str, instance_path: Path, **overrides):
    config = {"TESTING": True, "DATABASE_URL": database_url, **overrides}
    return create_app(config, instance_path=str(instance_path))


@pytest.fixture
def app(database_url, tmp_path):
    app = make_test_app(database_url, tmp_path)
    engine = app.extensions["db_engine"]
    if engine.dialect.name == "postgresql":
        empty_all_tables(engine)
    yield app
    engine.dispose()


@pytest.fixture
def db_session(app):
    """A session of its own: no app context is held open, so requests keep their own `g`."""
    session = app.extensions["db_sessionmaker"]()
    yield session
    session.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def demo_app(backend, request, sqlite_template, tmp_path_factory):
    """An app on a database holding the Bærum demo (loaded once per module; tests only read)."""
    from datetime import date

    from app.demo import load_demo

    folder = tmp_path_factory.mktemp("demo")
    server_url = None
    if backend == "sqlite":
        shutil.copyfile(sqlite_template, folder / "demo.sqlite")
        url = f"sqlite:///{folder / 'demo.sqlite'}"
    else:
        server_url = request.getfixturevalue("postgres_server_url")
        url = create_postgres_database(server_url)
        migrate.upgrade(url)
    app = make_test_app(url, folder)
    with app.app_context():
        session = app.extensions["db_sessionmaker"]()
        app.demo_accounts = load_demo(session, seed=2020, today=date.today())
        session.close()
    yield app
    app.extensions["db_engine"].dispose()
    if server_url:
        drop_postgres_database(server_url, url)
