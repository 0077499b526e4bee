"""JSON endpoints for the tablet: instruments, observations, cycles, scores, submit and reopen."""

import uuid

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from spectree import Response
from werkzeug.exceptions import NotFound, Unauthorized

from ..db import get_session
from ..instruments import all_instruments, instrument_version, licensed_text
from ..observe import services
from ..observe.rules import CycleProblem
from ..observe.serialize import iso, serialize_cycle
from . import bp
from .errors import error_response
from .models import MAX_ID, CycleUpdate, InstrumentQuery, NewObservation, Reopen, ScoreUpdate
from .responses import (
    CycleSaved,
    Instrument,
    Observation,
    Reopened,
    ScoreSaved,
    Submitted,
)
from .spec import READ_ERRORS, WRITE, WRITE_ERRORS, answers, api_spec, require_json_object

PUBLIC_ENDPOINTS = {"api.openapi"}
OBSERVATION = {"observation_id": "Observation id (UUID)"}
CYCLE = {**OBSERVATION, "number": "Cycle number, 1..count"}


@bp.before_request
def require_sign_in() -> None:
    """Answer 401 JSON to signed-out callers instead of redirecting them to the login page."""
    if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
        raise Unauthorized()


bp.before_request(require_json_object)


@bp.get("/openapi.json")
@api_spec.validate(resp=Response(HTTP_200=None), security={})
def openapi():
    """This document (OpenAPI 3.1), generated from the models that validate the requests"""
    return jsonify(api_spec.spec)


@bp.get("/instruments/<instrument_id>")
@api_spec.validate(
    resp=answers(Instrument, *READ_ERRORS, HTTP_304=None),
    path_parameter_descriptions={"instrument_id": "e.g. class-prek"},
)
def instrument(instrument_id: str, query: InstrumentQuery):
    """An instrument with labels, cycle rules and (if installed) licensed text; ETag: its hash"""
    try:
        found = (
            instrument_version(instrument_id, query.version)
            if query.version
            else all_instruments()[instrument_id]
        )
    except KeyError:
        raise NotFound() from None
    response = jsonify(services.serialize_instrument(found))
    # The file hash names the content; the licensed pack (loaded at start-up) changes it too.
    response.set_etag(found.file_hash + ("-licensed" if licensed_text(found) else ""))
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)


@bp.post("/observations")
@api_spec.validate(
    resp=answers(Observation, *WRITE_ERRORS, HTTP_201=(Observation, "Created")), security=WRITE
)
def create_observation(json: NewObservation):
    """Start an observation (idempotent on the client-chosen id: 200 when already made)"""
    session = get_session()
    observation, created = services.create_observation(session, current_user, json.model_dump())
    session.commit()
    location = url_for("api.observation", observation_id=observation.id)
    body = services.serialize_observation(observation)
    return jsonify(body), 201 if created else 200, {"Location": location}


@bp.get("/observations/<uuid:observation_id>")
@api_spec.validate(resp=answers(Observation, *READ_ERRORS), path_parameter_descriptions=OBSERVATION)
def observation(observation_id: uuid.UUID):
    """Everything about an observation: cycles, scores and version"""
    found = services.get_observation_for(get_session(), current_user, observation_id)
    return jsonify(services.serialize_observation(found))


@bp.put("/observations/<uuid:observation_id>/cycles/<int:number>")
@api_spec.validate(
    resp=answers(CycleSaved, *WRITE_ERRORS), security=WRITE, path_parameter_descriptions=CYCLE
)
def put_cycle(observation_id: uuid.UUID, number: int, json: CycleUpdate):
    """Save a cycle's times, counts, setting and notes (only the fields sent; audited)"""
    session = get_session()
    changes = json.model_dump(exclude_unset=True)
    cycle, version = services.save_cycle(
        session, current_user, observation_id, _cycle_number(number), changes
    )
    session.commit()
    return jsonify({"cycle": serialize_cycle(cycle), "version": version})


@bp.put("/observations/<uuid:observation_id>/cycles/<int:number>/scores/<dimension>")
@api_spec.validate(
    resp=answers(ScoreSaved, *WRITE_ERRORS),
    security=WRITE,
    path_parameter_descriptions={**CYCLE, "dimension": "Dimension code, e.g. PC"},
)
def put_score(observation_id: uuid.UUID, number: int, dimension: str, json: ScoreUpdate):
    """Save one score; idempotent, and a later client_ts wins (audited)"""
    session = get_session()
    user = current_user._get_current_object()  # the hot path: resolve the proxy once
    changes = json.model_dump(exclude_unset=True)
    number = _cycle_number(number)
    saved = services.save_score(session, user, observation_id, number, dimension, changes)
    session.commit()
    return jsonify({"applied": saved.applied, "score": saved.score, "version": saved.version})


def _cycle_number(number: int) -> int:
    """Refuse a number too large for the database before it reaches a query: no such cycle."""
    if number > MAX_ID:
        raise NotFound()
    return number


@bp.post("/observations/<uuid:observation_id>/submit")
@api_spec.validate(
    resp=answers(Submitted, *WRITE_ERRORS), security=WRITE, path_parameter_descriptions=OBSERVATION
)
def submit(observation_id: uuid.UUID):
    """Submit a complete observation; 422 `incomplete` lists what is missing in details.missing
    [{kind, cycle, dimension}] and details.cycle_issues [{cycle, code, minutes}]"""
    session = get_session()
    found = services.get_observation_for(session, current_user, observation_id, edit=True)
    problems = services.submit(session, current_user, found)
    if problems:
        return _incomplete(problems)
    session.commit()
    return jsonify(
        {"status": found.status, "submitted_at": iso(found.submitted_at), "version": found.version}
    )


def _incomplete(problems: list):
    missing = [p for p in problems if not isinstance(p, CycleProblem)]
    issues = [p for p in problems if isinstance(p, CycleProblem)]
    details = {
        "missing": [{"kind": m.kind, "cycle": m.cycle, "dimension": m.dimension} for m in missing],
        "cycle_issues": [{"cycle": i.cycle, "code": i.code, "minutes": i.minutes} for i in issues],
    }
    message = _(
        "The observation is not complete yet: %(count)s things are missing or need a fix.",
        count=len(problems),
    )
    return error_response(422, "incomplete", message, details)


@bp.post("/observations/<uuid:observation_id>/reopen")
@api_spec.validate(
    resp=answers(Reopened, *WRITE_ERRORS), security=WRITE, path_parameter_descriptions=OBSERVATION
)
def reopen(observation_id: uuid.UUID, json: Reopen):
    """Project lead: put a submitted or released observation back to draft, with a reason"""
    session = get_session()
    found = services.get_observation_for(session, current_user, observation_id)
    services.reopen(session, current_user, found, json.reason)
    session.commit()
    return jsonify({"status": found.status, "version": found.version})
