"""A clock for the sign-in tests: moves app.auth.sessions.now (which the login limit also reads)
forward without sleeping."""

from datetime import datetime, timedelta

from analysis.schema_columns import utcnow


class Clock:
    def __init__(self, monkeypatch, start: datetime | None = None) -> None:
        self.at = start or utcnow()
        from app.auth import sessions

        monkeypatch.setattr(sessions, "now", lambda: self.at)

    def advance(self, **delta) -> datetime:
        self.at += timedelta(**delta)
        return self.at
