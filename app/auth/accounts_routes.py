"""Password pages: change your own, forgot it (a link by e-mail), set one from a link, and the
project lead's "send a set-password link" button on a person's page."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from ..db import get_session
from ..models import User
from ..permissions import requires
from . import accounts, bp, sessions
from .accounts_forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    NewPasswordForm,
    PasswordLinkForm,
)
from .passwords import MAX_LENGTH, MIN_LENGTH, password_problem


def _policy_checked(form: NewPasswordForm, email: str) -> bool:
    """Whether the form is valid and its new password meets the policy (else marked)."""
    if not form.validate_on_submit():
        return False
    if problem := password_problem(form.password.data, email):
        form.password.errors.append(problem)
        return False
    return True


def _page(template: str, form, status: int | None = None, **context):
    status = status or (400 if form.errors else 200)
    context.update(form=form, min_length=MIN_LENGTH, max_length=MAX_LENGTH)
    return render_template(template, **context), status


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    db_session = get_session()
    user = db_session.get(User, current_user.id)
    if not _policy_checked(form, user.email):
        return _page("auth/password_change.html", form)
    if not user.password_hash or not check_password_hash(user.password_hash, form.current.data):
        form.current.errors.append(_("The current password is wrong. Nothing was changed."))
        return _page("auth/password_change.html", form)
    accounts.set_password(db_session, user, form.password.data, actor_id=user.id, how="change")
    db_session.commit()
    # Every session of the user ended with the change (a stolen cookie too); this one goes on
    # as a new session.
    sessions.sign_in(user)
    flash(_("Your password is changed. You are signed out everywhere else."), "success")
    return redirect(url_for("home.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return _page("auth/password_forgot.html", form)
    db_session = get_session()
    email = form.email.data.strip().lower()
    user = db_session.scalar(select(User).where(User.email == func.lower(email)))
    if user is not None and user.active:
        token = accounts.create_link(db_session, user, "reset")
        db_session.commit()
        if token:
            accounts.send_link(user, token, "reset")
    # The same answer whether or not the address is known, active or over its hourly links.
    flash(
        _(
            "If %(email)s belongs to someone in TETT PÅ, a link to choose a new password is on "
            "its way. It works for one hour. Check your spam folder if it does not arrive.",
            email=email,
        ),
        "info",
    )
    return redirect(url_for(".login"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    # The token is in the address; the site-wide Referrer-Policy (same-origin, app/security.py)
    # keeps it from other sites. Not no-referrer: Flask-WTF checks the Referer of an HTTPS post.
    db_session = get_session()
    link = accounts.usable_link(db_session, token)
    if link is None:
        return render_template("auth/password_link_invalid.html"), 404
    form = NewPasswordForm()
    if not _policy_checked(form, link.user.email):
        page, status = _page("auth/password_reset.html", form, purpose=link.purpose)
        return page, status
    if not accounts.use_link(db_session, link, form.password.data):
        db_session.rollback()
        return render_template("auth/password_link_invalid.html"), 404
    db_session.commit()
    flash(_("Your password is set. Sign in with it."), "success")
    return redirect(url_for(".login"))


@bp.post("/admin/people/<int:user_id>/password-link")
@requires("admin.password_link")
def send_password_link(user_id: int):
    db_session = get_session()
    person = db_session.get(User, user_id)
    if person is None:
        abort(404)
    back = redirect(url_for("admin.edit_person", user_id=person.id))
    if not PasswordLinkForm().validate_on_submit():
        flash(_("The form had expired. Try again."), "error")
        return back
    if not person.active:
        flash(_("%(name)s is deactivated. Activate them first.", name=person.name), "error")
        return back
    token = accounts.create_link(db_session, person, "set", created_by_id=current_user.id)
    if token is None:
        flash(_("%(name)s got several links in the last hour. Wait an hour.", name=person.name),
              "error")  # fmt: skip
        return back
    db_session.commit()
    if accounts.send_link(person, token, "set", sender_name=current_user.name):
        flash(_("A link to set a password is sent to %(email)s.", email=person.email), "success")
    else:
        flash(_("The e-mail could not be sent. Try again later."), "error")
    return back
