"""People: the project lead keeps everyone, a director their kindergarten's leaders and staff."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..db import get_session
from ..form_input import column_int
from ..models import User
from ..permissions import may, requires
from ..permissions.roster import grantable_roles
from ..ui import ROLE_LABELS
from . import bp
from . import people as service
from .people_forms import PersonForm
from .sections import add_section

add_section("admin.people", _l("People"), "admin.people")
PAGE_SIZE = 50


@bp.get("/people/")
@requires("admin.people")
def people():
    session = get_session()
    filters = {key: request.args.get(key, "").strip() for key in ("q", "role", "active")}
    filters["kindergarten"] = request.args.get("kindergarten", type=column_int)
    number = max(1, request.args.get("page", 1, type=column_int))
    query = service.list_people(session, current_user, filters)
    rows = session.scalars(query.limit(PAGE_SIZE + 1).offset((number - 1) * PAGE_SIZE)).all()
    return render_template(
        "admin/people/index.html",
        people=rows[:PAGE_SIZE],
        more=len(rows) > PAGE_SIZE,
        page=number,
        filters=filters,
        roles=grantable_roles(current_user),
        kindergartens=service.kindergarten_choices(session, current_user),
    )


@bp.route("/people/new", methods=["GET", "POST"])
@requires("admin.people")
def new_person():
    return _edit(User(active=True))


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@requires("admin.people")
def edit_person(user_id: int):
    person = get_session().get(User, user_id)
    if person is None or not may(current_user, "admin.people", person):
        abort(404)
    return _edit(person)


def _edit(person: User):
    session = get_session()
    given = grantable_roles(current_user)
    form = PersonForm(obj=None if request.method == "POST" else _form_data(person, given))
    kindergartens = service.kindergarten_choices(session, current_user)
    form.home_kindergarten_id.choices = [(None, _("None"))] + kindergartens
    if len(kindergartens) == 1:
        form.home_kindergarten_id.data = kindergartens[0][0]
    form.roles.choices = [(role, ROLE_LABELS.get(role, role)) for role in given]
    home = form.home_kindergarten_id.data
    form.department_ids.choices = service.department_choices(session, home)
    if form.validate_on_submit() and _saved(form, person):
        session.commit()
        flash(_("%(name)s is saved.", name=person.name), "success")
        return redirect(url_for(".edit_person", user_id=person.id))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/people/edit.html", form=form, person=person), status


class _Data:
    def __init__(self, **fields):
        self.__dict__.update(fields)


def _form_data(person: User, given) -> _Data | None:
    if person.id is None:
        return None
    return _Data(
        name=person.name,
        email=person.email,
        roles=[role for role in given if role in person.roles],
        home_kindergarten_id=person.home_kindergarten_id,
        department_ids=[d.id for d in person.departments],
        active=person.active,
    )


def _saved(form: PersonForm, person: User) -> bool:
    values = service.PersonValues(
        name=form.name.data,
        email=form.email.data,
        roles=frozenset(form.roles.data or ()),
        home_kindergarten_id=form.home_kindergarten_id.data,
        department_ids=frozenset(form.department_ids.data or ()),
        active=form.active.data,
    )
    session = get_session()
    try:
        service.save_person(session, current_user, person, values)
    except service.PersonRefused as refused:
        session.rollback()
        for field, message in refused.problems.items():
            getattr(form, field).errors.append(message)
        return False
    return True
