"""GET /api/v1/aggregates: the dashboard's group figures as JSON (same service, same numbers)."""

from dataclasses import asdict

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from analysis.queries import GROUP_KEYS, LEVELS
from analysis.semesters import parse_semester

from ..dashboard.services import group_figures
from ..db import get_session
from ..instruments import all_instruments
from ..models import AGE_GROUPS
from ..permissions import OutOfScope, scoped_request, viewer_for
from . import bp
from .errors import ApiError
from .openapi import PATHS, errors, json_body
from .schemas import SCHEMAS, obj, ref

PARAMETERS = ("by", "level", "instrument", "semester", "pool", "network", "kindergarten",
              "age_group")  # fmt: skip


@bp.get("/aggregates")
def aggregates():
    session = get_session()
    viewer = viewer_for(session, current_user, current_app.config["SMALL_GROUP_MIN"])
    if viewer is None:
        raise ApiError(403, "forbidden", _("Only the project lead, mentors and directors see "
                                           "programme figures."))  # fmt: skip
    by, level, instrument, filters = _parameters()
    try:
        filters = scoped_request(viewer, by, filters)
    except OutOfScope as error:
        raise ApiError(403, "out_of_scope", _("You may not see figures for this %(field)s.",
                       field=str(error)), {"field": str(error)}) from None  # fmt: skip
    rows = group_figures(
        session, viewer, by=by, level=level, instrument_id=instrument, filters=filters
    )
    return jsonify(
        {
            "by": by,
            "level": level,
            "instrument": instrument,
            "filters": {key: list(value) for key, value in filters.items()},
            "min_group_size": viewer.min_group_size,
            "rows": [asdict(row) for row in rows],
        }
    )


def _parameters() -> tuple[list[str], str, str | None, dict[str, tuple]]:
    unknown = sorted(set(request.args) - set(PARAMETERS))
    if unknown:
        raise _bad(unknown[0], _("Unknown parameter."), allowed=list(PARAMETERS))
    by = _list("by")
    if [key for key in by if key not in GROUP_KEYS] or len(set(by)) != len(by):
        raise _invalid("by", _("Group by any of: %(keys)s.", keys=", ".join(GROUP_KEYS)))
    level = request.args.get("level", "dimension")
    if level not in LEVELS:
        raise _invalid("level", _("The level is dimension or domain."))
    instrument = request.args.get("instrument") or None
    if instrument is not None and instrument not in all_instruments():
        raise _invalid("instrument", _("Unknown instrument."), allowed=sorted(all_instruments()))
    filters: dict[str, tuple] = {}
    for key in ("pool", "network", "kindergarten"):
        if values := _list(key):
            filters[key] = tuple(_integer(key, value) for value in values)
    if semesters := _list("semester"):
        filters["semester"] = tuple(_semester(value) for value in semesters)
    if age_groups := _list("age_group"):
        if not set(age_groups) <= set(AGE_GROUPS):
            raise _invalid("age_group", _("The age group is toddler or preschool."))
        filters["age_group"] = tuple(age_groups)
    return by, level, instrument, filters


def _list(key: str) -> list[str]:
    return [part.strip() for part in request.args.get(key, "").split(",") if part.strip()]


def _integer(key: str, value: str) -> int:
    if not value.isdigit():
        raise _bad(key, _("Expected a whole number, such as 3."))
    return int(value)


def _semester(value: str) -> str:
    try:
        return str(parse_semester(value))
    except ValueError:
        raise _bad("semester", _("A semester is written like 2025V or 2024H.")) from None


def _bad(field: str, message: str, **details) -> ApiError:
    return ApiError(400, "bad_parameter", message, {"field": field, **details})


def _invalid(field: str, message: str, **details) -> ApiError:
    return ApiError(422, "invalid_parameter", message, {"field": field, **details})


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False,
            "schema": schema or {"type": "string"}, "description": description}  # fmt: skip


SCHEMAS["AggregateRow"] = obj(
    [
        "group",
        "level",
        "code",
        "n_departments",
        "n_observations",
        "mean",
        "sd",
        "shares",
        "cycle_shares",
        "suppressed",
    ],  # fmt: skip
    group={"type": "object", "description": "e.g. {pool: 3, semester: '2025V'}"},
    level={"type": "string", "enum": list(LEVELS)},
    code={"type": "string"},
    n_departments={"type": "integer"},
    n_observations={"type": "integer"},
    mean={"type": ["number", "null"], "description": "Mean of department means"},
    sd={"type": ["number", "null"], "description": "Sample SD between departments"},
    shares={"type": ["object", "null"], "description": "{low, mid, high} of departments"},
    cycle_shares={"type": ["object", "null"], "description": "{low, mid, high} of cycle scores"},
    suppressed={"type": "boolean", "description": "Fewer departments than min_group_size"},
)
SCHEMAS["Aggregates"] = obj(
    ["by", "level", "filters", "min_group_size", "rows"],
    by={"type": "array", "items": {"type": "string"}},
    level={"type": "string"},
    instrument={"type": ["string", "null"]},
    filters={"type": "object"},
    min_group_size={"type": "integer"},
    rows={"type": "array", "items": ref("AggregateRow")},
)
PATHS["/api/v1/aggregates"] = {
    "get": {
        "summary": "Group figures by pool, network, kindergarten, semester, age group or "
        "instrument (mentors: own networks; directors: own kindergarten and comparisons)",
        "parameters": [
            _query("by", "Comma-separated: " + ", ".join(GROUP_KEYS)),
            _query("level", "dimension (default) or domain", {"enum": list(LEVELS)}),
            _query("instrument", "e.g. class-prek"),
            _query("semester", "Comma-separated, e.g. 2025V"),
            _query("pool", "Comma-separated pool numbers"),
            _query("network", "Comma-separated network ids"),
            _query("kindergarten", "Comma-separated kindergarten ids"),
            _query("age_group", "toddler or preschool"),
        ],
        "responses": {
            "200": json_body(ref("Aggregates"), "The figures, suppressed where the role needs"),
            **errors(400, 401, 403, 422),
        },
    }
}
