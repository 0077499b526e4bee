"""Third-party browser code served from installed packages: never from a CDN.

With compression on (app/static_files.py), WhiteNoise answers /vendor/plotly.min.js from a
compressed copy before this route is reached; the route serves the plain file otherwise.
"""

from pathlib import Path

import plotly
from flask import Blueprint, request, send_from_directory

bp = Blueprint("vendor", __name__, url_prefix="/vendor")
PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"
PLOTLY_FILE = "plotly.min.js"
ONE_YEAR = 365 * 86400


@bp.get("/plotly.min.js")
def plotly_js():
    # url_for() adds ?v=<hash>: such a URL never changes its content.
    max_age = ONE_YEAR if request.args.get("v") else 86400
    return send_from_directory(PLOTLY_DIR, PLOTLY_FILE, max_age=max_age)
