"""JSON errors for /api/: `{error, message, details}` with a 4xx status, in the user's language."""

from flask import Blueprint, Response, current_app, jsonify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from ..db import get_session
from ..observe.rules import RuleViolation

# Rule breaks are 422 unless listed here: conflicts with the stored state are 409, and a
# cycle or dimension that does not exist is 404 like any other missing resource.
STATUS_BY_CODE = {
    "observation_locked": 409,
    "regular_exists": 409,
    "id_conflict": 409,
    "not_submitted": 409,
    "unknown_cycle": 404,
    "unknown_dimension": 404,
    "unknown_instrument": 404,
    "not_an_observer": 403,
    "visit_not_planned": 409,
}
HTTP_ERRORS = {
    400: ("bad_request", _l("The request could not be understood. Reload the page and try again.")),
    401: (
        "not_signed_in",
        _l("You are signed out. Sign in again; nothing on this device is lost."),
    ),
    403: ("forbidden", _l("You are not allowed to do this.")),
    404: ("not_found", _l("Not found. It may not exist, or you may not have access to it.")),
    405: ("method_not_allowed", _l("This address does not accept that method.")),
    413: ("too_large", _l("The request is too large.")),
    415: ("unsupported_media_type", _l("Send the data as JSON (Content-Type: application/json).")),
    500: ("server_error", _l("Something went wrong on our side. Try again in a moment.")),
    503: ("busy", _l("The server is busy. Your change is kept; it will be sent again shortly.")),
}


class ApiError(Exception):
    """An error with a specific code and message, e.g. malformed JSON."""

    def __init__(self, status: int, code: str, message: str, details: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or {}


def error_response(status: int, code: str, message: str, details: dict | None = None) -> Response:
    """Return the JSON error body with its status."""
    response = jsonify({"error": code, "message": str(message), "details": details or {}})
    response.status_code = status
    return response


def http_error_response(error: HTTPException) -> Response:
    """Turn any HTTP error (including routing 404/405 and CSRF failures) into the JSON shape."""
    if isinstance(error, CSRFError):
        if not current_user.is_authenticated:
            # An expired session also loses its CSRF token; "sign in again" is the useful answer.
            return _standard(401)
        return error_response(
            400,
            "csrf_failed",
            _("The security token is missing or out of date. Reload the page and try again."),
            {"reason": error.description},
        )
    response = _standard(error.code or 500)
    if error.code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _standard(status: int) -> Response:
    code, message = HTTP_ERRORS.get(status, (f"http_{status}", HTTP_ERRORS[400][1]))
    return error_response(status, code, message)


def rule_violation_response(error: RuleViolation) -> Response:
    """Map a broken rule to 409, 404, 403 or 422."""
    return error_response(
        STATUS_BY_CODE.get(error.code, 422), error.code, error.message, error.details
    )


def database_busy_response(error: OperationalError) -> Response:
    """Answer 503 when the database is locked or unreachable, so the tablet retries later."""
    current_app.logger.warning("database busy: %s", error)
    get_session().rollback()
    response = _standard(503)
    response.headers["Retry-After"] = "2"
    return response


def register(bp: Blueprint) -> None:
    """Attach the JSON error handlers to the API blueprint."""
    bp.register_error_handler(HTTPException, http_error_response)
    bp.register_error_handler(RuleViolation, rule_violation_response)
    bp.register_error_handler(
        ApiError, lambda e: error_response(e.status, e.code, e.message, e.details)
    )
    bp.register_error_handler(OperationalError, database_busy_response)
