"""The guidance loop: the monthly dimension plan, practice narratives and guidance meetings.

The kindergarten works on one CLASS dimension a month (focus.py owns which); pedagogical
leaders and staff write practice narratives about it and hand them in before their meeting;
the mentor or director and the pedagogical leaders record the meetings that discussed them.
"""

from flask import Blueprint

bp = Blueprint("guidance", __name__, url_prefix="/guidance")

# The routes modules register their views on `bp`, so they are imported after it.
from . import meeting_routes, narrative_routes, plan_routes  # noqa: E402, F401
