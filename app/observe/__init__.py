from flask import Blueprint

bp = Blueprint("observe", __name__, url_prefix="/observe")

from . import routes  # noqa: E402,F401
