"""Follow-up case pages: the list, opening a case (from a flag or by hand) and a case.

The mentor and the director co-own a department's cases; the project lead reads them all
(app/permissions/followup.py). The changes to a case are in case_routes.py.
"""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..db import get_session
from ..form_input import column_int
from ..models import Department, FollowUpCase
from ..permissions import may, requires
from . import bp
from .flags import code_labels, flag_for, rule_labels
from .forms import AgreedForm, CheckInForm, CloseForm, ConfirmForm, GoalForm, OpenCaseForm
from .reads import (
    STATUS_FILTERS,
    baseline_semester,
    case_list,
    counts_per_network,
    counts_per_pool,
    department_choices,
    dimension_choices,
    effect_of,
)
from .services import CaseRefused, open_case, open_case_of


@bp.app_template_global()
def followup_home_cases() -> dict:
    """The signed-in user's open cases, for the small box on the mentor's and director's home."""
    from .reads import open_case_count

    if not may(current_user, "followup.view"):
        return {"visible": False}
    return {"visible": True, "open": open_case_count(get_session(), current_user)}


@bp.get("/")
@requires("followup.view")
def index():
    session = get_session()
    status = request.args.get("status")
    status = status if status in STATUS_FILTERS else None
    page = case_list(session, current_user, status, request.args.get("page", 1, type=column_int))
    overview = may(current_user, "followup.all")
    return render_template(
        "followup/index.html",
        page=page,
        status=status,
        networks=counts_per_network(session, current_user) if overview else None,
        pools=counts_per_pool(session, current_user) if overview else None,
    )


def _department(session, department_id) -> Department | None:
    try:
        department = session.get(Department, int(department_id or ""))
    except ValueError:
        return None
    return department


@bp.route("/new", methods=["GET", "POST"])
@requires("followup.edit")
def new():
    session = get_session()
    form = OpenCaseForm()
    form.department_id.choices = [
        ("", _("Choose a department")),
        *department_choices(session, current_user),
    ]
    if not form.is_submitted():
        return _new_form(session, form)
    if not form.validate():
        return render_template("followup/new.html", form=form), 400
    department = session.get(Department, int(form.department_id.data))
    flag = flag_for(session, department, form.rule.data, form.semester.data)
    if form.rule.data and flag is None:
        form.rule.data = form.semester.data = ""
        notice = _(
            "The flag no longer applies to this department. Save again to open the case by hand."
        )
        return render_template("followup/new.html", form=form, notice=notice), 409
    semester = flag.semester if flag else baseline_semester(session, department.id, date.today())
    try:
        case = open_case(session, current_user.id, department.id, semester, form.reason.data,
                         flag.rule if flag else None)  # fmt: skip
    except CaseRefused:
        session.rollback()
        existing = open_case_of(session, department.id)
        return render_template("followup/new.html", form=form, existing=existing), 409
    session.commit()
    flash(_("The case is opened. Set its goals and record when it was agreed with the director."),
          "success")  # fmt: skip
    return redirect(url_for(".case", case_id=case.id))


def _new_form(session, form: OpenCaseForm):
    """The empty form, or the form filled in from a flag (?department_id=&rule=&semester=)."""
    args = request.args
    if not args.get("department_id"):
        return render_template("followup/new.html", form=form)
    department = _department(session, args["department_id"])
    if department is None or not may(current_user, "followup.view", department):
        abort(404)
    if not may(current_user, "followup.edit", department):
        abort(403)
    form.department_id.data = str(department.id)
    notice = None
    flag = flag_for(session, department, args.get("rule"), args.get("semester"))
    if flag is not None:
        form.reason.data, form.rule.data, form.semester.data = flag.reason, flag.rule, flag.semester
    elif args.get("rule"):
        notice = _(
            "The department is not flagged by this rule any more. "
            "You can still open a case by hand."
        )
    existing = open_case_of(session, department.id)
    return render_template(
        "followup/new.html", form=form, flag=flag, notice=notice, existing=existing
    )


def load_case(case_id: int) -> FollowUpCase:
    """The case, or 404 when it does not exist or the user may not see it."""
    case = get_session().scalar(
        select(FollowUpCase)
        .where(FollowUpCase.id == case_id)
        .options(selectinload(FollowUpCase.goals), selectinload(FollowUpCase.check_ins))
    )
    if case is None or not may(current_user, "followup.view", case):
        abort(404)
    return case


def render_case(case: FollowUpCase, status: int = 200, error: str | None = None, **forms):
    """The case page; a refused change passes its form (with errors) or an error message."""
    goal_form = forms.get("goal_form") or GoalForm(formdata=None)
    goal_form.dimension_code.choices = dimension_choices(case.department)
    agreed = forms.get("agreed_form") or AgreedForm(formdata=None)
    if agreed.agreed_on.data is None and case.agreed_with_director_on:
        agreed.agreed_on.data = case.agreed_with_director_on.isoformat()
    check_in = forms.get("check_in_form") or CheckInForm(formdata=None)
    if not check_in.held_on.data:
        check_in.held_on.data = date.today().isoformat()
    page = render_template(
        "followup/case.html",
        case=case,
        labels=code_labels(case.department),
        rule_labels=rule_labels(),
        effects=effect_of(get_session(), case),
        can_edit=may(current_user, "followup.edit", case),
        error=error,
        agreed_form=agreed,
        goal_form=goal_form,
        check_in_form=check_in,
        close_form=forms.get("close_form") or CloseForm(formdata=None),
        confirm_form=ConfirmForm(formdata=None),
    )
    return page, status


@bp.get("/<int:case_id>")
@requires("followup.view")
def case(case_id: int):
    return render_case(load_case(case_id))


# The case's changes register their views on `bp` too.
from . import case_routes  # noqa: E402, F401
