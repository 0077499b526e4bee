"""GET /account/data: what the app holds about the signed-in person, as a JSON file. The person
is always current_user: the route takes no id, so nobody can ask for another's data."""

import json
from datetime import date, datetime
from uuid import UUID

from flask import Response
from flask_login import current_user, login_required
from sqlalchemy import Table, select

from analysis import schema as s

from ..db import get_session
from ..models.audit import record
from ..permissions import may
from . import bp


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _rows(session, table: Table, *where, hide: tuple[str, ...] = ()) -> list[dict]:
    query = select(table).where(*where)
    return [
        {key: _plain(value) for key, value in row._mapping.items() if key not in hide}
        for row in session.execute(query)
    ]


def _observations(session, where) -> list[dict]:
    """Observations with their cycles and scores (the observer's notes among them)."""
    found = _rows(session, s.observation, where)
    for observation in found:
        cycles = _rows(session, s.cycle, s.cycle.c.observation_id == UUID(observation["id"]))
        for cycle in cycles:
            cycle["scores"] = _rows(session, s.score, s.score.c.cycle_id == cycle["id"])
        observation["cycles"] = cycles
        observation["feedback"] = _rows(
            session, s.feedback, s.feedback.c.observation_id == UUID(observation["id"])
        )
    return found


def collect(session, user_id: int, leads: bool) -> dict:
    """Every record about or by the person, by kind (`leads`: as a pedagogical leader, with the
    released observations of their departments)."""
    led = select(s.department_member.c.department_id).where(
        s.department_member.c.user_id == user_id
    )
    departments_led = (s.observation.c.department_id.in_(led)) & (
        s.observation.c.status == "released"
    )
    return {
        "user": _rows(session, s.user, s.user.c.id == user_id, hide=("password_hash",)),
        "roles": _rows(session, s.user_role, s.user_role.c.user_id == user_id),
        "department_memberships": _rows(
            session, s.department_member, s.department_member.c.user_id == user_id
        ),
        "certifications": _rows(session, s.certification, s.certification.c.user_id == user_id),
        "sign_in_identities": _rows(
            session, s.external_identity, s.external_identity.c.user_id == user_id
        ),
        "observations_made": _observations(session, s.observation.c.observer_id == user_id),
        "observations_of_departments_led": (
            _observations(session, departments_led) if leads else []
        ),
        "practice_narratives": _rows(
            session, s.practice_narrative, s.practice_narrative.c.author_id == user_id
        ),
        "feedback_acknowledged": _rows(
            session, s.feedback, s.feedback.c.acknowledged_by_id == user_id
        ),
        "guidance_meetings": _rows(
            session,
            s.guidance_meeting,
            (s.guidance_meeting.c.led_by_id == user_id)
            | (s.guidance_meeting.c.recorded_by_id == user_id),
        ),
        "follow_up_cases_opened": _rows(
            session, s.follow_up_case, s.follow_up_case.c.opened_by_id == user_id
        ),
        "follow_up_check_ins": _rows(
            session, s.follow_up_check_in, s.follow_up_check_in.c.by_id == user_id
        ),
        "audit_events": _rows(session, s.audit_event, s.audit_event.c.user_id == user_id),
    }


@bp.route("/account/data")
@login_required
def my_data():
    session = get_session()
    data = collect(session, current_user.id, may(current_user, "home.pedagogical_leader"))
    # The download itself is audited after collecting, so the file shows the events before it.
    record(session, user_id=current_user.id, action="download", entity="user",
           entity_id=current_user.id, field="own_data")  # fmt: skip
    session.commit()
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="tettpaa-my-data.json"'},
    )
