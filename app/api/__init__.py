"""The JSON API under /api/v1 (DESIGN.md §7): session cookie plus X-CSRFToken, JSON errors."""

from flask import Blueprint

from . import errors

bp = Blueprint("api", __name__, url_prefix="/api/v1")
errors.register(bp)

from . import aggregates, follow_up, plans, routes  # noqa: E402,F401
