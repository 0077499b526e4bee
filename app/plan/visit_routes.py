"""What observers and directors see of a published plan: their visits, a start, a calendar."""

from datetime import date

from flask import Response, abort, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..db import get_session
from ..models import Visit
from ..permissions import may, requires
from . import bp
from .calendar import (
    calendar_bytes,
    calendar_feed,
    feed_owner,
    owner_visits,
    renew_link,
    revoke_link,
)


@bp.get("/visits/<int:visit_id>/start")
@requires("visits.own")
def start_visit(visit_id: int):
    """Open the observation start form filled in for this planned visit."""
    visit = get_session().scalar(select(Visit).where(Visit.id == visit_id))
    if (
        visit is None
        or visit.observer_id != current_user.id
        or not may(current_user, "visits.view", visit)
    ):
        abort(404)
    if visit.observation_id is not None:  # started already: carry on with it
        return redirect(url_for("observe.form", observation_id=visit.observation_id))
    if not may(current_user, "visits.start", visit):  # cancelled
        return redirect(url_for("home.observer"))
    return redirect(
        url_for(
            "observe.new",
            on=visit.planned_on.isoformat(),
            visit=visit.id,
            department=visit.department_id,
            kind=visit.kind,
        )
    )


@bp.get("/calendar")
@requires("visits.own")
def calendar():
    feed = calendar_feed(get_session(), current_user.id)
    return render_template("plan/calendar.html", feed=feed, link=None)


@bp.post("/calendar/link")
@requires("visits.own")
def renew_calendar_link():
    session = get_session()
    token = renew_link(session, current_user.id)
    session.commit()
    # Shown on this answer only, never redirected to: the token is stored nowhere readable
    # (not even in the session cookie), so a reload cannot show it again.
    link = url_for("plan.calendar_feed_file", token=token, _external=True)
    feed = calendar_feed(session, current_user.id)
    return render_template("plan/calendar.html", feed=feed, link=link)


@bp.post("/calendar/revoke")
@requires("visits.own")
def revoke_calendar_link():
    session = get_session()
    revoke_link(session, current_user.id)
    session.commit()
    return redirect(url_for("plan.calendar"))


@bp.get("/calendar/<token>.ics")
def calendar_feed_file(token: str):
    """The observer's visits for a calendar app; the private link is the only key."""
    session = get_session()
    owner = feed_owner(session, token)
    if owner is None:
        abort(404)
    body = calendar_bytes(owner_visits(session, owner, date.today()))
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-cache"
    return response
