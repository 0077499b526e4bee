"""Local passwords: change, and single-use links by e-mail to reset or set one.

A link carries a random token; the database keeps only its sha256 (password_token), so a
database leak gives nobody a working link. A link works once, for RESET_VALID (forgot password)
or SET_VALID (sent by the project lead), and a new password ends every session of the person.
The audit trail records that a password was changed, by whom and how, never the password or
its hash. Services never commit: the view does.
"""

import secrets
from datetime import datetime, timedelta

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from analysis.schema import password_token
from analysis.schema_columns import utcnow

from .. import mail
from ..models import PasswordToken, User
from ..models.audit import record
from .services import hash_password
from .sessions import end_sessions, hash_token

RESET_VALID = timedelta(hours=1)
# A set-password link goes to someone who may be new to the app and read mail days later.
SET_VALID = timedelta(days=3)
# At most this many links per person an hour, whoever asks: the forgot-password form is open to
# anyone, and must not become a way to flood a colleague's inbox.
LINKS_PER_HOUR = 3


def now() -> datetime:
    """The clock of this module; tests replace it to move time without sleeping."""
    return utcnow()


def links_in_last_hour(db_session: Session, user_id: int) -> int:
    return db_session.scalar(
        select(func.count())
        .select_from(password_token)
        .where(password_token.c.user_id == user_id)
        .where(password_token.c.created_at > now() - timedelta(hours=1))
    )


def create_link(
    db_session: Session, user: User, purpose: str, created_by_id: int | None = None
) -> str | None:
    """A new link's token (audited), or None when the person had LINKS_PER_HOUR already."""
    if links_in_last_hour(db_session, user.id) >= LINKS_PER_HOUR:
        return None
    token = secrets.token_urlsafe(32)
    at = now()
    valid = RESET_VALID if purpose == "reset" else SET_VALID
    db_session.add(
        PasswordToken(
            user_id=user.id,
            token_hash=hash_token(token),
            purpose=purpose,
            created_at=at,
            expires_at=at + valid,
            created_by_id=created_by_id,
        )
    )
    record(db_session, user_id=created_by_id, action="password_link", entity="user",
           entity_id=user.id, field="password", new=purpose)  # fmt: skip
    return token


def send_link(user: User, token: str, purpose: str, sender_name: str | None = None) -> bool:
    """Mail the link to the person, in their language (nb unless they chose another)."""
    with force_locale(user.locale or "nb"):
        link = url_for("auth.reset_password", token=token, _external=True)
        hours = int((RESET_VALID if purpose == "reset" else SET_VALID).total_seconds() // 3600)
        body = render_template(
            "auth/mail/password_link_text.html",
            user=user,
            link=link,
            purpose=purpose,
            hours=hours,
            sender_name=sender_name,
        )
        subject = (
            _("Reset your password for TETT PÅ")
            if purpose == "reset"
            else _("Set your password for TETT PÅ")
        )
    return mail.send(user.email, subject, body)


def usable_link(db_session: Session, token: str) -> PasswordToken | None:
    """The unused, unexpired link of an active person with this token, or None."""
    if not token or len(token) > 100:
        return None
    row = db_session.scalar(
        select(PasswordToken).where(PasswordToken.token_hash == hash_token(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= now():
        return None
    return row if row.user.active else None


def use_link(db_session: Session, row: PasswordToken, password: str) -> bool:
    """Set the password through this link, once: False if it was used meanwhile."""
    at = now()
    claimed = db_session.execute(
        update(password_token)
        .where(password_token.c.id == row.id, password_token.c.used_at.is_(None))
        .values(used_at=at)
    )
    if claimed.rowcount != 1:  # a second tab or a double click got there first
        return False
    # A new password makes every other open link of the person worthless.
    db_session.execute(
        update(password_token)
        .where(password_token.c.user_id == row.user_id, password_token.c.used_at.is_(None))
        .values(used_at=at)
    )
    set_password(db_session, row.user, password, actor_id=row.user_id, how=row.purpose)
    return True


def set_password(
    db_session: Session, user: User, password: str, *, actor_id: int | None, how: str
) -> None:
    """Store a new password (hashed), audit that it changed, and end all the user's sessions."""
    user.password_hash = hash_password(password)
    record(db_session, user_id=actor_id, action="password", entity="user", entity_id=user.id,
           field="password", reason=how)  # fmt: skip
    end_sessions(db_session, user.id)
