"""Security headers (app/security.py); static files compressed and cached (app/static_files.py).

Every test takes `app`, so it runs on SQLite and on PostgreSQL.
"""

import hashlib
import re
from pathlib import Path

import pytest
from flask import url_for

from app.static_files import is_long_lived
from app.vendor import PLOTLY_DIR, PLOTLY_FILE
from tests.conftest import make_test_app
from tests.support.auth import login

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"
YEAR = 365 * 86400


def get(client, url: str, **kwargs):
    """GET and close: a static file's answer holds the file open until closed."""
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: rest for name, *more in parts for rest in [more[0] if more else ""]}


def test_the_policy_allows_scripts_from_this_site_only(client):
    policy = directives(client.get("/login"))
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in str(policy)


def test_no_site_may_frame_the_app(client):
    response = client.get("/login")
    assert directives(response)["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_browsers_may_not_guess_content_types(client):
    for path in ("/login", "/api/v1/openapi.json", "/static/css/app.css", "/nowhere"):
        assert get(client, path).headers["X-Content-Type-Options"] == "nosniff", path


def test_links_out_tell_other_sites_nothing(client):
    assert client.get("/login").headers["Referrer-Policy"] == "same-origin"


def test_the_pages_may_not_use_camera_microphone_or_location(client):
    policy = client.get("/login").headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


def test_hsts_only_when_the_site_is_https_only(app, database_url, tmp_path):
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers
    https = app.test_client().get("/login", base_url="https://localhost")
    assert "Strict-Transport-Security" not in https.headers
    secure = make_test_app(database_url, tmp_path / "secure", SESSION_COOKIE_SECURE=True)
    hsts = secure.test_client().get("/login", base_url="https://localhost").headers
    assert re.fullmatch(r"max-age=\d{7,}", hsts["Strict-Transport-Security"])


def test_the_session_cookie_stays_as_configured(app, world):
    """Talisman would force Secure cookies: a plain-HTTP development server must still sign in."""
    client = app.test_client()
    response = login(client, world.observer.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_signed_in_pages_and_api_answers_are_never_stored(client, world):
    assert client.get("/api/v1/observations").headers["Cache-Control"] == "no-store"  # 401
    login(client, world.observer.email)
    for path in ("/", "/api/v1/observations", "/nowhere"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_signed_in_static_files_keep_their_long_cache(client, world):
    login(client, world.observer.email)
    response = get(client, static_url(client.application, "css/app.css"))
    assert response.headers["Cache-Control"] == f"max-age={10 * YEAR}, public, immutable"
    assert client.get("/sw.js").headers["Cache-Control"] == "no-cache"


def test_no_template_holds_an_inline_script_or_handler():
    inline = re.compile(r'<script(?![^>]*(\ssrc=|type="application/json"))[^>]*>', re.I)
    handler = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert not inline.search(text), template
        assert not handler.search(text), template


def static_url(app, filename: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=filename)


def test_static_urls_carry_the_hash_of_the_file(app):
    css = Path(app.static_folder) / "css" / "app.css"
    digest = hashlib.sha256(css.read_bytes()).hexdigest()[:12]
    assert static_url(app, "css/app.css") == f"/static/css/app.css?v={digest}"
    # The form's ES modules import each other by plain relative name: no version, revalidated.
    assert static_url(app, "js/observe/form.js") == "/static/js/observe/form.js"
    assert not is_long_lived("/static/js/observe/form.js")
    response = get(app.test_client(), "/static/js/observe/form.js")
    assert response.headers["Cache-Control"] == "max-age=0, public" and response.headers["ETag"]


def test_the_service_worker_lists_urls_the_pages_use(client):
    worker = client.get("/sw.js").get_data(as_text=True)
    shell = re.search(r"const SHELL = (\[.*?\]);", worker)[1]
    assert static_url(client.application, "css/app.css") in shell
    assert '"/static/js/observe/form.js"' in shell


@pytest.fixture(scope="session")
def static_cache(tmp_path_factory) -> Path:
    """Compressing Plotly takes seconds: one copy for the whole session."""
    return tmp_path_factory.mktemp("static-cache")


@pytest.fixture
def compressed(database_url, tmp_path, static_cache):
    app = make_test_app(
        database_url, tmp_path / "c", STATIC_COMPRESS=True, STATIC_CACHE_DIR=str(static_cache)
    )
    assert app.wsgi_app.ready.wait(300), "the compressed copy was not made"
    return app.test_client()


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_static_scripts_go_out_compressed_and_cached_for_a_year(compressed, encoding):
    url = static_url(compressed.application, "js/pages/charts.js")
    response = get(compressed, url, headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert response.headers["Cache-Control"] == f"max-age={10 * YEAR}, public, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    module = get(compressed, "/static/js/observe/form.js", headers={"Accept-Encoding": encoding})
    assert module.headers["Content-Encoding"] == encoding


@pytest.mark.parametrize(("encoding", "at_most"), [("br", 400_000), ("gzip", 500_000)])
def test_plotly_goes_out_compressed_and_cached_for_a_year(compressed, encoding, at_most):
    plain = (PLOTLY_DIR / PLOTLY_FILE).stat().st_size
    with compressed.application.test_request_context():
        url = url_for("vendor.plotly_js")
    assert re.fullmatch(r"/vendor/plotly\.min\.js\?v=[0-9a-f]{12}", url)
    response = get(compressed, url, headers={"Accept-Encoding": f"{encoding}, identity"})
    assert response.headers["Content-Encoding"] == encoding
    assert len(response.data) <= at_most < plain  # 1.2 MB plain
    assert "immutable" in response.headers["Cache-Control"]
    assert get(compressed, url).data == (PLOTLY_DIR / PLOTLY_FILE).read_bytes()  # no encoding


def test_plotly_without_the_compressed_copy_is_still_served(client):
    with client.application.test_request_context():
        url = url_for("vendor.plotly_js")
    response = get(client, url)
    assert response.status_code == 200 and f"max-age={YEAR}" in response.headers["Cache-Control"]
