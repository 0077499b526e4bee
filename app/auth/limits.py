"""The sign-in limit: failed sign-ins per account and per client address, in a sliding window.

Kept in the database (the login_failure table) rather than in Flask-Limiter: Flask-Limiter
keeps its counts in memory (one count per app server, so N servers allow N times the limit) or
in Redis/Memcached/MongoDB, and has no SQL storage; the database is the one store every app
server already shares. Once LOGIN_LIMIT_ACCOUNT failures for an e-mail, or LOGIN_LIMIT_ADDRESS
from one address, fall within LOGIN_LIMIT_MINUTES, sign-in is refused (the password is not even
checked) until the oldest of them leaves the window: a wait, never a permanent lockout. A
successful sign-in clears nothing, so it cannot reset anyone's count, its own account's included
(an attacker who also knows one password must not be able to use it to go on guessing).

The client address is request.remote_addr. Behind a reverse proxy that is the proxy's address:
configure werkzeug's ProxyFix there with the number of trusted proxies. X-Forwarded-For is not
trusted by default, since anyone can send it. Two app servers counting at the same instant may
let a failure or two past the limit; that does not change what the limit is for.
"""

import math
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from analysis.schema import login_failure

from . import sessions

ACCOUNT_MAX = 254  # the columns' lengths
ADDRESS_MAX = 64


def client_address() -> str:
    return (request.remote_addr or "unknown")[:ADDRESS_MAX]


def normalise_account(email: str | None) -> str:
    # No NUL: PostgreSQL text cannot hold one, and no real address contains it.
    return (email or "").replace("\x00", "").strip().lower()[:ACCOUNT_MAX]


def _window() -> timedelta:
    return timedelta(minutes=float(current_app.config["LOGIN_LIMIT_MINUTES"]))


def wait_seconds(db_session: Session, account: str, address: str) -> int:
    """Seconds until a sign-in may be tried again for this account from this address; 0: now."""
    at = sessions.now()
    since = at - _window()
    config = current_app.config
    waits = [
        _wait(db_session, login_failure.c.account == account, config["LOGIN_LIMIT_ACCOUNT"], since),
        _wait(db_session, login_failure.c.address == address, config["LOGIN_LIMIT_ADDRESS"], since),
    ]
    freed = max((w for w in waits if w is not None), default=None)
    return 0 if freed is None else max(1, math.ceil((freed + _window() - at).total_seconds()))


def _wait(db_session: Session, match, limit: int, since: datetime) -> datetime | None:
    """When the failure that keeps this count at the limit happened, or None if under it."""
    recent = login_failure.c.at > since
    count = db_session.scalar(select(func.count()).select_from(login_failure).where(match, recent))
    if count < limit:
        return None
    # Once the (count - limit + 1) oldest failures have left the window, one more try is allowed.
    query = select(login_failure.c.at).where(match, recent).order_by(login_failure.c.at)
    return db_session.scalar(query.offset(count - limit).limit(1))


def record_failure(db_session: Session, account: str, address: str) -> None:
    """Count a failed sign-in, and drop the failures that no longer count for anything."""
    at = sessions.now()
    db_session.execute(delete(login_failure).where(login_failure.c.at <= at - _window()))
    db_session.execute(login_failure.insert().values(at=at, account=account, address=address))
    db_session.commit()
