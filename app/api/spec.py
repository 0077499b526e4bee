"""spectree: validates each request body with its model (app/api/models.py) and generates
/api/v1/openapi.json from the same models and the blueprint's own Flask routes."""

from flask import current_app, request
from flask_babel import gettext as _
from pydantic import ValidationError
from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree
from spectree.plugins.flask_plugin import FlaskPlugin
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from .errors import ApiError
from .models import refusal
from .responses import Error

# What each error status means on this API, for the document.
ERROR_MEANINGS = {
    400: "Malformed JSON, a missing or stale CSRF token (error `csrf_failed`), or a query "
    "value holding a character that cannot be stored (error `bad_parameter`).",
    401: "Not signed in (also when the session expired).",
    403: "Visible, but this user may not do this.",
    404: "Not found, or not visible to this user (never reveals which).",
    409: "Conflicts with the stored state, e.g. `observation_locked` after submission.",
    413: "The request is too large.",
    415: "The body is not JSON (send Content-Type: application/json).",
    422: "A field or rule was broken; `details.field` names the field.",
    503: "The database is busy; send again after Retry-After seconds.",
}
READ_ERRORS = (400, 401, 404, 503)
WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 415, 422, 503)
WRITE = {"session": [], "csrf": []}


class RequestValidatingPlugin(FlaskPlugin):
    """Validate requests, not responses: the tests check real answers against the document,
    while at run time a mismatch would turn an already committed write into a 500."""

    def validate_response(self, resp, resp_model, skip_validation, force_resp_serialize):
        return super().validate_response(resp, resp_model, True, force_resp_serialize)

    def get_func_operation_id(self, func, path: str, method: str) -> str:
        return func.__name__  # the view's name, e.g. put_score: unique in this blueprint


def _api_key(where: str, name: str) -> SecuritySchemeData:
    return SecuritySchemeData(type="apiKey", field_in=where, name=name)


def refuse_invalid_body(req, resp, error: ValidationError | None, instance, model_adapter):
    """Answer a body that does not fit its model in our error shape and language."""
    if error is not None:
        raise refusal(error)


api_spec = SpecTree(
    "flask",
    backend=RequestValidatingPlugin,
    mode="strict",  # only the routes declared with @api_spec.validate
    title="TETT PÅ observations API",
    version="1",
    description="Session cookie auth; writes also need the X-CSRFToken header (the token is "
    "in the page's <meta name=csrf-token>). Errors are {error, message, details} with a 4xx "
    "status.",
    page_templates={},  # no documentation pages: they would load scripts from a CDN
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    before=refuse_invalid_body,
    validation_error_model=Error,
    security_schemes=[
        SecurityScheme(name="session", data=_api_key("cookie", "session")),
        SecurityScheme(name="csrf", data=_api_key("header", "X-CSRFToken")),
    ],
    security={"session": []},
)


def answers(ok=None, *errors: int, **others) -> Response:
    """Return the documented responses: `ok` for 200, Error for each error status."""
    described = {f"HTTP_{status}": (Error, ERROR_MEANINGS[status]) for status in errors}
    return Response(HTTP_200=ok, **described, **others)


def require_json_object() -> None:
    """Refuse a body that is not JSON (415) or not a JSON object (400) before validation."""
    view = current_app.view_functions.get(request.endpoint)
    declared = api_spec.get_function_metadata(view) if view else None
    if declared is None or declared.json is None:
        return
    if not request.is_json:
        raise UnsupportedMediaType()
    try:
        body = request.get_json()
    except (BadRequest, RecursionError):  # RecursionError: nested thousands deep
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, "malformed_json", _("The request body must be a JSON object."), {})
