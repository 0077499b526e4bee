"""Sign-in through an OpenID Connect provider: start the flow, finish it, or say why not."""

import logging

import requests
from authlib.integrations.base_client import OAuthError
from flask import abort, g, redirect, render_template, request, session, url_for
from flask_login import current_user
from joserfc.errors import JoseError
from sqlalchemy.exc import IntegrityError

from ..db import get_session
from . import bp, oidc, sessions
from .oidc_link import SignInRefused, resolve_user
from .routes import _safe_next

logger = logging.getLogger(__name__)
NEXT_KEY = "oidc_next"
# The refusal pages: the status of each (the page's text is in auth/oidc_refused.html).
REFUSAL_STATUS = {
    "unknown": 403,
    "unverified": 403,
    "deactivated": 403,
    "taken": 403,
    "failed": 400,
    "unreachable": 502,
}


@bp.before_request
def _keep_id_token_for_logout():
    # Logout clears the cookie before it asks oidc.end_session_url for the provider's address;
    # the ID token (its id_token_hint) is read here first.
    if request.endpoint == "auth.logout":
        g.setdefault(oidc.ID_TOKEN_KEY, session.get(oidc.ID_TOKEN_KEY))


@bp.context_processor
def _provider_buttons():
    # The login page (owned by the auth blueprint) shows one button per configured provider.
    return {"oidc_providers": list(oidc.providers().values())}


def _client_or_404(name: str):
    oauth_client = oidc.client(name)
    if oauth_client is None:
        abort(404)
    return oauth_client


@bp.get("/login/oidc/<name>")
def oidc_start(name: str):
    oauth_client = _client_or_404(name)
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    try:
        oidc.metadata(name)  # discovery, and the issuer it names checked
    except (requests.RequestException, ValueError):
        logger.warning("Discovery failed for %s", name, exc_info=True)
        return _refused("unreachable", name)
    session[NEXT_KEY] = _safe_next(request.args.get("next"))
    # Authlib adds state, nonce and the PKCE challenge (S256) and keeps them in the session.
    return oauth_client.authorize_redirect(url_for(".oidc_callback", name=name, _external=True))


@bp.get("/login/oidc/<name>/callback")
def oidc_callback(name: str):
    oauth_client = _client_or_404(name)
    try:
        # Checks the state, exchanges the code with the PKCE verifier, and validates the ID
        # token: signature, issuer, audience, expiry and the nonce of this flow.
        token = oauth_client.authorize_access_token()
    except (OAuthError, JoseError) as error:
        logger.warning("Sign-in through %s refused: %s", name, error)
        return _refused("failed", name)
    except requests.RequestException:
        logger.exception("Token request to %s failed", name)
        return _refused("unreachable", name)
    if not token.get("userinfo"):  # no ID token checked against a nonce: not a sign-in
        return _refused("failed", name)
    return _sign_in(name, token)


def _sign_in(name: str, token: dict):
    db_session = get_session()
    try:
        user = resolve_user(db_session, name, token["userinfo"])
        db_session.commit()
    except SignInRefused as refused:
        db_session.rollback()
        return _refused(refused.reason, name)
    except IntegrityError:  # the same first sign-in twice at once: the other one linked it
        db_session.rollback()
        return _refused("failed", name)
    target = _safe_next(session.get(NEXT_KEY)) or url_for("home.index")
    sessions.sign_in(user, provider=name)
    session[oidc.ID_TOKEN_KEY] = token.get("id_token")
    return redirect(target)


def _refused(reason: str, name: str):
    provider = oidc.providers()[name]
    page = render_template("auth/oidc_refused.html", reason=reason, provider=provider)
    return page, REFUSAL_STATUS[reason]
