"""An observer's private calendar link: a random token whose SHA-256 alone is stored, and the
iCalendar feed of their visits that it opens (no sign-in: calendar apps cannot sign in)."""

import hashlib
import secrets
from datetime import date, timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from ..auth.principal import SignedInUser, load_principal
from ..models import CalendarFeed, Department, Visit, utcnow
from ..permissions import may, restrict

FEED = CalendarFeed.__table__
PAST_DAYS = 365  # a calendar keeps last year's visits; older ones only clutter it


def token_hash(token: str) -> str:
    """Return the stored form of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed(session: Session, user_id: int) -> CalendarFeed | None:
    """Return the user's calendar link as stored (its token is not kept), or None."""
    return session.get(CalendarFeed, user_id)


def renew_link(session: Session, user_id: int) -> str:
    """Replace the user's calendar link with a new one; return its token (shown once)."""
    token = secrets.token_urlsafe(32)
    revoke_link(session, user_id)
    session.add(CalendarFeed(user_id=user_id, token_hash=token_hash(token), created_at=utcnow()))
    return token


def revoke_link(session: Session, user_id: int) -> None:
    """Turn the user's calendar link off: the old address answers 404 from now on."""
    session.execute(delete(FEED).where(FEED.c.user_id == user_id))
    session.expire_all()


def feed_owner(session: Session, token: str) -> SignedInUser | None:
    """Return the observer a token belongs to, or None (unknown token, or no longer observing)."""
    user_id = session.scalar(select(FEED.c.user_id).where(FEED.c.token_hash == token_hash(token)))
    owner = load_principal(session, user_id) if user_id is not None else None
    return owner if owner is not None and may(owner, "visits.own") else None


def owner_visits(session: Session, owner: SignedInUser, today: date) -> list[Visit]:
    """The owner's visits of published plans since a year ago, cancelled ones included (a
    calendar app removes them only when told they are cancelled)."""
    query = restrict(select(Visit), owner, "visits.view").where(
        Visit.observer_id == owner.id, Visit.planned_on >= today - timedelta(days=PAST_DAYS)
    )
    options = joinedload(Visit.department).joinedload(Department.kindergarten)
    return list(session.scalars(query.options(options).order_by(Visit.planned_on, Visit.id)))


def calendar_bytes(visits: list[Visit]) -> bytes:
    """Return the iCalendar document: one all-day event per visit, its UID stable per visit."""
    calendar = Calendar()
    calendar.add("prodid", "-//TETT PÅ//observation visits//NB")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("TETT PÅ visits"))
    stamp = utcnow()
    for visit in visits:
        calendar.add_component(_event(visit, stamp))
    return calendar.to_ical()


def _event(visit: Visit, stamp) -> Event:
    department = visit.department
    summary = _(
        "Observation: %(department)s, %(kindergarten)s",
        department=department.name,
        kindergarten=department.kindergarten.name,
    )
    if visit.kind == "double_coding":
        summary = _("%(summary)s (double-coding)", summary=summary)
    event = Event()
    event.add("uid", f"visit-{visit.id}@tett-paa")
    event.add("dtstamp", stamp)
    event.add("dtstart", visit.planned_on)  # a date, so an all-day event
    event.add("dtend", visit.planned_on + timedelta(days=1))
    event.add("summary", summary)
    event.add("status", "CANCELLED" if visit.status == "cancelled" else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a visit takes hours, not the whole day
    return event
