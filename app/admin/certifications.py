"""Certifications: register and renew them, and list what runs out and who lacks one.

A renewal is a new certification (the old one stays, so history shows when a person could
observe). Every registration is audited through `changes.audited_create`; the caller commits.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from analysis.certification import EXPIRY_NOTICE, default_expiry

from ..changes import audited_create
from ..models import Certification, Kindergarten, User
from ..permissions import able_to

LIST_LIMIT = 200  # rows per list; the total is shown, so nothing is hidden silently


class CertificationRefused(Exception):
    """A registration that cannot be made; `field` names the form field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def person_by_email(session: Session, email: str) -> User | None:
    """Return the person with this e-mail (stored lower-case), or None."""
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def register(
    session: Session,
    actor_id: int,
    person: User,
    family: str,
    certified_on: date,
    expires_on: date | None = None,
) -> Certification:
    """Register a certification (or its renewal), audited; refuse a duplicate or a bad period."""
    expires_on = expires_on or default_expiry(certified_on)
    if expires_on <= certified_on:
        raise CertificationRefused(
            "expires_on", _("The expiry date must come after the date of certification.")
        )
    duplicate = select(Certification.id).where(
        Certification.user_id == person.id,
        Certification.family == family,
        Certification.certified_on == certified_on,
    )
    if session.scalar(duplicate) is not None:
        raise CertificationRefused(
            "certified_on",
            _("This certification is already registered for this person on that date."),
        )
    certification = Certification(
        user_id=person.id, family=family, certified_on=certified_on, expires_on=expires_on
    )
    audited_create(session, actor_id, "certification", certification)
    return certification


def certifications_of(session: Session, person: User) -> list[Certification]:
    """The person's certifications, newest end first."""
    query = select(Certification).where(Certification.user_id == person.id)
    return list(session.scalars(query.order_by(Certification.expires_on.desc())))


@dataclass(frozen=True)
class Line:
    """One person in a certification list."""

    user_id: int
    name: str
    email: str
    kindergarten: str | None
    until: date | None  # the end of their latest certification in the list's family


@dataclass(frozen=True)
class Listing:
    lines: list[Line]
    total: int


def _latest_per_family():
    """Each person's latest expiry per family."""
    return (
        select(
            Certification.user_id,
            Certification.family,
            func.max(Certification.expires_on).label("until"),
        )
        .group_by(Certification.user_id, Certification.family)
        .subquery()
    )


def _people(*columns) -> Select:
    return (
        select(User.id, User.name, User.email, Kindergarten.name, *columns)
        .outerjoin(Kindergarten, Kindergarten.id == User.home_kindergarten_id)
        .where(User.active.is_(True))
    )


def _listing(session: Session, query: Select, order) -> Listing:
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(*order).limit(LIST_LIMIT)).all()
    return Listing([Line(*row) for row in rows], total or 0)


def expiring(session: Session, family: str, today: date) -> Listing:
    """Active people whose latest certification of `family` ends within the notice period."""
    latest = _latest_per_family()
    query = _people(latest.c.until).join(latest, latest.c.user_id == User.id)
    query = query.where(
        latest.c.family == family,
        latest.c.until > today,
        latest.c.until <= today + EXPIRY_NOTICE,
    )
    return _listing(session, query, (latest.c.until, User.name))


def lapsed(session: Session, family: str, today: date) -> Listing:
    """Active observers whose latest certification of `family` has ended, not renewed."""
    latest = _latest_per_family()
    query = _people(latest.c.until).join(latest, latest.c.user_id == User.id)
    query = query.where(
        latest.c.family == family, latest.c.until <= today, able_to("observation.perform")
    )
    return _listing(session, query, (latest.c.until.desc(), User.name))


def without_valid(session: Session, today: date) -> Listing:
    """Active observers with no certification valid today, in either family."""
    valid = aliased(Certification)
    valid_today = exists().where(
        valid.user_id == User.id, and_(valid.certified_on <= today, valid.expires_on > today)
    )
    query = _people(func.max(Certification.expires_on))
    query = query.outerjoin(Certification, Certification.user_id == User.id)
    query = query.where(able_to("observation.perform"), ~valid_today)
    query = query.group_by(User.id, User.name, User.email, Kindergarten.name)
    return _listing(session, query, (User.name,))
