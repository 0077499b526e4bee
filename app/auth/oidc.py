"""OpenID Connect providers (DESIGN §7): settings, Authlib clients and RP-initiated logout.

OIDC_PROVIDERS=entra,feide,idporten names the providers; each has OIDC_<NAME>_ISSUER,
OIDC_<NAME>_CLIENT_ID, OIDC_<NAME>_CLIENT_SECRET and optionally OIDC_<NAME>_LABEL (the button
text) and OIDC_<NAME>_SCOPES. Authlib does the protocol: discovery from the issuer's
/.well-known/openid-configuration, the authorisation-code flow with PKCE (S256), the state
check and the ID token's signature, issuer, audience, expiry and nonce. Who a sign-in is, is
decided in oidc_link.py; the views are in oidc_routes.py.
"""

import logging
import os
import re
from dataclasses import dataclass

import requests
from authlib.common.urls import add_params_to_uri
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, g, session, url_for

logger = logging.getLogger(__name__)

KNOWN_LABELS = {"entra": "Microsoft Entra ID", "feide": "Feide", "idporten": "ID-porten"}
DEFAULT_SCOPES = "openid email profile"
# The session key of the ID token, kept for the provider's logout (id_token_hint: ID-porten
# requires it). It is the user's own token in their own signed cookie.
ID_TOKEN_KEY = "oidc_id_token"
_NAME = re.compile(r"[a-z][a-z0-9]{0,19}")  # user_session.provider is 20 characters
_HTTP_TIMEOUT = 10  # seconds; a provider that hangs must not hold a request for ever


class OidcSettingsError(ValueError):
    """Raised at start-up when the OIDC_* settings are incomplete."""


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str


def _setting(config, key: str) -> str:
    """A setting from the app's config (tests) or else the environment."""
    value = config.get(key)
    if value is None:
        value = os.environ.get(key, "")
    return str(value).strip()


def load_providers(config) -> dict[str, Provider]:
    """The configured providers by name; a missing setting stops the start with its name."""
    providers = {}
    for name in filter(
        None, (n.strip().lower() for n in _setting(config, "OIDC_PROVIDERS").split(","))
    ):
        if not _NAME.fullmatch(name):
            raise OidcSettingsError(f"OIDC_PROVIDERS: {name!r} is not a name like entra or feide")
        prefix = f"OIDC_{name.upper()}_"
        values = {
            key: _setting(config, prefix + key) for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET")
        }
        if missing := [prefix + key for key, value in values.items() if not value]:
            raise OidcSettingsError(f"OIDC provider {name!r} needs {', '.join(missing)}")
        providers[name] = Provider(
            name=name,
            label=_setting(config, prefix + "LABEL") or KNOWN_LABELS.get(name, name.title()),
            issuer=values["ISSUER"].rstrip("/"),
            client_id=values["CLIENT_ID"],
            client_secret=values["CLIENT_SECRET"],
            scopes=_setting(config, prefix + "SCOPES") or DEFAULT_SCOPES,
        )
    return providers


def init_app(app: Flask) -> None:
    """Register one Authlib client per configured provider (discovery happens on first use)."""
    providers = load_providers(app.config)
    app.extensions["oidc_providers"] = providers
    oauth = OAuth(app)
    for provider in providers.values():
        oauth.register(
            provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": provider.scopes,
                "code_challenge_method": "S256",
                "default_timeout": _HTTP_TIMEOUT,
            },
        )


def providers() -> dict[str, Provider]:
    """The configured providers, in the order of OIDC_PROVIDERS (the login page's buttons)."""
    return current_app.extensions.get("oidc_providers", {})


def client(name: str):
    """The Authlib client of a configured provider, or None."""
    if name not in providers():
        return None
    return current_app.extensions["authlib.integrations.flask_client"].create_client(name)


def metadata(name: str) -> dict:
    """The provider's discovery document, fetched once per process; refused if it names another
    issuer than the one configured (OpenID Connect Discovery §4.3)."""
    document = client(name).load_server_metadata()
    if str(document.get("issuer", "")).rstrip("/") != providers()[name].issuer:
        raise ValueError(f"{name}: the discovery document names another issuer")
    return document


def end_session_url(provider: str) -> str | None:
    """Where to send the browser to end the provider's session too (RP-initiated logout).

    None when the provider is unknown, unreachable or has no end_session_endpoint: the local
    session is ended anyway, by the caller."""
    oauth_client = client(provider)
    if oauth_client is None:
        return None
    try:
        endpoint = metadata(provider).get("end_session_endpoint")
    except (requests.RequestException, ValueError):
        logger.warning("No end-session address from %s; signed out locally only", provider)
        return None
    if not endpoint:
        return None
    params = {
        "client_id": oauth_client.client_id,
        "post_logout_redirect_uri": url_for("auth.login", _external=True),
    }
    # Logout ends the app's session (and clears the cookie) before it asks for this address,
    # so oidc_routes.py keeps the ID token in g at the start of the logout request.
    if id_token := g.get(ID_TOKEN_KEY) or session.get(ID_TOKEN_KEY):
        params["id_token_hint"] = id_token
    return add_params_to_uri(endpoint, params)
