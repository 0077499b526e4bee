"""The programme dashboard: aggregates, trends, follow-up, agreement and the Excel export."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from . import routes  # noqa: E402,F401
