"""GET /api/v1/aggregates: the dashboard's group figures as JSON (same service, same numbers)."""

from dataclasses import asdict

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from analysis.queries import GROUP_KEYS, LEVELS
from analysis.semesters import parse_semester

from ..db import get_session
from ..instruments import all_instruments
from ..models import AGE_GROUPS
from ..permissions import OutOfScope, group_figures, scoped_request, small_group_min, viewer_for
from . import bp
from .errors import ApiError
from .models import MAX_ID, AggregatesQuery
from .responses import Aggregates
from .spec import answers, api_spec

PARAMETERS = tuple(AggregatesQuery.model_fields)


@bp.get("/aggregates")
@api_spec.validate(query=AggregatesQuery, resp=answers(Aggregates, 400, 401, 403, 422, 503))
def aggregates():
    """Group figures by pool, network, kindergarten, semester, age group or instrument
    (mentors: own networks; directors: own kindergarten and comparisons)"""
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
            "min_group_size": small_group_min(viewer, filters),
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
    # isdigit() alone lets "²" through, and the database holds 32-bit integers only.
    if not (value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= MAX_ID):
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
