"""Follow-up cases: extra follow-up of a department, agreed between mentor and director.

A case is opened from a follow-up flag (analysis.followup) or by hand; it carries goals on
dimensions, check-ins and an outcome, and shows the department's scores on its goal
dimensions before and after, from the next observations.
"""

from flask import Blueprint

bp = Blueprint("followup", __name__, url_prefix="/follow-up")

# The routes modules register their views on `bp`, so they are imported after it.
from . import routes  # noqa: E402, F401
