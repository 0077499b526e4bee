"""An app that sends its mail to a local SMTP sink: the accounts, reminders and statements tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from tests.conftest import make_test_app
from tests.support.databases import empty_all_tables


@contextmanager
def mail_test_app(database_url: str, tmp_path, sink, **overrides) -> Iterator:
    """The test app with Flask-Mail pointed at `sink`, on empty tables and an empty sink."""
    app = make_test_app(
        database_url,
        tmp_path,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=sink.port,
        MAIL_DEFAULT_SENDER="tettpaa@example.no",
        **overrides,
    )
    engine = app.extensions["db_engine"]
    if engine.dialect.name == "postgresql":
        empty_all_tables(engine)
    sink.clear()
    try:
        yield app
    finally:
        engine.dispose()
