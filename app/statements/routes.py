"""/tilgjengelighet and /personvern: public pages (no sign-in), in the visitor's language."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..db import get_session
from ..models import User
from ..permissions import requires
from . import bp
from .feedback import AccessibilityFeedbackForm, received_reports, report_problem
from .wcag import GUIDELINES


def _statement_facts() -> dict:
    config = current_app.config
    prefixes = ("PRIVACY_", "ACCESSIBILITY_", "RETENTION_", "SMALL_GROUP_MIN")
    return {name: value for name, value in config.items() if name.startswith(prefixes)}


@bp.route("/tilgjengelighet", methods=["GET", "POST"])
def accessibility():
    form = AccessibilityFeedbackForm()
    signed_in = current_user.is_authenticated
    if signed_in and form.validate_on_submit():
        db_session = get_session()
        reporter = db_session.get(User, current_user.id)
        report_problem(db_session, reporter, form.page.data.strip(), form.message.data.strip())
        db_session.commit()
        flash(_("Thank you. Your report is sent to the project lead."), "success")
        return redirect(url_for("statements.accessibility", _anchor="feedback"))
    status = 400 if form.errors or (form.is_submitted() and not signed_in) else 200
    if form.is_submitted() and not signed_in:
        flash(_("Sign in to send the form, or write to the e-mail address below."), "error")
    return render_template(
        "statements/accessibility.html", form=form, facts=_statement_facts(), guidelines=GUIDELINES
    ), status


@bp.route("/personvern")
def privacy():
    return render_template("statements/privacy.html", facts=_statement_facts())


@bp.route("/tilgjengelighet/tilbakemeldinger")
@requires("admin.audit")  # the reports live in the audit log, which the project lead reads
def accessibility_reports():
    return render_template(
        "statements/accessibility_reports.html", reports=received_reports(get_session())
    )
