"""Who an OpenID Connect sign-in is: an existing, active user; nobody is created by signing in.

The first sign-in through a provider links the provider's subject to the user whose e-mail the
provider has verified; later sign-ins find the user by that subject alone, so a changed e-mail
at the provider changes nothing here. Only three claims are read: sub, email, email_verified.
A national identity number (ID-porten's `pid`, Feide's national id, any other) is never read,
stored or logged: the subject identifies the person to the app, and the e-mail links them.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..changes import audited_create
from ..models import ExternalIdentity, User

SUBJECT_MAX = 255  # external_identity.subject


class SignInRefused(Exception):
    """A sign-in the app refuses; `reason` names the page the person gets."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def resolve_user(db_session: Session, provider: str, claims) -> User:
    """The active user these validated ID-token claims belong to, linking them the first time.

    Raises SignInRefused: "unverified", "unknown", "deactivated", "taken" or "failed"."""
    subject = str(claims.get("sub") or "")
    if not subject or len(subject) > SUBJECT_MAX:
        raise SignInRefused("failed")
    identity = db_session.scalar(
        select(ExternalIdentity).where(
            ExternalIdentity.provider == provider, ExternalIdentity.subject == subject
        )
    )
    user = identity.user if identity else _link_by_email(db_session, provider, subject, claims)
    if not user.active:
        raise SignInRefused("deactivated")
    return user


def _link_by_email(db_session: Session, provider: str, subject: str, claims) -> User:
    # Only an e-mail the provider says it has verified may link. A provider that sends no
    # email_verified claim at all is treated as unverified and refused: some providers let
    # people type any address, and linking on it would let anyone sign in as a colleague.
    if claims.get("email_verified") not in (True, "true"):
        raise SignInRefused("unverified")
    email = str(claims.get("email") or "").strip().lower()
    user = db_session.scalar(select(User).where(User.email == email)) if email else None
    if user is None:
        raise SignInRefused("unknown")
    if not user.active:
        raise SignInRefused("deactivated")
    linked = db_session.scalar(
        select(ExternalIdentity).where(
            ExternalIdentity.user_id == user.id, ExternalIdentity.provider == provider
        )
    )
    if linked is not None:  # another account at this provider is already this user's
        raise SignInRefused("taken")
    identity = ExternalIdentity(user_id=user.id, provider=provider, subject=subject)
    audited_create(db_session, user.id, "external_identity", identity)
    return user
