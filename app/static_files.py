"""Static files: served by WhiteNoise, compressed (Brotli and gzip), cached for long.

Versioning is by query string: url_for('static', filename=...) adds ?v=<hash of the file>, so a
changed file gets a new URL and browsers may keep every version for a year. Files are not
renamed, because the tablet form's ES modules import each other by relative name and the
service worker precaches those very names; renaming would need their imports rewritten. Those
modules (js/** outside js/pages/) therefore get no version and max-age=0: the browser
revalidates them (a 304 on an unchanged ETag), and the service worker keeps them offline.

WhiteNoise serves only precompressed files. create_app() copies the static folder and Plotly's
script into the instance folder with .br and .gz siblings; a file is compressed again only when
it has changed (Plotly takes ~10 s once; later starts reuse the copy). The copy lives in
STATIC_CACHE_DIR (default instance/static-cache); STATIC_COMPRESS turns it on or off (off by
default under tests, the debug server and flask CLI commands, which then serve the plain files).
"""

import hashlib
import os
import shutil
from pathlib import Path

import click
from flask import Flask, current_app
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from .vendor import PLOTLY_DIR, PLOTLY_FILE

VERSIONED_ENDPOINTS = {"static", "vendor.plotly_js"}
_versions: dict[tuple[str, int, int], str] = {}


def init_static(app: Flask) -> None:
    """Put WhiteNoise in front of the app and version the URLs of long-lived files."""
    app.url_defaults(_add_version)
    server = WhiteNoise(
        app.wsgi_app,
        max_age=0,  # unversioned ES modules: revalidate on every use
        immutable_file_test=lambda _path, url: is_long_lived(url),
        add_headers_function=_add_headers,
        autorefresh=app.debug,
    )
    if _should_compress(app):
        cache = Path(app.config.get("STATIC_CACHE_DIR") or Path(app.instance_path) / "static-cache")
        sync_compressed(Path(app.static_folder), cache / "static")
        sync_compressed(PLOTLY_DIR, cache / "vendor", only=(PLOTLY_FILE,))
        server.add_files(str(cache / "static"), prefix=app.static_url_path)
        server.add_files(str(cache / "vendor"), prefix="/vendor")
    else:
        # Tests and the debug server: the files as they are, uncompressed; Plotly via the route.
        server.add_files(app.static_folder, prefix=app.static_url_path)
    app.wsgi_app = server


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


def sync_compressed(source: Path, target: Path, only: tuple[str, ...] | None = None) -> None:
    """Copy the files of source into target with .br/.gz siblings, skipping unchanged ones."""
    compressor = Compressor(quiet=True)
    names = only or [p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()]
    for name in names:
        src, dest = source / name, target / name
        if _unchanged(src, dest):
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        data = src.read_bytes()
        if compressor.should_compress(name):
            _write_variants(compressor, dest, data)
        # The plain copy goes last and carries the source's mtime: it marks the set complete.
        _atomic_write(dest, data)
        shutil.copystat(src, dest)


def _unchanged(src: Path, dest: Path) -> bool:
    try:
        a, b = src.stat(), dest.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def _write_variants(compressor: Compressor, dest: Path, data: bytes) -> None:
    variants = {".gz": compressor.compress_gzip}
    if compressor.use_brotli:
        variants[".br"] = compressor.compress_brotli
    for suffix, compress in variants.items():
        packed = compress(data)
        if len(packed) <= 0.95 * len(data):  # WhiteNoise's own threshold
            _atomic_write(dest.with_name(dest.name + suffix), packed)


def _atomic_write(path: Path, data: bytes) -> None:
    # Several gunicorn workers may start at once: each writes its own file, then renames.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
