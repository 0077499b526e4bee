from datetime import date

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..permissions import home_roles, requires
from . import bp, services
from .visits import kindergarten_visits, observer_visits


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
    return render_template("home/observer.html", overview=overview, planned=planned)


@bp.get("/home/leader")
@requires("home.pedagogical_leader")
def pedagogical_leader():
    departments = services.leader_departments(get_session(), current_user)
    return render_template("home/leader.html", departments=departments)


@bp.get("/home/staff")
@requires("home.staff")
def staff():
    departments = services.leader_departments(get_session(), current_user)
    return render_template("home/staff.html", departments=departments)


@bp.get("/home/director")
@requires("home.director")
def director():
    session = get_session()
    overview = services.director_overview(session, current_user)
    planned = kindergarten_visits(session, current_user, date.today())
    return render_template("home/director.html", overview=overview, planned=planned)


@bp.get("/home/mentor")
@requires("home.mentor")
def mentor():
    networks = services.mentor_networks(get_session(), current_user)
    return render_template("home/mentor.html", networks=networks)


@bp.get("/home/project-lead")
@requires("home.project_lead")
def project_lead():
    overview = services.programme_overview(get_session())
    return render_template("home/project_lead.html", overview=overview)
