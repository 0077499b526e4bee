"""JSON endpoints for the tablet: instruments, observations, cycles, scores, submit and reopen."""

import uuid

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound, Unauthorized, UnsupportedMediaType

from ..db import get_session
from ..instruments import all_instruments, instrument_version, licensed_text
from ..observe import services
from ..observe.rules import CycleProblem
from ..observe.serialize import iso, serialize_cycle
from . import bp
from .errors import ApiError, error_response
from .openapi import openapi_document

PUBLIC_ENDPOINTS = {"api.openapi"}


@bp.before_request
def require_sign_in() -> None:
    """Answer 401 JSON to signed-out callers instead of redirecting them to the login page."""
    if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
        raise Unauthorized()


def json_body() -> dict:
    """Return the request's JSON object, or refuse a wrong content type or malformed JSON."""
    if not request.is_json:
        raise UnsupportedMediaType()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "malformed_json", _("The request body must be a JSON object."), {})
    return body


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/instruments/<instrument_id>")
def instrument(instrument_id: str):
    version = request.args.get("version")
    try:
        found = (
            instrument_version(instrument_id, version)
            if version
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
def create_observation():
    session = get_session()
    observation, created = services.create_observation(session, current_user, json_body())
    session.commit()
    location = url_for("api.observation", observation_id=observation.id)
    body = services.serialize_observation(observation)
    return jsonify(body), 201 if created else 200, {"Location": location}


@bp.get("/observations/<uuid:observation_id>")
def observation(observation_id: uuid.UUID):
    found = services.get_observation_for(get_session(), current_user, observation_id)
    return jsonify(services.serialize_observation(found))


@bp.put("/observations/<uuid:observation_id>/cycles/<int:number>")
def put_cycle(observation_id: uuid.UUID, number: int):
    session = get_session()
    cycle, version = services.save_cycle(session, current_user, observation_id, number, json_body())
    session.commit()
    return jsonify({"cycle": serialize_cycle(cycle), "version": version})


@bp.put("/observations/<uuid:observation_id>/cycles/<int:number>/scores/<dimension>")
def put_score(observation_id: uuid.UUID, number: int, dimension: str):
    session = get_session()
    body = json_body()
    user = current_user._get_current_object()  # the hot path: resolve the proxy once
    saved = services.save_score(session, user, observation_id, number, dimension, body)
    session.commit()
    return jsonify({"applied": saved.applied, "score": saved.score, "version": saved.version})


@bp.post("/observations/<uuid:observation_id>/submit")
def submit(observation_id: uuid.UUID):
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
def reopen(observation_id: uuid.UUID):
    session = get_session()
    found = services.get_observation_for(session, current_user, observation_id)
    services.reopen(session, current_user, found, json_body().get("reason"))
    session.commit()
    return jsonify({"status": found.status, "version": found.version})
