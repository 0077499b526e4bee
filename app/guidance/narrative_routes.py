"""Practice narratives: the writer's page (autosaved draft, hand-in, edits until discussed) and
the reader's month (who has handed in, the texts, "discussed").

The rules are in app/permissions/guidance.py: `guidance.write_narrative` (with the meeting a
narrative is for), `guidance.keep_narrative`, `guidance.read_narratives` (with a group) and
`guidance.read_narrative`. A narrative its user may not read is 404, as a report is.
"""

from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from analysis.school_year import month_of, parse_month

from ..db import get_session
from ..models import Department, PracticeNarrative
from ..models.guidance import NARRATIVE_MEETINGS
from ..permissions import may, requires
from . import bp
from .focus import dimension_choices, dimension_for, find_dimension
from .narrative_forms import NarrativeForm, json_values
from .narrative_reading import narrative_home, reading_groups
from .narratives import (
    MAX_TEXT,
    NarrativeRefused,
    checked,
    hand_in,
    mark_discussed,
    name_flags,
    own_narrative,
    save_draft,
    save_edit,
)

MEETING_LABELS = {
    "department_meeting": _l("For the department meeting"),
    "leaders_meeting": _l("For the pedagogical leaders' meeting"),
}
STATUS_LABELS = {
    "not_started": _l("Not started"),
    "draft": _l("Draft"),
    "handed_in": _l("Handed in"),
    "discussed": _l("Discussed"),
}


def _this_month() -> str:
    return month_of(date.today())


def _home_card(user):
    """This month's narratives for a home page (a Jinja global: the home views stay as they are)."""
    return narrative_home(get_session(), user, _this_month())


bp.add_app_template_global(_home_card, "narrative_home")
bp.add_app_template_global(MEETING_LABELS, "narrative_meeting_labels")
bp.add_app_template_global(STATUS_LABELS, "narrative_status_labels")


def _month_or_404(text: str) -> str:
    try:
        parse_month(text)
    except ValueError:
        abort(404)
    return text


def _writable_meetings() -> list[str]:
    return [m for m in NARRATIVE_MEETINGS if may(current_user, "guidance.write_narrative", m)]


def _writer_departments() -> list[Department]:
    query = select(Department).where(
        Department.id.in_(current_user.department_ids), Department.active.is_(True)
    )
    return list(get_session().scalars(query.order_by(Department.name)))


def _own(month: str, meeting: str) -> PracticeNarrative | None:
    """The writer's narrative for a month and meeting; 404 for a month they cannot write in."""
    _month_or_404(month)
    if meeting not in NARRATIVE_MEETINGS:
        abort(404)
    if not may(current_user, "guidance.write_narrative", meeting):
        abort(403)
    narrative = own_narrative(get_session(), current_user.id, month, meeting)
    if narrative is None and month != _this_month():
        abort(404)  # a new narrative is written for this month only
    return narrative


@bp.get("/narratives/")
@requires("guidance.write_narrative")
def narrative_start():
    meetings = _writable_meetings()
    month = _this_month()
    if len(meetings) == 1:
        return redirect(url_for(".narrative_write", month=month, meeting=meetings[0]))
    return render_template("guidance/narrative_choose.html", meetings=meetings, month=month)


def _form(narrative: PracticeNarrative | None, month: str, departments) -> NarrativeForm:
    form = NarrativeForm()
    form.department.choices = [(str(d.id), d.name) for d in departments]
    form.dimension.choices = dimension_choices()
    if not form.is_submitted():
        first = departments[0]
        form.department.data = str(narrative.department_id if narrative else first.id)
        default = dimension_for(get_session(), first.kindergarten_id, month) or ""
        form.dimension.data = narrative.dimension_code if narrative else default
        form.text.data = narrative.text if narrative else ""
    return form


