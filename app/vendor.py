"""Third-party browser code served from installed packages: never from a CDN."""

from pathlib import Path

import plotly
from flask import Blueprint, send_from_directory

bp = Blueprint("vendor", __name__, url_prefix="/vendor")
PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"


@bp.get("/plotly.min.js")
def plotly_js():
    return send_from_directory(PLOTLY_DIR, "plotly.min.js", max_age=86400)
