"""Third-party browser code served from the installed package: never from a CDN.

Plotly is its official basic bundle (scatter, bar, pie; app/static/vendor/plotly-basic/, with its
licence), a quarter of the full bundle's size: the dashboards draw only bars and lines, and the
report draws its charts on the server as SVG (analysis/report_charts.py) and loads no Plotly.
The file keeps the name plotly.min.js, so its URL and its compressed copy stay as they were.

With compression on (app/static_files.py), WhiteNoise answers /vendor/plotly.min.js from a
compressed copy before this route is reached; the route serves the plain file otherwise.
"""

from pathlib import Path

from flask import Blueprint, request, send_from_directory

bp = Blueprint("vendor", __name__, url_prefix="/vendor")
PLOTLY_DIR = Path(__file__).resolve().parent / "static" / "vendor" / "plotly-basic"
PLOTLY_FILE = "plotly.min.js"
ONE_YEAR = 365 * 86400


@bp.get("/plotly.min.js")
def plotly_js():
    # url_for() adds ?v=<hash>: such a URL never changes its content.
    max_age = ONE_YEAR if request.args.get("v") else 86400
    return send_from_directory(PLOTLY_DIR, PLOTLY_FILE, max_age=max_age)


def plotly_version(path: Path) -> str:
    """The plotly.js version in a bundle's banner ("plotly.js (basic - minified) v4.1.1")."""
    head = path.read_bytes()[:400].decode("utf-8", "replace")
    marker = head.find(" v")
    return head[marker + 2 :].split()[0] if marker >= 0 else ""
