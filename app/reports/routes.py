"""Feedback drafting, the report (page and PDF), the leader's "read", and department lists."""

import uuid
from datetime import UTC, datetime
from io import BytesIO

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..db import get_session
from ..i18n import current_language
from ..models import Department, Observation
from ..observe.rules import RuleViolation
from ..permissions import may
from . import bp, pdf, services
from .forms import LOCAL_TIME, AcknowledgeForm, FeedbackForm
from .page import report_page


@bp.app_template_filter("local_datetime")
def local_datetime(moment: datetime | None) -> str:
    """Show a stored UTC time as Norwegian wall-clock time."""
    return moment.astimezone(LOCAL_TIME).strftime("%d.%m.%Y %H:%M") if moment else "–"


def _observation_or_404(observation_id: uuid.UUID, action: str) -> Observation:
    """Load the observation if the user may do `action` to it; 404 hides that it exists."""
    observation = services.load_observation(get_session(), observation_id)
    if observation is None or not may(current_user, action, observation):
        abort(404)
    return observation


def _department_or_404(department_id: int) -> Department:
    department = get_session().get(Department, department_id)
    if department is None or not may(current_user, "reports.department", department):
        abort(404)
    return department


@bp.route("/<uuid:observation_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(observation_id: uuid.UUID):
    session = get_session()
    observation = _observation_or_404(observation_id, "reports.write_feedback")
    if observation.status == "released":
        flash(_("This feedback is released and can no longer be changed."), "info")
        return redirect(url_for(".report", observation_id=observation.id))
    data = services.scored(observation)
    form = FeedbackForm()
    choices = [(d.code, d.labels.get(current_language())) for d in data.instrument.dimensions]
    form.setup(choices, observation.observed_on)
    if not form.is_submitted():
        saved = services.feedback_of(session, observation)
        form.fill(
            services.saved_input(saved)
            if saved
            else services.drafted_input(data, current_language())
        )
        return render_template("reports/feedback.html", form=form, observation=observation)
    try:
        saved = _save_feedback(form, observation)
    except RuleViolation as refused:  # e.g. reopened since the page was loaded
        session.rollback()
        flash(refused.message, "error")
        return render_template("reports/feedback.html", form=form, observation=observation), 409
    if saved:
        session.commit()
        if observation.status == "released":
            flash(_("The report is released to the department."), "success")
            return redirect(url_for(".report", observation_id=observation.id))
        flash(_("The feedback is saved."), "success")
        return redirect(url_for(".feedback", observation_id=observation.id))
    flash(_("Nothing was saved. Correct what is marked below and try again."), "error")
    return render_template("reports/feedback.html", form=form, observation=observation), 400


def _save_feedback(form: FeedbackForm, observation: Observation) -> bool:
    """Validate, then save (and release, if asked); False leaves the database untouched."""
    if not form.validate():
        return False
    entered = form.to_input()
    releasing = request.form.get("action") == "release"
    if releasing and not form.check_release(entered):
        return False
    session = get_session()
    saved = services.save_feedback(session, observation, entered, current_user)
    if releasing:
        services.release(session, observation, saved, current_user, datetime.now(UTC))
    return True


def _page(observation: Observation, *, with_charts: bool):
    config = current_app.config
    return report_page(
        get_session(),
        observation,
        lang=current_language(),
        show_observer=config.get("REPORT_SHOWS_OBSERVER", False),
        min_group_size=config["SMALL_GROUP_MIN"],
        instruments=current_app.extensions["instrument_versions"],
        with_charts=with_charts,
    )


def _render_report(observation: Observation, ack_form: AcknowledgeForm | None = None):
    page = _page(observation, with_charts=True)
    acknowledged = page.feedback is not None and page.feedback.acknowledged_at is not None
    may_acknowledge = may(current_user, "reports.acknowledge", observation) and not acknowledged
    return render_template(
        "reports/report.html",
        page=page,
        ack_form=(ack_form or AcknowledgeForm()) if may_acknowledge else None,
        may_write=may(current_user, "reports.write_feedback", observation),
        may_see_department=may(current_user, "reports.department", observation.department),
    )


@bp.get("/<uuid:observation_id>")
@login_required
def report(observation_id: uuid.UUID):
    observation = _observation_or_404(observation_id, "reports.view")
    services.record_view(get_session(), observation, current_user, "page")
    get_session().commit()
    return _render_report(observation)


@bp.get("/<uuid:observation_id>.pdf")
@login_required
def report_pdf(observation_id: uuid.UUID):
    observation = _observation_or_404(observation_id, "reports.view")
    page = _page(observation, with_charts=False)
    html = render_template("reports/report_pdf.html", page=page, page_css=pdf.page_css())
    body = pdf.render_pdf(html)
    services.record_view(get_session(), observation, current_user, "pdf")
    get_session().commit()
    name = pdf.file_name(page.header.department, observation.semester)
    return send_file(BytesIO(body), mimetype="application/pdf", download_name=name)


@bp.post("/<uuid:observation_id>/acknowledge")
@login_required
def acknowledge(observation_id: uuid.UUID):
    session = get_session()
    observation = _observation_or_404(observation_id, "reports.acknowledge")
    feedback = services.feedback_of(session, observation)
    form = AcknowledgeForm()
    if feedback is None or not form.validate_on_submit():
        flash(_("Nothing was saved. Correct what is marked below and try again."), "error")
        return _render_report(observation, form), 400
    comment = (form.comment.data or "").strip()
    if services.acknowledge(session, feedback, current_user, comment, datetime.now(UTC)):
        session.commit()
        flash(_("Thank you. The report is marked as read."), "success")
    else:
        flash(_("The report was already marked as read. Nothing was changed."), "info")
    return redirect(url_for(".report", observation_id=observation.id, _anchor="read"))


@bp.get("/department/<int:department_id>")
@login_required
def department(department_id: int):
    department = _department_or_404(department_id)
    rows = services.department_reports(get_session(), department, current_user)
    return render_template("reports/department.html", department=department, rows=rows)


@bp.get("/department/<int:department_id>/latest")
@login_required
def latest(department_id: int):
    department = _department_or_404(department_id)
    rows = services.department_reports(get_session(), department, current_user)
    if rows:
        return redirect(url_for(".report", observation_id=rows[0][0].id))
    flash(_("This department has no report you can read yet."), "info")
    return redirect(url_for(".department", department_id=department.id))
