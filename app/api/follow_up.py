"""GET /api/v1/follow-up?semester=S: the ranked follow-up flags in the caller's scope (DESIGN §7).

The same list as the dashboard's follow-up page (analysis/followup.py with the configured
thresholds): the project lead sees every department, a mentor their networks', a director
their kindergarten's; every other role gets 403. Without `semester`, the latest observed one.
"""

from typing import Literal

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, Field

from analysis.followup import Thresholds, as_of_semester, follow_up
from analysis.followup_cases import cases_of
from analysis.semesters import parse_semester

from ..db import get_session
from ..instruments import versions
from ..permissions import department_filters, may, viewer_for
from . import bp
from .errors import ApiError
from .responses import Answer
from .spec import answers, api_spec


class FollowUpQuery(BaseModel):
    semester: str = Field(None, description="e.g. 2025V; absent: the latest observed semester")


class FollowUpReason(Answer):
    """One rule a department hits, with its numbers."""

    rule: Literal["negative_climate", "low_support", "drop", "bottom_decile"]
    domain: str = Field(description="The domain code (NC, the dimension, for negative_climate)")
    value: float = Field(description="The mean in the department's latest semester (NC raw)")
    threshold: float = Field(description="The rule's limit; bottom_decile: the highest mean "
                             "inside the bottom share that semester")  # fmt: skip
    previous: float | None = Field(description="The mean in the semester before (drop, "
                                   "bottom_decile)")  # fmt: skip


class FollowUpCaseMark(Answer):
    id: int
    status: Literal["open", "closed"]


class FollowUpDepartment(Answer):
    department_id: int
    department: str
    kindergarten: str
    network: str | None
    rank: int = Field(description="1 = most severe")
    reasons: list[FollowUpReason]
    case: FollowUpCaseMark | None = Field(description="The open case, else one closed on "
                                          "this semester's flags")  # fmt: skip


class FollowUpList(Answer):
    """The flagged departments in the caller's scope, most severe first."""

    semester: str | None = Field(description="The semester judged (null: nothing observed)")
    departments: list[FollowUpDepartment]


@bp.get("/follow-up")
@api_spec.validate(query=FollowUpQuery, resp=answers(FollowUpList, 400, 401, 403, 422, 503))
def follow_up_list():
    """The ranked follow-up flags (project lead: all; mentor: own networks; director: own
    kindergarten; other roles 403)"""
    session = get_session()
    viewer = viewer_for(session, current_user, current_app.config["SMALL_GROUP_MIN"])
    if viewer is None or not may(current_user, "followup.view"):
        raise ApiError(403, "forbidden", _("Only the project lead, mentors and directors see "
                                           "the follow-up list."))  # fmt: skip
    filters = department_filters(viewer, {})
    semester = _semester() or as_of_semester(session, filters)
    items = follow_up(
        session, as_of=semester, filters=filters, instruments=versions(),
        thresholds=Thresholds.from_settings(current_app.config),
    )  # fmt: skip
    cases = cases_of(session, items)
    return jsonify({"semester": semester,
                    "departments": [_department(item, cases) for item in items]})  # fmt: skip


def _semester() -> str | None:
    unknown = sorted(set(request.args) - {"semester"})
    if unknown:
        raise ApiError(400, "bad_parameter", _("Unknown parameter."),
                       {"field": unknown[0], "allowed": ["semester"]})  # fmt: skip
    value = request.args.get("semester")
    if value is None or value == "":
        return None
    try:
        return str(parse_semester(value))
    except ValueError:
        raise ApiError(400, "bad_parameter", _("A semester is written like 2025V or 2024H."),
                       {"field": "semester"}) from None  # fmt: skip


def _department(item, cases) -> dict:
    case = cases.get(item.department_id)
    return {
        "department_id": item.department_id,
        "department": item.department,
        "kindergarten": item.kindergarten,
        "network": item.network,
        "rank": item.rank,
        "reasons": [
            {
                "rule": flag.rule,
                "domain": flag.code,
                "value": flag.value,
                "threshold": flag.threshold,
                "previous": flag.previous_value,
            }
            for flag in item.flags
        ],  # fmt: skip
        "case": {"id": case.id, "status": case.status} if case else None,
    }
