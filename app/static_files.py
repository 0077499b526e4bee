"""Static files: served by WhiteNoise, compressed (Brotli and gzip), cached for long.

Versioning is by query string: url_for('static', filename=...) adds ?v=<hash of the file>, so a
changed file gets a new URL and browsers may keep every version for a year. Files are not
renamed, because the tablet form's ES modules import each other by relative name and the
service worker precaches those very names; renaming would need their imports rewritten. Those
modules (js/** outside js/pages/) therefore get no version and max-age=0: the browser
revalidates them (a 304 on an unchanged ETag), and the service worker keeps them offline.

WhiteNoise serves only precompressed files: app/static_compress.py makes them, in the background,
in STATIC_CACHE_DIR (default instance/static-cache). STATIC_COMPRESS turns this on or off (off by
default under tests, the debug server and flask CLI commands, which serve the plain files).
"""

import hashlib
from pathlib import Path

import click
from flask import Flask, current_app
from whitenoise import WhiteNoise

from .static_compress import CompressedStatic
from .vendor import PLOTLY_DIR, PLOTLY_FILE

VERSIONED_ENDPOINTS = {"static", "vendor.plotly_js"}
_versions: dict[tuple[str, int, int], str] = {}


def init_static(app: Flask) -> None:
    """Put WhiteNoise in front of the app and version the URLs of long-lived files."""
    app.url_defaults(_add_version)
    inner = app.wsgi_app
    # Tests and the debug server, and every server until its compressed copy is ready: the files
    # as they are, uncompressed; Plotly through its route.
    plain = whitenoise_for(inner, autorefresh=app.debug)
    plain.add_files(app.static_folder, prefix=app.static_url_path)
    if not _should_compress(app):
        app.wsgi_app = plain
        return
    cache = Path(app.config.get("STATIC_CACHE_DIR") or Path(app.instance_path) / "static-cache")
    sources = [(Path(app.static_folder), "static", None), (PLOTLY_DIR, "vendor", (PLOTLY_FILE,))]

    def make_compressed() -> WhiteNoise:
        server = whitenoise_for(inner)
        server.add_files(str(cache / "static"), prefix=app.static_url_path)
        server.add_files(str(cache / "vendor"), prefix="/vendor")
        return server

    app.wsgi_app = CompressedStatic(plain, make_compressed, cache, sources, app.logger)


def whitenoise_for(inner, autorefresh: bool = False) -> WhiteNoise:
    return WhiteNoise(
        inner,
        max_age=0,  # unversioned ES modules: revalidate on every use
        immutable_file_test=lambda _path, url: is_long_lived(url),
        add_headers_function=_add_headers,
        autorefresh=autorefresh,
    )


def _should_compress(app: Flask) -> bool:
    # `flask db upgrade`, `backup` and the like serve nothing: they need not wait for Plotly.
    in_cli_command = click.get_current_context(silent=True) is not None
    default = not (app.testing or app.debug or in_cli_command)
    return bool(app.config.get("STATIC_COMPRESS", default))


def is_long_lived(url: str) -> bool:
    """Every file whose URL url_for() versions; the form's ES modules are imported unversioned."""
    return not (url.startswith("/static/js/") and not url.startswith("/static/js/pages/"))


def _add_headers(headers, _path, _url) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint not in VERSIONED_ENDPOINTS or "v" in values:
        return
    if endpoint == "static":
        filename = values.get("filename", "")
        path = Path(current_app.static_folder) / filename
        if not is_long_lived(f"/static/{filename}"):
            return
    else:
        path = PLOTLY_DIR / PLOTLY_FILE
    version = file_version(path)
    if version:
        values["v"] = version


def file_version(path: Path) -> str | None:
    """The first 12 hex digits of the file's SHA-256, remembered while the file is unchanged."""
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _versions:
        _versions[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _versions[key]
