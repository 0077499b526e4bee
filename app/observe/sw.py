"""The service worker, served from the site root so that its scope covers every page."""

import hashlib
import json
from pathlib import Path

from flask import Blueprint, current_app, url_for

bp = Blueprint("sw", __name__)

SHELL_FILES = ("css/app.css", "css/observe.css", "js/table_scroll.js")  # base.html loads it
SHELL_SCRIPTS = "js/observe"
PLACEHOLDER = "/*SHELL*/[]/*END*/"


def _shell() -> list[str]:
    """Static files the form needs offline, relative to the static folder."""
    static = Path(current_app.static_folder)
    scripts = (static / SHELL_SCRIPTS).glob("*.js")
    return [*SHELL_FILES, *sorted(p.relative_to(static).as_posix() for p in scripts)]


def _version(files: list[str], worker: bytes) -> str:
    """A hash of the shell's contents: any change to them installs a new worker and cache."""
    digest = hashlib.sha256(worker)
    static = Path(current_app.static_folder)
    for name in files:
        digest.update(name.encode())
        digest.update((static / name).read_bytes())
    return digest.hexdigest()[:16]


@bp.get("/sw.js")
def service_worker():
    worker = (Path(current_app.static_folder) / "js" / "sw.js").read_bytes()
    files = _shell()
    urls = [url_for("static", filename=name) for name in files]
    body = (
        worker.decode()
        .replace(PLACEHOLDER, json.dumps(urls))
        .replace('const VERSION = "dev";', f'const VERSION = "{_version(files, worker)}";')
    )
    response = current_app.response_class(body, mimetype="text/javascript")
    # Browsers must always ask for a new worker; the shell it lists is cached by the worker.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response
