"""Security headers (Flask-Talisman) and who may keep a copy of a response (Cache-Control).

The policy allows scripts from this site only: every script is a file under /static or /vendor,
so no inline <script> and no on*= handler may appear in a template. Plotly writes style
attributes and <style> elements as it draws, so styles keep 'unsafe-inline'.
"""

from flask import Flask, request
from flask_login import current_user
from flask_talisman import Talisman

SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "default-src": SELF,
    "script-src": SELF,
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:"],  # Plotly's mode bar icons and the PDF preview
    "font-src": SELF,
    "connect-src": SELF,
    "worker-src": SELF,
    "manifest-src": SELF,
    "object-src": "'none'",
    "base-uri": SELF,
    "frame-ancestors": "'none'",
}
# Nothing in the app asks for these; a page that is broken into cannot either.
PERMISSIONS_POLICY = {
    feature: "()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "midi",
        "display-capture",
        "interest-cohort",
    )
}
# Served with their own caching rules: long-lived for versioned files, no-cache for the worker.
OWN_CACHE_RULES = {"static", "vendor.plotly_js", "sw.service_worker"}

talisman = Talisman()


def init_security(app: Flask) -> None:
    """Send the security headers on every response and keep private pages out of caches."""
    secure = bool(app.config.get("SESSION_COOKIE_SECURE"))
    talisman.init_app(
        app,
        # TLS ends at the reverse proxy; redirecting here would loop behind a plain-HTTP hop.
        force_https=False,
        # HSTS only where the site is meant to be HTTPS (Talisman sends it on HTTPS requests).
        strict_transport_security=secure,
        strict_transport_security_include_subdomains=False,
        # Keep the session cookie settings of app/config.py: Talisman would force Secure.
        session_cookie_secure=secure,
        session_cookie_http_only=bool(app.config.get("SESSION_COOKIE_HTTPONLY", True)),
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        referrer_policy="same-origin",
        permissions_policy=PERMISSIONS_POLICY,
        x_content_type_options=True,
    )
    app.after_request(_no_store_when_private)


def _no_store_when_private(response):
    """A shared tablet's back button or a proxy must not show one person's page to the next."""
    if request.endpoint in OWN_CACHE_RULES:
        return response
    if request.path.startswith("/api/") or current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response
