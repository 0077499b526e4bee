"""Sign-in: identities at OpenID Connect providers, server-side sessions, password links and
failed sign-ins (DESIGN §3 external identity, §7 sign-in)."""

from datetime import datetime

from sqlalchemy.orm import Mapped, relationship

from analysis import schema
from analysis.schema import PASSWORD_TOKEN_PURPOSES

from .base import Base
from .people import User

__all__ = [
    "PASSWORD_TOKEN_PURPOSES",
    "ExternalIdentity",
    "LoginFailure",
    "PasswordToken",
    "UserSession",
]


class ExternalIdentity(Base):
    __table__ = schema.external_identity

    id: Mapped[int]
    user_id: Mapped[int]
    provider: Mapped[str]
    subject: Mapped[str]
    linked_at: Mapped[datetime]

    user: Mapped[User] = relationship()


class UserSession(Base):
    __table__ = schema.user_session

    token_hash: Mapped[str]
    user_id: Mapped[int]
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    provider: Mapped[str | None]
    ended_at: Mapped[datetime | None]


class PasswordToken(Base):
    __table__ = schema.password_token

    id: Mapped[int]
    user_id: Mapped[int]
    token_hash: Mapped[str]
    purpose: Mapped[str]  # "reset" | "set"
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None]

    user: Mapped[User] = relationship(foreign_keys=[schema.password_token.c.user_id])


class LoginFailure(Base):
    __table__ = schema.login_failure

    id: Mapped[int]
    at: Mapped[datetime]
    account: Mapped[str | None]
    address: Mapped[str]
