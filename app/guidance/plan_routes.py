"""The monthly dimension plan: the programme default, a kindergarten's year, and taking the
report's "dimension to work on next" into the plan with one tap.

Each view loads, checks permission, validates (plans.py refuses bad input before changing
anything), commits and redirects; a refusal is shown on the page with status 400.
"""

import uuid
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from analysis.school_year import SCHOOL_MONTHS, month_of, school_year_of

from ..db import get_session
from ..models import Kindergarten
from ..permissions import may, requires
from ..reports import services as report_services
from . import bp
from .focus import dimension_choices, dimension_name, month_label, programme_default, year_plan
from .plans import PlanInputRefused, months_ahead, save_default, save_months

FIRST_YEAR, LAST_YEAR = 2000, 2100  # school years outside these are not pages


@bp.app_template_global()
def school_year_name(school_year: int) -> str:
    """A school year as people write it: "2026–2027"."""
    return f"{school_year}–{school_year + 1}"


@bp.app_template_global()
def school_year_now() -> int:
    """The school year today falls in."""
    return school_year_of(month_of(date.today()))


bp.add_app_template_global(month_label, "month_name")
bp.add_app_template_global(dimension_name, "dimension_name")
bp.add_app_template_global(school_year_of, "school_year_of")


@bp.app_template_global()
def plan_months_ahead() -> list[tuple[str, str]]:
    """The months the report's next dimension can go into: the next school months."""
    return [(month, month_label(month)) for month in months_ahead(month_of(date.today()))]


def _kindergarten(kindergarten_id: int) -> Kindergarten:
    kindergarten = get_session().get(Kindergarten, kindergarten_id) or abort(404)
    if not may(current_user, "guidance.plan", kindergarten):
        abort(403)
    return kindergarten


def plannable_kindergartens() -> list[Kindergarten]:
    """The active kindergartens the user may plan, by name."""
    query = (
        select(Kindergarten)
        .options(joinedload(Kindergarten.network))
        .where(Kindergarten.active.is_(True))
        .order_by(Kindergarten.name)
    )
    # The rule reads only the kindergarten and the user, so filtering here asks it as views do.
    return [k for k in get_session().scalars(query) if may(current_user, "guidance.plan", k)]


@bp.get("/plan/")
@requires("guidance.plan")
def plan_index():
    year = school_year_of(month_of(date.today()))
    kindergartens = plannable_kindergartens()
    return render_template("guidance/plan_index.html", kindergartens=kindergartens, year=year)


@bp.route("/plan/default", methods=["GET", "POST"])
@requires("guidance.plan_default")
def plan_default():
    session, form = get_session(), FlaskForm()
    status = 200
    if form.is_submitted():
        chosen = {n: request.form.get(f"month-{n}") or None for n in SCHOOL_MONTHS}
        try:
            if not form.validate():
                raise PlanInputRefused(_("The form has expired. Reload the page and try again."))
            save_default(session, current_user.id, chosen)
            session.commit()
            flash(_("The programme default is saved."), "success")
            return redirect(url_for(".plan_default"))
        except PlanInputRefused as refused:
            session.rollback()
            flash(refused.message, "error")
            status = 400
    months = [(n, month_label(f"2000-{n:02d}", with_year=False)) for n in SCHOOL_MONTHS]
    return render_template(
        "guidance/plan_default.html",
        form=form,
        months=months,
        default=programme_default(session),
        choices=dimension_choices(),
    ), status


@bp.route("/plan/<int:kindergarten_id>/<int:school_year>", methods=["GET", "POST"])
@requires("guidance.plan")
def plan_year(kindergarten_id: int, school_year: int):
    if not FIRST_YEAR <= school_year <= LAST_YEAR:
        abort(404)
    session, kindergarten, form = get_session(), _kindergarten(kindergarten_id), FlaskForm()
    status = 200
    if form.is_submitted():
        plan = year_plan(session, kindergarten.id, school_year)
        chosen = {m.month: request.form.get(f"month-{m.month}") or None for m in plan}
        try:
            if not form.validate():
                raise PlanInputRefused(_("The form has expired. Reload the page and try again."))
            save_months(session, current_user.id, kindergarten, chosen)
            session.commit()
            flash(_("The plan is saved."), "success")
            return redirect(request.path)
        except PlanInputRefused as refused:
            session.rollback()
            flash(refused.message, "error")
            status = 400
    return render_template(
        "guidance/plan_year.html",
        form=form,
        kindergarten=kindergarten,
        school_year=school_year,
        plan=year_plan(session, kindergarten.id, school_year),
        default=programme_default(session),
        choices=dimension_choices(),
        this_month=month_of(date.today()),
    ), status


@bp.post("/plan/from-report/<uuid:observation_id>")
@requires("guidance.plan")
def plan_from_report(observation_id: uuid.UUID):
    session = get_session()
    observation = report_services.load_observation(session, observation_id)
    if observation is None or not may(current_user, "reports.view", observation):
        abort(404)
    kindergarten = _kindergarten(observation.department.kindergarten_id)
    feedback = report_services.feedback_of(session, observation)
    to_report = redirect(url_for("reports.report", observation_id=observation.id))
    month = request.form.get("month", "")
    if feedback is None or not feedback.next_dimension or not FlaskForm().validate_on_submit():
        flash(_("Nothing was saved: the report names no dimension to work on next."), "error")
        return to_report
    if month not in dict(plan_months_ahead()):
        flash(_("Nothing was saved. Choose one of the coming months."), "error")
        return to_report
    try:
        save_months(session, current_user.id, kindergarten, {month: feedback.next_dimension})
        session.commit()
    except PlanInputRefused as refused:
        session.rollback()
        flash(refused.message, "error")
        return to_report
    flash(
        _("%(dimension)s is the dimension of %(month)s for %(kindergarten)s.",
          dimension=dimension_name(feedback.next_dimension), month=month_label(month),
          kindergarten=kindergarten.name),
        "success",
    )  # fmt: skip
    return to_report
