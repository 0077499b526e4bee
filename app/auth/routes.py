import math
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, logout_user

from ..db import get_session
from ..extensions import login_manager
from ..models import User
from . import bp, limits, sessions
from .forms import LanguageForm, LoginForm
from .principal import SignedInUser, load_principal
from .services import authenticate


@login_manager.user_loader
def load_user(user_id: str) -> SignedInUser | None:
    # Fresh on every request (the autosave hot path included): first the session row (one
    # primary-key lookup, sessions.py), then the user with its roles (principal.py).
    db_session = get_session()
    if not sessions.session_is_live(db_session, int(user_id)):
        return None
    principal = load_principal(db_session, int(user_id))
    # A deactivated user's sessions were ended with the change; this holds even if one was not.
    return principal if principal is not None and principal.active else None


def _safe_next(target: str | None) -> str | None:
    """Accept only a local path, so `next` can't send people to another site."""
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.netloc and not parts.scheme and target.startswith("/") else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        if (status := _try_password(form)) is None:
            return redirect(_safe_next(request.args.get("next")) or url_for("home.index"))
    elif form.is_submitted():
        flash(_("Fill in both email and password."), "error")
    return render_template("auth/login.html", form=form), 400 if form.errors else status


def _try_password(form: LoginForm) -> int | None:
    """Sign in with the form's credentials (None), or flash why not and return the status."""
    db_session = get_session()
    account, address = limits.normalise_account(form.email.data), limits.client_address()
    if wait := limits.wait_seconds(db_session, account, address):
        minutes = math.ceil(wait / 60)
        flash(
            ngettext(
                "Too many failed sign-ins. Wait %(num)d minute and try again.",
                "Too many failed sign-ins. Wait %(num)d minutes and try again.",
                minutes,
            ),
            "error",
        )
        return 429
    # PostgreSQL refuses a NUL in a query parameter: such an e-mail names no account anyway.
    email = form.email.data
    user = None if "\x00" in email else authenticate(db_session, email, form.password.data)
    if user is None:
        limits.record_failure(db_session, account, address)
        flash(_("Wrong email or password. Check both and try again."), "error")
        return 200
    sessions.sign_in(user)
    return None


@bp.post("/logout")
@login_required
def logout():
    provider = sessions.current_provider()
    sessions.end_current()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(_provider_logout_url(provider) or url_for("auth.login"))


def _provider_logout_url(provider: str | None) -> str | None:
    """The provider's end-session address (RP-initiated logout), if it has one.

    Imported here so that logout works the same before app/auth/oidc.py exists."""
    if not provider:
        return None
    try:
        from .oidc import end_session_url
    except ImportError:
        return None
    return end_session_url(provider)


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            db_session = get_session()
            db_session.get(User, current_user.id).locale = form.lang.data
            db_session.commit()
    return redirect(_safe_next(request.form.get("next")) or url_for("home.index"))
