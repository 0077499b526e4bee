"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.

To describe a new endpoint, add its path to PATHS and its schemas to SCHEMAS (both are
extended in place, e.g. `PATHS["/api/v1/aggregates"] = {...}`). tests/web/test_openapi.py
fails until every route under /api/v1 is described here and every path here exists.
"""

from .schemas import SCHEMAS, ref


def json_body(schema: dict, description: str) -> dict:
    """Return a response (or request body) holding JSON of the given schema."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def errors(*statuses: int) -> dict:
    """Return the JSON error responses for these statuses."""
    return {str(status): json_body(ref("Error"), ERROR_MEANINGS[status]) for status in statuses}


def path_param(name: str, schema: dict, description: str) -> dict:
    """Return a required path parameter."""
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


ERROR_MEANINGS = {
    400: "Malformed JSON, or a missing or stale CSRF token (error `csrf_failed`).",
    401: "Not signed in (also when the session expired).",
    403: "Visible, but this user may not do this.",
    404: "Not found, or not visible to this user (never reveals which).",
    409: "Conflicts with the stored state, e.g. `observation_locked` after submission.",
    415: "The body is not JSON (send Content-Type: application/json).",
    422: "A field or rule was broken; `details.field` names the field.",
}
WRITE = {"security": [{"session": [], "csrf": []}]}
OBSERVATION_ID = path_param("observation_id", {"type": "string", "format": "uuid"}, "Observation")
CYCLE_NUMBER = path_param("number", {"type": "integer", "minimum": 1}, "Cycle number, 1..count")


PATHS: dict[str, dict] = {
    "/api/v1/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "responses": {"200": json_body({"type": "object"}, "OpenAPI 3.1 document")},
        }
    },
    "/api/v1/instruments/{instrument_id}": {
        "get": {
            "summary": "An instrument with labels, cycle rules and (if installed) licensed text",
            "parameters": [
                path_param("instrument_id", {"type": "string"}, "e.g. class-prek"),
                {
                    "name": "version",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": "An older version, as recorded on an observation",
                },
            ],
            "responses": {
                "200": json_body(ref("Instrument"), "The instrument (ETag: file hash)"),
                "304": {"description": "Not modified (If-None-Match)"},
                **errors(401, 404),
            },
        }
    },
    "/api/v1/observations": {
        "post": {
            **WRITE,
            "summary": "Start an observation (idempotent on the client-chosen id)",
            "requestBody": {"required": True, **json_body(ref("NewObservation"), "The visit")},
            "responses": {
                "201": json_body(ref("Observation"), "Created"),
                "200": json_body(ref("Observation"), "Already created with this id"),
                **errors(400, 401, 403, 409, 415, 422),
            },
        }
    },
    "/api/v1/observations/{observation_id}": {
        "get": {
            "summary": "Everything about an observation: cycles, scores and version",
            "parameters": [OBSERVATION_ID],
            "responses": {
                "200": json_body(ref("Observation"), "The observation"),
                **errors(401, 404),
            },
        }
    },
    "/api/v1/observations/{observation_id}/cycles/{number}": {
        "put": {
            **WRITE,
            "summary": "Save a cycle's times, counts, setting and notes (audited)",
            "parameters": [OBSERVATION_ID, CYCLE_NUMBER],
            "requestBody": {"required": True, **json_body(ref("CycleUpdate"), "Fields to change")},
            "responses": {
                "200": json_body(ref("CycleSaved"), "Saved"),
                **errors(400, 401, 403, 404, 409, 415, 422),
            },
        }
    },
    "/api/v1/observations/{observation_id}/cycles/{number}/scores/{dimension}": {
        "put": {
            **WRITE,
            "summary": "Save one score; idempotent, a later client_ts wins (audited)",
            "parameters": [
                OBSERVATION_ID,
                CYCLE_NUMBER,
                path_param("dimension", {"type": "string"}, "Dimension code, e.g. PC"),
            ],
            "requestBody": {"required": True, **json_body(ref("ScoreUpdate"), "The score")},
            "responses": {
                "200": json_body(ref("ScoreSaved"), "Applied, or kept the newer score"),
                **errors(400, 401, 403, 404, 409, 415, 422),
            },
        }
    },
    "/api/v1/observations/{observation_id}/submit": {
        "post": {
            **WRITE,
            "summary": "Submit a complete observation; 422 lists what is missing",
            "parameters": [OBSERVATION_ID],
            "responses": {
                "200": json_body(ref("Submitted"), "Submitted"),
                **errors(400, 401, 403, 404, 409),
                "422": json_body(
                    ref("Error"),
                    "error `incomplete`: details.missing "
                    "[{kind, cycle, dimension}] and details.cycle_issues "
                    "[{cycle, code, minutes}]",
                ),
            },
        }
    },
    "/api/v1/observations/{observation_id}/reopen": {
        "post": {
            **WRITE,
            "summary": "Project lead: put a submitted observation back to draft",
            "parameters": [OBSERVATION_ID],
            "requestBody": {"required": True, **json_body(ref("Reopen"), "Why (audited)")},
            "responses": {
                "200": json_body(ref("Reopened"), "Back to draft"),
                **errors(400, 401, 403, 404, 409, 415, 422),
            },
        }
    },
}


def openapi_document() -> dict:
    """Return the whole OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "TETT PÅ observations API",
            "version": "1",
            "description": "Session cookie auth; writes also need the X-CSRFToken header "
            "(the token is in the page's <meta name=csrf-token>). Errors are "
            "{error, message, details} with a 4xx status.",
        },
        "security": [{"session": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"},
            },
        },
    }
