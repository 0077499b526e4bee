"""The admin area: the programme's roster kept in the app.

The project lead keeps the organisation, the people, their certifications and the roster
workbook; a director keeps their own kindergarten's departments and people. Each part has its
own routes module, imported below.
"""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import routes  # noqa: E402,F401
