"""The project lead's plan pages: open, assign, edit and publish a semester plan; coverage.

Each view loads, checks permission, validates, calls a service (assignment, edits), commits and
redirects (post/redirect/get). A refusal is shown next to the field it is about and changes
nothing: the refused session is rolled back.
"""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from analysis.schema import VISIT_KINDS, VISIT_STATUSES
from analysis.semesters import parse_semester

from ..db import get_session
from ..form_input import column_int
from ..models import Department, User, Visit
from ..permissions import may, requires
from ..ui import KIND_LABELS, VISIT_STATUS_LABELS
from . import bp, edits, lists
from .assignment import PlanRefused, default_window, make_plan, open_plan, plan_of
from .forms import AddVisitForm, CancelForm, MoveForm, PlanForm, VisitFilters, parse_day
from .summary import summary_of_plan, summary_of_result


def _plan(semester: str):
    try:
        semester = str(parse_semester(semester))
    except ValueError:
        abort(404)
    return plan_of(get_session(), semester) or abort(404)


def _visit(plan, visit_id: int) -> Visit:
    visit = get_session().get(Visit, visit_id)
    if visit is None or visit.plan_id != plan.id:
        abort(404)
    return visit


def _to_plan(plan):
    return redirect(url_for(".plan_page", semester=plan.semester))


@bp.get("/")
@requires("plan.view")
def plan_list():
    return render_template("plan/index.html", plans=lists.plans(get_session()))


@bp.route("/new", methods=["GET", "POST"])
@requires("plan.edit")
def plan_open():
    form = PlanForm()
    if not form.is_submitted():
        _fill_window(form, request.args.get("semester", ""))
    elif form.validate():
        session = get_session()
        try:
            plan = open_plan(session, current_user.id, *form.values())
            session.commit()
            flash(_("The plan is saved. Assign it automatically when you are ready."), "success")
            return _to_plan(plan)
        except PlanRefused as refused:
            session.rollback()
            form[refused.field or "semester"].errors.append(refused.message)
    status = 400 if form.is_submitted() else 200
    return render_template("plan/open.html", form=form), status


def _fill_window(form: PlanForm, semester: str) -> None:
    """Fill the form from the semester's plan, or with the usual window of the semester."""
    try:
        semester = str(parse_semester(semester))
    except ValueError:
        return
    plan = plan_of(get_session(), semester)
    first, last = (plan.first_day, plan.last_day) if plan else default_window(semester)
    form.semester.data = semester
    form.first_day.data, form.last_day.data = first.isoformat(), last.isoformat()
    if plan:
        form.share.data = round(plan.double_coding_share * 100)


@bp.get("/<semester>")
@requires("plan.view")
def plan_page(semester: str):
    session, plan = get_session(), _plan(semester)
    filters = VisitFilters(request.args)
    filters.network.choices = [("", _("All networks")), *lists.network_options(session)]
    filters.kindergarten.choices = [
        ("", _("All kindergartens")),
        *lists.kindergarten_options(session, filters.network.data),
    ]
    filters.kind.choices = [("", _("Both kinds")), *((k, KIND_LABELS[k]) for k in VISIT_KINDS)]
    filters.status.choices = [
        ("", _("Every status")),
        *((s, VISIT_STATUS_LABELS[s]) for s in VISIT_STATUSES),
    ]
    page = lists.visits(
        session, plan, filters.values(), request.args.get("page", 1, type=column_int)
    )
    return render_template(
        "plan/plan.html",
        plan=plan,
        summary=summary_of_plan(session, plan),
        filters=filters,
        page=page,
    )


@bp.post("/<semester>/assign")
@requires("plan.edit")
def plan_assign(semester: str):
    session, plan = get_session(), _plan(semester)
    if not _csrf_ok():
        abort(400)
    try:
        window = plan.first_day, plan.last_day, plan.double_coding_share
        _plan_row, result = make_plan(session, current_user.id, plan.semester, *window)
        summary = summary_of_result(session, result)
        session.commit()
    except PlanRefused as refused:
        session.rollback()
        flash(refused.message, "error")
        return _to_plan(plan)
    except IntegrityError:  # another change to the plan's visits landed meanwhile
        session.rollback()
        flash(_("The plan changed while it was being assigned. Assign it again."), "error")
        return _to_plan(plan)
    flash(
        _(
            "%(visits)d visits assigned to %(observers)d observers; %(unmet)d constraints not met.",
            visits=summary.visits,
            observers=summary.observers,
            unmet=len(summary.unmet),
        ),
        "success",
    )
    return _to_plan(plan)


