"""Semester planning: every department's visit, an eligible observer and a double-coder.

The project lead opens a semester plan, assigns it automatically (analysis.planning), edits and
publishes it (plan_routes); observers and directors see their visits, observers start one with
a tap and follow it in their calendar (visit_routes).
"""

from flask import Blueprint

bp = Blueprint("plan", __name__, url_prefix="/plan")

# The routes modules register their views on `bp`, so they are imported after it.
from . import plan_routes, visit_routes  # noqa: E402, F401
