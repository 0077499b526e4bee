"""GET /api/v1/plans/{semester}: a semester plan's visits in the caller's scope (DESIGN §7).

The project lead reads every plan, drafts included; an observer reads their own visits and a
director their kindergarten's, of a published plan only (a draft answers 404 to them, as if it
did not exist). Every other role gets 403: plans are none of their business.
"""

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from analysis.semesters import parse_semester

from ..db import get_session
from ..models import Department, Kindergarten, SemesterPlan, User, Visit
from ..permissions import may, restrict
from . import bp
from .errors import ApiError
from .responses import SemesterPlan as SemesterPlanAnswer
from .spec import answers, api_spec

VISIT_COLUMNS = (
    Visit.id,
    Visit.department_id,
    Department.name.label("department"),
    Department.kindergarten_id,
    Kindergarten.name.label("kindergarten"),
    Visit.observer_id,
    User.email.label("observer_email"),
    Visit.kind,
    Visit.planned_on,
    Visit.status,
    Visit.observation_id,
    Visit.regular_visit_id,
)


@bp.get("/plans/<semester>")
@api_spec.validate(
    resp=answers(SemesterPlanAnswer, 400, 401, 403, 404, 503),
    path_parameter_descriptions={"semester": "e.g. 2025V or 2024H"},
)
def plan(semester: str):
    """A semester plan and its visits (project lead: all, drafts too; in a published plan an
    observer their own visits, a director their kindergarten's; other roles 403)"""
    if not may(current_user, "visits.plan"):
        raise ApiError(403, "forbidden", _("Only the project lead, observers and directors "
                                           "see semester plans."))  # fmt: skip
    session = get_session()
    found = session.scalar(select(SemesterPlan).where(SemesterPlan.semester == _parsed(semester)))
    if found is None or not may(current_user, "visits.plan", found):
        raise NotFound()
    return jsonify(
        {
            "semester": found.semester,
            "status": found.status,
            "window": {"from": found.first_day.isoformat(), "to": found.last_day.isoformat()},
            "visits": [_visit(row) for row in session.execute(_visits_query(found.id))],
        }
    )


def _parsed(semester: str) -> str:
    try:
        return str(parse_semester(semester))
    except ValueError:
        raise ApiError(400, "bad_parameter", _("A semester is written like 2025V or 2024H."),
                       {"field": "semester"}) from None  # fmt: skip


def _visits_query(plan_id: int):
    query = (
        select(*VISIT_COLUMNS)
        .join(Department, Department.id == Visit.department_id)
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .join(User, User.id == Visit.observer_id)
        .where(Visit.plan_id == plan_id)
        .order_by(Visit.planned_on, Visit.id)
    )
    return restrict(query, current_user, "visits.view")


def _visit(row) -> dict:
    visit = dict(row._mapping)
    visit["planned_on"] = visit["planned_on"].isoformat()
    observation_id = visit["observation_id"]
    visit["observation_id"] = str(observation_id) if observation_id is not None else None
    return visit
