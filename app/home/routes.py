from datetime import date

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import follow_up_flags
from ..db import get_session
from ..i18n import current_language
from ..permissions import home_roles, requires
from . import bp, guidance, services
from .acting import director_lines, mentor_blocks
from .status import counts
from .visits import kindergarten_visits, observer_visits


@bp.context_processor
def home_helpers() -> dict:
    return {"rule_name": follow_up_flags.rule_name}


@bp.get("/")
@login_required
def index():
    roles = home_roles(current_user)
    if not roles:
        return render_template("home/no_role.html")
    return redirect(url_for(f"home.{roles[0]}"))


@bp.get("/home/observer")
@requires("home.observer")
def observer():
    session = get_session()
    overview = services.observer_overview(session, current_user)
    planned = observer_visits(session, current_user, date.today())
    focuses = guidance.focuses_of(
        session, guidance.home_kindergartens(session, current_user), date.today()
    )
    return render_template(
        "home/observer.html", overview=overview, planned=planned, focuses=focuses
    )


@bp.get("/home/leader")
@requires("home.pedagogical_leader")
def pedagogical_leader():
    session = get_session()
    departments = services.leader_departments(session, current_user, current_language())
    return render_template(
        "home/leader.html", departments=departments, focuses=_member_focuses(session)
    )


def _member_focuses(session):
    """This month's dimension in the kindergartens of the user's departments."""
    kindergartens = guidance.member_kindergartens(session, current_user)
    return guidance.focuses_of(session, kindergartens, date.today())


@bp.get("/home/staff")
@requires("home.staff")
def staff():
    session = get_session()
    departments = services.leader_departments(session, current_user, current_language())
    return render_template(
        "home/staff.html", departments=departments, focuses=_member_focuses(session)
    )


@bp.get("/home/director")
@requires("home.director")
def director():
    session, today = get_session(), date.today()
    kindergarten = services.home_kindergarten(session, current_user)
    lines = director_lines(session, current_user, kindergarten, today) if kindergarten else []
    return render_template(
        "home/director.html",
        kindergarten=kindergarten,
        semester=services.current_semester(),
        lines=lines,
        counts=counts(lines),
        planned=kindergarten_visits(session, current_user, today),
        focuses=guidance.focuses_of(session, [kindergarten] if kindergarten else [], today),
        guidance_month=guidance.director_month(session, kindergarten, today),
    )


@bp.get("/home/mentor")
@requires("home.mentor")
def mentor():
    session, today = get_session(), date.today()
    return render_template(
        "home/mentor.html",
        semester=services.current_semester(),
        networks=mentor_blocks(session, current_user, today),
        guidance_months=guidance.mentor_month(session, current_user, today),
    )


@bp.get("/home/project-lead")
@requires("home.project_lead")
def project_lead():
    overview = services.programme_overview(get_session())
    return render_template("home/project_lead.html", overview=overview)
