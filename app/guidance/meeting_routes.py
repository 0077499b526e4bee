"""Guidance meetings: a kindergarten's meetings in a school year, recording and changing one.

Who may record which meeting is the `guidance.meeting` rule (a pedagogical leader their own
department's meetings; the mentor and the director every meeting of the kindergarten); a
meeting not yet recorded is asked about as a probe (meetings.probe).
"""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from analysis.school_year import month_of, parse_month, school_year_months, school_year_of

from ..db import get_session
from ..form_input import column_int
from ..models import Department, GuidanceMeeting, Kindergarten
from ..models.guidance import MEETING_KINDS
from ..permissions import may, requires
from . import bp
from .focus import dimension_choices, dimension_for, month_label
from .meeting_forms import MeetingForm
from .meetings import (
    KIND_LABELS,
    MeetingRefused,
    leader_choices,
    narratives_for,
    probe,
    save_meeting,
)
from .plan_routes import FIRST_YEAR, LAST_YEAR


def recordable(kindergarten: Kindergarten) -> list[tuple[str, Department | None]]:
    """The meetings (kind, department) the user may record in this kindergarten."""
    departments = sorted((d for d in kindergarten.departments if d.active), key=lambda d: d.name)
    kinds = [(kind, None) for kind in MEETING_KINDS if kind != "department_meeting"]
    kinds += [("department_meeting", d) for d in departments]
    allowed = (may(current_user, "guidance.meeting", probe(kindergarten, k, d)) for k, d in kinds)
    return [pair for pair, ok in zip(kinds, allowed, strict=True) if ok]


def _recording_kindergartens() -> list[Kindergarten]:
    """The active kindergartens the user may record any meeting in, by name."""
    query = (
        select(Kindergarten)
        .options(joinedload(Kindergarten.network), selectinload(Kindergarten.departments))
        .where(Kindergarten.active.is_(True))
        .order_by(Kindergarten.name)
    )
    return [k for k in get_session().scalars(query) if recordable(k)]


@bp.get("/meetings/")
@requires("guidance.meeting")
def meetings_index():
    year = school_year_of(month_of(date.today()))
    kindergartens = _recording_kindergartens()
    if len(kindergartens) == 1:  # a pedagogical leader or a director: straight to their list
        return redirect(url_for(".meetings", kindergarten_id=kindergartens[0].id, school_year=year))
    return render_template("guidance/meetings_index.html", kindergartens=kindergartens, year=year)


@bp.get("/meetings/<int:kindergarten_id>/<int:school_year>")
@requires("guidance.meeting")
def meetings(kindergarten_id: int, school_year: int):
    if not FIRST_YEAR <= school_year <= LAST_YEAR:
        abort(404)
    session = get_session()
    kindergarten = session.get(Kindergarten, kindergarten_id) or abort(404)
    kinds = recordable(kindergarten)
    if not kinds:
        abort(403)
    rows = session.scalars(
        select(GuidanceMeeting)
        .where(
            GuidanceMeeting.kindergarten_id == kindergarten.id,
            GuidanceMeeting.month.in_(school_year_months(school_year)),
        )
        .order_by(GuidanceMeeting.held_on.desc(), GuidanceMeeting.id.desc())
    )
    shown = [m for m in rows if may(current_user, "guidance.meeting", m)]
    return render_template(
        "guidance/meetings.html",
        kindergarten=kindergarten,
        school_year=school_year,
        meetings=shown,
        kinds=kinds,
        kind_labels=KIND_LABELS,
        this_month=month_of(date.today()),
    )


def _month(text: str | None) -> str:
    month = text or month_of(date.today())
    try:
        parse_month(month)
    except ValueError:
        abort(404)
    return month


@bp.route("/meetings/<int:kindergarten_id>/new", methods=["GET", "POST"])
@requires("guidance.meeting")
def meeting_new(kindergarten_id: int):
    session = get_session()
    kindergarten = session.get(Kindergarten, kindergarten_id) or abort(404)
    kind = request.args.get("kind", "leaders_meeting")
    department = None
    if kind == "department_meeting":
        department = session.get(Department, request.args.get("department_id", 0, type=column_int))
        if department is None or department.kindergarten_id != kindergarten.id:
            abort(404)
    if kind not in MEETING_KINDS:
        abort(404)
    if not may(current_user, "guidance.meeting", probe(kindergarten, kind, department)):
        abort(403)
    month = _month(request.args.get("month"))
    meeting = GuidanceMeeting(
        kindergarten_id=kindergarten.id,
        department_id=department.id if department else None,
        kind=kind,
        month=month,
    )
    return _meeting_page(meeting, kindergarten, department)


@bp.route("/meeting/<int:meeting_id>", methods=["GET", "POST"])
@requires("guidance.meeting")
def meeting_edit(meeting_id: int):
    meeting = get_session().get(GuidanceMeeting, meeting_id) or abort(404)
    if not may(current_user, "guidance.meeting", meeting):
        abort(403)
    return _meeting_page(meeting, meeting.kindergarten, meeting.department)


def _meeting_page(meeting: GuidanceMeeting, kindergarten, department):
    """Show the meeting form, or save it and go back to the meetings list."""
    session, form = get_session(), MeetingForm()
    leaders = leader_choices(session, kindergarten, meeting.kind, department)
    kind, month = meeting.kind, meeting.month
    narratives = narratives_for(session, kindergarten, kind, department, month, meeting)
    form.led_by.choices = [("", _("Choose who led it"))] + [(str(p.id), p.name) for p in leaders]
    form.dimension.choices = dimension_choices()
    if not form.is_submitted():
        _fill(form, meeting, leaders, narratives)
    elif form.validate():
        try:
            save_meeting(session, current_user.id, meeting, form.values(), leaders, narratives)
            session.commit()
            flash(_("The meeting is saved."), "success")
            year = school_year_of(meeting.month)
            return redirect(url_for(".meetings", kindergarten_id=kindergarten.id, school_year=year))
        except MeetingRefused as refused:
            session.rollback()
            form[refused.field].errors.append(refused.message)
    status = 400 if form.is_submitted() else 200
    return render_template(
        "guidance/meeting_form.html",
        form=form,
        meeting=meeting,
        kindergarten=kindergarten,
        department=department,
        narratives=narratives,
        kind_label=KIND_LABELS[meeting.kind],
        month_text=month_label(meeting.month),
    ), status


def _fill(form: MeetingForm, meeting: GuidanceMeeting, leaders, narratives) -> None:
    if meeting.id is None:
        today = date.today()
        form.held_on.data = today.isoformat() if month_of(today) == meeting.month else ""
        own = next((p for p in leaders if p.id == current_user.id), None)
        form.led_by.data = str(own.id) if own else ""
        code = dimension_for(get_session(), meeting.kindergarten_id, meeting.month)
        form.dimension.data = code or ""
        form.narratives.data = [str(n.id) for n in narratives]  # usually all were discussed
        return
    form.held_on.data = meeting.held_on.isoformat()
    form.led_by.data = str(meeting.led_by_id)
    form.dimension.data = meeting.dimension_code
    form.notes.data = meeting.notes
    form.narratives.data = [str(n.id) for n in narratives if n.meeting_id == meeting.id]
