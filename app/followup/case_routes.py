"""The changes to one case: agreed date, goals, check-ins, close and reopen.

Each view loads the case (404 when the user may not see it, 403 when they may not keep it),
validates, calls the service, commits and redirects back to the case. A refusal re-renders
the case page with the message next to the field and changes nothing.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..db import get_session
from ..models import FollowUpCase, FollowUpGoal
from ..permissions import may, requires
from . import bp, services
from .forms import AgreedForm, CheckInForm, CloseForm, ConfirmForm, GoalForm
from .reads import dimension_choices
from .routes import load_case, render_case


def _kept_case(case_id: int) -> FollowUpCase:
    case = load_case(case_id)
    if not may(current_user, "followup.edit", case):
        abort(403)
    return case


def _to_case(case: FollowUpCase, message: str):
    flash(message, "success")
    return redirect(url_for(".case", case_id=case.id), code=303)


def _refused(case_id: int, refused: services.CaseRefused, **forms):
    """Undo whatever the refused change began, and show the case with the reason."""
    session = get_session()
    session.rollback()
    case = load_case(case_id)
    form = next(iter(forms.values()), None)
    if form is not None and refused.field in form:
        form[refused.field].errors = [*form[refused.field].errors, refused.message]
        return render_case(case, 409, **forms)
    return render_case(case, 409, error=refused.message, **forms)


@bp.post("/<int:case_id>/agreed")
@requires("followup.edit")
def agreed(case_id: int):
    case, form = _kept_case(case_id), AgreedForm()
    if not form.validate():
        return render_case(case, 400, agreed_form=form)
    try:
        services.set_agreed(get_session(), current_user.id, case, form.day)
    except services.CaseRefused as refused:
        return _refused(case_id, refused, agreed_form=form)
    get_session().commit()
    return _to_case(case, _("The date agreed with the director is saved."))


def _goal_form(case: FollowUpCase) -> GoalForm:
    form = GoalForm()
    form.dimension_code.choices = dimension_choices(case.department)
    return form


@bp.post("/<int:case_id>/goals")
@requires("followup.edit")
def add_goal(case_id: int):
    case = _kept_case(case_id)
    form = _goal_form(case)
    if not form.validate():
        return render_case(case, 400, goal_form=form)
    try:
        services.add_goal(get_session(), current_user.id, case, form.values())
    except services.CaseRefused as refused:
        return _refused(case_id, refused, goal_form=form)
    get_session().commit()
    return _to_case(case, _("The goal is added."))


def _goal(case: FollowUpCase, goal_id: int) -> FollowUpGoal:
    goal = next((g for g in case.goals if g.id == goal_id), None)
    return goal or abort(404)


@bp.route("/<int:case_id>/goals/<int:goal_id>", methods=["GET", "POST"])
@requires("followup.edit")
def edit_goal(case_id: int, goal_id: int):
    case = _kept_case(case_id)
    goal = _goal(case, goal_id)
    form = _goal_form(case)
    if not form.is_submitted():
        form.dimension_code.data, form.actions.data = goal.dimension_code, goal.actions
        form.target.data = f"{goal.target:g}".replace(".", ",")
    elif form.validate():
        try:
            services.change_goal(get_session(), current_user.id, case, goal, form.values())
            get_session().commit()
            return _to_case(case, _("The goal is saved."))
        except services.CaseRefused as refused:
            get_session().rollback()
            form[refused.field or "dimension_code"].errors = [refused.message]
    status = 400 if form.errors else 200
    return render_template("followup/goal.html", case=case, goal=goal, form=form), status


@bp.post("/<int:case_id>/goals/<int:goal_id>/remove")
@requires("followup.edit")
def remove_goal(case_id: int, goal_id: int):
    case = _kept_case(case_id)
    goal = _goal(case, goal_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        services.remove_goal(get_session(), current_user.id, case, goal)
    except services.CaseRefused as refused:
        return _refused(case_id, refused)
    get_session().commit()
    return _to_case(case, _("The goal is removed."))


@bp.post("/<int:case_id>/check-ins")
@requires("followup.edit")
def add_check_in(case_id: int):
    case, form = _kept_case(case_id), CheckInForm()
    if not form.validate():
        return render_case(case, 400, check_in_form=form)
    try:
        services.add_check_in(get_session(), current_user.id, case, form.day, form.note.data)
    except services.CaseRefused as refused:
        return _refused(case_id, refused, check_in_form=form)
    get_session().commit()
    return _to_case(case, _("The check-in is logged."))


@bp.post("/<int:case_id>/close")
@requires("followup.edit")
def close(case_id: int):
    case, form = _kept_case(case_id), CloseForm()
    if not form.validate():
        return render_case(case, 400, close_form=form)
    try:
        services.close_case(get_session(), current_user.id, case, form.outcome.data)
    except services.CaseRefused as refused:
        return _refused(case_id, refused, close_form=form)
    get_session().commit()
    return _to_case(case, _("The case is closed."))


@bp.post("/<int:case_id>/reopen")
@requires("followup.edit")
def reopen(case_id: int):
    case = _kept_case(case_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        services.reopen_case(get_session(), current_user.id, case)
    except services.CaseRefused:
        session = get_session()
        session.rollback()
        existing = services.open_case_of(session, case.department_id)
        message = _("The department has another open case. Close it before you reopen this one.")
        if existing is not None:
            message += " " + _("Open case: #%(id)d.", id=existing.id)
        return render_case(load_case(case_id), 409, error=message)
    get_session().commit()
    return _to_case(case, _("The case is reopened."))