@bp.route("/narratives/<month>/<meeting>", methods=["GET", "POST"])
@requires("guidance.write_narrative")
def narrative_write(month: str, meeting: str):
    narrative = _own(month, meeting)
    departments = _writer_departments() or abort(403)
    form = _form(narrative, month, departments)
    still_flagged: list[str] = []
    if form.validate_on_submit():
        if narrative is not None and not may(current_user, "guidance.keep_narrative", narrative):
            abort(403)
        try:
            narrative, still_flagged = _save(narrative, month, meeting, form, departments)
        except NarrativeRefused as refused:
            get_session().rollback()
            getattr(form, refused.field).errors.append(refused.message)
            narrative = own_narrative(get_session(), current_user.id, month, meeting)
        else:
            get_session().commit()
            if not still_flagged:
                return redirect(url_for(".narrative_write", month=month, meeting=meeting))
    return _page(form, narrative, month, meeting, still_flagged)


def _save(narrative, month, meeting, form, departments):
    """Save the form; return the narrative and the names still flagged when handing in waits."""
    session, values = get_session(), checked(form.values(), departments)
    if narrative is not None and narrative.handed_in_at is not None:
        save_edit(session, current_user.id, narrative, values)
        flash(_("Your changes are saved."), "success")
        return narrative, []
    narrative = save_draft(session, current_user.id, month, meeting, values)
    if request.form.get("action") != "hand_in":
        flash(_("The draft is saved."), "success")
        return narrative, []
    flagged = name_flags(session, narrative.text, narrative.department_id)
    if flagged and request.form.get("confirm") != "1":
        return narrative, flagged  # the draft is kept; the author decides on the page
    hand_in(session, current_user.id, narrative)
    flash(_("Your narrative is handed in."), "success")
    return narrative, []


def _page(form, narrative, month, meeting, still_flagged):
    department_id = int(form.department.data) if str(form.department.data).isdigit() else None
    text = form.text.data or ""
    found = find_dimension(form.dimension.data or "")
    errors = any(field.errors for field in form)
    return render_template(
        "guidance/narrative_write.html",
        form=form,
        narrative=narrative,
        month=month,
        meeting=meeting,
        dimension=found[1] if found else None,
        flags=name_flags(get_session(), text, department_id),
        still_flagged=still_flagged,
        keeps=narrative is None or may(current_user, "guidance.keep_narrative", narrative),
        max_text=MAX_TEXT,
    ), 400 if errors else 200


def _json_error(status: int, error: str, message: str, field: str | None = None):
    return jsonify({"error": error, "message": message, "field": field}), status


@bp.put("/narratives/<month>/<meeting>")
@requires("guidance.write_narrative")
def narrative_autosave(month: str, meeting: str):
    narrative = _own(month, meeting)
    values = json_values(request.get_json(silent=True))
    if values is None:
        return _json_error(400, "invalid", _("The draft could not be read. Reload the page."))
    if narrative is not None and narrative.handed_in_at is not None:
        if not may(current_user, "guidance.keep_narrative", narrative):
            return _json_error(409, "discussed", _("This narrative has been discussed."))
        return _json_error(409, "handed_in", _("This narrative is handed in: save your changes."))
    session = get_session()
    try:
        narrative = save_draft(
            session, current_user.id, month, meeting, checked(values, _writer_departments())
        )
    except NarrativeRefused as refused:
        session.rollback()
        return _json_error(400, "invalid", refused.message, refused.field)
    session.commit()
    flags = name_flags(session, narrative.text, narrative.department_id)
    return jsonify({"saved_at": narrative.updated_at.isoformat(), "flags": flags})


def _shift(month: str, months: int) -> str:
    year, number = parse_month(month)
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@bp.get("/narratives/read")
@requires("guidance.read_narratives")
def narratives_read():
    month = _month_or_404(request.args.get("month") or _this_month())
    groups = reading_groups(get_session(), current_user, month)
    return render_template(
        "guidance/narrative_read.html",
        month=month,
        groups=groups,
        previous_month=_shift(month, -1),
        next_month=_shift(month, 1) if month < _this_month() else None,
    )


@bp.post("/narratives/<int:narrative_id>/discussed")
@requires("guidance.read_narratives")
def narrative_discussed(narrative_id: int):
    session = get_session()
    narrative = session.get(PracticeNarrative, narrative_id)
    if narrative is None or not may(current_user, "guidance.read_narrative", narrative):
        abort(404)
    mark_discussed(session, current_user.id, narrative)
    session.commit()
    flash(_("Marked as discussed: %(name)s.", name=narrative.author.name), "success")
    return redirect(url_for(".narratives_read", month=narrative.month))
