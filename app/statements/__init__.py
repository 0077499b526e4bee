"""The public statements (accessibility, privacy) and a person's download of their own data."""

from flask import Blueprint

bp = Blueprint("statements", __name__)

from . import my_data, routes  # noqa: E402,F401
