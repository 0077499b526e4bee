"""Server-side sessions: a sign-in is a user_session row, so logging out really ends it.

The Flask session cookie is signed but not secret, and before this module it *was* the session:
a copy taken before logout kept working. Now the cookie also carries a random token; the server
keeps only its sha256 (a database leak gives nobody a working cookie) and checks the row on
every request, on every app server, since they share the database. A row ends on logout, on
deactivation or a password reset (end_sessions), after SESSION_IDLE_MINUTES without a request
and SESSION_MAX_HOURS after sign-in, whichever comes first.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app, g, session
from flask_login import current_user, login_user
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from analysis.schema import user_session
from analysis.schema_columns import utcnow

from ..db import get_session

KEEP_ENDED = timedelta(days=30)  # how long a user's old session rows are kept
TOKEN_KEY = "sid"  # the key of the token in the Flask session cookie
# last_seen_at is written at most this often. Writing it on every request would turn each
# autosave (the hot path: a tablet saves on every tap) into two writes and make the user's
# session row a point of lock contention; a minute's slack on a 30-minute idle timeout is fine.
TOUCH_EVERY = timedelta(seconds=60)
# What the cookie keeps when a session ends (logout, timeout, a dead row): the chosen language,
# nothing else. The CSRF token in particular is dropped, so a token issued in one session is
# refused in the next. A sign-in keeps the token the login page was given: that page was
# anonymous (a live session never sees it: /login sends it home, and a dead one has already
# been cleared by the user loader), and the cookie is signed, so no one else can have planted it.
_KEPT_KEYS = ("lang",)
_CSRF_KEY = "csrf_token"  # Flask-WTF's default WTF_CSRF_FIELD_NAME

SESSION_CHECK = select(
    user_session.c.user_id,
    user_session.c.created_at,
    user_session.c.last_seen_at,
    user_session.c.provider,
    user_session.c.ended_at,
)


def now() -> datetime:
    """The clock of this module; tests replace it to move time without sleeping."""
    return utcnow()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _reset_cookie(*, keep_csrf: bool = False) -> None:
    keys = (*_KEPT_KEYS, _CSRF_KEY) if keep_csrf else _KEPT_KEYS
    kept = {key: session[key] for key in keys if key in session}
    session.clear()
    session.update(kept)


def sign_in(user, *, provider: str | None = None) -> None:
    """Sign the user in: a new session row, and its token in a fresh cookie."""
    token = secrets.token_urlsafe(32)
    db_session = get_session()
    at = now()
    # The user's sessions from long ago go: dead for weeks, kept only as recent history.
    db_session.execute(
        delete(user_session).where(
            user_session.c.user_id == user.id, user_session.c.created_at < at - KEEP_ENDED
        )
    )
    db_session.execute(
        user_session.insert().values(
            token_hash=hash_token(token),
            user_id=user.id,
            created_at=at,
            last_seen_at=at,
            provider=provider,
        )
    )
    db_session.commit()
    _reset_cookie(keep_csrf=True)
    login_user(user)
    session[TOKEN_KEY] = token
    session.permanent = True  # the cookie outlives the browser window up to SESSION_MAX_HOURS
    g.session_provider = provider


def end_current() -> None:
    """End this request's session row (logout) and clear the cookie; the caller need not commit."""
    token = session.get(TOKEN_KEY)
    if token:
        db_session = get_session()
        db_session.execute(
            update(user_session)
            .where(user_session.c.token_hash == hash_token(token))
            .where(user_session.c.ended_at.is_(None))
            .values(ended_at=now())
        )
        db_session.commit()
    _reset_cookie()


def end_sessions(db_session: Session, user_id: int) -> None:
    """End every open session of the user, in the caller's transaction (the caller commits)."""
    db_session.execute(
        update(user_session)
        .where(user_session.c.user_id == user_id)
        .where(user_session.c.ended_at.is_(None))
        .values(ended_at=now())
    )


def current_provider() -> str | None:
    """The OpenID provider this session signed in through, or None (a local password)."""
    if not current_user.is_authenticated:  # loads the user, and with it the session row
        return None
    return g.get("session_provider")


def _limits() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return (
        timedelta(minutes=float(config["SESSION_IDLE_MINUTES"])),
        timedelta(hours=float(config["SESSION_MAX_HOURS"])),
    )


def session_is_live(db_session: Session, user_id: int) -> bool:
    """Whether the cookie's token names a live session of this user; refresh it if so.

    Called by the user loader on every signed-in request: one primary-key lookup, and a write
    only when last_seen_at is older than TOUCH_EVERY. A dead session clears the cookie.
    """
    token = session.get(TOKEN_KEY)
    row = None
    if isinstance(token, str):
        row = db_session.execute(
            SESSION_CHECK.where(user_session.c.token_hash == hash_token(token))
        ).first()
    at = now()
    if row is None or row.user_id != user_id or not _alive(row, at):
        if row is not None and row.user_id == user_id and row.ended_at is None:
            _end_token(db_session, token, at)
        _reset_cookie()
        return False
    if at - row.last_seen_at >= TOUCH_EVERY:
        db_session.execute(
            update(user_session)
            .where(user_session.c.token_hash == hash_token(token))
            .values(last_seen_at=at)
        )
        db_session.commit()
    g.session_provider = row.provider
    return True


def _alive(row, at: datetime) -> bool:
    idle, lifetime = _limits()
    return (
        row.ended_at is None
        and at - _aware(row.last_seen_at) < idle
        and at - _aware(row.created_at) < lifetime
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _end_token(db_session: Session, token: str, at: datetime) -> None:
    # Mark a timed-out row ended, so that the record says when it stopped counting.
    db_session.execute(
        update(user_session)
        .where(user_session.c.token_hash == hash_token(token))
        .values(ended_at=at)
    )
    db_session.commit()
