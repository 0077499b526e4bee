"""Feedback drafting, the report (page and PDF), the leader's "read", and department lists."""

import uuid
from datetime import UTC, datetime
from io import BytesIO

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
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
    action = request.form.get("action")
    if observation.status == "released":
        message = _("This feedback is released and can no longer be changed.")
        if action == "autosave":
            return _json_error(409, "released", message)
        flash(message, "info")
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
        return _feedback_page(form, observation)
    if action == "autosave":
        return _autosave(form, observation)
    return _save_or_release(form, observation, releasing=action == "release")


def _feedback_page(form: FeedbackForm, observation: Observation, *, status=200, refusal=None):
    """The form; after a refusal, an error summary heads it (refusal says what was kept)."""
    last_saved = services.last_saved_at(get_session(), observation)
    return render_template(
        "reports/feedback.html",
        form=form,
        observation=observation,
        refusal=refusal,
        error_links=form.error_links() if refusal else [],
        last_saved=last_saved,
    ), status


def _save_or_release(form: FeedbackForm, observation: Observation, *, releasing: bool):
    """Save the draft; release too if asked and complete. A refused release keeps the draft."""
    session = get_session()
    if not form.validate():
        return _feedback_page(form, observation, status=400, refusal="nothing_saved")
    entered = form.to_input()
    try:
        saved = services.save_feedback(session, observation, entered, current_user)
        if releasing and not form.check_release(entered):
            session.commit()  # what was typed is kept; the report stays unreleased
            form.confirm_release.data = False  # a new attempt is confirmed anew
            return _feedback_page(form, observation, status=400, refusal="draft_saved")
        if releasing:
            services.release(session, observation, saved, current_user, datetime.now(UTC))
    except RuleViolation as refused:  # e.g. reopened since the page was loaded
        session.rollback()
        flash(refused.message, "error")
        return _feedback_page(form, observation, status=409)
    session.commit()
    if releasing:
        flash(_("The report is released to the department."), "success")
        return redirect(url_for(".report", observation_id=observation.id))
    flash(_("The feedback is saved."), "success")
    return redirect(url_for(".feedback", observation_id=observation.id))


def _autosave(form: FeedbackForm, observation: Observation):
    """Save the draft as the observer types (JSON for feedback.js); never releases."""
    session = get_session()
    if not form.validate():
        links = form.error_links()
        details = {field_id: message for field_id, message in links}
        return _json_error(400, "invalid", links[0][1] if links else "", details)
    try:
        services.save_feedback(session, observation, form.to_input(), current_user)
    except RuleViolation as refused:
        session.rollback()
        return _json_error(409, "locked", refused.message)
    session.commit()
    saved_at = local_time(datetime.now(UTC))
    return jsonify({"saved_at": saved_at, "message": _("Saved %(time)s", time=saved_at)})


def _json_error(status: int, error: str, message: str, details: dict | None = None):
    return jsonify({"error": error, "message": message, "details": details or {}}), status


@bp.app_template_filter("saved_time")
def local_time(moment: datetime) -> str:
    """Norwegian wall-clock time for "Saved hh:mm"; with the date when it was not today."""
    local = moment.astimezone(LOCAL_TIME)
    today = datetime.now(UTC).astimezone(LOCAL_TIME).date()
    return local.strftime("%H:%M" if local.date() == today else "%d.%m.%Y %H:%M")


def _page(observation: Observation):
    config = current_app.config
    return report_page(
        get_session(),
        observation,
        lang=current_language(),
        show_observer=config.get("REPORT_SHOWS_OBSERVER", False),
        min_group_size=config["SMALL_GROUP_MIN"],
        instruments=current_app.extensions["instrument_versions"],
    )


def _render_report(observation: Observation, ack_form: AcknowledgeForm | None = None):
    page = _page(observation)
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
    page = _page(observation)
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
