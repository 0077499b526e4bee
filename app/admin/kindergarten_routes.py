"""A kindergarten's departments: the director edits counts and proposes; the lead decides."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..db import get_session
from ..models import Department, DepartmentProposal, Kindergarten
from ..permissions import may, requires
from . import bp
from . import kindergarten as service
from .kindergarten_forms import CountsForm, DeactivationForm, DecisionForm, NewDepartmentForm
from .sections import add_section

add_section("admin.own_kindergarten", _l("My kindergarten's departments"), "admin.own_kindergarten")
add_section("admin.proposals", _l("Department proposals"), "admin.roster")


def _kept_or_404(model, key: int):
    """Load a kindergarten or department the user keeps; 404 hides the others."""
    row = get_session().get(model, key)
    if row is None or not may(current_user, "admin.kindergarten", row):
        abort(404)
    return row


def _back_to(kindergarten_id: int):
    return redirect(url_for(".kindergarten_departments", kindergarten_id=kindergarten_id))


@bp.get("/kindergarten/")
@requires("admin.own_kindergarten")
def own_kindergarten():
    return _back_to(current_user.home_kindergarten_id)


@bp.get("/kindergartens/<int:kindergarten_id>/departments")
@requires("admin.kindergarten")
def kindergarten_departments(kindergarten_id: int):
    session = get_session()
    kindergarten = _kept_or_404(Kindergarten, kindergarten_id)
    return render_template(
        "admin/kindergarten/departments.html",
        kindergarten=kindergarten,
        departments=service.departments_of(session, kindergarten),
        pending=service.proposals(session, kindergarten_id=kindergarten.id),
    )


@bp.route("/departments/<int:department_id>/counts", methods=["GET", "POST"])
@requires("admin.kindergarten")
def department_counts(department_id: int):
    department = _kept_or_404(Department, department_id)
    form = CountsForm(obj=None if request.method == "POST" else department)
    if form.validate_on_submit():
        service.update_counts(get_session(), current_user.id, department, *form.counts)
        get_session().commit()
        flash(_("The counts are saved."), "success")
        return _back_to(department.kindergarten_id)
    status = 400 if form.is_submitted() else 200
    page = render_template("admin/kindergarten/counts.html", form=form, department=department)
    return page, status


@bp.route("/kindergartens/<int:kindergarten_id>/proposals/new", methods=["GET", "POST"])
@requires("admin.kindergarten")
def propose_department(kindergarten_id: int):
    kindergarten = _kept_or_404(Kindergarten, kindergarten_id)
    form = NewDepartmentForm()
    if form.validate_on_submit():
        children, staff = form.counts
        new = service.NewDepartment(form.name.data, form.age_group.data, children, staff)
        try:
            service.propose_new(get_session(), current_user.id, kindergarten, new, form.reason.data)
        except service.ProposalRefused as refused:
            form.name.errors.append(refused.message)
        else:
            get_session().commit()
            flash(_("The proposal is sent to the project lead."), "success")
            return _back_to(kindergarten.id)
    status = 400 if form.is_submitted() else 200
    page = render_template("admin/kindergarten/propose.html", form=form, kindergarten=kindergarten)
    return page, status


@bp.route("/departments/<int:department_id>/deactivation", methods=["GET", "POST"])
@requires("admin.kindergarten")
def propose_deactivation(department_id: int):
    department = _kept_or_404(Department, department_id)
    form = DeactivationForm()
    if form.validate_on_submit():
        try:
            service.propose_deactivation(
                get_session(), current_user.id, department, form.reason.data
            )
        except service.ProposalRefused as refused:
            flash(refused.message, "error")
            return _back_to(department.kindergarten_id)
        get_session().commit()
        flash(_("The proposal is sent to the project lead."), "success")
        return _back_to(department.kindergarten_id)
    status = 400 if form.is_submitted() else 200
    page = render_template("admin/kindergarten/deactivate.html", form=form, department=department)
    return page, status


@bp.get("/proposals/")
@requires("admin.roster")
def proposals():
    session = get_session()
    return render_template(
        "admin/kindergarten/proposals.html",
        pending=service.proposals(session),
        decided=service.proposals(session, pending=False),
        form=DecisionForm(),
    )


@bp.post("/proposals/<int:proposal_id>/decision")
@requires("admin.roster")
def decide_proposal(proposal_id: int):
    session = get_session()
    proposal = session.get(DepartmentProposal, proposal_id) or abort(404)
    form = DecisionForm()
    if not form.validate():
        flash(_("Nothing was saved. Correct what is marked below and try again."), "error")
        return redirect(url_for(".proposals"))
    confirm = request.form.get("decision") == "confirm"
    try:
        service.decide(session, current_user.id, proposal, confirm, form.decision_note.data)
    except service.ProposalRefused as refused:
        session.rollback()
        flash(refused.message, "error")
        return redirect(url_for(".proposals"))
    session.commit()
    flash(_("The proposal is confirmed.") if confirm else _("The proposal is declined."), "success")
    return redirect(url_for(".proposals"))
