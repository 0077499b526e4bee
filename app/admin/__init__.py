"""The admin area: the programme's roster kept in the app.

The project lead keeps the organisation, the people, their certifications and the roster
workbook; a director keeps their own kindergarten's departments and people. Each part has its
own routes module, imported below.
"""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

# The routes modules register their views on `bp`, so they are imported after it.
from . import (  # noqa: E402
    audit_routes,  # noqa: F401
    certification_routes,  # noqa: F401
    kindergarten_routes,  # noqa: F401
    organisation_routes,  # noqa: F401
    people_routes,  # noqa: F401
    roster_routes,  # noqa: F401
    routes,  # noqa: F401
)