def _csrf_ok() -> bool:
    """A form with only its CSRF token (Flask-WTF checks it)."""
    return FlaskForm().validate_on_submit()


@bp.post("/<semester>/publish")
@requires("plan.edit")
def plan_publish(semester: str):
    session, plan = get_session(), _plan(semester)
    if not _csrf_ok():
        abort(400)
    try:
        edits.publish(session, current_user.id, plan)
        session.commit()
        flash(_("The plan is published: observers and directors now see their visits."), "success")
    except PlanRefused as refused:
        session.rollback()
        flash(refused.message, "error")
    return _to_plan(plan)


def _observer(form) -> User | None:
    email = (form.observer.data or "").strip().lower()
    person = get_session().scalar(select(User).where(User.email == email))
    if person is None:
        form.observer.errors.append(_("Nobody has this e-mail. Check it."))
    return person


def _override(form) -> str | None:
    return form.override_reason.data if may(current_user, "plan.override") else None


def _refused(form, refused: PlanRefused) -> None:
    """Put each refusal next to its field; the session is rolled back."""
    get_session().rollback()
    for item in getattr(refused, "broken", None) or [refused]:
        name = item.field if item.field and item.field in form else "observer"
        form[name].errors.append(item.message)
    if isinstance(refused, edits.RulesBroken) and refused.overridable:
        form.override_reason.errors.append(
            _("To go ahead anyway, write why the rule may be set aside.")
        )


@bp.route("/<semester>/visits/<int:visit_id>/move", methods=["GET", "POST"])
@requires("plan.edit")
def plan_move_visit(semester: str, visit_id: int):
    plan = _plan(semester)
    visit = _visit(plan, visit_id)
    form = MoveForm()
    if not form.is_submitted():
        form.planned_on.data = visit.planned_on.isoformat()
        form.observer.data = visit.observer.email
    elif form.validate() and (observer := _observer(form)) is not None:
        day = parse_day(form.planned_on.data)
        try:
            edits.move_visit(get_session(), current_user.id, visit, day, observer, _override(form))
            get_session().commit()
            flash(_("The visit is moved."), "success")
            return _to_plan(plan)
        except PlanRefused as refused:
            _refused(form, refused)
    status = 400 if form.is_submitted() else 200
    return render_template("plan/visit_form.html", plan=plan, visit=visit, form=form), status


@bp.route("/<semester>/visits/<int:visit_id>/cancel", methods=["GET", "POST"])
@requires("plan.edit")
def plan_cancel_visit(semester: str, visit_id: int):
    plan = _plan(semester)
    visit = _visit(plan, visit_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            edits.cancel_visit(get_session(), current_user.id, visit, form.reason.data)
            get_session().commit()
            flash(_("The visit is cancelled."), "success")
            return _to_plan(plan)
        except PlanRefused as refused:
            get_session().rollback()
            form.reason.errors.append(refused.message)
    status = 400 if form.is_submitted() else 200
    return render_template("plan/cancel.html", plan=plan, visit=visit, form=form), status


@bp.route("/<semester>/visits/new", methods=["GET", "POST"])
@requires("plan.edit")
def plan_add_visit(semester: str):
    plan, session = _plan(semester), get_session()
    regular = (
        _visit(plan, request.args.get("regular_visit_id", type=column_int) or 0)
        if "regular_visit_id" in request.args
        else None
    )
    department = (
        regular.department
        if regular
        else session.get(Department, request.args.get("department_id", 0, type=column_int))
        or abort(404)
    )
    form = AddVisitForm()
    if regular is not None:
        del form.planned_on  # a double-coder comes on the regular visit's day
    if form.validate_on_submit() and (observer := _observer(form)) is not None:
        try:
            edits.add_visit(
                session,
                current_user.id,
                plan,
                department,
                observer,
                parse_day(form.planned_on.data) if regular is None else None,
                regular,
                _override(form),
            )
            session.commit()
            flash(_("The visit is added."), "success")
            return _to_plan(plan)
        except PlanRefused as refused:
            _refused(form, refused)
    status = 400 if form.is_submitted() else 200
    return render_template(
        "plan/visit_form.html",
        plan=plan,
        visit=None,
        regular=regular,
        department=department,
        form=form,
    ), status


@bp.get("/<semester>/coverage")
@requires("plan.view")
def plan_coverage(semester: str):
    session, plan, today = get_session(), _plan(semester), date.today()
    return render_template(
        "plan/coverage.html",
        plan=plan,
        today=today,
        by_pool=lists.coverage(session, plan, "pool", today),
        by_network=lists.coverage(session, plan, "network", today),
    )
